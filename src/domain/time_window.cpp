#include "domain/time_window.hpp"

#include <algorithm>

namespace dockpoint::domain {

bool Overlaps(const TimeWindow& a, const TimeWindow& b) {
    return a.start < b.end && b.start < a.end;
}

bool Covers(const TimeWindow& w, Instant t) { return w.start <= t && t < w.end; }

Status ValidatePreviewWindow(const TimeWindow& w) {
    if (w.end <= w.start) return MakeError(ErrorCode::kInvalidInput, "Exit must be after entry.");
    if (w.end - w.start > kMaxReservationLength) {
        return MakeError(ErrorCode::kInvalidInput, "A reservation can last at most 366 days.");
    }
    return Ok();
}

Status ValidateReservationWindow(const TimeWindow& w, Instant now) {
    if (auto shape = ValidatePreviewWindow(w); !shape) return shape;
    const Instant current_minute = std::chrono::floor<std::chrono::minutes>(now);
    if (w.start < current_minute) {
        return MakeError(ErrorCode::kInvalidInput, "Entry time cannot be in the past.");
    }
    return Ok();
}

Instant AutoReleaseExit(Instant walk_in_entry, Instant reservation_start) {
    return std::max(walk_in_entry, reservation_start);
}

}  // namespace dockpoint::domain
