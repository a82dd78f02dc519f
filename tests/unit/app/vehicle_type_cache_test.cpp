// Kept rates: a preview is priced from memory once the rates were read, and
// a rate another program changes is charged soon after (the writer notices
// within SqliteWriter::kForeignCheckInterval), never the stale one after that.
#include "app/vehicle_type_cache.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <thread>

#include "app/lot_queries.hpp"
#include "app/reservation_service.hpp"
#include "app_test_fixture.hpp"

namespace dockpoint::app {
namespace {

const PreviewInput kTwoHoursOfType3{"2027-06-01T10:00", "2027-06-01T12:00", 3};

TEST(VehicleTypeCacheTest, GivesTheListBackOnlyAtItsVersionAndNeverAnOlderOne) {
    VehicleTypeCache cache;
    auto first = std::make_shared<const VehicleTypeList>(VehicleTypeList{{1, "Car", 300}});
    auto second = std::make_shared<const VehicleTypeList>(VehicleTypeList{{1, "Car", 350}});
    EXPECT_EQ(cache.Find(1), nullptr);
    cache.Keep(first, 1);
    EXPECT_EQ(cache.Find(1), first);
    EXPECT_EQ(cache.Find(2), nullptr);
    EXPECT_EQ(cache.Find(std::nullopt), nullptr);
    cache.Keep(second, 2);
    cache.Keep(first, 1);  // a slow read of the old rates, kept late
    EXPECT_EQ(cache.Find(2), second);
    EXPECT_EQ(FindVehicleType(*second, 1)->hourly_rate_cents, 350);
    EXPECT_EQ(FindVehicleType(*second, 9), nullptr);
}

class VehicleTypeCacheServiceTest : public AppTest {
protected:
    ReservationService reservations_{ctx_};
};

TEST_F(VehicleTypeCacheServiceTest, PreviewsArePricedFromMemoryOnceTheRatesWereRead) {
    const auto unknown = reservations_.PreviewCostFromMemory(kTwoHoursOfType3);
    EXPECT_FALSE(unknown.has_value()) << "nothing read yet";
    const auto read = reservations_.PreviewCost(kTwoHoursOfType3);
    ASSERT_TRUE(read.ok());
    const auto kept = reservations_.PreviewCostFromMemory(kTwoHoursOfType3);
    ASSERT_TRUE(kept.has_value());
    ASSERT_TRUE(kept->ok());
    EXPECT_EQ((*kept)->bill.amount_cents, read->bill.amount_cents);
    // Bad input needs no rates at all.
    const auto bad = reservations_.PreviewCostFromMemory({"yesterday", "2027-06-01T12:00", 3});
    ASSERT_TRUE(bad.has_value());
    EXPECT_FALSE(bad->ok());
    const auto no_type =
        reservations_.PreviewCostFromMemory({"2027-06-01T10:00", "2027-06-01T12:00", 99});
    ASSERT_TRUE(no_type.has_value());
    ASSERT_FALSE(no_type->ok());
    EXPECT_EQ(no_type->error().message, "Invalid vehicle type.");
}

TEST_F(VehicleTypeCacheServiceTest, ARateChangedByAnotherProgramIsChargedOnceNoticed) {
    const auto before = reservations_.PreviewCost(kTwoHoursOfType3);
    ASSERT_TRUE(before.ok());
    ASSERT_NE(before->hourly_rate_cents, 1234);
    {
        soci::session other(soci::sqlite3, "db=\"" + path_ + "\" timeout=10");
        other << "UPDATE vehicle_types SET hourly_rate_cents = 1234 WHERE id = 3";
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (KeptVehicleTypes(ctx_) != nullptr && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(KeptVehicleTypes(ctx_), nullptr) << "the kept rates were not dropped";
    const auto after = reservations_.PreviewCost(kTwoHoursOfType3);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->hourly_rate_cents, 1234);
    EXPECT_EQ(after->bill.amount_cents, 2468);
}

}  // namespace
}  // namespace dockpoint::app
