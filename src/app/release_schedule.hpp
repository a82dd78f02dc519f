#pragma once
// Remembers when the next parked walk-in falls due for auto-release, so reads
// that must show a fresh lot (/slots, /records, vehicle status) skip the check
// while nothing can be due: that check scans every parked car, which on a big
// lot costs more than the read it guards (bench/README.md, "Profile notes").
//
// The memory is only trusted while the lot's change count is the same as
// when it was taken (Store::ChangeCount(kLot)): any commit may park a car or
// book a reservation. Without a change count (PostgreSQL, where other servers
// write) nothing is remembered and every read checks.
#include <cstdint>
#include <mutex>
#include <optional>

#include "domain/clock.hpp"

namespace dockpoint::app {

class ReleaseSchedule {
public:
    // True when, with the database at `version`, no release can be due at `now`.
    bool NothingDueAt(domain::Instant now, std::optional<std::uint64_t> version) const;

    // Records what a check found: with the database at `version` (taken before
    // the check's snapshot), the first release falls due at `first_due`, or
    // never when it is nullopt.
    void Remember(std::optional<std::uint64_t> version, std::optional<domain::Instant> first_due);

private:
    mutable std::mutex mutex_;
    std::optional<std::uint64_t> version_;
    std::optional<domain::Instant> first_due_;
};

}  // namespace dockpoint::app
