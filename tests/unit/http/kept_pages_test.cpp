// Kept history pages and row fragments: only at the version they were read
// at, never revived by a late keep of an older read, bounded.
#include "http/kept_pages.hpp"

#include "http/row_fragments.hpp"

#include <gtest/gtest.h>

namespace dockpoint::http {
namespace {

std::shared_ptr<const std::string> Body(std::size_t size = 10) {
    return std::make_shared<const std::string>(size, 'x');
}

TEST(KeptPagesTest, AKeptPageIsFoundOnlyAtItsVersion) {
    KeptPages pages;
    const auto body = Body();
    pages.Keep("lot 50 0", 3, body);
    EXPECT_EQ(pages.Find("lot 50 0", 3), body);
    EXPECT_EQ(pages.Find("lot 50 50", 3), nullptr);
    EXPECT_EQ(pages.Find("lot 50 0", 4), nullptr);
    EXPECT_EQ(pages.Find("lot 50 0", std::nullopt), nullptr);
    pages.Keep("lot 50 0", std::nullopt, body);  // a store without counts keeps nothing
    EXPECT_EQ(pages.Find("lot 50 0", 3), body);
}

TEST(KeptPagesTest, ALateKeepOfAnOlderReadIsIgnoredAndANewerOneStartsOver) {
    KeptPages pages;
    pages.Keep("a", 5, Body());
    pages.Keep("b", 4, Body());
    EXPECT_EQ(pages.Find("b", 4), nullptr);
    EXPECT_EQ(pages.Find("b", 5), nullptr);
    pages.Keep("c", 6, Body());
    EXPECT_EQ(pages.Find("a", 6), nullptr);
    EXPECT_NE(pages.Find("c", 6), nullptr);
}

TEST(KeptPagesTest, StaysBoundedInCountAndSize) {
    KeptPages pages;
    pages.Keep("huge", 1, Body(KeptPages::kMaxPageBytes + 1));
    EXPECT_EQ(pages.Find("huge", 1), nullptr);
    pages.Keep("largest", 1, Body(KeptPages::kMaxPageBytes));
    EXPECT_NE(pages.Find("largest", 1), nullptr);
    for (std::size_t i = 0; i < KeptPages::kCapacity; ++i)
        pages.Keep("page " + std::to_string(i), 1, Body());
    // The 65th page started over: the first ones are gone, the last is kept.
    EXPECT_EQ(pages.Find("largest", 1), nullptr);
    EXPECT_NE(pages.Find("page " + std::to_string(KeptPages::kCapacity - 1), 1), nullptr);
}

TEST(RowFragmentsTest, StayBoundedAndAreNeverRevivedByAnOlderRender) {
    RowFragments fragments;
    store::HistoryRow row;
    row.kind = store::BookingKind::kReservation;
    for (long long id = 1; id <= static_cast<long long>(RowFragments::kCapacity); ++id) {
        row.id = id;
        fragments.Keep(row, 2, Body());
    }
    row.id = 1;
    EXPECT_NE(fragments.Find(row, 2), nullptr);
    row.id = static_cast<long long>(RowFragments::kCapacity) + 1;
    fragments.Keep(row, 2, Body());  // full: starts over
    EXPECT_NE(fragments.Find(row, 2), nullptr);
    row.id = 1;
    EXPECT_EQ(fragments.Find(row, 2), nullptr);
    fragments.Keep(row, 1, Body());  // rendered before another program's write
    EXPECT_EQ(fragments.Find(row, 1), nullptr);
    EXPECT_EQ(fragments.Find(row, 2), nullptr);
}

}  // namespace
}  // namespace dockpoint::http
