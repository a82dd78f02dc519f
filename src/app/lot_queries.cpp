#include "app/lot_queries.hpp"

#include <algorithm>

#include "app/auto_release.hpp"
#include "domain/slot_choice.hpp"
#include "domain/validation.hpp"

namespace dockpoint::app {

domain::Result<std::shared_ptr<const VehicleTypeList>> ReadVehicleTypes(const Context& ctx) {
    if (auto kept = KeptVehicleTypes(ctx)) return kept;
    // Taken before the read: a change while reading leaves the copy stale-marked.
    const auto version = ctx.store.ChangeCount(store::ChangeTopic::kVehicleTypes);
    auto types = std::make_shared<VehicleTypeList>();
    auto read = ctx.store.Read([&](store::ReadTx& tx) {
        *types = tx.ListVehicleTypes();
        return domain::Ok();
    });
    if (!read) return read.error();
    if (ctx.vehicle_type_cache != nullptr) ctx.vehicle_type_cache->Keep(types, version);
    return std::shared_ptr<const VehicleTypeList>(std::move(types));
}

std::shared_ptr<const VehicleTypeList> KeptVehicleTypes(const Context& ctx) {
    if (ctx.vehicle_type_cache == nullptr) return nullptr;
    return ctx.vehicle_type_cache->Find(ctx.store.ChangeCount(store::ChangeTopic::kVehicleTypes));
}

domain::Result<std::shared_ptr<const SlotMap>> LotQueries::Slots() {
    if (auto released = RunAutoRelease(ctx_); !released) return released.error();
    const domain::Instant now = ctx_.clock.Now();
    const auto version = ctx_.store.ChangeCount(store::ChangeTopic::kLot);  // before the snapshot
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

bool LotQueries::NothingDueNow() const {
    const auto bound = ctx_.store.ReleaseDueBound();
    return bound && ctx_.clock.Now() < *bound;
}

std::shared_ptr<const SlotMap> LotQueries::KeptSlots() const {
    // Slots() would first release due walk-ins; from memory only while none can be due.
    if (ctx_.slot_map_cache == nullptr || !NothingDueNow()) return nullptr;
    return ctx_.slot_map_cache->Find(ctx_.clock.Now(), LotVersion());
}

domain::Result<std::vector<store::HistoryRow>> LotQueries::History(const Caller& caller,
                                                                   bool mine_only,
                                                                   const HistoryPage& page,
                                                                   const RowHeld& held) {
    if (mine_only ? !caller.IsOwner() : !caller.HasSession()) {
        return domain::MakeError(domain::ErrorCode::kUnauthenticated, "Login required.");
    }
    if (auto released = RunAutoRelease(ctx_); !released) return released.error();
    store::HistoryQuery query;
    if (mine_only) query.owner_id = caller.owner_id;
    query.limit = page.limit;
    query.offset = page.offset;
    query.before = page.before;
    // Not past an offset: the keys' walk over the skipped rows would be paid twice.
    const bool keyed = held && page.limit >= 0 && page.limit <= kMaxKeyedPage && page.offset == 0;
    std::vector<store::HistoryRow> rows;
    auto read = ctx_.store.Read([&](store::ReadTx& tx) -> domain::Status {
        if (!keyed) {
            rows = tx.ListHistory(query);
            return domain::Ok();
        }
        rows = tx.ListHistoryKeys(query);
        std::vector<bool> have(rows.size());
        std::size_t held_count = 0;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            have[i] = held(rows[i].kind, rows[i].id);
            held_count += have[i] ? 1 : 0;
        }
        // Mostly new rows: one query for the page beats a lookup per row.
        if (held_count * 2 < rows.size()) {
            rows = tx.ListHistory(query);
            return domain::Ok();
        }
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (have[i]) continue;
            auto& row = rows[i];
            auto whole = tx.FindHistoryRow(row.kind, row.id);
            // One snapshot: a key just listed has its row.
            if (!whole)
                return domain::MakeError(domain::ErrorCode::kInternal, "history row missing");
            row = std::move(*whole);
        }
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
