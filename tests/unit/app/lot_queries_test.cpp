// History pages read key first: the rows a caller holds come back as keys
// only, the others whole, in the same order as a page read in one query.
#include "app/lot_queries.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <tuple>

#include "app/parking_service.hpp"
#include "app/reservation_service.hpp"
#include "app_test_fixture.hpp"

namespace dockpoint::app {
namespace {

constexpr long long kCar = 3;

auto Key(const store::HistoryRow& r) { return std::tuple(r.kind, r.id, r.entry); }
auto Whole(const store::HistoryRow& r) {
    return std::tuple(r.kind, r.id, r.entry, r.exit, r.amount_cents, r.vehicle_number,
                      r.slot_number, r.vehicle_type);
}

class LotQueriesTest : public AppTest {
protected:
    void SetUp() override {
        ParkingService parking(ctx_);
        for (const char* plate : {"KEY1", "KEY2", "KEY3"}) {
            ASSERT_TRUE(parking.Assign(kGuest, {plate, "", kCar}).ok());
        }
        clock_.Advance(std::chrono::minutes{30});
        ASSERT_TRUE(parking.Release(kGuest, "KEY2").ok());
        const auto owner = RegisterOwner("keys@example.com");
        AddVehicle(owner, "KEYRES", kCar);
        ReservationService reservations(ctx_);
        ASSERT_TRUE(
            reservations.Reserve(owner, {"KEYRES", "D1", "2027-06-02T10:00", "2027-06-02T11:00"})
                .ok());
    }

    std::vector<store::HistoryRow> Page(const LotQueries::RowHeld& held, long long limit = 10,
                                        long long offset = 0) {
        LotQueries queries(ctx_);
        HistoryPage page;
        page.limit = limit;
        page.offset = offset;
        const auto rows = queries.History(kGuest, false, page, held);
        EXPECT_TRUE(rows.ok());
        return rows ? *rows : std::vector<store::HistoryRow>{};
    }
};

TEST_F(LotQueriesTest, RowsNotHeldAreReadWholeInTheOneQueryOrder) {
    const auto plain = Page({});
    ASSERT_EQ(plain.size(), 4u);
    std::vector<std::pair<store::BookingKind, long long>> asked;
    const auto keyed = Page([&](store::BookingKind kind, long long id) {
        asked.emplace_back(kind, id);
        return false;
    });
    ASSERT_EQ(keyed.size(), plain.size());
    ASSERT_EQ(asked.size(), plain.size()) << "asked once per row";
    for (std::size_t i = 0; i < plain.size(); ++i) {
        EXPECT_EQ(Whole(keyed[i]), Whole(plain[i])) << i;
        EXPECT_EQ(asked[i], std::pair(plain[i].kind, plain[i].id)) << "in order";
    }
}

TEST_F(LotQueriesTest, HeldRowsComeBackAsTheirKeysOnly) {
    const auto plain = Page({});
    // The reservation and one walk-in: half the page.
    const long long held_walk_in = plain.back().id;
    const auto held = [&](store::BookingKind kind, long long id) {
        return kind == store::BookingKind::kReservation || id == held_walk_in;
    };
    const auto keyed = Page(held);
    ASSERT_EQ(keyed.size(), plain.size());
    for (std::size_t i = 0; i < plain.size(); ++i) {
        EXPECT_EQ(Key(keyed[i]), Key(plain[i])) << i;
        if (held(plain[i].kind, plain[i].id)) {
            EXPECT_TRUE(keyed[i].vehicle_number.empty()) << "not read";
        } else {
            EXPECT_EQ(Whole(keyed[i]), Whole(plain[i])) << i;
        }
    }
}

TEST_F(LotQueriesTest, APageMostlyNotHeldIsReadWhole) {
    const auto plain = Page({});
    const auto keyed = Page([](store::BookingKind kind, long long) {
        return kind == store::BookingKind::kReservation;  // one row of four
    });
    ASSERT_EQ(keyed.size(), plain.size());
    for (std::size_t i = 0; i < plain.size(); ++i) EXPECT_EQ(Whole(keyed[i]), Whole(plain[i]));
}

TEST_F(LotQueriesTest, APagePastAnOffsetIsReadInOneQuery) {
    bool asked = false;
    const auto rest = Page(
        [&](store::BookingKind, long long) {
            asked = true;
            return true;
        },
        10, 1);
    EXPECT_EQ(rest.size(), 3u);
    EXPECT_FALSE(asked);
}

TEST_F(LotQueriesTest, APageWithoutALimitIsReadInOneQuery) {
    bool asked = false;
    const auto all = Page(
        [&](store::BookingKind, long long) {
            asked = true;
            return true;
        },
        -1);
    EXPECT_EQ(all.size(), 4u);
    EXPECT_FALSE(asked);
    EXPECT_FALSE(all[0].vehicle_number.empty());
}

}  // namespace
}  // namespace dockpoint::app
