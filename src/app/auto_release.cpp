#include "app/auto_release.hpp"

#include <spdlog/spdlog.h>

#include "domain/billing.hpp"
#include "domain/time_window.hpp"

namespace dockpoint::app {

std::vector<store::DueRelease> ReleaseDueWalkIns(store::WriteTx& tx, domain::Instant now) {
    std::vector<store::DueRelease> released;
    for (const auto& walk_in : tx.ListDueReleases(now)) {
        const domain::Instant exit =
            domain::AutoReleaseExit(walk_in.entry, walk_in.reservation_start);
        // Another server (or request) may have closed it since the list was read.
        if (!tx.CloseRecord(walk_in.record_id, exit,
                            domain::ComputeBill(walk_in.entry, exit, walk_in.hourly_rate_cents))) {
            continue;
        }
        tx.Audit(std::nullopt, "auto-release",
                 walk_in.vehicle_number + " from " + walk_in.slot_number, now);
        spdlog::info("auto-released {} from slot {} for a reservation", walk_in.vehicle_number,
                     walk_in.slot_number);
        released.push_back(walk_in);
    }
    return released;
}

void PublishReleased(const Context& ctx, const std::vector<store::DueRelease>& released) {
    for (const auto& walk_in : released) {
        ctx.Publish({"auto-released", walk_in.vehicle_number, walk_in.slot_number});
    }
}

domain::Result<std::size_t> RunAutoRelease(const Context& ctx) {
    const domain::Instant now = ctx.clock.Now();
    // The store's writer knows when the next walk-in can fall due (SQLite).
    if (const auto bound = ctx.store.ReleaseDueBound(); bound && now < *bound) {
        return std::size_t{0};
    }
    const auto version = ctx.store.ChangeCount(store::ChangeTopic::kLot);  // before the snapshot
    if (ctx.release_schedule != nullptr && ctx.release_schedule->NothingDueAt(now, version)) {
        return std::size_t{0};
    }
    std::optional<domain::Instant> first_due;
    if (auto read = ctx.store.Read([&](store::ReadTx& tx) {
            first_due = tx.FirstReleaseDue();
            return domain::Ok();
        });
        !read) {
        return read.error();
    }
    if (!first_due || now < *first_due) {
        if (ctx.release_schedule != nullptr) ctx.release_schedule->Remember(version, first_due);
        return std::size_t{0};
    }
    std::vector<store::DueRelease> released;
    auto written = ctx.store.Write([&](store::WriteTx& tx) {
        // With several servers on one database, one of them does the work.
        if (!tx.TryClaimJob("auto-release")) return domain::Ok();
        released = ReleaseDueWalkIns(tx, now);
        return domain::Ok();
    });
    if (!written) return written.error();
    PublishReleased(ctx, released);
    return released.size();
}

}  // namespace dockpoint::app
