#pragma once
// The slot map as last read, for as long as it is exact. Consoles poll
// GET /slots far more often than the lot changes; reading and rendering every
// slot cost about a millisecond for 124 slots and a fifth of a second for
// 10,000 (bench/README.md), so the map is kept and handed out again until
// either the lot changed (Store::ChangeCount(kLot) moved: a commit by this
// server, or a write by any other program) or time reaches a reservation
// boundary (a reservation begins or ends, which changes "reserved now" and the
// next reservation). Without a change count (PostgreSQL) nothing is kept.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "domain/clock.hpp"
#include "store/store.hpp"

namespace dockpoint::app {

// Slot states in natural slot order; immutable once built, so it is shared.
struct SlotMap {
    std::vector<store::SlotStateRow> slots;
};

class SlotMapCache {
public:
    // The kept map when it is exact at `now` with the database at `version`.
    std::shared_ptr<const SlotMap> Find(domain::Instant now,
                                        std::optional<std::uint64_t> version) const;

    // Keeps a map read at `read_at` from the database at `version` (taken
    // before the map's snapshot was).
    void Keep(std::shared_ptr<const SlotMap> map, domain::Instant read_at,
              std::optional<std::uint64_t> version);

private:
    mutable std::mutex mutex_;
    std::shared_ptr<const SlotMap> map_;
    std::optional<std::uint64_t> version_;
    domain::Instant read_at_{};
    std::optional<domain::Instant> valid_until_;  // nullopt: until the next write
};

// The first moment after `read_at` at which some slot's state changes by time
// alone: its current reservation ends or its next one begins. nullopt: never.
std::optional<domain::Instant> NextReservationBoundary(
    const std::vector<store::SlotStateRow>& slots, domain::Instant read_at);

}  // namespace dockpoint::app
