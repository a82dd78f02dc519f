#include "app/reservation_service.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "app_test_fixture.hpp"

namespace dockpoint::app {
namespace {

using domain::ErrorCode;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr long long kCar = 3;    // 300 cents an hour
constexpr long long kTruck = 5;  // 400 cents an hour

// The clock starts at 2027-06-01 10:00 Berlin time.
class ReservationServiceTest : public AppTest {
protected:
    void SetUp() override {
        owner_ = RegisterOwner("owner@example.com");
        AddVehicle(owner_, "CAR1", kCar);
        AddVehicle(owner_, "CAR2", kCar);
    }

    domain::Result<Reserved> Reserve(const std::string& vehicle, const std::string& slot,
                                     const std::string& entry, const std::string& exit) {
        return reservations_.Reserve(owner_, {vehicle, slot, entry, exit});
    }

    ReservationService reservations_{ctx_};
    Caller owner_;
};

// --- PreviewCost -------------------------------------------------------------------

TEST_F(ReservationServiceTest, PreviewBillsStartedHoursAtTheTypesRate) {
    const auto preview = reservations_.PreviewCost({"2027-06-01T10:00", "2027-06-01T12:30", kCar});
    ASSERT_TRUE(preview.ok()) << preview.error().message;
    EXPECT_EQ(preview->hourly_rate_cents, 300);
    EXPECT_EQ(preview->bill.billed_hours, 3);
    EXPECT_EQ(preview->bill.amount_cents, 900);
    EXPECT_EQ(preview->duration.hours, 2);
    EXPECT_EQ(preview->duration.minutes, 30);
}

TEST_F(ReservationServiceTest, PreviewWithoutATypeUsesTypeOne) {
    const auto preview =
        reservations_.PreviewCost({"2027-06-01T10:00", "2027-06-01T11:00", std::nullopt});
    ASSERT_TRUE(preview.ok()) << preview.error().message;
    EXPECT_EQ(preview->hourly_rate_cents, 100);
    EXPECT_EQ(preview->bill.billed_hours, 1);
    EXPECT_EQ(preview->bill.amount_cents, 100);
}

TEST_F(ReservationServiceTest, PreviewAcrossSpringForwardShowsRealDuration) {
    // 01:30 → 03:30 on 2027-03-28 in Berlin is one real hour.
    const auto preview =
        reservations_.PreviewCost({"2027-03-28T01:30", "2027-03-28T03:30", kTruck});
    ASSERT_TRUE(preview.ok()) << preview.error().message;
    EXPECT_EQ(preview->duration.hours, 1);
    EXPECT_EQ(preview->duration.minutes, 0);
    EXPECT_EQ(preview->bill.billed_hours, 1);
    EXPECT_EQ(preview->bill.amount_cents, 400);
}

TEST_F(ReservationServiceTest, PreviewAcrossFallBackShowsRealDuration) {
    const auto preview = reservations_.PreviewCost({"2027-10-31T01:30", "2027-10-31T03:30", kCar});
    ASSERT_TRUE(preview.ok()) << preview.error().message;
    EXPECT_EQ(preview->duration.hours, 3);
    EXPECT_EQ(preview->duration.minutes, 0);
    EXPECT_EQ(preview->bill.amount_cents, 900);
}

TEST_F(ReservationServiceTest, PreviewMayLieInThePast) {
    const auto preview = reservations_.PreviewCost({"2020-01-01T10:00", "2020-01-01T10:01", kCar});
    ASSERT_TRUE(preview.ok()) << preview.error().message;
    EXPECT_EQ(preview->bill.billed_hours, 1);
}

TEST_F(ReservationServiceTest, PreviewRefusesExitBeforeEntry) {
    const auto preview = reservations_.PreviewCost({"2027-06-01T12:00", "2027-06-01T10:00", kCar});
    ASSERT_FALSE(preview.ok());
    EXPECT_EQ(preview.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(preview.error().message, "Exit must be after entry.");
}

TEST_F(ReservationServiceTest, PreviewRefusesBadDatetimes) {
    const auto preview = reservations_.PreviewCost({"tomorrow", "2027-06-01T10:00", kCar});
    ASSERT_FALSE(preview.ok());
    EXPECT_EQ(preview.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(preview.error().message, "Invalid datetime format. Use YYYY-MM-DDTHH:MM");

    const auto gap = reservations_.PreviewCost({"2027-03-28T02:30", "2027-03-28T04:00", kCar});
    ASSERT_FALSE(gap.ok());
    EXPECT_NE(gap.error().message.find("Europe/Berlin"), std::string::npos);
}

TEST_F(ReservationServiceTest, PreviewRefusesAnUnknownType) {
    const auto preview = reservations_.PreviewCost({"2027-06-01T10:00", "2027-06-01T11:00", 99});
    ASSERT_FALSE(preview.ok());
    EXPECT_EQ(preview.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(preview.error().message, "Invalid vehicle type.");
}

// --- Reserve -----------------------------------------------------------------------

TEST_F(ReservationServiceTest, ReserveBooksTheWindowAndBillsIt) {
    const auto reserved = Reserve(" car1 ", "c3", "2027-06-01T10:30", "2027-06-01T12:00");
    ASSERT_TRUE(reserved.ok()) << reserved.error().message;
    EXPECT_GT(reserved->id, 0);
    EXPECT_EQ(reserved->vehicle_number, "CAR1");
    EXPECT_EQ(reserved->slot_number, "C3");
    EXPECT_EQ(reserved->window.start, Utc(2027, 6, 1, 8, 30));
    EXPECT_EQ(reserved->window.end, Utc(2027, 6, 1, 10, 0));
    EXPECT_EQ(reserved->bill.billed_hours, 2);
    EXPECT_EQ(reserved->bill.amount_cents, 600);
}

TEST_F(ReservationServiceTest, RegisteredTypeIsBilled) {
    // The truck's own rate (400), not type 1's (100) that a typeless request would mean.
    AddVehicle(owner_, "TRUCK1", kTruck);
    const auto reserved = Reserve("TRUCK1", "E5", "2027-06-01T11:00", "2027-06-01T13:00");
    ASSERT_TRUE(reserved.ok()) << reserved.error().message;
    EXPECT_EQ(reserved->bill.billed_hours, 2);
    EXPECT_EQ(reserved->bill.amount_cents, 800);
}

TEST_F(ReservationServiceTest, OverlapOnTheSlotIsAConflict) {
    ASSERT_TRUE(Reserve("CAR1", "C3", "2027-06-01T11:00", "2027-06-01T13:00").ok());
    const auto second = Reserve("CAR2", "C3", "2027-06-01T12:00", "2027-06-01T14:00");
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, ErrorCode::kConflict);
    EXPECT_EQ(second.error().message, "Slot C3 is already reserved during that window.");
}

TEST_F(ReservationServiceTest, ContainedWindowOnTheSlotIsAConflict) {
    ASSERT_TRUE(Reserve("CAR1", "C3", "2027-06-01T11:00", "2027-06-01T15:00").ok());
    const auto inner = Reserve("CAR2", "C3", "2027-06-01T12:00", "2027-06-01T12:30");
    ASSERT_FALSE(inner.ok());
    EXPECT_EQ(inner.error().code, ErrorCode::kConflict);
}

TEST_F(ReservationServiceTest, OverlapOnTheVehicleIsAConflict) {
    ASSERT_TRUE(Reserve("CAR1", "C3", "2027-06-01T11:00", "2027-06-01T13:00").ok());
    const auto second = Reserve("CAR1", "D4", "2027-06-01T12:59", "2027-06-01T14:00");
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, ErrorCode::kConflict);
    EXPECT_EQ(second.error().message,
              "CAR1 already has a reservation that overlaps that time window.");
}

TEST_F(ReservationServiceTest, TouchingWindowsOnTheSameSlotBothSucceed) {
    const auto first = Reserve("CAR1", "C3", "2027-06-01T11:00", "2027-06-01T12:00");
    const auto second = Reserve("CAR2", "C3", "2027-06-01T12:00", "2027-06-01T13:00");
    ASSERT_TRUE(first.ok()) << first.error().message;
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_NE(first->id, second->id);
    // And one ending where the first begins.
    EXPECT_TRUE(Reserve("CAR2", "C3", "2027-06-01T10:30", "2027-06-01T11:00").ok());
}

TEST_F(ReservationServiceTest, TouchingWindowsOfTheSameVehicleBothSucceed) {
    ASSERT_TRUE(Reserve("CAR1", "C3", "2027-06-01T11:00", "2027-06-01T12:00").ok());
    EXPECT_TRUE(Reserve("CAR1", "D4", "2027-06-01T12:00", "2027-06-01T13:00").ok());
}

TEST_F(ReservationServiceTest, EntryInThePastIsRefused) {
    const auto reserved = Reserve("CAR1", "C3", "2027-06-01T09:59", "2027-06-01T11:00");
    ASSERT_FALSE(reserved.ok());
    EXPECT_EQ(reserved.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(reserved.error().message, "Entry time cannot be in the past.");
}

TEST_F(ReservationServiceTest, EntryInTheCurrentMinuteIsAllowed) {
    clock_.Advance(seconds{40});  // 10:00:40
    const auto reserved = Reserve("CAR1", "C3", "2027-06-01T10:00", "2027-06-01T11:00");
    ASSERT_TRUE(reserved.ok()) << reserved.error().message;
    EXPECT_EQ(reserved->window.start, StartInstant());
}

TEST_F(ReservationServiceTest, MoreThan366DaysIsRefused) {
    EXPECT_TRUE(Reserve("CAR1", "C3", "2027-06-01T11:00", "2028-06-01T11:00").ok());
    const auto too_long = Reserve("CAR2", "D4", "2027-06-01T11:00", "2028-06-01T11:01");
    ASSERT_FALSE(too_long.ok());
    EXPECT_EQ(too_long.error().message, "A reservation can last at most 366 days.");
}

TEST_F(ReservationServiceTest, GuestsCannotReserve) {
    const auto reserved =
        reservations_.Reserve(kGuest, {"CAR1", "C3", "2027-06-01T11:00", "2027-06-01T12:00"});
    ASSERT_FALSE(reserved.ok());
    EXPECT_EQ(reserved.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(ReservationServiceTest, UnregisteredVehicleIsRejected) {
    const auto reserved = Reserve("NOPE1", "C3", "2027-06-01T11:00", "2027-06-01T12:00");
    ASSERT_FALSE(reserved.ok());
    EXPECT_EQ(reserved.error().code, ErrorCode::kRejected);
    EXPECT_EQ(reserved.error().message, "NOPE1 is not registered. Add it in My Vehicles first.");
}

TEST_F(ReservationServiceTest, AnotherOwnersVehicleIsForbidden) {
    const Caller other = RegisterOwner("other@example.com");
    AddVehicle(other, "THEIRS", kCar);
    const auto reserved = Reserve("THEIRS", "C3", "2027-06-01T11:00", "2027-06-01T12:00");
    ASSERT_FALSE(reserved.ok());
    EXPECT_EQ(reserved.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(reserved.error().message, "THEIRS belongs to another owner.");
}

TEST_F(ReservationServiceTest, SlotIsRequiredAndMustExist) {
    const auto missing = Reserve("CAR1", " ", "2027-06-01T11:00", "2027-06-01T12:00");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(missing.error().message, "Slot number required.");

    const auto unknown = Reserve("CAR1", "Q1", "2027-06-01T11:00", "2027-06-01T12:00");
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(unknown.error().message, "Slot Q1 does not exist.");
}

TEST_F(ReservationServiceTest, RefusedReservationLeavesTheSlotFree) {
    ASSERT_FALSE(Reserve("CAR1", "C3", "2027-06-01T09:00", "2027-06-01T12:00").ok());
    EXPECT_TRUE(Reserve("CAR2", "C3", "2027-06-01T10:00", "2027-06-01T12:00").ok());
}

}  // namespace
}  // namespace dockpoint::app
