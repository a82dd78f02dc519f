#include "app/vehicle_service.hpp"

#include "domain/validation.hpp"

namespace dockpoint::app {

namespace {
using domain::ErrorCode;
using domain::MakeError;

domain::Error LoginRequired() { return MakeError(ErrorCode::kUnauthenticated, "Login required."); }
}  // namespace

domain::Result<std::vector<store::VehicleRow>> VehicleService::List(const Caller& caller) {
    if (!caller.IsOwner()) return LoginRequired();
    std::vector<store::VehicleRow> rows;
    auto read = ctx_.store.Read([&](store::ReadTx& tx) {
        rows = tx.ListOwnerVehicles(*caller.owner_id);
        return domain::Ok();
    });
    if (!read) return read.error();
    return rows;
}

domain::Result<std::string> VehicleService::Add(const Caller& caller, const std::string& raw_number,
                                                std::optional<long long> vehicle_type_id) {
    if (!caller.IsOwner()) return LoginRequired();
    auto number = domain::NormalizeVehicleNumber(raw_number);
    if (!number) return number.error();
    if (!vehicle_type_id) return MakeError(ErrorCode::kInvalidInput, "Vehicle type required.");
    const domain::Instant now = ctx_.clock.Now();
    auto written = ctx_.store.Write([&](store::WriteTx& tx) -> domain::Status {
        if (!tx.FindVehicleType(*vehicle_type_id)) {
            return MakeError(ErrorCode::kInvalidInput, "Invalid vehicle type.");
        }
        if (tx.FindVehicle(*number)) {
            return MakeError(ErrorCode::kConflict, *number + " is already registered.");
        }
        if (auto inserted = tx.InsertVehicle(*number, *caller.owner_id, *vehicle_type_id);
            !inserted) {
            return MakeError(ErrorCode::kConflict, *number + " is already registered.");
        }
        tx.Audit(caller.owner_id, "vehicle-add", *number, now);
        return domain::Ok();
    });
    if (!written) return written.error();
    return *number;
}

domain::Result<std::string> VehicleService::Remove(const Caller& caller,
                                                   const std::string& raw_number) {
    if (!caller.IsOwner()) return LoginRequired();
    auto number = domain::NormalizeVehicleNumber(raw_number);
    if (!number) return MakeError(ErrorCode::kNotFound, "Vehicle not found.");
    const domain::Instant now = ctx_.clock.Now();
    auto written = ctx_.store.Write([&](store::WriteTx& tx) -> domain::Status {
        auto vehicle = tx.FindVehicle(*number);
        if (!vehicle) return MakeError(ErrorCode::kNotFound, "Vehicle not found.");
        if (vehicle->owner_id != *caller.owner_id) {
            return MakeError(ErrorCode::kForbidden, "Not your vehicle.");
        }
        if (tx.FindOpenRecord(*number)) {
            return MakeError(ErrorCode::kConflict, *number + " is still parked.");
        }
        if (tx.VehicleHasUnfinishedReservation(*number, now)) {
            return MakeError(ErrorCode::kConflict, *number + " has upcoming reservations.");
        }
        tx.DeleteVehicle(*number);
        tx.Audit(caller.owner_id, "vehicle-remove", *number, now);
        return domain::Ok();
    });
    if (!written) return written.error();
    return *number;
}

}  // namespace dockpoint::app
