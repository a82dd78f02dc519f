#pragma once
// Read-only views of the lot: vehicle types, slot states, booking history.
#include <vector>

#include "app/context.hpp"

namespace dockpoint::app {

class LotQueries {
public:
    explicit LotQueries(const Context& ctx) : ctx_(ctx) {}

    domain::Result<std::vector<store::VehicleTypeRow>> VehicleTypes();
    // Applies due auto-releases first, so the map never shows a walk-in on a
    // slot whose reservation has begun.
    domain::Result<std::vector<store::SlotStateRow>> Slots();
    // Everyone's history for any session; only the caller's with mine_only.
    domain::Result<std::vector<store::HistoryRow>> History(const Caller& caller, bool mine_only,
                                                           long long limit, long long offset);

private:
    const Context& ctx_;
};

}  // namespace dockpoint::app
