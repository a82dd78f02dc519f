#pragma once
// Route handlers, one file per resource. A handler parses the request, calls
// one use case, and renders its result; no business rules live here.
#include "app/account_service.hpp"
#include "app/lot_queries.hpp"
#include "app/parking_service.hpp"
#include "app/reservation_service.hpp"
#include "app/vehicle_service.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"

namespace dockpoint::http {

struct Services {
    const app::Context& ctx;
    app::AccountService& accounts;
    app::VehicleService& vehicles;
    app::ParkingService& parking;
    app::ReservationService& reservations;
    app::LotQueries& lot;
    const StaticFiles& files;
    std::string content_security_policy;  // for pages; empty: none
    bool secure_cookies = false;          // always mark the session cookie Secure
};

// The caller behind the request's session cookie (an empty Caller if none).
domain::Result<app::Caller> CallerOf(Services& s, const Request& request);
// The caller, refused with 401 "Login required." unless it has a session
// (guest or owner), or with OwnerCaller unless it is an owner.
domain::Result<app::Caller> SessionCaller(Services& s, const Request& request);
domain::Result<app::Caller> OwnerCaller(Services& s, const Request& request);
// The same from memory alone (never blocks): nullopt when the session must be read.
std::optional<app::Caller> CallerFromMemory(const Services& s, const Request& request);
// Whether this request's session cookie is marked Secure: always with
// ApiOptions::secure_cookies, else when the request reached us over HTTPS.
bool SecureCookies(const Services& s, const Request& request);
// Sets (or clears) the session cookie on a response.
Response WithSessionCookie(Response response, const std::string& token, bool secure);

// GET path: a history listing (json_lists.hpp), everyone's for any session
// or, with mine_only, the calling owner's; paged by PagingOf.
void AddHistoryRoute(Router& router, Services& s, const std::string& path, bool mine_only);
// Reads ?limit=&offset=&before= (all optional) for history listings.
domain::Result<app::HistoryPage> PagingOf(const Request& request);

void AddAuthRoutes(Router& router, Services& s);
void AddOwnerRoutes(Router& router, Services& s);
void AddLotRoutes(Router& router, Services& s);
void AddParkingRoutes(Router& router, Services& s);
void AddReservationRoutes(Router& router, Services& s);
void AddEventRoutes(Router& router, Services& s);
void AddPageRoutes(Router& router, Services& s);

}  // namespace dockpoint::http
