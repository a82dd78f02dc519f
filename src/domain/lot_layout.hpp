#pragma once
#include <string>
#include <vector>

#include "domain/billing.hpp"
#include "domain/slot_choice.hpp"

namespace dockpoint::domain {

struct SeedSlot {
    std::string slot_number;
    std::string row_label;
    int column = 0;
    SlotType type = SlotType::kRegular;
};

struct SeedVehicleType {
    long long id = 0;
    std::string type_name;
    Cents hourly_rate_cents = 0;
};

// The lot created on first run: rows A–D × 16 and E–G × 20 (124 slots);
// Handicapped at both ends of every row, EV at A5–A12 and B5–B12.
std::vector<SeedSlot> DefaultLotLayout();
std::vector<SeedVehicleType> DefaultVehicleTypes();

}  // namespace dockpoint::domain
