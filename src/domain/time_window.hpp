#pragma once
#include <chrono>

#include "domain/clock.hpp"
#include "domain/result.hpp"

namespace dockpoint::domain {

// A half-open interval [start, end): a window ending at 10:00 and one starting
// at 10:00 do not overlap.
struct TimeWindow {
    Instant start;
    Instant end;
};

bool Overlaps(const TimeWindow& a, const TimeWindow& b);
bool Covers(const TimeWindow& w, Instant t);

inline constexpr std::chrono::hours kMaxReservationLength{24 * 366};

// Checks a requested reservation window against "now": the exit must follow the
// entry, the entry may not lie before the current minute (a datetime-local input
// cannot name seconds), and a booking lasts at most kMaxReservationLength.
Status ValidateReservationWindow(const TimeWindow& w, Instant now);

// Checks a window for a cost preview: only its shape matters, not "now".
Status ValidatePreviewWindow(const TimeWindow& w);

// When a reservation begins on a slot a walk-in still holds, the walk-in ends at
// the reservation start — or at its own entry, if it entered after that start.
Instant AutoReleaseExit(Instant walk_in_entry, Instant reservation_start);

}  // namespace dockpoint::domain
