// /owner/*: an owner's profile, vehicles and records (login required).
#include "http/handlers/handlers.hpp"
#include "http/url.hpp"

namespace dockpoint::http {

namespace {

Json OptionalString(const std::optional<std::string>& value) {
    return value ? Json(*value) : Json(nullptr);
}

}  // namespace

void AddOwnerRoutes(Router& router, Services& s) {
    router.Add(
        "GET", "/owner/profile", Placement::kReader, [&s](const Request& req, const std::string&) {
            auto caller = CallerOf(s, req);
            if (!caller) return ErrorResponse(caller.error());
            auto profile = s.accounts.GetProfile(*caller);
            if (!profile) return ErrorResponse(profile.error());
            return JsonResponse(200, Json{{"owner_name", profile->owner_name},
                                          {"email", OptionalString(profile->email)},
                                          {"phone_number", OptionalString(profile->phone_number)}});
        });

    router.Add("PUT", "/owner/profile", Placement::kBlocking,
               [&s](const Request& req, const std::string&) {
                   auto caller = OwnerCaller(s, req);
                   if (!caller) return ErrorResponse(caller.error());
                   auto body = ParseObjectBody(req);
                   if (!body) return ErrorResponse(body.error());
                   app::ProfileInput input;
                   for (auto [field, name] : {std::pair{&input.owner_name, "owner_name"},
                                              {&input.email, "email"},
                                              {&input.phone_number, "phone_number"},
                                              {&input.password, "password"},
                                              {&input.old_password, "old_password"}}) {
                       auto value = StringField(*body, name);
                       if (!value) return ErrorResponse(value.error());
                       *field = std::move(*value);
                   }
                   if (auto updated = s.accounts.UpdateProfile(*caller, input); !updated) {
                       return ErrorResponse(updated.error());
                   }
                   return JsonResponse(200, Json{{"message", "Profile updated."}});
               });

    router.Add("GET", "/owner/vehicles", Placement::kReader,
               [&s](const Request& req, const std::string&) {
                   auto caller = CallerOf(s, req);
                   if (!caller) return ErrorResponse(caller.error());
                   auto vehicles = s.vehicles.List(*caller);
                   if (!vehicles) return ErrorResponse(vehicles.error());
                   Json list = Json::array();
                   for (const auto& v : *vehicles) {
                       list.push_back(Json{{"vehicle_number", v.vehicle_number},
                                           {"vehicle_type_id", v.vehicle_type_id},
                                           {"type_name", v.type_name},
                                           {"hourly_rate", Money(v.hourly_rate_cents)}});
                   }
                   return JsonResponse(200, list);
               });

    router.Add("POST", "/owner/vehicles", Placement::kWriter,
               [&s](const Request& req, const std::string&) {
                   auto caller = OwnerCaller(s, req);
                   if (!caller) return ErrorResponse(caller.error());
                   auto body = ParseObjectBody(req);
                   if (!body) return ErrorResponse(body.error());
                   auto number = StringField(*body, "vehicle_number");
                   if (!number) return ErrorResponse(number.error());
                   auto type = IdField(*body, "vehicle_type_id");
                   if (!type) return ErrorResponse(type.error());
                   auto added = s.vehicles.Add(*caller, *number, *type);
                   if (!added) return ErrorResponse(added.error());
                   return JsonResponse(201, Json{{"message", *added + " registered."}});
               });

    router.AddPrefix(
        "DELETE", "/owner/vehicles/", Placement::kWriter,
        [&s](const Request& req, const std::string& param) {
            auto caller = CallerOf(s, req);
            if (!caller) return ErrorResponse(caller.error());
            const auto number = PercentDecode(param);
            if (!number) return ErrorResponse({domain::ErrorCode::kNotFound, "Vehicle not found."});
            auto removed = s.vehicles.Remove(*caller, *number);
            if (!removed) return ErrorResponse(removed.error());
            return JsonResponse(200, Json{{"message", *removed + " removed."}});
        });

    AddHistoryRoute(router, s, "/owner/records", true);
}

}  // namespace dockpoint::http
