#include "app/login_limiter.hpp"

#include <date/date.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace dockpoint::app {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const domain::Instant kStart = date::sys_days{date::year{2027} / 3 / 1};

TEST(LoginLimiterTest, CountsPerIdentifierAndPerAddress) {
    LoginLimiter limiter;
    for (int i = 0; i < 5; ++i) limiter.RecordFailure("ada@example.com", "192.0.2.1", kStart);
    EXPECT_EQ(limiter.Wait("ada@example.com", "192.0.2.99", kStart), minutes{15});
    EXPECT_EQ(limiter.Wait("bob@example.com", "192.0.2.1", kStart), seconds{0});
    EXPECT_EQ(limiter.Wait("ada@example.com", "192.0.2.1", kStart + minutes{15}), seconds{0});
}

TEST(LoginLimiterTest, SuccessClearsOnlyTheIdentifier) {
    LoginLimiter limiter;
    for (int i = 0; i < 20; ++i) limiter.RecordFailure("ada@example.com", "192.0.2.1", kStart);
    limiter.RecordSuccess("ada@example.com");
    EXPECT_EQ(limiter.Wait("ada@example.com", "192.0.2.2", kStart), seconds{0});
    EXPECT_EQ(limiter.Wait("ada@example.com", "192.0.2.1", kStart), minutes{15});
}

TEST(LoginLimiterTest, AnUnknownAddressIsNotLimitedByAddress) {
    LoginLimiter limiter;
    for (int i = 0; i < 50; ++i) {
        limiter.RecordFailure("user" + std::to_string(i) + "@example.com", "", kStart);
    }
    EXPECT_EQ(limiter.Wait("someone@example.com", "", kStart), seconds{0});
}

TEST(LoginLimiterTest, StaysBoundedAndForgetsTheStalestFirst) {
    LoginLimiter limiter({}, 100);
    for (int i = 0; i < 5; ++i) limiter.RecordFailure("victim@example.com", "192.0.2.1", kStart);
    // A flood of other identifiers, each failing once, a second apart.
    for (int i = 0; i < 1000; ++i) {
        limiter.RecordFailure("flood" + std::to_string(i), "198.51.100.1", kStart + seconds{i});
    }
    EXPECT_LE(limiter.TrackedKeys(), 200U);  // 100 identifiers + 100 addresses at most
    // The victim's entry was the stalest: it went first.
    EXPECT_EQ(limiter.Wait("victim@example.com", "192.0.2.2", kStart + seconds{1000}), seconds{0});
    // The flooding address itself is over its limit.
    EXPECT_EQ(limiter.Wait("x", "198.51.100.1", kStart + seconds{1000}), seconds{900 - 20});
}

TEST(LoginLimiterTest, LongIdentifiersShareABoundedKey) {
    LoginLimiter limiter;
    const std::string prefix(400, 'a');
    for (int i = 0; i < 5; ++i) limiter.RecordFailure(prefix + std::to_string(i), "", kStart);
    EXPECT_GT(limiter.Wait(prefix + "other", "", kStart).count(), 0);
}

TEST(LoginLimiterTest, IsSafeAcrossThreads) {
    LoginLimiter limiter({}, 1000);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&limiter, t] {
            for (int i = 0; i < 2000; ++i) {
                const std::string id = "t" + std::to_string(t) + "-" + std::to_string(i % 300);
                limiter.RecordFailure(id, "192.0.2." + std::to_string(t), kStart + seconds{i});
                (void)limiter.Wait(id, "192.0.2.9", kStart + seconds{i});
                if (i % 7 == 0) limiter.RecordSuccess(id);
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_LE(limiter.TrackedKeys(), 2000U);
}

}  // namespace
}  // namespace dockpoint::app
