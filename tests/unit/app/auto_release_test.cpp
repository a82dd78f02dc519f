#include "app/auto_release.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>

#include "app/lot_queries.hpp"
#include "app/parking_service.hpp"
#include "app/reservation_service.hpp"
#include "app_test_fixture.hpp"

namespace dockpoint::app {
namespace {

using domain::ErrorCode;
using std::chrono::hours;
using std::chrono::minutes;

constexpr long long kCar = 3;  // 300 cents an hour

// A guest's car parks on C3 at 10:00 Berlin time; an owner reserves C3 for
// 10:10–11:10 the same morning.
class AutoReleaseTest : public AppTest {
protected:
    void SetUp() override {
        const auto parked = parking_.Assign(kGuest, {"WALK1", "C3", kCar});
        ASSERT_TRUE(parked.ok()) << parked.error().message;
        ASSERT_EQ(parked->entry, StartInstant());

        owner_ = RegisterOwner("owner@example.com");
        AddVehicle(owner_, "RES1", kCar);
        const auto reserved =
            reservations_.Reserve(owner_, {"RES1", "C3", "2027-06-01T10:10", "2027-06-01T11:10"});
        ASSERT_TRUE(reserved.ok()) << reserved.error().message;
        ASSERT_EQ(reserved->window.start, StartInstant() + minutes{10});
    }

    std::size_t Run() {
        const auto released = RunAutoRelease(ctx_);
        EXPECT_TRUE(released.ok()) << (released ? "" : released.error().message);
        return released ? *released : 0;
    }

    // The walk-in record of a vehicle, from everyone's history.
    std::optional<store::HistoryRow> WalkIn(const std::string& vehicle) {
        LotQueries queries(ctx_);
        const auto history = queries.History(kGuest, false, {});
        EXPECT_TRUE(history.ok());
        if (!history) return std::nullopt;
        for (const auto& row : *history) {
            if (row.kind == store::BookingKind::kWalkIn && row.vehicle_number == vehicle) {
                return row;
            }
        }
        return std::nullopt;
    }

    std::optional<store::SlotStateRow> SlotState(const std::string& number) {
        LotQueries queries(ctx_);
        const auto slots = queries.Slots();
        EXPECT_TRUE(slots.ok());
        if (!slots) return std::nullopt;
        for (const auto& s : (*slots)->slots) {
            if (s.slot_number == number) return s;
        }
        return std::nullopt;
    }

    ParkingService parking_{ctx_};
    ReservationService reservations_{ctx_};
    Caller owner_;
};

TEST_F(AutoReleaseTest, NothingIsReleasedBeforeTheReservationBegins) {
    clock_.Advance(minutes{5});
    EXPECT_EQ(Run(), 0u);
    const auto walk_in = WalkIn("WALK1");
    ASSERT_TRUE(walk_in.has_value());
    EXPECT_EQ(walk_in->exit, std::nullopt);
    EXPECT_EQ(walk_in->amount_cents, std::nullopt);
}

TEST_F(AutoReleaseTest, OneSecondBeforeTheStartNothingIsReleased) {
    clock_.Advance(minutes{10} - std::chrono::seconds{1});
    EXPECT_EQ(Run(), 0u);
}

TEST_F(AutoReleaseTest, WalkInIsReleasedWhenTheReservationBegins) {
    clock_.Advance(minutes{10});
    EXPECT_EQ(Run(), 1u);
    EXPECT_EQ(Run(), 0u) << "a released walk-in is not released twice";
}

TEST_F(AutoReleaseTest, ReleasedWalkInEndsAtTheReservationStartAndIsBilledForIt) {
    // Released late: the exit is still the reservation start, not "now".
    clock_.Advance(minutes{45});
    EXPECT_EQ(Run(), 1u);
    const auto walk_in = WalkIn("WALK1");
    ASSERT_TRUE(walk_in.has_value());
    EXPECT_EQ(walk_in->slot_number, "C3");
    EXPECT_EQ(walk_in->entry, StartInstant());
    EXPECT_EQ(walk_in->exit, std::optional(StartInstant() + minutes{10}));
    // Ten minutes are one started hour of a car.
    EXPECT_EQ(walk_in->amount_cents, std::optional<domain::Cents>(300));
}

TEST_F(AutoReleaseTest, ReleasedWalkInCannotBeReleasedAgain) {
    clock_.Advance(minutes{10});
    EXPECT_EQ(Run(), 1u);
    const auto released = parking_.Release(kGuest, "WALK1");
    ASSERT_FALSE(released.ok());
    EXPECT_EQ(released.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(released.error().message, "WALK1 not found in active records.");
}

TEST_F(AutoReleaseTest, ReleasingAfterTheStartWithoutTheTimerStillEndsAtTheStart) {
    // Release applies due auto-releases first, so the walk-in is gone already.
    clock_.Advance(minutes{30});
    const auto released = parking_.Release(kGuest, "WALK1");
    ASSERT_FALSE(released.ok());
    EXPECT_EQ(released.error().code, ErrorCode::kNotFound);
    const auto walk_in = WalkIn("WALK1");
    ASSERT_TRUE(walk_in.has_value());
    EXPECT_EQ(walk_in->exit, std::optional(StartInstant() + minutes{10}));
}

TEST_F(AutoReleaseTest, ReservedSlotCannotBeTakenWhileTheReservationRuns) {
    clock_.Advance(minutes{10});
    EXPECT_EQ(Run(), 1u);
    const auto assigned = parking_.Assign(kGuest, {"WALK2", "C3", kCar});
    ASSERT_FALSE(assigned.ok());
    EXPECT_EQ(assigned.error().code, ErrorCode::kConflict);
    EXPECT_NE(assigned.error().message.find("active reservation right now"), std::string::npos)
        << assigned.error().message;
    EXPECT_EQ(assigned.error().message, "Slot C3 has an active reservation right now.");
}

TEST_F(AutoReleaseTest, ReleasedVehicleMayParkElsewhere) {
    clock_.Advance(minutes{10});
    const auto assigned = parking_.Assign(kGuest, {"WALK1", "", kCar});
    ASSERT_TRUE(assigned.ok()) << assigned.error().message;
    EXPECT_EQ(assigned->slot_number, "A2");
}

TEST_F(AutoReleaseTest, SlotMapShowsTheSlotReservedAndFree) {
    const auto before = SlotState("C3");
    ASSERT_TRUE(before.has_value());
    EXPECT_TRUE(before->occupied);
    EXPECT_FALSE(before->reserved_now);
    EXPECT_EQ(before->next_start, std::optional(StartInstant() + minutes{10}));

    clock_.Advance(minutes{10});
    const auto after = SlotState("C3");
    ASSERT_TRUE(after.has_value());
    EXPECT_FALSE(after->occupied);
    EXPECT_TRUE(after->reserved_now);
}

TEST_F(AutoReleaseTest, SlotIsFreeAgainAfterTheReservationEnds) {
    clock_.Advance(minutes{10});
    EXPECT_EQ(Run(), 1u);
    clock_.Advance(hours{1});  // 11:10, the reservation's end
    const auto assigned = parking_.Assign(kGuest, {"WALK2", "C3", kCar});
    ASSERT_TRUE(assigned.ok()) << assigned.error().message;
    EXPECT_EQ(Run(), 0u);
}

TEST_F(AutoReleaseTest, WalkInOnAnotherSlotIsLeftAlone) {
    ASSERT_TRUE(parking_.Assign(kGuest, {"OTHER", "C4", kCar}).ok());
    clock_.Advance(minutes{10});
    EXPECT_EQ(Run(), 1u);
    const auto other = WalkIn("OTHER");
    ASSERT_TRUE(other.has_value());
    EXPECT_EQ(other->exit, std::nullopt);
}

TEST_F(AutoReleaseTest, ReservationStartingNowFreesTheSlotAtOnce) {
    // A second walk-in on D4, and a reservation for D4 from the current minute.
    clock_.Advance(minutes{2});
    ASSERT_TRUE(parking_.Assign(kGuest, {"WALK2", "D4", kCar}).ok());
    clock_.Advance(std::chrono::seconds{30});  // 10:02:30
    AddVehicle(owner_, "RES2", kCar);
    const auto reserved =
        reservations_.Reserve(owner_, {"RES2", "D4", "2027-06-01T10:02", "2027-06-01T11:00"});
    ASSERT_TRUE(reserved.ok()) << reserved.error().message;

    const auto walk_in = WalkIn("WALK2");
    ASSERT_TRUE(walk_in.has_value());
    // Entered 10:02:00, the reservation starts 10:02:00: exit at entry, nothing to pay.
    EXPECT_EQ(walk_in->exit, std::optional(StartInstant() + minutes{2}));
    EXPECT_EQ(walk_in->amount_cents, std::optional<domain::Cents>(0));
}

// The server remembers when the next release falls due (ReleaseSchedule); a
// remembered "nothing due" must give way both to time and to new writes.
TEST_F(AutoReleaseTest, RememberedCheckGivesWayWhenTheReservationBegins) {
    clock_.Advance(minutes{5});
    EXPECT_EQ(Run(), 0u);
    EXPECT_EQ(Run(), 0u) << "answered from memory: nothing due before 10:10";
    clock_.Advance(minutes{5});
    EXPECT_EQ(Run(), 1u);
}

TEST_F(AutoReleaseTest, RememberedCheckGivesWayToAReservationBookedSince) {
    clock_.Advance(minutes{1});
    ASSERT_TRUE(parking_.Assign(kGuest, {"WALK2", "D4", kCar}).ok());
    clock_.Advance(minutes{1});
    EXPECT_EQ(Run(), 0u);  // remembered: the first release is at 10:10 (C3)
    AddVehicle(owner_, "RES2", kCar);
    ASSERT_TRUE(
        reservations_.Reserve(owner_, {"RES2", "D4", "2027-06-01T10:05", "2027-06-01T11:00"}).ok());
    clock_.Advance(minutes{3});            // 10:05, before C3's 10:10
    const auto walk_in = WalkIn("WALK2");  // a read: checks again, as something was written
    ASSERT_TRUE(walk_in.has_value());
    EXPECT_EQ(walk_in->exit, std::optional(StartInstant() + minutes{5}));
}

TEST(ReleaseScheduleTest, TrustsNothingWithoutADataVersion) {
    ReleaseSchedule schedule;
    schedule.Remember(std::nullopt, std::nullopt);
    EXPECT_FALSE(schedule.NothingDueAt(domain::Instant{}, std::nullopt));
}

TEST(ReleaseScheduleTest, TrustsItsMemoryOnlyForTheSameDataVersionAndBeforeTheDueTime) {
    ReleaseSchedule schedule;
    const domain::Instant due{std::chrono::seconds{1000}};
    EXPECT_FALSE(schedule.NothingDueAt(due - minutes{1}, 7)) << "nothing remembered yet";
    schedule.Remember(7, due);
    EXPECT_TRUE(schedule.NothingDueAt(due - std::chrono::seconds{1}, 7));
    EXPECT_FALSE(schedule.NothingDueAt(due, 7));
    EXPECT_FALSE(schedule.NothingDueAt(due - minutes{1}, 8)) << "written since";
    schedule.Remember(8, std::nullopt);
    EXPECT_TRUE(schedule.NothingDueAt(due + hours{24}, 8)) << "no release will fall due";
}

}  // namespace
}  // namespace dockpoint::app
