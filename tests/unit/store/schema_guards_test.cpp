// The database itself refuses overlapping reservations and walk-ins on
// reserved slots (the SQLite triggers), whatever the code above it checks:
// every insert here goes straight to the store, past the use cases.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "store/sqlite_store.hpp"

namespace dockpoint::store {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

class SchemaGuardsTest : public ::testing::Test {
protected:
    SchemaGuardsTest()
        : path_((std::filesystem::temp_directory_path() /
                 ("dockpoint-guards-" + std::to_string(::getpid()) + "-" +
                  std::to_string(counter_++) + ".db"))
                    .string()),
          store_(SqliteStore::Open(path_, kNoon)) {}

    void SetUp() override {
        ASSERT_TRUE(store_
                        ->Write([&](WriteTx& tx) {
                            auto owner = tx.InsertOwner({"Guard", "guard@example.com", {}},
                                                        "not-a-hash", kNoon);
                            if (!owner) return domain::Status(owner.error());
                            owner_ = *owner;
                            return domain::Ok();
                        })
                        .ok());
    }

    ~SchemaGuardsTest() override {
        store_.reset();
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm"})
            std::filesystem::remove(path_ + suffix, ignored);
    }

    // Whether the database takes the reservation (slot 1 unless told).
    bool Reserve(const std::string& vehicle, Instant start, Instant end, long long slot = 1) {
        return store_
            ->Write([&](WriteTx& tx) -> domain::Status {
                auto inserted =
                    tx.InsertReservation({vehicle, slot, 1, owner_, {start, end}, {1, 300}, kNoon});
                if (!inserted) return inserted.error();
                return domain::Ok();
            })
            .ok();
    }

    bool Park(const std::string& vehicle, Instant entry, long long slot = 1) {
        return store_
            ->Write([&](WriteTx& tx) -> domain::Status {
                auto inserted = tx.InsertRecord({vehicle, slot, 1, std::nullopt, entry});
                if (!inserted) return inserted.error();
                // Leave at once: the slot is free for the next try.
                tx.CloseRecord(*inserted, entry, {0, 0});
                return domain::Ok();
            })
            .ok();
    }

    static inline int counter_ = 0;
    static constexpr Instant kNoon{std::chrono::seconds{1'800'000'000}};
    std::string path_;
    std::unique_ptr<SqliteStore> store_;
    long long owner_ = 0;
};

TEST_F(SchemaGuardsTest, ASlotsReservationsNeverOverlapHoweverManyItHas) {
    // Slot 1 booked 10:00-11:00, 12:00-13:00, ... ten times, by ten cars.
    for (int i = 0; i < 10; ++i) {
        ASSERT_TRUE(
            Reserve("CAR" + std::to_string(i), kNoon + hours(2 * i), kNoon + hours(2 * i + 1)))
            << i;
    }
    const Instant t = kNoon + hours(8);  // the fifth booking: t .. t+1h
    EXPECT_FALSE(Reserve("X1", t, t + hours(1))) << "the same window";
    EXPECT_FALSE(Reserve("X2", t + minutes(30), t + minutes(90))) << "its second half";
    EXPECT_FALSE(Reserve("X3", t - minutes(30), t + minutes(1))) << "its first minute";
    EXPECT_FALSE(Reserve("X4", t + minutes(10), t + minutes(20))) << "inside it";
    EXPECT_FALSE(Reserve("X5", t - hours(5), t + hours(5))) << "around several";
    EXPECT_FALSE(Reserve("X6", kNoon - hours(1), kNoon + hours(30))) << "around all";
    EXPECT_TRUE(Reserve("GAP", t + hours(1), t + hours(2))) << "the gap after it, end to start";
    EXPECT_TRUE(Reserve("BEFORE", kNoon - hours(1), kNoon)) << "ending as the first begins";
    EXPECT_TRUE(Reserve("AFTER", kNoon + hours(19), kNoon + hours(40))) << "after the last";
    EXPECT_TRUE(Reserve("X1", t, t + hours(1), 2)) << "another slot";
}

TEST_F(SchemaGuardsTest, AVehiclesReservationsNeverOverlapAcrossSlots) {
    ASSERT_TRUE(Reserve("ONE", kNoon, kNoon + hours(1), 1));
    ASSERT_TRUE(Reserve("ONE", kNoon + hours(2), kNoon + hours(3), 2));
    EXPECT_FALSE(Reserve("ONE", kNoon + minutes(30), kNoon + minutes(150), 3));
    EXPECT_FALSE(Reserve("ONE", kNoon + hours(2), kNoon + hours(3), 4));
    EXPECT_TRUE(Reserve("ONE", kNoon + hours(1), kNoon + hours(2), 5));
}

TEST_F(SchemaGuardsTest, AWalkInCannotEnterWhileItsSlotIsReserved) {
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(
            Reserve("BOOKED" + std::to_string(i), kNoon + hours(2 * i), kNoon + hours(2 * i + 1)));
    }
    const Instant t = kNoon + hours(4);  // the third booking
    EXPECT_FALSE(Park("IN1", t)) << "as it begins";
    EXPECT_FALSE(Park("IN2", t + minutes(59)));
    EXPECT_TRUE(Park("IN3", t + hours(1))) << "as it ends";
    EXPECT_TRUE(Park("IN4", t - minutes(1))) << "before it";
    EXPECT_TRUE(Park("IN5", kNoon + hours(20))) << "after the last";
    EXPECT_TRUE(Park("IN6", t, 2)) << "another slot";
}

}  // namespace
}  // namespace dockpoint::store
