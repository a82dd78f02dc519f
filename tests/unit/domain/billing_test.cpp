#include "domain/billing.hpp"

#include <date/date.h>
#include <gtest/gtest.h>

#include <chrono>

namespace dockpoint::domain {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// 2027-01-15 10:00:00 UTC.
const Instant kEntry = date::sys_days{date::year{2027} / 1 / 15} + hours{10};
constexpr Cents kCarRate = 300;

TEST(ComputeBillTest, ZeroDurationBillsNothing) {
    const Bill bill = ComputeBill(kEntry, kEntry, kCarRate);
    EXPECT_EQ(bill.billed_hours, 0);
    EXPECT_EQ(bill.amount_cents, 0);
}

TEST(ComputeBillTest, NegativeDurationBillsNothing) {
    const Bill bill = ComputeBill(kEntry, kEntry - hours{2}, kCarRate);
    EXPECT_EQ(bill.billed_hours, 0);
    EXPECT_EQ(bill.amount_cents, 0);
}

TEST(ComputeBillTest, OneSecondIsAStartedHour) {
    const Bill bill = ComputeBill(kEntry, kEntry + seconds{1}, kCarRate);
    EXPECT_EQ(bill.billed_hours, 1);
    EXPECT_EQ(bill.amount_cents, 300);
}

TEST(ComputeBillTest, ExactlyOneHourIsOneHour) {
    const Bill bill = ComputeBill(kEntry, kEntry + hours{1}, kCarRate);
    EXPECT_EQ(bill.billed_hours, 1);
    EXPECT_EQ(bill.amount_cents, 300);
}

TEST(ComputeBillTest, OneHourAndOneSecondIsTwoHours) {
    const Bill bill = ComputeBill(kEntry, kEntry + hours{1} + seconds{1}, kCarRate);
    EXPECT_EQ(bill.billed_hours, 2);
    EXPECT_EQ(bill.amount_cents, 600);
}

TEST(ComputeBillTest, SixtyOneMinutesIsTwoHours) {
    const Bill bill = ComputeBill(kEntry, kEntry + minutes{61}, 100);
    EXPECT_EQ(bill.billed_hours, 2);
    EXPECT_EQ(bill.amount_cents, 200);
}

TEST(ComputeBillTest, ZeroRateBillsHoursButNoMoney) {
    const Bill bill = ComputeBill(kEntry, kEntry + minutes{90}, 0);
    EXPECT_EQ(bill.billed_hours, 2);
    EXPECT_EQ(bill.amount_cents, 0);
}

TEST(ComputeBillTest, LargeDurationDoesNotOverflow) {
    // 366 days and one second: 8784 full hours plus a started one.
    const Bill year = ComputeBill(kEntry, kEntry + hours{24 * 366} + seconds{1}, 400);
    EXPECT_EQ(year.billed_hours, 8785);
    EXPECT_EQ(year.amount_cents, 8785 * 400);

    // Ten thousand years of parking at 4.00 an hour still fits in 64 bits.
    const Bill ages = ComputeBill(kEntry, kEntry + hours{87'660'000}, 400);
    EXPECT_EQ(ages.billed_hours, 87'660'000);
    EXPECT_EQ(ages.amount_cents, 35'064'000'000);
}

TEST(SplitDurationTest, TwoHoursThirtyMinutes) {
    const DurationParts parts = SplitDuration(kEntry, kEntry + hours{2} + minutes{30});
    EXPECT_EQ(parts.hours, 2);
    EXPECT_EQ(parts.minutes, 30);
}

TEST(SplitDurationTest, LeftoverSecondsAreDropped) {
    const DurationParts under_a_minute = SplitDuration(kEntry, kEntry + seconds{59});
    EXPECT_EQ(under_a_minute.hours, 0);
    EXPECT_EQ(under_a_minute.minutes, 0);

    const DurationParts parts = SplitDuration(kEntry, kEntry + hours{1} + minutes{5} + seconds{59});
    EXPECT_EQ(parts.hours, 1);
    EXPECT_EQ(parts.minutes, 5);
}

TEST(SplitDurationTest, WholeDaysCountAsHours) {
    const DurationParts parts = SplitDuration(kEntry, kEntry + hours{49} + minutes{1});
    EXPECT_EQ(parts.hours, 49);
    EXPECT_EQ(parts.minutes, 1);
}

TEST(SplitDurationTest, ZeroAndNegativeDurationsAreZero) {
    const DurationParts zero = SplitDuration(kEntry, kEntry);
    EXPECT_EQ(zero.hours, 0);
    EXPECT_EQ(zero.minutes, 0);

    const DurationParts negative = SplitDuration(kEntry, kEntry - hours{3});
    EXPECT_EQ(negative.hours, 0);
    EXPECT_EQ(negative.minutes, 0);
}

}  // namespace
}  // namespace dockpoint::domain
