// Walk-ins: /assign and /release.
#include "http/handlers/handlers.hpp"

namespace dockpoint::http {

void AddParkingRoutes(Router& router, Services& s) {
    router.Add("POST", "/assign", Placement::kWriter, [&s](const Request& req, const std::string&) {
        auto caller = SessionCaller(s, req);
        if (!caller) return ErrorResponse(caller.error());
        auto body = ParseObjectBody(req);
        if (!body) return ErrorResponse(body.error());
        app::AssignInput input;
        auto number = StringField(*body, "vehicle_number");
        if (!number) return ErrorResponse(number.error());
        auto slot = StringField(*body, "slot_number");
        if (!slot) return ErrorResponse(slot.error());
        auto type = IdField(*body, "vehicle_type_id");
        if (!type) return ErrorResponse(type.error());
        input.vehicle_number = std::move(*number);
        input.slot_number = std::move(*slot);
        input.vehicle_type_id = *type;

        auto assigned = s.parking.Assign(*caller, input);
        if (!assigned) return ErrorResponse(assigned.error());
        return JsonResponse(200,
                            Json{
                                {"message", assigned->vehicle_number + " assigned to slot " +
                                                assigned->slot_number + "."},
                                {"vehicle_number", assigned->vehicle_number},
                                {"slot_number", assigned->slot_number},
                                {"entry_time", s.ctx.local_time.FormatListing(assigned->entry)},
                            });
    });

    router.Add("POST", "/release", Placement::kWriter,
               [&s](const Request& req, const std::string&) {
                   auto caller = SessionCaller(s, req);
                   if (!caller) return ErrorResponse(caller.error());
                   auto body = ParseObjectBody(req);
                   if (!body) return ErrorResponse(body.error());
                   auto number = StringField(*body, "vehicle_number");
                   if (!number) return ErrorResponse(number.error());

                   auto released = s.parking.Release(*caller, *number);
                   if (!released) return ErrorResponse(released.error());
                   const auto& local = s.ctx.local_time;
                   return JsonResponse(
                       200, Json{
                                {"message", released->vehicle_number + " released from slot " +
                                                released->slot_number + "."},
                                {"vehicle_number", released->vehicle_number},
                                {"slot_number", released->slot_number},
                                {"amount", Money(released->bill.amount_cents)},
                                {"billed_hours", released->bill.billed_hours},
                                {"entry_time", local.FormatListing(released->entry)},
                                {"exit_time", local.FormatListing(released->exit)},
                            });
               });
}

}  // namespace dockpoint::http
