#include "domain/slot_choice.hpp"

#include <tuple>

namespace dockpoint::domain {

namespace {

struct SlotKey {
    std::string_view row;
    unsigned long column = 0;
    bool has_column = false;
};

SlotKey SplitSlotNumber(std::string_view number) {
    std::size_t digits = number.size();
    while (digits > 0 && number[digits - 1] >= '0' && number[digits - 1] <= '9') --digits;
    SlotKey key{number.substr(0, digits)};
    const std::string_view tail = number.substr(digits);
    if (!tail.empty() && tail.size() <= 9) {
        key.has_column = true;
        for (char c : tail) key.column = key.column * 10 + static_cast<unsigned long>(c - '0');
    }
    return key;
}

// Smaller is better.
auto Preference(const SlotCandidate& c) {
    const bool regular = c.type == SlotType::kRegular;
    const bool upcoming = c.next_reservation.has_value();
    // Later next reservation first: negate its time.
    const long long later_first = upcoming ? -c.next_reservation->time_since_epoch().count() : 0;
    return std::make_tuple(!regular, upcoming, later_first);
}

}  // namespace

std::string_view SlotTypeName(SlotType type) {
    switch (type) {
        case SlotType::kEv:
            return "EV";
        case SlotType::kHandicapped:
            return "Handicapped";
        case SlotType::kRegular:
            break;
    }
    return "Regular";
}

std::optional<SlotType> SlotTypeFromName(std::string_view name) {
    if (name == "Regular") return SlotType::kRegular;
    if (name == "EV") return SlotType::kEv;
    if (name == "Handicapped") return SlotType::kHandicapped;
    return std::nullopt;
}

bool SlotNumberLess(std::string_view a, std::string_view b) {
    const SlotKey ka = SplitSlotNumber(a);
    const SlotKey kb = SplitSlotNumber(b);
    return std::tie(ka.row, ka.has_column, ka.column, a) <
           std::tie(kb.row, kb.has_column, kb.column, b);
}

std::optional<std::size_t> ChooseSlot(std::span<const SlotCandidate> candidates) {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const SlotCandidate& c = candidates[i];
        if (c.occupied || c.reserved_now) continue;
        if (!best) {
            best = i;
            continue;
        }
        const SlotCandidate& b = candidates[*best];
        const auto pc = Preference(c);
        const auto pb = Preference(b);
        if (pc < pb || (pc == pb && SlotNumberLess(c.slot_number, b.slot_number))) best = i;
    }
    return best;
}

}  // namespace dockpoint::domain
