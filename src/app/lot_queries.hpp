#pragma once
// Read-only views of the lot: vehicle types, slot states, booking history.
#include <functional>
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

// The vehicle types with their rates: the kept list while it is exact
// (VehicleTypeCache), else read from the database and kept.
domain::Result<std::shared_ptr<const VehicleTypeList>> ReadVehicleTypes(const Context& ctx);
// The same from memory alone (never blocks): nullptr when it must be read.
std::shared_ptr<const VehicleTypeList> KeptVehicleTypes(const Context& ctx);

// Which part of a history: up to `limit` rows (-1: all) after `before` (the
// newest when absent), skipping `offset` of them first.
struct HistoryPage {
    long long limit = -1;
    long long offset = 0;
    std::optional<store::HistoryCursor> before;
};

class LotQueries {
public:
    explicit LotQueries(const Context& ctx) : ctx_(ctx) {}

    domain::Result<std::shared_ptr<const VehicleTypeList>> VehicleTypes() const {
        return ReadVehicleTypes(ctx_);
    }
    std::shared_ptr<const VehicleTypeList> KeptVehicleTypes() const {
        return app::KeptVehicleTypes(ctx_);
    }
    // Applies due auto-releases first, so the map never shows a walk-in on a
    // slot whose reservation has begun. The same map is handed out again
    // while it is exact (SlotMapCache).
    domain::Result<std::shared_ptr<const SlotMap>> Slots();
    // The same from memory alone (never blocks): the kept map when it is
    // exact and no auto-release can be due; nullptr otherwise.
    std::shared_ptr<const SlotMap> KeptSlots() const;
    // The lot's change count (Store::ChangeCount(kLot)): what a copy of a
    // history page is exact with. nullopt: keep no copies.
    std::optional<std::uint64_t> LotVersion() const {
        return ctx_.store.ChangeCount(store::ChangeTopic::kLot);
    }
    // The count of other programs' writes (Store::ChangeCount(kOtherPrograms)):
    // what a copy of rows that this server never changes is exact with.
    std::optional<std::uint64_t> ExternalVersion() const {
        return ctx_.store.ChangeCount(store::ChangeTopic::kOtherPrograms);
    }
    // Whether no auto-release can be due now, from memory alone: then a view
    // of the lot kept at the current LotVersion() is what a read would show.
    bool NothingDueNow() const;
    // Whether the caller already holds a listed row (by kind and id), so that
    // its fields need not be read.
    using RowHeld = std::function<bool(store::BookingKind kind, long long id)>;
    // Pages of up to this many rows, without an offset, are read key first
    // when the caller holds rows (RowHeld); others in one query.
    static constexpr long long kMaxKeyedPage = 500;

    // Everyone's history for any session; only the caller's with mine_only.
    // With `held`, asked once per row of a page in order: when it holds at
    // least half of them, the rows it holds come back with only kind, id and
    // entry filled in (the rest are read one by one); else all are read whole.
    domain::Result<std::vector<store::HistoryRow>> History(const Caller& caller, bool mine_only,
                                                           const HistoryPage& page,
                                                           const RowHeld& held = {});

    // Where a vehicle is parked and what it would pay if it left now; empty
    // when it is not parked. Any session.
    domain::Result<std::optional<VehicleStatus>> StatusOf(const Caller& caller,
                                                          const std::string& vehicle_number);

private:
    const Context& ctx_;
};

}  // namespace dockpoint::app
