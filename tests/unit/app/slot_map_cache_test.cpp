#include "app/slot_map_cache.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "app/lot_queries.hpp"
#include "app/parking_service.hpp"
#include "app/reservation_service.hpp"
#include "app_test_fixture.hpp"

namespace dockpoint::app {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const domain::Instant kNoon{std::chrono::seconds{1'800'000'000}};

store::SlotStateRow Slot(std::optional<domain::Instant> start, std::optional<domain::Instant> end) {
    store::SlotStateRow row{};
    row.next_start = start;
    row.next_end = end;
    return row;
}

TEST(NextReservationBoundaryTest, IsTheNextStartOrTheCurrentEndWhicheverComesFirst) {
    EXPECT_EQ(NextReservationBoundary({}, kNoon), std::nullopt);
    EXPECT_EQ(NextReservationBoundary({Slot(std::nullopt, std::nullopt)}, kNoon), std::nullopt);
    // Upcoming: the map changes when it begins.
    EXPECT_EQ(NextReservationBoundary({Slot(kNoon + hours{2}, kNoon + hours{3})}, kNoon),
              std::optional(kNoon + hours{2}));
    // Running: the map changes when it ends.
    EXPECT_EQ(NextReservationBoundary({Slot(kNoon - hours{1}, kNoon + hours{4})}, kNoon),
              std::optional(kNoon + hours{4}));
    EXPECT_EQ(NextReservationBoundary({Slot(kNoon, kNoon + minutes{30})}, kNoon),
              std::optional(kNoon + minutes{30}))
        << "one that begins at the read is running";
    EXPECT_EQ(NextReservationBoundary(
                  {Slot(kNoon + hours{2}, kNoon + hours{3}),
                   Slot(kNoon - hours{1}, kNoon + hours{1}), Slot(std::nullopt, std::nullopt)},
                  kNoon),
              std::optional(kNoon + hours{1}));
}

TEST(SlotMapCacheTest, HandsOutTheKeptMapOnlyWhileItIsExact) {
    SlotMapCache cache;
    auto map = std::make_shared<SlotMap>();
    map->slots = {Slot(kNoon + hours{2}, kNoon + hours{3})};
    EXPECT_EQ(cache.Find(kNoon, 4), nullptr) << "nothing kept yet";
    cache.Keep(map, kNoon, 4);
    EXPECT_EQ(cache.Find(kNoon, 4), map);
    EXPECT_EQ(cache.Find(kNoon + hours{2} - std::chrono::seconds{1}, 4), map);
    EXPECT_EQ(cache.Find(kNoon + hours{2}, 4), nullptr) << "the reservation has begun";
    EXPECT_EQ(cache.Find(kNoon + minutes{1}, 5), nullptr) << "written since";
    EXPECT_EQ(cache.Find(kNoon - minutes{1}, 4), nullptr) << "asked about an earlier time";
}

TEST(SlotMapCacheTest, KeepsNothingWithoutADataVersion) {
    SlotMapCache cache;
    cache.Keep(std::make_shared<SlotMap>(), kNoon, std::nullopt);
    EXPECT_EQ(cache.Find(kNoon, std::nullopt), nullptr);
    EXPECT_EQ(cache.Find(kNoon, 0), nullptr);
}

// Through the use case, on a real store: the map follows writes and time.
class SlotMapThroughQueriesTest : public AppTest {
protected:
    std::shared_ptr<const SlotMap> Map() {
        auto map = LotQueries(ctx_).Slots();
        EXPECT_TRUE(map.ok());
        return map ? *map : nullptr;
    }
    static const store::SlotStateRow* Find(const SlotMap& map, const std::string& number) {
        for (const auto& s : map.slots) {
            if (s.slot_number == number) return &s;
        }
        return nullptr;
    }
};

TEST_F(SlotMapThroughQueriesTest, SameMapUntilAWriteThenAFreshOne) {
    const auto first = Map();
    EXPECT_EQ(Map(), first) << "nothing changed: the same map";
    ParkingService parking(ctx_);
    ASSERT_TRUE(parking.Assign(kGuest, {"CACHE1", "A1", 1}).ok());
    const auto second = Map();
    ASSERT_NE(second, first);
    ASSERT_NE(Find(*second, "A1"), nullptr);
    EXPECT_TRUE(Find(*second, "A1")->occupied);
}

TEST_F(SlotMapThroughQueriesTest, ReservationBeginningIsShownWithoutAnyWrite) {
    const Caller owner = RegisterOwner("cache@example.com");
    AddVehicle(owner, "RES9", 1);
    ASSERT_TRUE(ReservationService(ctx_)
                    .Reserve(owner, {"RES9", "B2", "2027-06-01T10:30", "2027-06-01T11:00"})
                    .ok());
    const auto before = Map();
    ASSERT_NE(Find(*before, "B2"), nullptr);
    EXPECT_FALSE(Find(*before, "B2")->reserved_now);
    clock_.Advance(minutes{30});
    const auto during = Map();
    EXPECT_TRUE(Find(*during, "B2")->reserved_now);
    clock_.Advance(minutes{30});
    const auto after = Map();
    EXPECT_FALSE(Find(*after, "B2")->reserved_now);
    EXPECT_EQ(Find(*after, "B2")->next_start, std::nullopt);
}

}  // namespace
}  // namespace dockpoint::app
