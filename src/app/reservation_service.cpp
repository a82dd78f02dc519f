#include "app/reservation_service.hpp"

#include "app/auto_release.hpp"
#include "app/lot_queries.hpp"
#include "domain/validation.hpp"

namespace dockpoint::app {

namespace {
using domain::ErrorCode;
using domain::MakeError;
constexpr long long kDefaultVehicleType = 1;
}  // namespace

domain::Result<domain::TimeWindow> ReservationService::ParseWindow(const std::string& entry,
                                                                   const std::string& exit) const {
    auto start = ctx_.local_time.Parse(entry);
    if (!start) return start.error();
    auto end = ctx_.local_time.Parse(exit);
    if (!end) return end.error();
    return domain::TimeWindow{*start, *end};
}

std::optional<domain::Result<Preview>> ReservationService::Priced(
    const PreviewInput& input, const VehicleTypeList* types) const {
    auto window = ParseWindow(input.entry_time, input.exit_time);
    if (!window) return window.error();
    if (auto shape = domain::ValidatePreviewWindow(*window); !shape) return shape.error();
    if (types == nullptr) return std::nullopt;
    const auto* type = FindVehicleType(*types, input.vehicle_type_id.value_or(kDefaultVehicleType));
    if (type == nullptr) return MakeError(ErrorCode::kInvalidInput, "Invalid vehicle type.");
    return Preview{domain::ComputeBill(window->start, window->end, type->hourly_rate_cents),
                   domain::SplitDuration(window->start, window->end), type->hourly_rate_cents};
}

std::optional<domain::Result<Preview>> ReservationService::PreviewCostFromMemory(
    const PreviewInput& input) const {
    const auto types = KeptVehicleTypes(ctx_);
    return Priced(input, types.get());
}

domain::Result<Preview> ReservationService::PreviewCost(const PreviewInput& input) const {
    if (auto answered = PreviewCostFromMemory(input)) return std::move(*answered);
    auto types = ReadVehicleTypes(ctx_);
    if (!types) return types.error();
    return *Priced(input, types->get());
}

domain::Result<Reserved> ReservationService::Reserve(const Caller& caller,
                                                     const ReserveInput& input) {
    if (!caller.IsOwner()) return MakeError(ErrorCode::kUnauthenticated, "Login required.");
    auto number = domain::NormalizeVehicleNumber(input.vehicle_number);
    if (!number) return number.error();
    auto slot_number = domain::NormalizeSlotNumber(input.slot_number);
    if (!slot_number) return slot_number.error();
    if (slot_number->empty()) return MakeError(ErrorCode::kInvalidInput, "Slot number required.");
    auto window = ParseWindow(input.entry_time, input.exit_time);
    if (!window) return window.error();
    const domain::Instant now = ctx_.clock.Now();
    if (auto valid = domain::ValidateReservationWindow(*window, now); !valid) return valid.error();

    Reserved reserved{0, *number, {}, *window, {}};
    std::vector<store::DueRelease> auto_released;
    auto written = ctx_.store.Write([&](store::WriteTx& tx) -> domain::Status {
        const auto vehicle = tx.FindVehicle(*number);
        if (!vehicle) {
            return MakeError(ErrorCode::kRejected,
                             *number + " is not registered. Add it in My Vehicles first.");
        }
        if (vehicle->owner_id != *caller.owner_id) {
            return MakeError(ErrorCode::kForbidden, *number + " belongs to another owner.");
        }
        const auto slot = tx.FindSlot(*slot_number);
        if (!slot)
            return MakeError(ErrorCode::kInvalidInput, "Slot " + *slot_number + " does not exist.");
        reserved.slot_number = slot->slot_number;
        const domain::Error slot_taken =
            MakeError(ErrorCode::kConflict,
                      "Slot " + slot->slot_number + " is already reserved during that window.");
        const domain::Error vehicle_busy =
            MakeError(ErrorCode::kConflict,
                      *number + " already has a reservation that overlaps that time window.");
        tx.LockSlot(slot->id);  // against a walk-in or booking racing for it
        if (tx.SlotHasOverlappingReservation(slot->id, *window)) return slot_taken;
        if (tx.VehicleHasOverlappingReservation(*number, *window)) return vehicle_busy;

        // The registered type is billed, whatever type the request named.
        reserved.bill = domain::ComputeBill(window->start, window->end, vehicle->hourly_rate_cents);
        auto id = tx.InsertReservation({*number, slot->id, vehicle->vehicle_type_id,
                                        *caller.owner_id, *window, reserved.bill, now});
        if (!id)
            return id.error().message == store::kVehicleOverlapConflict ? vehicle_busy : slot_taken;
        reserved.id = *id;
        // A window starting now frees its slot at once.
        auto_released = ReleaseDueWalkIns(tx, now);
        tx.Audit(caller.owner_id, "reserve", *number + " at " + slot->slot_number, now);
        return domain::Ok();
    });
    if (!written) return written.error();
    ctx_.Publish({"reserved", reserved.vehicle_number, reserved.slot_number});
    PublishReleased(ctx_, auto_released);
    return reserved;
}

}  // namespace dockpoint::app
