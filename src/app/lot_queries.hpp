#pragma once
// Read-only views of the lot: vehicle types, slot states, booking history.
#include <optional>
#include <vector>

#include "domain/billing.hpp"

#include "app/context.hpp"

namespace dockpoint::app {

struct VehicleStatus {
    std::string vehicle_number;
    std::string slot_number;
    std::string vehicle_type;
    domain::Instant entry;
    domain::Instant now;
    domain::Bill bill_now;
};

class LotQueries {
public:
    explicit LotQueries(const Context& ctx) : ctx_(ctx) {}

    domain::Result<std::vector<store::VehicleTypeRow>> VehicleTypes();
    // Applies due auto-releases first, so the map never shows a walk-in on a
    // slot whose reservation has begun. The same map is handed out again
    // while it is exact (SlotMapCache).
    domain::Result<std::shared_ptr<const SlotMap>> Slots();
    // Everyone's history for any session; only the caller's with mine_only.
    domain::Result<std::vector<store::HistoryRow>> History(const Caller& caller, bool mine_only,
                                                           long long limit, long long offset);

    // Where a vehicle is parked and what it would pay if it left now; empty
    // when it is not parked. Any session.
    domain::Result<std::optional<VehicleStatus>> StatusOf(const Caller& caller,
                                                          const std::string& vehicle_number);

private:
    const Context& ctx_;
};

}  // namespace dockpoint::app
