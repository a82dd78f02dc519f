#pragma once
// A fresh SQLite lot per test, a clock the test moves, and the Berlin wall clock.
#include <date/date.h>
#include <date/tz.h>
#include <gtest/gtest.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "app/account_service.hpp"
#include "app/context.hpp"
#include "app/vehicle_service.hpp"
#include "domain/clock.hpp"
#include "domain/local_time.hpp"
#include "store/sqlite_store.hpp"

namespace dockpoint::app {

// The instant a UTC calendar time names.
inline domain::Instant Utc(int year, unsigned month, unsigned day, int hour, int minute,
                           int second = 0) {
    return date::sys_days{date::year{year} / date::month{month} / date::day{day}} +
           std::chrono::hours{hour} + std::chrono::minutes{minute} + std::chrono::seconds{second};
}

class AppTest : public ::testing::Test {
protected:
    // 2027-06-01 08:00:00 UTC is 10:00 in Berlin (summer time, UTC+2).
    static domain::Instant StartInstant() { return Utc(2027, 6, 1, 8, 0); }

    static void SetUpTestSuite() {
        ASSERT_GE(sodium_init(), 0);
        spdlog::set_level(spdlog::level::warn);
    }

    AppTest()
        : clock_(StartInstant()),
          path_(UniqueDatabasePath()),
          store_(store::SqliteStore::Open(path_, clock_.Now())),
          ctx_{*store_,
               clock_,
               domain::LocalTime(date::locate_zone("Europe/Berlin")),
               nullptr,
               &release_schedule_,
               &slot_map_cache_,
               &session_cache_,
               &vehicle_type_cache_} {}

    ~AppTest() override {
        store_.reset();
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            std::filesystem::remove(path_ + suffix, ignored);
        }
    }

    // The instant a Berlin wall-clock time names; fails the test when it names none.
    domain::Instant Local(const std::string& text) const {
        const auto parsed = ctx_.local_time.Parse(text);
        EXPECT_TRUE(parsed.ok()) << text;
        return parsed ? *parsed : domain::Instant{};
    }

    // Registers an owner (argon2id hashing: tens of milliseconds) and returns the caller.
    Caller RegisterOwner(const std::string& email, const std::string& password = "secret-1") {
        AccountService accounts(ctx_);
        const auto started = accounts.Register({"Owner " + email, email, "", password}, "");
        EXPECT_TRUE(started.ok()) << (started ? "" : started.error().message);
        if (!started || !started->owner_id) return Caller{};
        Caller owner;
        owner.owner_id = *started->owner_id;
        owner.owner_name = started->owner_name;
        return owner;
    }

    void AddVehicle(const Caller& owner, const std::string& number, long long type_id) {
        VehicleService vehicles(ctx_);
        const auto added = vehicles.Add(owner, number, type_id);
        ASSERT_TRUE(added.ok()) << (added ? "" : added.error().message);
    }

    domain::ManualClock clock_;
    std::string path_;
    std::unique_ptr<store::SqliteStore> store_;
    // As the server runs: reads skip the due-release check while nothing is due,
    // GET /slots reuses the map while it is exact, sessions and rates are kept.
    ReleaseSchedule release_schedule_;
    SlotMapCache slot_map_cache_;
    SessionCache session_cache_;
    VehicleTypeCache vehicle_type_cache_;
    Context ctx_;

private:
    static std::string UniqueDatabasePath() {
        static std::atomic<int> counter{0};
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        const std::string name = "dockpoint_" + std::string(info ? info->name() : "test") + "_" +
                                 std::to_string(::getpid()) + "_" + std::to_string(counter++) +
                                 "_" + std::to_string(randombytes_random()) + ".db";
        return (std::filesystem::temp_directory_path() / name).string();
    }
};

// A guest session's caller (app::Caller{.guest = true}).
inline Caller GuestCaller() {
    Caller guest;
    guest.guest = true;
    return guest;
}

inline const Caller kGuest = GuestCaller();

}  // namespace dockpoint::app
