#include "domain/time_window.hpp"

#include <date/date.h>
#include <gtest/gtest.h>

#include <chrono>

namespace dockpoint::domain {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// 2027-01-15 at the given UTC time of day.
Instant At(int hour, int minute, int second = 0) {
    return date::sys_days{date::year{2027} / 1 / 15} + hours{hour} + minutes{minute} +
           seconds{second};
}

TimeWindow Window(Instant start, Instant end) { return TimeWindow{start, end}; }

TEST(OverlapsTest, TouchingWindowsDoNotOverlap) {
    const TimeWindow morning = Window(At(8, 0), At(10, 0));
    const TimeWindow late_morning = Window(At(10, 0), At(12, 0));
    EXPECT_FALSE(Overlaps(morning, late_morning));
    EXPECT_FALSE(Overlaps(late_morning, morning));
}

TEST(OverlapsTest, OneSecondOfSharedTimeOverlaps) {
    const TimeWindow a = Window(At(8, 0), At(10, 0, 1));
    const TimeWindow b = Window(At(10, 0), At(12, 0));
    EXPECT_TRUE(Overlaps(a, b));
    EXPECT_TRUE(Overlaps(b, a));
}

TEST(OverlapsTest, PartialOverlapIsSymmetric) {
    const TimeWindow a = Window(At(8, 0), At(11, 0));
    const TimeWindow b = Window(At(10, 0), At(12, 0));
    EXPECT_TRUE(Overlaps(a, b));
    EXPECT_TRUE(Overlaps(b, a));
}

TEST(OverlapsTest, ContainmentOverlaps) {
    const TimeWindow outer = Window(At(8, 0), At(18, 0));
    const TimeWindow inner = Window(At(12, 0), At(13, 0));
    EXPECT_TRUE(Overlaps(outer, inner));
    EXPECT_TRUE(Overlaps(inner, outer));
}

TEST(OverlapsTest, IdenticalWindowsOverlap) {
    const TimeWindow w = Window(At(9, 0), At(10, 0));
    EXPECT_TRUE(Overlaps(w, w));
}

TEST(OverlapsTest, DisjointWindowsDoNotOverlap) {
    EXPECT_FALSE(Overlaps(Window(At(8, 0), At(9, 0)), Window(At(11, 0), At(12, 0))));
}

TEST(CoversTest, StartIsInsideEndIsOutside) {
    const TimeWindow w = Window(At(9, 0), At(10, 0));
    EXPECT_TRUE(Covers(w, At(9, 0)));
    EXPECT_TRUE(Covers(w, At(9, 59, 59)));
    EXPECT_FALSE(Covers(w, At(10, 0)));
    EXPECT_FALSE(Covers(w, At(8, 59, 59)));
}

TEST(ValidatePreviewWindowTest, ExitMustFollowEntry) {
    const Status same = ValidatePreviewWindow(Window(At(9, 0), At(9, 0)));
    ASSERT_FALSE(same.ok());
    EXPECT_EQ(same.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(same.error().message, "Exit must be after entry.");

    const Status backwards = ValidatePreviewWindow(Window(At(10, 0), At(9, 0)));
    ASSERT_FALSE(backwards.ok());
    EXPECT_EQ(backwards.error().message, "Exit must be after entry.");
}

TEST(ValidatePreviewWindowTest, OneMinuteIsFine) {
    EXPECT_TRUE(ValidatePreviewWindow(Window(At(9, 0), At(9, 1))).ok());
}

TEST(ValidatePreviewWindowTest, ExactlyThreeHundredSixtySixDaysIsAllowed) {
    const Instant start = At(9, 0);
    EXPECT_TRUE(ValidatePreviewWindow(Window(start, start + date::days{366})).ok());
}

TEST(ValidatePreviewWindowTest, OneSecondOverThreeHundredSixtySixDaysIsRefused) {
    const Instant start = At(9, 0);
    const Status status =
        ValidatePreviewWindow(Window(start, start + date::days{366} + seconds{1}));
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(status.error().message, "A reservation can last at most 366 days.");
}

TEST(ValidatePreviewWindowTest, PastWindowsAreFineForAPreview) {
    // Only the shape matters: a window years ago still gets a price.
    const Instant long_ago = date::sys_days{date::year{2001} / 1 / 1};
    EXPECT_TRUE(ValidatePreviewWindow(Window(long_ago, long_ago + hours{2})).ok());
}

TEST(ValidateReservationWindowTest, EntryInsideTheCurrentMinuteIsAllowed) {
    const Instant now = At(10, 30, 40);
    EXPECT_TRUE(ValidateReservationWindow(Window(At(10, 30), At(11, 30)), now).ok());
}

TEST(ValidateReservationWindowTest, EntryInThePreviousMinuteIsRefused) {
    const Instant now = At(10, 30, 40);
    const Status status = ValidateReservationWindow(Window(At(10, 29), At(11, 30)), now);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(status.error().message, "Entry time cannot be in the past.");
}

TEST(ValidateReservationWindowTest, OneSecondBeforeTheCurrentMinuteIsRefused) {
    const Instant now = At(10, 30, 0);
    const Status status = ValidateReservationWindow(Window(At(10, 29, 59), At(11, 30)), now);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().message, "Entry time cannot be in the past.");
}

TEST(ValidateReservationWindowTest, FutureEntryIsAllowed) {
    EXPECT_TRUE(ValidateReservationWindow(Window(At(12, 0), At(13, 0)), At(10, 30, 40)).ok());
}

TEST(ValidateReservationWindowTest, ShapeRulesStillApply) {
    const Instant now = At(8, 0);
    const Status backwards = ValidateReservationWindow(Window(At(10, 0), At(9, 0)), now);
    ASSERT_FALSE(backwards.ok());
    EXPECT_EQ(backwards.error().message, "Exit must be after entry.");

    const Status too_long =
        ValidateReservationWindow(Window(At(9, 0), At(9, 0) + date::days{367}), now);
    ASSERT_FALSE(too_long.ok());
    EXPECT_EQ(too_long.error().message, "A reservation can last at most 366 days.");

    EXPECT_TRUE(ValidateReservationWindow(Window(At(9, 0), At(9, 0) + date::days{366}), now).ok());
}

TEST(AutoReleaseExitTest, WalkInBeforeTheReservationEndsAtItsStart) {
    EXPECT_EQ(AutoReleaseExit(At(9, 0), At(10, 0)), At(10, 0));
}

TEST(AutoReleaseExitTest, WalkInAfterTheReservationStartEndsAtItsOwnEntry) {
    EXPECT_EQ(AutoReleaseExit(At(10, 15), At(10, 0)), At(10, 15));
}

TEST(AutoReleaseExitTest, SameInstantGivesThatInstant) {
    EXPECT_EQ(AutoReleaseExit(At(10, 0), At(10, 0)), At(10, 0));
}

}  // namespace
}  // namespace dockpoint::domain
