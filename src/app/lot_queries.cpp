#include "app/lot_queries.hpp"

#include <algorithm>

#include "app/auto_release.hpp"
#include "domain/slot_choice.hpp"
#include "domain/validation.hpp"

namespace dockpoint::app {

domain::Result<std::vector<store::VehicleTypeRow>> LotQueries::VehicleTypes() {
    std::vector<store::VehicleTypeRow> rows;
    auto read = ctx_.store.Read([&](store::ReadTx& tx) {
        rows = tx.ListVehicleTypes();
        return domain::Ok();
    });
    if (!read) return read.error();
    return rows;
}

domain::Result<std::shared_ptr<const SlotMap>> LotQueries::Slots() {
    if (auto released = RunAutoRelease(ctx_); !released) return released.error();
    const domain::Instant now = ctx_.clock.Now();
    const auto version = ctx_.store.DataVersion();  // before the snapshot
    if (ctx_.slot_map_cache != nullptr) {
        if (auto kept = ctx_.slot_map_cache->Find(now, version)) return kept;
    }
    auto map = std::make_shared<SlotMap>();
    auto read = ctx_.store.Read([&](store::ReadTx& tx) {
        map->slots = tx.ListSlotStates(now);
        return domain::Ok();
    });
    if (!read) return read.error();
    std::sort(map->slots.begin(), map->slots.end(), [](const auto& a, const auto& b) {
        return domain::SlotNumberLess(a.slot_number, b.slot_number);
    });
    if (ctx_.slot_map_cache != nullptr) ctx_.slot_map_cache->Keep(map, now, version);
    return std::shared_ptr<const SlotMap>(std::move(map));
}

domain::Result<std::vector<store::HistoryRow>> LotQueries::History(const Caller& caller,
                                                                   bool mine_only, long long limit,
                                                                   long long offset) {
    if (mine_only ? !caller.IsOwner() : !caller.HasSession()) {
        return domain::MakeError(domain::ErrorCode::kUnauthenticated, "Login required.");
    }
    if (auto released = RunAutoRelease(ctx_); !released) return released.error();
    store::HistoryQuery query;
    if (mine_only) query.owner_id = caller.owner_id;
    query.limit = limit;
    query.offset = offset;
    std::vector<store::HistoryRow> rows;
    auto read = ctx_.store.Read([&](store::ReadTx& tx) {
        rows = tx.ListHistory(query);
        return domain::Ok();
    });
    if (!read) return read.error();
    return rows;
}

domain::Result<std::optional<VehicleStatus>> LotQueries::StatusOf(
    const Caller& caller, const std::string& vehicle_number) {
    if (!caller.HasSession()) {
        return domain::MakeError(domain::ErrorCode::kUnauthenticated, "Login required.");
    }
    auto number = domain::NormalizeVehicleNumber(vehicle_number);
    if (!number) return number.error();
    if (auto released = RunAutoRelease(ctx_); !released) return released.error();
    const domain::Instant now = ctx_.clock.Now();
    std::optional<store::OpenRecordRow> record;
    auto read = ctx_.store.Read([&](store::ReadTx& tx) {
        record = tx.FindOpenRecord(*number);
        return domain::Ok();
    });
    if (!read) return read.error();
    if (!record) return std::optional<VehicleStatus>();
    return std::optional<VehicleStatus>(VehicleStatus{
        record->vehicle_number, record->slot_number, record->vehicle_type, record->entry, now,
        domain::ComputeBill(record->entry, now, record->hourly_rate_cents)});
}

}  // namespace dockpoint::app
