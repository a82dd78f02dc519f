#include "domain/lot_layout.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace dockpoint::domain {
namespace {

int ColumnsInRow(const std::vector<SeedSlot>& slots, const std::string& row) {
    int columns = 0;
    for (const SeedSlot& s : slots) {
        if (s.row_label == row) ++columns;
    }
    return columns;
}

const SeedSlot* FindSlot(const std::vector<SeedSlot>& slots, const std::string& number) {
    for (const SeedSlot& s : slots) {
        if (s.slot_number == number) return &s;
    }
    return nullptr;
}

TEST(DefaultLotLayoutTest, HasOneHundredTwentyFourSlots) {
    EXPECT_EQ(DefaultLotLayout().size(), 124u);
}

TEST(DefaultLotLayoutTest, RowsAToDHaveSixteenColumnsAndEToGTwenty) {
    const auto slots = DefaultLotLayout();
    for (const char* row : {"A", "B", "C", "D"}) EXPECT_EQ(ColumnsInRow(slots, row), 16) << row;
    for (const char* row : {"E", "F", "G"}) EXPECT_EQ(ColumnsInRow(slots, row), 20) << row;
}

TEST(DefaultLotLayoutTest, OnlyRowsAToG) {
    std::set<std::string> rows;
    for (const SeedSlot& s : DefaultLotLayout()) rows.insert(s.row_label);
    EXPECT_EQ(rows, (std::set<std::string>{"A", "B", "C", "D", "E", "F", "G"}));
}

TEST(DefaultLotLayoutTest, SlotNumberIsRowThenColumn) {
    for (const SeedSlot& s : DefaultLotLayout()) {
        EXPECT_EQ(s.slot_number, s.row_label + std::to_string(s.column));
        EXPECT_GE(s.column, 1) << s.slot_number;
    }
}

TEST(DefaultLotLayoutTest, ColumnsRunFromOneWithoutGaps) {
    std::map<std::string, std::set<int>> columns;
    for (const SeedSlot& s : DefaultLotLayout()) columns[s.row_label].insert(s.column);
    for (const auto& [row, cols] : columns) {
        EXPECT_EQ(*cols.begin(), 1) << row;
        EXPECT_EQ(*cols.rbegin(), static_cast<int>(cols.size())) << row;
    }
}

TEST(DefaultLotLayoutTest, SlotNumbersAreUnique) {
    const auto slots = DefaultLotLayout();
    std::set<std::string> numbers;
    for (const SeedSlot& s : slots) numbers.insert(s.slot_number);
    EXPECT_EQ(numbers.size(), slots.size());
}

TEST(DefaultLotLayoutTest, HandicappedExactlyAtBothEndsOfEveryRow) {
    const auto slots = DefaultLotLayout();
    int handicapped = 0;
    for (const SeedSlot& s : slots) {
        const bool at_end = s.column == 1 || s.column == ColumnsInRow(slots, s.row_label);
        EXPECT_EQ(s.type == SlotType::kHandicapped, at_end) << s.slot_number;
        if (s.type == SlotType::kHandicapped) ++handicapped;
    }
    EXPECT_EQ(handicapped, 14);
    for (const char* number : {"A1", "A16", "D16", "E1", "E20", "G20"}) {
        const SeedSlot* slot = FindSlot(slots, number);
        ASSERT_NE(slot, nullptr) << number;
        EXPECT_EQ(slot->type, SlotType::kHandicapped) << number;
    }
}

TEST(DefaultLotLayoutTest, EvAtColumnsFiveToTwelveOfRowsAAndB) {
    const auto slots = DefaultLotLayout();
    std::set<std::string> ev;
    for (const SeedSlot& s : slots) {
        if (s.type == SlotType::kEv) ev.insert(s.slot_number);
    }
    std::set<std::string> expected;
    for (const char* row : {"A", "B"}) {
        for (int column = 5; column <= 12; ++column) expected.insert(row + std::to_string(column));
    }
    EXPECT_EQ(ev, expected);
    EXPECT_EQ(ev.size(), 16u);
}

TEST(DefaultLotLayoutTest, EverythingElseIsRegular) {
    const auto slots = DefaultLotLayout();
    int regular = 0;
    for (const SeedSlot& s : slots) {
        if (s.type == SlotType::kRegular) ++regular;
    }
    EXPECT_EQ(regular, 94);
    for (const char* number : {"A2", "A4", "A13", "A15", "B2", "C5", "C8", "G19"}) {
        const SeedSlot* slot = FindSlot(slots, number);
        ASSERT_NE(slot, nullptr) << number;
        EXPECT_EQ(slot->type, SlotType::kRegular) << number;
    }
}

TEST(DefaultVehicleTypesTest, SixTypesWithIdsOneToSix) {
    const auto types = DefaultVehicleTypes();
    ASSERT_EQ(types.size(), 6u);
    for (std::size_t i = 0; i < types.size(); ++i) {
        EXPECT_EQ(types[i].id, static_cast<long long>(i + 1));
    }
}

TEST(DefaultVehicleTypesTest, NamesAndHourlyRates) {
    const auto types = DefaultVehicleTypes();
    ASSERT_EQ(types.size(), 6u);
    const std::vector<std::string> names = {"Bicycle", "Motorcycle", "Car", "Van", "Truck", "Bus"};
    const std::vector<Cents> rates = {100, 200, 300, 300, 400, 400};
    for (std::size_t i = 0; i < types.size(); ++i) {
        EXPECT_EQ(types[i].type_name, names[i]) << i;
        EXPECT_EQ(types[i].hourly_rate_cents, rates[i]) << types[i].type_name;
    }
}

}  // namespace
}  // namespace dockpoint::domain
