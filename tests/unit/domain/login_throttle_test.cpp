#include "domain/login_throttle.hpp"

#include <date/date.h>
#include <gtest/gtest.h>

#include <chrono>

namespace dockpoint::domain {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// 2027-03-01 12:00:00 UTC plus `offset`.
Instant At(seconds offset) {
    return date::sys_days{date::year{2027} / 3 / 1} + std::chrono::hours{12} + offset;
}

// Failures at the given offsets (seconds after At(0)), oldest first.
FailureTimes FailuresAt(std::initializer_list<int> offsets) {
    FailureTimes times;
    for (int offset : offsets) times.push_back(At(seconds{offset}));
    return times;
}

constexpr seconds kWindow = minutes{15};

TEST(WaitAfterFailuresTest, BelowTheLimitThereIsNoWait) {
    EXPECT_EQ(WaitAfterFailures({}, 5, kWindow, At(seconds{0})), seconds{0});
    EXPECT_EQ(WaitAfterFailures(FailuresAt({0, 1, 2, 3}), 5, kWindow, At(seconds{4})), seconds{0});
}

TEST(WaitAfterFailuresTest, AtTheLimitTheWaitLastsUntilTheOldestLeavesTheWindow) {
    const FailureTimes five = FailuresAt({0, 60, 120, 180, 240});
    EXPECT_EQ(WaitAfterFailures(five, 5, kWindow, At(seconds{240})), seconds{660});
    EXPECT_EQ(WaitAfterFailures(five, 5, kWindow, At(seconds{300})), seconds{600});
    EXPECT_EQ(WaitAfterFailures(five, 5, kWindow, At(seconds{899})), seconds{1});
    // At 900 s the first failure is 15 minutes old and no longer counts.
    EXPECT_EQ(WaitAfterFailures(five, 5, kWindow, At(seconds{900})), seconds{0});
}

TEST(WaitAfterFailuresTest, TheWindowSlides) {
    // Six failures: after the first expires, five still count until 960 s.
    const FailureTimes six = FailuresAt({0, 60, 120, 180, 240, 300});
    EXPECT_EQ(WaitAfterFailures(six, 5, kWindow, At(seconds{900})), seconds{60});
    EXPECT_EQ(WaitAfterFailures(six, 5, kWindow, At(seconds{960})), seconds{0});
}

TEST(WaitAfterFailuresTest, OldFailuresDoNotCount) {
    const FailureTimes spread = FailuresAt({0, 1000, 2000, 3000, 4000});
    EXPECT_EQ(WaitAfterFailures(spread, 5, kWindow, At(seconds{4000})), seconds{0});
}

TEST(WaitAfterFailuresTest, AZeroLimitNeverWaits) {
    EXPECT_EQ(WaitAfterFailures(FailuresAt({0, 1, 2}), 0, kWindow, At(seconds{3})), seconds{0});
}

TEST(PruneFailuresTest, DropsExpiredAndKeepsTheNewest) {
    FailureTimes times = FailuresAt({0, 100, 200, 950, 960, 970});
    PruneFailures(times, kWindow, 10, At(seconds{1000}));
    EXPECT_EQ(times, FailuresAt({200, 950, 960, 970}));
    PruneFailures(times, kWindow, 2, At(seconds{1000}));
    EXPECT_EQ(times, FailuresAt({960, 970}));
    PruneFailures(times, kWindow, 2, At(seconds{2000}));
    EXPECT_TRUE(times.empty());
}

TEST(PruneFailuresTest, KeepingTheLimitDoesNotChangeTheWait) {
    const FailureTimes all = FailuresAt({0, 10, 20, 30, 40, 50, 60});
    FailureTimes pruned = all;
    PruneFailures(pruned, kWindow, 5, At(seconds{70}));
    for (int t : {70, 500, 905, 915, 959, 960, 1000}) {
        EXPECT_EQ(WaitAfterFailures(pruned, 5, kWindow, At(seconds{t})),
                  WaitAfterFailures(all, 5, kWindow, At(seconds{t})))
            << t;
    }
}

TEST(LoginWaitTest, TheLongerOfIdentifierAndAddressWaits) {
    const LoginThrottlePolicy policy;  // 5 per identifier, 20 per address, 15 minutes
    FailureTimes address;
    for (int i = 0; i < 20; ++i) address.push_back(At(seconds{i * 10}));
    const FailureTimes identifier = FailuresAt({100, 110, 120, 130, 140});

    EXPECT_EQ(LoginWait(policy, {}, {}, At(seconds{200})), seconds{0});
    EXPECT_EQ(LoginWait(policy, identifier, {}, At(seconds{200})), seconds{800});
    EXPECT_EQ(LoginWait(policy, {}, address, At(seconds{200})), seconds{700});
    EXPECT_EQ(LoginWait(policy, identifier, address, At(seconds{200})), seconds{800});
    // 19 failures from an address are not enough.
    address.pop_back();
    EXPECT_EQ(LoginWait(policy, {}, address, At(seconds{200})), seconds{0});
}

TEST(LoginWaitTest, DefaultPolicy) {
    const LoginThrottlePolicy policy;
    EXPECT_EQ(policy.max_failures_per_identifier, 5U);
    EXPECT_EQ(policy.max_failures_per_address, 20U);
    EXPECT_EQ(policy.window, minutes{15});
}

TEST(TooManyAttemptsMessageTest, NamesTheWaitInSeconds) {
    EXPECT_EQ(TooManyAttemptsMessage(seconds{850}),
              "Too many login attempts. Try again in 850 seconds.");
    EXPECT_EQ(TooManyAttemptsMessage(seconds{1}),
              "Too many login attempts. Try again in 1 second.");
    EXPECT_EQ(TooManyAttemptsMessage(seconds{0}),
              "Too many login attempts. Try again in 1 second.");
}

}  // namespace
}  // namespace dockpoint::domain
