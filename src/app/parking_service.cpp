#include "app/parking_service.hpp"

#include "app/auto_release.hpp"
#include "domain/slot_choice.hpp"
#include "domain/validation.hpp"

namespace dockpoint::app {

namespace {

using domain::ErrorCode;
using domain::MakeError;

constexpr long long kDefaultVehicleType = 1;

// Guests may only move unregistered vehicles; owners only their own.
domain::Status CheckVehicleAccess(const Caller& caller, const std::string& number,
                                  const std::optional<store::VehicleRow>& vehicle,
                                  std::string_view verb, std::string_view not_registered) {
    if (caller.guest) {
        if (vehicle) {
            return MakeError(ErrorCode::kForbidden, number +
                                                        " is registered to an owner account. "
                                                        "Please log in to " +
                                                        std::string(verb) + " it.");
        }
        return domain::Ok();
    }
    if (!vehicle) return MakeError(ErrorCode::kRejected, number + std::string(not_registered));
    if (vehicle->owner_id != *caller.owner_id) {
        return MakeError(ErrorCode::kForbidden, number + " belongs to another owner.");
    }
    return domain::Ok();
}

// Chooses by the domain rule, then locks the choice; a slot another writer holds
// or has just taken is set aside and the next best one tried.
std::optional<store::SlotRow> PickSlot(store::WriteTx& tx, domain::Instant now) {
    const auto states = tx.ListFreeSlots(now);
    std::vector<domain::SlotCandidate> candidates;
    candidates.reserve(states.size());
    for (const auto& s : states) {
        candidates.push_back(
            {s.id, s.slot_number, s.type, s.occupied, s.reserved_now, s.next_start});
    }
    while (const auto best = domain::ChooseSlot(candidates)) {
        domain::SlotCandidate& choice = candidates[*best];
        if (tx.TryLockSlot(choice.slot_id) && !tx.SlotOccupied(choice.slot_id) &&
            !tx.SlotReservedAt(choice.slot_id, now)) {
            return store::SlotRow{choice.slot_id, choice.slot_number, choice.type};
        }
        choice.occupied = true;  // out of the running
    }
    return std::nullopt;
}

}  // namespace

domain::Result<Assigned> ParkingService::Assign(const Caller& caller, const AssignInput& input) {
    if (!caller.HasSession()) return MakeError(ErrorCode::kUnauthenticated, "Login required.");
    auto number = domain::NormalizeVehicleNumber(input.vehicle_number);
    if (!number) return number.error();
    auto requested_slot = domain::NormalizeSlotNumber(input.slot_number);
    if (!requested_slot) return requested_slot.error();

    const domain::Instant now = ctx_.clock.Now();
    Assigned assigned{*number, {}, now};
    std::vector<store::DueRelease> auto_released;
    auto written = ctx_.store.Write([&](store::WriteTx& tx) -> domain::Status {
        auto_released = ReleaseDueWalkIns(tx, now);

        const auto vehicle = tx.FindVehicle(*number);
        if (auto access = CheckVehicleAccess(caller, *number, vehicle, "park",
                                             " is not registered. Add it in My Vehicles first.");
            !access) {
            return access;
        }
        const long long type_id = vehicle ? vehicle->vehicle_type_id
                                          : input.vehicle_type_id.value_or(kDefaultVehicleType);
        if (!tx.FindVehicleType(type_id)) {
            return MakeError(ErrorCode::kInvalidInput, "Invalid vehicle type.");
        }
        if (tx.FindOpenRecord(*number)) {
            return MakeError(ErrorCode::kRejected, *number + " is already parked.");
        }

        long long slot_id = 0;
        if (!requested_slot->empty()) {
            const auto slot = tx.FindSlot(*requested_slot);
            if (!slot) {
                return MakeError(ErrorCode::kInvalidInput,
                                 "Slot " + *requested_slot + " does not exist.");
            }
            tx.LockSlot(slot->id);
            if (tx.SlotReservedAt(slot->id, now)) {
                return MakeError(ErrorCode::kConflict, "Slot " + slot->slot_number +
                                                           " has an active reservation right now.");
            }
            if (tx.SlotOccupied(slot->id)) {
                return MakeError(ErrorCode::kRejected,
                                 "Slot " + slot->slot_number + " is already occupied.");
            }
            slot_id = slot->id;
            assigned.slot_number = slot->slot_number;
        } else {
            const auto picked = PickSlot(tx, now);
            if (!picked) return MakeError(ErrorCode::kRejected, "No free slots available.");
            slot_id = picked->id;
            assigned.slot_number = picked->slot_number;
        }

        auto record = tx.InsertRecord({*number, slot_id, type_id, caller.owner_id, now});
        if (!record) {
            // The database caught a clash the checks above could not see.
            const auto& kind = record.error().message;
            if (kind == store::kVehicleParkedConflict) {
                return MakeError(ErrorCode::kRejected, *number + " is already parked.");
            }
            if (kind == store::kSlotReservedConflict) {
                return MakeError(ErrorCode::kConflict, "Slot " + assigned.slot_number +
                                                           " has an active reservation right now.");
            }
            return MakeError(ErrorCode::kRejected,
                             "Slot " + assigned.slot_number + " is already occupied.");
        }
        return domain::Ok();
    });
    if (!written) return written.error();
    PublishReleased(ctx_, auto_released);
    ctx_.Publish({"assigned", assigned.vehicle_number, assigned.slot_number});
    return assigned;
}

domain::Result<Released> ParkingService::Release(const Caller& caller,
                                                 const std::string& vehicle_number) {
    if (!caller.HasSession()) return MakeError(ErrorCode::kUnauthenticated, "Login required.");
    auto number = domain::NormalizeVehicleNumber(vehicle_number);
    if (!number) return number.error();

    const domain::Instant now = ctx_.clock.Now();
    Released released{*number, {}, now, now, {}};
    std::vector<store::DueRelease> auto_released;
    auto written = ctx_.store.Write([&](store::WriteTx& tx) -> domain::Status {
        auto_released = ReleaseDueWalkIns(tx, now);
        const auto vehicle = tx.FindVehicle(*number);
        if (auto access =
                CheckVehicleAccess(caller, *number, vehicle, "release", " is not registered.");
            !access) {
            return access;
        }
        const auto record = tx.FindOpenRecord(*number);
        if (!record) {
            return MakeError(ErrorCode::kNotFound, *number + " not found in active records.");
        }
        released.slot_number = record->slot_number;
        released.entry = record->entry;
        released.bill = domain::ComputeBill(record->entry, now, record->hourly_rate_cents);
        if (!tx.CloseRecord(record->id, now, released.bill)) {
            return MakeError(ErrorCode::kNotFound, *number + " not found in active records.");
        }
        return domain::Ok();
    });
    if (!written) return written.error();
    PublishReleased(ctx_, auto_released);
    ctx_.Publish({"released", released.vehicle_number, released.slot_number});
    return released;
}

}  // namespace dockpoint::app
