// The streaming listings write what the nlohmann tree (json_io.hpp) writes:
// money as the same JSON number, ids and cursors as the API documents them.
#include "http/json_lists.hpp"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <chrono>

#include "http/history_cursor.hpp"
#include "http/json_io.hpp"

namespace dockpoint::http {
namespace {

store::HistoryRow Closed(long long id, domain::Cents amount) {
    store::HistoryRow row;
    row.kind = store::BookingKind::kWalkIn;
    row.id = id;
    row.vehicle_number = "AB123";
    row.slot_number = "A1";
    row.vehicle_type = "Car";
    row.entry = domain::Instant{std::chrono::seconds{1'800'000'000}};
    row.exit = row.entry + std::chrono::hours{1};
    row.amount_cents = amount;
    return row;
}

TEST(JsonListsTest, MoneyIsTheNumberTheTreeWrites) {
    const domain::LocalTime utc(date::locate_zone("UTC"));
    std::vector<store::HistoryRow> rows;
    for (domain::Cents cents = 0; cents <= 20'000; cents += 1) rows.push_back(Closed(1, cents));
    for (domain::Cents cents : {123'456'789LL, 9'007'199'254'740LL})
        rows.push_back(Closed(1, cents));
    const Json listed = Json::parse(HistoryListJson(rows, utc));
    ASSERT_EQ(listed.size(), rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        // Same text, not only the same value: clients compare what they see.
        ASSERT_EQ(listed[i]["amount"].dump(), Money(*rows[i].amount_cents).dump())
            << *rows[i].amount_cents;
    }
}

TEST(JsonListsTest, RowsRenderedOnceAreListedAgainAsTheyWere) {
    const domain::LocalTime utc(date::locate_zone("UTC"));
    std::vector<store::HistoryRow> rows{Closed(1, 300), Closed(2, 450)};
    store::HistoryRow open = Closed(3, 0);
    open.exit.reset();
    open.amount_cents.reset();
    rows.push_back(open);
    store::HistoryRow booked = Closed(1, 1200);  // a reservation with a walk-in's id
    booked.kind = store::BookingKind::kReservation;
    rows.push_back(booked);
    const std::string plain = HistoryListJson(rows, utc);
    RowFragments fragments;
    EXPECT_EQ(HistoryListJson(rows, utc, &fragments, 7), plain) << "rendered and kept";
    EXPECT_EQ(HistoryListJson(rows, utc, &fragments, 7), plain) << "from the kept rows";
    EXPECT_NE(fragments.Find(rows[0], 7), nullptr);
    EXPECT_NE(fragments.Find(booked, 7), nullptr);
    EXPECT_NE(*fragments.Find(rows[0], 7), *fragments.Find(booked, 7)) << "kinds kept apart";
    EXPECT_EQ(fragments.Find(open, 7), nullptr) << "an open walk-in will change";
    EXPECT_EQ(fragments.Find(rows[0], 8), nullptr) << "another program wrote since";
    EXPECT_EQ(HistoryListJson(rows, utc, &fragments, std::nullopt), plain)
        << "no counts: no copies";
}

TEST(JsonListsTest, DisplayIdsArePaddedToFourDigitsAndGrowPastThem) {
    EXPECT_EQ(DisplayId(store::BookingKind::kWalkIn, 7), "WK-0007");
    EXPECT_EQ(DisplayId(store::BookingKind::kReservation, 1234), "RS-1234");
    EXPECT_EQ(DisplayId(store::BookingKind::kWalkIn, 1'234'567), "WK-1234567");
}

TEST(JsonListsTest, EachRowCarriesTheCursorThatReadsBackToIt) {
    const domain::LocalTime utc(date::locate_zone("UTC"));
    const auto row = Closed(42, 300);
    const Json listed = Json::parse(HistoryListJson({row}, utc));
    const std::string cursor = listed[0]["cursor"];
    EXPECT_EQ(cursor, "1800000000-w42");
    const auto parsed = ParseHistoryCursor(cursor);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->entry, row.entry);
    EXPECT_EQ(parsed->id, 42);
    EXPECT_EQ(parsed->kind, store::BookingKind::kWalkIn);
    for (const char* bad : {"", "1-w", "-w1", "01-w1", "1-w01", "1-x1", "1-w-1", "1-w+1", "1w1"})
        EXPECT_FALSE(ParseHistoryCursor(bad).has_value()) << bad;
}

}  // namespace
}  // namespace dockpoint::http
