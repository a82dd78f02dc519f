// Advance bookings: /reservations/preview and /reservations.
#include "http/handlers/handlers.hpp"
#include "http/json_lists.hpp"

namespace dockpoint::http {

namespace {

// nullopt only from_memory, when the rates would have to be read.
std::optional<Response> PreviewResponse(Services& s, const Request& req, bool from_memory) {
    auto body = ParseObjectBody(req);
    if (!body) return ErrorResponse(body.error());
    app::PreviewInput input;
    auto entry = StringField(*body, "entry_time");
    if (!entry) return ErrorResponse(entry.error());
    auto exit = StringField(*body, "exit_time");
    if (!exit) return ErrorResponse(exit.error());
    auto type = IdField(*body, "vehicle_type_id");
    if (!type) return ErrorResponse(type.error());
    input.entry_time = std::move(*entry);
    input.exit_time = std::move(*exit);
    input.vehicle_type_id = *type;

    std::optional<domain::Result<app::Preview>> preview;
    if (from_memory) {
        preview = s.reservations.PreviewCostFromMemory(input);
        if (!preview) return std::nullopt;
    } else {
        preview = s.reservations.PreviewCost(input);
    }
    if (!*preview) return ErrorResponse(preview->error());
    const app::Preview& cost = **preview;
    return JsonResponse(200, Json{{"amount", Money(cost.bill.amount_cents)},
                                  {"hours", cost.duration.hours},
                                  {"minutes", cost.duration.minutes},
                                  {"billed_hours", cost.bill.billed_hours},
                                  {"hourly_rate", Money(cost.hourly_rate_cents)}});
}

}  // namespace

void AddReservationRoutes(Router& router, Services& s) {
    // Answered on the I/O thread while the rates are kept (nothing to read).
    router
        .Add("POST", "/reservations/preview", Placement::kReader,
             [&s](const Request& req, const std::string&) {
                 return *PreviewResponse(s, req, false);
             })
        .fast = [&s](const Request& req, const std::string&) {
        return PreviewResponse(s, req, true);
    };

    router.Add(
        "POST", "/reservations", Placement::kWriter, [&s](const Request& req, const std::string&) {
            auto caller = OwnerCaller(s, req);
            if (!caller) return ErrorResponse(caller.error());
            auto body = ParseObjectBody(req);
            if (!body) return ErrorResponse(body.error());
            app::ReserveInput input;
            auto number = StringField(*body, "vehicle_number");
            if (!number) return ErrorResponse(number.error());
            auto slot = StringField(*body, "slot_number");
            if (!slot) return ErrorResponse(slot.error());
            auto entry = StringField(*body, "entry_time");
            if (!entry) return ErrorResponse(entry.error());
            auto exit = StringField(*body, "exit_time");
            if (!exit) return ErrorResponse(exit.error());
            // The registered type is billed; a type in the request is only checked for shape.
            if (auto type = IdField(*body, "vehicle_type_id"); !type)
                return ErrorResponse(type.error());
            input.vehicle_number = std::move(*number);
            input.slot_number = std::move(*slot);
            input.entry_time = std::move(*entry);
            input.exit_time = std::move(*exit);

            auto reserved = s.reservations.Reserve(*caller, input);
            if (!reserved) return ErrorResponse(reserved.error());
            const auto& local = s.ctx.local_time;
            return JsonResponse(
                200, Json{
                         {"message", "Reservation created for " + reserved->vehicle_number +
                                         " at slot " + reserved->slot_number + "."},
                         {"amount", Money(reserved->bill.amount_cents)},
                         {"id", reserved->id},
                         {"display_id", DisplayId(store::BookingKind::kReservation, reserved->id)},
                         {"billed_hours", reserved->bill.billed_hours},
                         {"entry_time", local.FormatListing(reserved->window.start)},
                         {"exit_time", local.FormatListing(reserved->window.end)},
                     });
        });
}

}  // namespace dockpoint::http
