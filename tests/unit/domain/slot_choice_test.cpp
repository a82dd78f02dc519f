#include "domain/slot_choice.hpp"

#include <date/date.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <vector>

namespace dockpoint::domain {
namespace {

using std::chrono::hours;

const Instant kNow = date::sys_days{date::year{2027} / 1 / 15} + hours{10};

SlotCandidate Free(const std::string& number, SlotType type = SlotType::kRegular) {
    SlotCandidate c;
    c.slot_number = number;
    c.type = type;
    return c;
}

SlotCandidate Upcoming(const std::string& number, Instant next) {
    SlotCandidate c = Free(number);
    c.next_reservation = next;
    return c;
}

// The slot number ChooseSlot picks, or "" when it picks none.
std::string Chosen(const std::vector<SlotCandidate>& candidates) {
    const std::optional<std::size_t> index = ChooseSlot(candidates);
    if (!index) return "";
    EXPECT_LT(*index, candidates.size());
    return candidates[*index].slot_number;
}

TEST(SlotNumberLessTest, ColumnsCompareAsNumbers) {
    EXPECT_TRUE(SlotNumberLess("A2", "A10"));
    EXPECT_FALSE(SlotNumberLess("A10", "A2"));
    EXPECT_TRUE(SlotNumberLess("G9", "G20"));
    EXPECT_FALSE(SlotNumberLess("G20", "G9"));
}

TEST(SlotNumberLessTest, RowsComeBeforeColumns) {
    EXPECT_TRUE(SlotNumberLess("A16", "B1"));
    EXPECT_FALSE(SlotNumberLess("B1", "A16"));
    EXPECT_TRUE(SlotNumberLess("F20", "G1"));
}

TEST(SlotNumberLessTest, IdenticalIsNotLess) {
    EXPECT_FALSE(SlotNumberLess("A2", "A2"));
    EXPECT_FALSE(SlotNumberLess("", ""));
}

TEST(SlotNumberLessTest, LeadingZerosBreakTiesDeterministically) {
    // Same row and column value: the text decides, so the order stays strict.
    EXPECT_NE(SlotNumberLess("A02", "A2"), SlotNumberLess("A2", "A02"));
}

TEST(SlotNumberLessTest, SortsALotNaturally) {
    std::vector<std::string> numbers = {"B1", "A10", "G20", "A2", "A16", "G9", "A1"};
    std::sort(numbers.begin(), numbers.end(),
              [](const std::string& a, const std::string& b) { return SlotNumberLess(a, b); });
    EXPECT_EQ(numbers, (std::vector<std::string>{"A1", "A2", "A10", "A16", "B1", "G9", "G20"}));
}

TEST(ChooseSlotTest, EmptyLotGivesNone) {
    EXPECT_EQ(ChooseSlot(std::vector<SlotCandidate>{}), std::nullopt);
}

TEST(ChooseSlotTest, AllOccupiedGivesNone) {
    std::vector<SlotCandidate> lot = {Free("A2"), Free("A3"), Free("A1", SlotType::kHandicapped)};
    for (auto& c : lot) c.occupied = true;
    EXPECT_EQ(ChooseSlot(lot), std::nullopt);
}

TEST(ChooseSlotTest, AllReservedNowGivesNone) {
    std::vector<SlotCandidate> lot = {Free("A2"), Free("A5", SlotType::kEv)};
    for (auto& c : lot) c.reserved_now = true;
    EXPECT_EQ(ChooseSlot(lot), std::nullopt);
}

TEST(ChooseSlotTest, SkipsOccupiedSlots) {
    std::vector<SlotCandidate> lot = {Free("A2"), Free("A3")};
    lot[0].occupied = true;
    EXPECT_EQ(Chosen(lot), "A3");
}

TEST(ChooseSlotTest, SkipsSlotsReservedNow) {
    std::vector<SlotCandidate> lot = {Free("A2"), Free("A3")};
    lot[0].reserved_now = true;
    EXPECT_EQ(Chosen(lot), "A3");
}

TEST(ChooseSlotTest, ReturnsTheIndexIntoTheCandidates) {
    const std::vector<SlotCandidate> lot = {Free("A1", SlotType::kHandicapped), Free("A2")};
    EXPECT_EQ(ChooseSlot(lot), std::optional<std::size_t>{1});
}

TEST(ChooseSlotTest, RegularBeforeEvAndHandicapped) {
    const std::vector<SlotCandidate> lot = {Free("A1", SlotType::kHandicapped),
                                            Free("A5", SlotType::kEv), Free("C7")};
    EXPECT_EQ(Chosen(lot), "C7");
}

TEST(ChooseSlotTest, RegularWithUpcomingReservationStillBeatsFreeEv) {
    const std::vector<SlotCandidate> lot = {Free("A5", SlotType::kEv),
                                            Upcoming("C7", kNow + hours{1})};
    EXPECT_EQ(Chosen(lot), "C7");
}

TEST(ChooseSlotTest, EvOrHandicappedOnlyWhenNoRegularIsFree) {
    std::vector<SlotCandidate> lot = {Free("A1", SlotType::kHandicapped), Free("A5", SlotType::kEv),
                                      Free("A2")};
    lot[2].occupied = true;
    EXPECT_EQ(Chosen(lot), "A1");
}

TEST(ChooseSlotTest, SpecialSlotsFollowNaturalOrderAmongThemselves) {
    // EV and Handicapped rank the same; the slot number decides.
    const std::vector<SlotCandidate> lot = {Free("A5", SlotType::kEv),
                                            Free("A1", SlotType::kHandicapped)};
    EXPECT_EQ(Chosen(lot), "A1");
}

TEST(ChooseSlotTest, NoUpcomingReservationBeforeUpcoming) {
    const std::vector<SlotCandidate> lot = {Upcoming("A2", kNow + hours{48}), Free("G19")};
    EXPECT_EQ(Chosen(lot), "G19");
}

TEST(ChooseSlotTest, LatestNextReservationFirst) {
    const std::vector<SlotCandidate> lot = {Upcoming("A2", kNow + hours{1}),
                                            Upcoming("A3", kNow + hours{5}),
                                            Upcoming("A4", kNow + hours{3})};
    EXPECT_EQ(Chosen(lot), "A3");
}

TEST(ChooseSlotTest, EqualUpcomingReservationsFallBackToNaturalOrder) {
    const std::vector<SlotCandidate> lot = {Upcoming("A10", kNow + hours{2}),
                                            Upcoming("A2", kNow + hours{2})};
    EXPECT_EQ(Chosen(lot), "A2");
}

TEST(ChooseSlotTest, TiesGoByNaturalOrderNotListOrder) {
    const std::vector<SlotCandidate> lot = {Free("A10"), Free("B1"), Free("A2")};
    EXPECT_EQ(Chosen(lot), "A2");
}

TEST(ChooseSlotTest, FirstRegularOfAFreshLotIsA2) {
    // Row A: A1 Handicapped, A2–A4 Regular, A5 EV.
    const std::vector<SlotCandidate> lot = {Free("A1", SlotType::kHandicapped), Free("A3"),
                                            Free("A2"), Free("A4"), Free("A5", SlotType::kEv)};
    EXPECT_EQ(Chosen(lot), "A2");
}

TEST(ChooseSlotTest, OccupiedSlotsAreSkippedEvenWhenPreferred) {
    std::vector<SlotCandidate> lot = {Free("A2"), Upcoming("A3", kNow + hours{1}),
                                      Free("A5", SlotType::kEv)};
    lot[0].occupied = true;
    EXPECT_EQ(Chosen(lot), "A3");
}

TEST(SlotTypeNameTest, NamesMatchTheStoredValues) {
    EXPECT_EQ(SlotTypeName(SlotType::kRegular), "Regular");
    EXPECT_EQ(SlotTypeName(SlotType::kEv), "EV");
    EXPECT_EQ(SlotTypeName(SlotType::kHandicapped), "Handicapped");
}

TEST(SlotTypeNameTest, NamesRoundTrip) {
    for (SlotType type : {SlotType::kRegular, SlotType::kEv, SlotType::kHandicapped}) {
        EXPECT_EQ(SlotTypeFromName(SlotTypeName(type)), type);
    }
}

TEST(SlotTypeNameTest, UnknownNamesAreNotTypes) {
    EXPECT_EQ(SlotTypeFromName(""), std::nullopt);
    EXPECT_EQ(SlotTypeFromName("ev"), std::nullopt);
    EXPECT_EQ(SlotTypeFromName("Disabled"), std::nullopt);
}

}  // namespace
}  // namespace dockpoint::domain
