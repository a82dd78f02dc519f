#include "domain/lot_layout.hpp"

namespace dockpoint::domain {

std::vector<SeedSlot> DefaultLotLayout() {
    struct Row {
        char label;
        int columns;
    };
    constexpr Row kRows[] = {{'A', 16}, {'B', 16}, {'C', 16}, {'D', 16},
                             {'E', 20}, {'F', 20}, {'G', 20}};
    std::vector<SeedSlot> slots;
    for (const Row& row : kRows) {
        for (int column = 1; column <= row.columns; ++column) {
            SlotType type = SlotType::kRegular;
            if (column == 1 || column == row.columns) {
                type = SlotType::kHandicapped;
            } else if ((row.label == 'A' || row.label == 'B') && column >= 5 && column <= 12) {
                type = SlotType::kEv;
            }
            const std::string row_label(1, row.label);
            // Appended rather than `label + to_string(...)`: g++ 12 -O3 reports a
            // false -Wrestrict on the operator+ form.
            std::string number = row_label;
            number.append(std::to_string(column));
            slots.push_back({std::move(number), row_label, column, type});
        }
    }
    return slots;
}

std::vector<SeedVehicleType> DefaultVehicleTypes() {
    return {{1, "Bicycle", 100}, {2, "Motorcycle", 200}, {3, "Car", 300},
            {4, "Van", 300},     {5, "Truck", 400},      {6, "Bus", 400}};
}

}  // namespace dockpoint::domain
