#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "domain/clock.hpp"

namespace dockpoint::domain {

enum class SlotType { kRegular, kEv, kHandicapped };

std::string_view SlotTypeName(SlotType type);
std::optional<SlotType> SlotTypeFromName(std::string_view name);

// Natural slot order: row letters, then the column as a number (A2 before A10).
bool SlotNumberLess(std::string_view a, std::string_view b);

struct SlotCandidate {
    long long slot_id = 0;
    std::string slot_number;
    SlotType type = SlotType::kRegular;
    bool occupied = false;
    bool reserved_now = false;                // a reservation covers "now"
    std::optional<Instant> next_reservation;  // earliest start after "now"
};

// The slot a walk-in without a chosen slot gets: free and not reserved now;
// Regular before EV and Handicapped; no upcoming reservation before one; the
// latest next reservation first; then natural order. None when the lot is full.
std::optional<std::size_t> ChooseSlot(std::span<const SlotCandidate> candidates);

}  // namespace dockpoint::domain
