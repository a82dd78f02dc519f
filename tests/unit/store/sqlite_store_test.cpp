// Group commit in the SQLite store: many concurrent write commands share
// transactions, yet each one commits or vanishes on its own.
#include "store/sqlite_store.hpp"

#include "store/sqlite_writer.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dockpoint::store {
namespace {

class SqliteStoreTest : public ::testing::Test {
protected:
    SqliteStoreTest()
        : path_((std::filesystem::temp_directory_path() /
                 ("dockpoint-store-" + std::to_string(::getpid()) + "-" +
                  std::to_string(counter_++) + ".db"))
                    .string()),
          store_(SqliteStore::Open(path_, now_)) {}

    ~SqliteStoreTest() override {
        store_.reset();
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm"})
            std::filesystem::remove(path_ + suffix, ignored);
    }

    bool SessionExists(const std::string& hash) {
        bool found = false;
        EXPECT_TRUE(store_
                        ->Read([&](ReadTx& tx) {
                            found = tx.FindSession(hash, now_).has_value();
                            return domain::Ok();
                        })
                        .ok());
        return found;
    }

    void AddSession(const std::string& hash) {
        ASSERT_TRUE(store_
                        ->Write([&](WriteTx& tx) {
                            tx.InsertSession(hash, std::nullopt, now_,
                                             now_ + std::chrono::hours(1));
                            return domain::Ok();
                        })
                        .ok());
    }

    static inline int counter_ = 0;
    const Instant now_{std::chrono::seconds{1'800'000'000}};
    std::string path_;
    std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteStoreTest, RefusedCommandsLeaveNoTraceWhileTheirBatchMatesCommit) {
    constexpr int kWriters = 64;
    std::vector<domain::Status> results(kWriters);
    std::vector<std::thread> threads;
    for (int i = 0; i < kWriters; ++i) {
        threads.emplace_back([&, i] {
            results[i] = store_->Write([&](WriteTx& tx) -> domain::Status {
                tx.InsertSession("token-" + std::to_string(i), std::nullopt, now_,
                                 now_ + std::chrono::hours(1));
                if (i % 2 == 1) {
                    return domain::MakeError(domain::ErrorCode::kRejected, "odd ones are refused");
                }
                return domain::Ok();
            });
        });
    }
    for (auto& t : threads) t.join();

    for (int i = 0; i < kWriters; ++i) {
        EXPECT_EQ(results[i].ok(), i % 2 == 0) << i;
        if (!results[i].ok()) {
            EXPECT_EQ(results[i].error().message, "odd ones are refused");
        }
        EXPECT_EQ(SessionExists("token-" + std::to_string(i)), i % 2 == 0) << i;
    }
}

TEST_F(SqliteStoreTest, AConstraintViolationFailsOnlyItsOwnCommand) {
    ASSERT_TRUE(store_
                    ->Write([&](WriteTx& tx) {
                        tx.InsertSession("taken", std::nullopt, now_, now_ + std::chrono::hours(1));
                        return domain::Ok();
                    })
                    .ok());
    constexpr int kWriters = 16;
    std::vector<domain::Status> results(kWriters);
    std::vector<std::thread> threads;
    for (int i = 0; i < kWriters; ++i) {
        threads.emplace_back([&, i] {
            results[i] = store_->Write([&](WriteTx& tx) {
                // Every fourth command collides with the primary key: the driver
                // throws, the command fails, the batch goes on.
                const std::string hash = i % 4 == 0 ? "taken" : "fresh-" + std::to_string(i);
                tx.InsertSession(hash, std::nullopt, now_, now_ + std::chrono::hours(1));
                return domain::Ok();
            });
        });
    }
    for (auto& t : threads) t.join();
    for (int i = 0; i < kWriters; ++i) {
        EXPECT_EQ(results[i].ok(), i % 4 != 0) << i;
        if (i % 4 != 0) {
            EXPECT_TRUE(SessionExists("fresh-" + std::to_string(i))) << i;
        }
    }
}

// Statements are prepared once per connection and reused. One stopped on a
// row (a lookup that found something) would keep its connection's snapshot
// open, so every later read must still see every earlier commit.
TEST_F(SqliteStoreTest, ReusedStatementsSeeEveryEarlierCommit) {
    auto session_seen_after_a_found_row = [&](const std::string& hash) {
        bool found = false;
        EXPECT_TRUE(store_
                        ->Read([&](ReadTx& tx) {
                            EXPECT_TRUE(tx.FindVehicleType(1).has_value());
                            found = tx.FindSession(hash, now_).has_value();
                            return domain::Ok();
                        })
                        .ok());
        return found;
    };
    for (int i = 0; i < 5; ++i) {
        const std::string hash = "round-" + std::to_string(i);
        EXPECT_FALSE(session_seen_after_a_found_row(hash)) << i;
        AddSession(hash);
        EXPECT_TRUE(session_seen_after_a_found_row(hash)) << i;
    }
}

TEST_F(SqliteStoreTest, ChangeCountsMoveWithCommitsThatChangeTheirTopicAndOnlyThen) {
    auto count = [&](ChangeTopic topic) { return store_->ChangeCount(topic).value_or(999); };
    const auto lot = count(ChangeTopic::kLot);
    const auto sessions = count(ChangeTopic::kSessions);
    const auto types = count(ChangeTopic::kVehicleTypes);
    const auto others = count(ChangeTopic::kOtherPrograms);
    SessionExists("nobody");
    EXPECT_EQ(count(ChangeTopic::kSessions), sessions) << "a read commits nothing";
    // A new session changes no copy (nobody can have kept its absence).
    AddSession("first");
    EXPECT_EQ(count(ChangeTopic::kSessions), sessions);
    ASSERT_TRUE(store_
                    ->Write([&](WriteTx& tx) {
                        tx.DeleteSession("first");
                        return domain::Ok();
                    })
                    .ok());
    EXPECT_EQ(count(ChangeTopic::kSessions), sessions + 1);
    EXPECT_EQ(count(ChangeTopic::kLot), lot);
    // A refused write changes nothing.
    EXPECT_FALSE(store_
                     ->Write([&](WriteTx& tx) -> domain::Status {
                         EXPECT_TRUE(tx.InsertRecord({"REFUSED", 1, 1, std::nullopt, now_}).ok());
                         return domain::MakeError(domain::ErrorCode::kRejected, "no");
                     })
                     .ok());
    EXPECT_EQ(count(ChangeTopic::kLot), lot);
    ASSERT_TRUE(store_
                    ->Write([&](WriteTx& tx) {
                        return tx.InsertRecord({"PARKED", 1, 1, std::nullopt, now_}).ok()
                                   ? domain::Ok()
                                   : domain::MakeError(domain::ErrorCode::kInternal, "insert");
                    })
                    .ok());
    EXPECT_EQ(count(ChangeTopic::kLot), lot + 1);
    EXPECT_EQ(count(ChangeTopic::kSessions), sessions + 1);
    EXPECT_EQ(count(ChangeTopic::kVehicleTypes), types) << "only other programs change rates";
    EXPECT_EQ(count(ChangeTopic::kOtherPrograms), others) << "all of these were our own";
}

TEST_F(SqliteStoreTest, AnotherProgramsWriteMovesEveryCountEvenWhileIdle) {
    std::vector<std::uint64_t> before;
    for (auto topic : {ChangeTopic::kLot, ChangeTopic::kSessions, ChangeTopic::kVehicleTypes,
                       ChangeTopic::kOtherPrograms})
        before.push_back(*store_->ChangeCount(topic));
    soci::session other(soci::sqlite3, "db=\"" + path_ + "\" timeout=10");
    other << "UPDATE vehicle_types SET hourly_rate_cents = 350 WHERE id = 3";
    // The idle writer looks every kForeignCheckInterval.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    bool all_moved = false;
    while (!all_moved && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        all_moved = *store_->ChangeCount(ChangeTopic::kLot) != before[0] &&
                    *store_->ChangeCount(ChangeTopic::kSessions) != before[1] &&
                    *store_->ChangeCount(ChangeTopic::kVehicleTypes) != before[2] &&
                    *store_->ChangeCount(ChangeTopic::kOtherPrograms) != before[3];
    }
    EXPECT_TRUE(all_moved);
}

TEST_F(SqliteStoreTest, OurOwnCommitsAreNotTakenForAnotherProgramsWrites) {
    const auto types = *store_->ChangeCount(ChangeTopic::kVehicleTypes);
    for (int i = 0; i < 20; ++i) AddSession("own-" + std::to_string(i));
    std::this_thread::sleep_for(SqliteWriter::kForeignCheckInterval * 3);
    EXPECT_EQ(*store_->ChangeCount(ChangeTopic::kVehicleTypes), types);
}

// A command runs on the writer thread; its writes join the batch and nothing
// of it is reported - after-commit work, done - before the batch commits.
TEST_F(SqliteStoreTest, CommandsWriteInTheirBatchAndHearOfItOnlyOnceDurable) {
    constexpr int kCommands = 32;
    std::mutex mutex;
    std::condition_variable all_done;
    int finished = 0;
    std::vector<int> order;  // 1: after-commit step ran, 2: done ran (per command, in turn)
    std::vector<bool> durable(kCommands, false), seen_committed(kCommands, false);
    for (int i = 0; i < kCommands; ++i) {
        const std::string hash = "command-" + std::to_string(i);
        store_->Submit(WriteCommand{
            [&, i, hash] {
                const auto written = store_->Write([&](WriteTx& tx) -> domain::Status {
                    tx.InsertSession(hash, std::nullopt, now_, now_ + std::chrono::hours(1));
                    if (i % 4 == 3) return domain::MakeError(domain::ErrorCode::kRejected, "no");
                    return domain::Ok();
                });
                EXPECT_EQ(written.ok(), i % 4 != 3);
                // The batch has not committed yet: a reader does not see it.
                EXPECT_FALSE(SessionExists(hash));
                store_->AfterCommit(
                    [&, i, hash] { seen_committed[i] = SessionExists(hash) == (i % 4 != 3); });
            },
            [&, i](const domain::Status& status) {
                std::lock_guard lock(mutex);
                durable[i] = status.ok();
                ++finished;
                all_done.notify_one();
            }});
    }
    std::unique_lock lock(mutex);
    ASSERT_TRUE(
        all_done.wait_for(lock, std::chrono::seconds(30), [&] { return finished == kCommands; }));
    for (int i = 0; i < kCommands; ++i) {
        EXPECT_TRUE(durable[i]) << i;
        EXPECT_TRUE(seen_committed[i]) << i;
        EXPECT_EQ(SessionExists("command-" + std::to_string(i)), i % 4 != 3) << i;
    }
}

}  // namespace
}  // namespace dockpoint::store
