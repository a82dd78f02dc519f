#include "http/api.hpp"

#include "http/handlers/handlers.hpp"
#include "http/origin_check.hpp"

namespace dockpoint::http {

struct Api::Impl {
    Impl(const app::Context& ctx, ApiOptions opts)
        : options(std::move(opts)),
          accounts(ctx),
          vehicles(ctx),
          parking(ctx),
          reservations(ctx),
          lot(ctx),
          services{ctx,
                   accounts,
                   vehicles,
                   parking,
                   reservations,
                   lot,
                   options.files,
                   options.content_security_policy,
                   options.secure_cookies} {
        AddAuthRoutes(router, services);
        AddOwnerRoutes(router, services);
        AddLotRoutes(router, services);
        AddParkingRoutes(router, services);
        AddReservationRoutes(router, services);
        AddEventRoutes(router, services);
        AddPageRoutes(router, services);
    }

    ApiOptions options;
    app::AccountService accounts;
    app::VehicleService vehicles;
    app::ParkingService parking;
    app::ReservationService reservations;
    app::LotQueries lot;
    Services services;
    Router router;
};

Api::Api(const app::Context& ctx, ApiOptions options)
    : impl_(std::make_unique<Impl>(ctx, std::move(options))) {}

Api::~Api() = default;

Response Api::Handle(const Request& request) const {
    Response response = IsCrossSiteWrite(request)
                            ? JsonResponse(403, Json{{"error", "Cross-site request refused."}})
                            : impl_->router.Handle(request);
    response.AddHeader("X-Content-Type-Options", "nosniff");
    if (response.content_type == "application/json")
        response.AddHeader("Cache-Control", "no-store");
    return response;
}

}  // namespace dockpoint::http
