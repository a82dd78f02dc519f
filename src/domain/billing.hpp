#pragma once
#include <cstdint>

#include "domain/clock.hpp"

namespace dockpoint::domain {

using Cents = std::int64_t;

struct Bill {
    std::int64_t billed_hours = 0;
    Cents amount_cents = 0;
};

// Every started hour is paid in full: ceil(duration / 1 h) × hourly rate.
// A duration of zero or less bills nothing.
Bill ComputeBill(Instant entry, Instant exit, Cents hourly_rate_cents);

// The split shown by the reservation preview: whole hours and remaining minutes
// of the real (UTC) duration, so a window across a DST change shows what is paid.
struct DurationParts {
    std::int64_t hours = 0;
    std::int64_t minutes = 0;
};
DurationParts SplitDuration(Instant entry, Instant exit);

}  // namespace dockpoint::domain
