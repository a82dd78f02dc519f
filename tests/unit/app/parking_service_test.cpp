#include "app/parking_service.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "app_test_fixture.hpp"

namespace dockpoint::app {
namespace {

using domain::ErrorCode;
using std::chrono::hours;
using std::chrono::minutes;

constexpr long long kBicycle = 1;  // 100 cents an hour
constexpr long long kCar = 3;      // 300 cents an hour
constexpr long long kTruck = 5;    // 400 cents an hour

class ParkingServiceTest : public AppTest {
protected:
    ParkingService parking_{ctx_};

    Assigned Park(const Caller& caller, const std::string& vehicle, const std::string& slot = "",
                  std::optional<long long> type = kCar) {
        const auto assigned = parking_.Assign(caller, {vehicle, slot, type});
        EXPECT_TRUE(assigned.ok()) << (assigned ? "" : assigned.error().message);
        return assigned ? *assigned : Assigned{};
    }

    Released Leave(const Caller& caller, const std::string& vehicle) {
        const auto released = parking_.Release(caller, vehicle);
        EXPECT_TRUE(released.ok()) << (released ? "" : released.error().message);
        return released ? *released : Released{};
    }
};

TEST_F(ParkingServiceTest, GuestWithoutASlotGetsTheFirstRegularSlotA2) {
    const auto assigned = parking_.Assign(kGuest, {" ab 123 ", "", kCar});
    ASSERT_TRUE(assigned.ok()) << assigned.error().message;
    EXPECT_EQ(assigned->slot_number, "A2");
    EXPECT_EQ(assigned->vehicle_number, "AB 123");
    EXPECT_EQ(assigned->entry, StartInstant());
}

TEST_F(ParkingServiceTest, NextWalkInGetsTheNextRegularSlot) {
    EXPECT_EQ(Park(kGuest, "ONE").slot_number, "A2");
    EXPECT_EQ(Park(kGuest, "TWO").slot_number, "A3");
    EXPECT_EQ(Park(kGuest, "THREE").slot_number, "A4");
    // A5–A12 are EV, so the next Regular slot is A13.
    EXPECT_EQ(Park(kGuest, "FOUR").slot_number, "A13");
}

TEST_F(ParkingServiceTest, GuestMayNameASlot) {
    const auto assigned = parking_.Assign(kGuest, {"AB123", " c3 ", kCar});
    ASSERT_TRUE(assigned.ok()) << assigned.error().message;
    EXPECT_EQ(assigned->slot_number, "C3");
}

TEST_F(ParkingServiceTest, GuestMayNameAnEvSlot) {
    EXPECT_EQ(Park(kGuest, "AB123", "A5").slot_number, "A5");
}

TEST_F(ParkingServiceTest, ReleaseAfterSixtyOneMinutesBillsTwoHours) {
    Park(kGuest, "AB123", "", kCar);
    clock_.Advance(minutes{61});
    const Released released = Leave(kGuest, "AB123");
    EXPECT_EQ(released.vehicle_number, "AB123");
    EXPECT_EQ(released.slot_number, "A2");
    EXPECT_EQ(released.entry, StartInstant());
    EXPECT_EQ(released.exit, StartInstant() + minutes{61});
    EXPECT_EQ(released.bill.billed_hours, 2);
    EXPECT_EQ(released.bill.amount_cents, 600);
}

TEST_F(ParkingServiceTest, ReleaseAtTheSameInstantBillsNothing) {
    Park(kGuest, "AB123", "", kCar);
    const Released released = Leave(kGuest, "AB123");
    EXPECT_EQ(released.bill.billed_hours, 0);
    EXPECT_EQ(released.bill.amount_cents, 0);
}

TEST_F(ParkingServiceTest, ExactlyOneHourBillsOneHour) {
    Park(kGuest, "AB123", "", kCar);
    clock_.Advance(hours{1});
    const Released released = Leave(kGuest, "AB123");
    EXPECT_EQ(released.bill.billed_hours, 1);
    EXPECT_EQ(released.bill.amount_cents, 300);
}

TEST_F(ParkingServiceTest, NoTypeMeansBicycleRate) {
    Park(kGuest, "AB123", "", std::nullopt);
    clock_.Advance(minutes{90});
    const Released released = Leave(kGuest, "AB123");
    EXPECT_EQ(released.bill.billed_hours, 2);
    EXPECT_EQ(released.bill.amount_cents, 200);
}

TEST_F(ParkingServiceTest, UnknownVehicleTypeIsRefused) {
    const auto assigned = parking_.Assign(kGuest, {"AB123", "", 99});
    ASSERT_FALSE(assigned.ok());
    EXPECT_EQ(assigned.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(assigned.error().message, "Invalid vehicle type.");
}

TEST_F(ParkingServiceTest, SpringForwardNightBillsRealHoursNotWallClockHours) {
    // 2027-03-28 in Berlin: 00:30 is winter time (UTC+1), 03:30 summer time (UTC+2).
    const domain::Instant entry = Local("2027-03-28T00:30");
    const domain::Instant exit = Local("2027-03-28T03:30");
    ASSERT_EQ(entry, Utc(2027, 3, 27, 23, 30));
    ASSERT_EQ(exit - entry, hours{2});

    clock_.Set(entry);
    Park(kGuest, "NIGHT1", "", kCar);
    clock_.Set(exit);
    const Released released = Leave(kGuest, "NIGHT1");
    EXPECT_EQ(released.bill.billed_hours, 2);
    EXPECT_EQ(released.bill.amount_cents, 600);
}

TEST_F(ParkingServiceTest, FallBackNightBillsTheRepeatedHour) {
    // 2027-10-31 in Berlin: 01:30 is summer time, 03:30 winter time: three real hours.
    const domain::Instant entry = Local("2027-10-31T01:30");
    const domain::Instant exit = Local("2027-10-31T03:30");
    ASSERT_EQ(exit - entry, hours{3});

    clock_.Set(entry);
    Park(kGuest, "NIGHT2", "", kCar);
    clock_.Set(exit);
    const Released released = Leave(kGuest, "NIGHT2");
    EXPECT_EQ(released.bill.billed_hours, 3);
    EXPECT_EQ(released.bill.amount_cents, 900);
}

TEST_F(ParkingServiceTest, AlreadyParkedVehicleIsRefused) {
    Park(kGuest, "AB123", "C3");
    const auto again = parking_.Assign(kGuest, {"ab123", "C4", kCar});
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kRejected);
    EXPECT_EQ(again.error().message, "AB123 is already parked.");
}

TEST_F(ParkingServiceTest, OccupiedSlotIsRefused) {
    Park(kGuest, "FIRST", "C3");
    const auto second = parking_.Assign(kGuest, {"SECOND", "C3", kCar});
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, ErrorCode::kRejected);
    EXPECT_EQ(second.error().message, "Slot C3 is already occupied.");
}

TEST_F(ParkingServiceTest, ReleasedSlotCanBeTakenAgain) {
    Park(kGuest, "FIRST", "C3");
    Leave(kGuest, "FIRST");
    EXPECT_EQ(Park(kGuest, "SECOND", "C3").slot_number, "C3");
}

TEST_F(ParkingServiceTest, ReleasedVehicleCanParkAgain) {
    Park(kGuest, "AB123", "C3");
    Leave(kGuest, "AB123");
    EXPECT_EQ(Park(kGuest, "AB123", "D4").slot_number, "D4");
}

TEST_F(ParkingServiceTest, UnknownSlotIsRefused) {
    const auto assigned = parking_.Assign(kGuest, {"AB123", "z99", kCar});
    ASSERT_FALSE(assigned.ok());
    EXPECT_EQ(assigned.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(assigned.error().message, "Slot Z99 does not exist.");
}

TEST_F(ParkingServiceTest, EmptyVehicleNumberIsRefused) {
    const auto assigned = parking_.Assign(kGuest, {"  ", "", kCar});
    ASSERT_FALSE(assigned.ok());
    EXPECT_EQ(assigned.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(assigned.error().message, "Vehicle number required.");
}

TEST_F(ParkingServiceTest, NoSessionMayNotParkOrRelease) {
    const auto assigned = parking_.Assign(Caller{}, {"AB123", "", kCar});
    ASSERT_FALSE(assigned.ok());
    EXPECT_EQ(assigned.error().code, ErrorCode::kUnauthenticated);

    Park(kGuest, "AB123");
    const auto released = parking_.Release(Caller{}, "AB123");
    ASSERT_FALSE(released.ok());
    EXPECT_EQ(released.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(ParkingServiceTest, ReleasingAVehicleThatIsNotParkedIsNotFound) {
    const auto released = parking_.Release(kGuest, "ghost1");
    ASSERT_FALSE(released.ok());
    EXPECT_EQ(released.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(released.error().message, "GHOST1 not found in active records.");
}

TEST_F(ParkingServiceTest, ReleasingTwiceIsNotFound) {
    Park(kGuest, "AB123");
    Leave(kGuest, "AB123");
    const auto again = parking_.Release(kGuest, "AB123");
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
}

TEST_F(ParkingServiceTest, GuestCannotParkAnOwnersRegisteredVehicle) {
    const Caller owner = RegisterOwner("owner@example.com");
    AddVehicle(owner, "OWN1", kCar);

    const auto assigned = parking_.Assign(kGuest, {"own1", "", kCar});
    ASSERT_FALSE(assigned.ok());
    EXPECT_EQ(assigned.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(assigned.error().message,
              "OWN1 is registered to an owner account. Please log in to park it.");
}

TEST_F(ParkingServiceTest, GuestCannotReleaseAnOwnersRegisteredVehicle) {
    const Caller owner = RegisterOwner("owner@example.com");
    AddVehicle(owner, "OWN1", kCar);
    Park(owner, "OWN1", "C3");

    const auto released = parking_.Release(kGuest, "OWN1");
    ASSERT_FALSE(released.ok());
    EXPECT_EQ(released.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(released.error().message,
              "OWN1 is registered to an owner account. Please log in to release it.");
    // Still parked: the owner can release it.
    EXPECT_EQ(Leave(owner, "OWN1").slot_number, "C3");
}

TEST_F(ParkingServiceTest, OwnerIsBilledTheRegisteredTypeNotTheRequestedOne) {
    const Caller owner = RegisterOwner("owner@example.com");
    AddVehicle(owner, "BIG1", kTruck);
    Park(owner, "BIG1", "", kBicycle);
    clock_.Advance(minutes{30});
    const Released released = Leave(owner, "BIG1");
    EXPECT_EQ(released.bill.billed_hours, 1);
    EXPECT_EQ(released.bill.amount_cents, 400);
}

TEST_F(ParkingServiceTest, OwnerMustRegisterAVehicleBeforeParkingIt) {
    const Caller owner = RegisterOwner("owner@example.com");
    const auto assigned = parking_.Assign(owner, {"NEW1", "", kCar});
    ASSERT_FALSE(assigned.ok());
    EXPECT_EQ(assigned.error().code, ErrorCode::kRejected);
    EXPECT_EQ(assigned.error().message, "NEW1 is not registered. Add it in My Vehicles first.");
}

TEST_F(ParkingServiceTest, OwnerCannotMoveAnotherOwnersVehicle) {
    const Caller alice = RegisterOwner("alice@example.com");
    const Caller bob = RegisterOwner("bob@example.com");
    AddVehicle(alice, "ALICE1", kCar);

    const auto assigned = parking_.Assign(bob, {"ALICE1", "", kCar});
    ASSERT_FALSE(assigned.ok());
    EXPECT_EQ(assigned.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(assigned.error().message, "ALICE1 belongs to another owner.");

    Park(alice, "ALICE1");
    const auto released = parking_.Release(bob, "ALICE1");
    ASSERT_FALSE(released.ok());
    EXPECT_EQ(released.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(released.error().message, "ALICE1 belongs to another owner.");
}

}  // namespace
}  // namespace dockpoint::app
