// Group commit in the SQLite store: many concurrent write commands share
// transactions, yet each one commits or vanishes on its own.
#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
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

TEST_F(SqliteStoreTest, DataVersionMovesWithEveryCommitAndOnlyThen) {
    const auto before = store_->DataVersion();
    ASSERT_TRUE(before.has_value());
    EXPECT_EQ(store_->DataVersion(), before) << "nothing committed";
    SessionExists("nobody");
    EXPECT_EQ(store_->DataVersion(), before) << "a read commits nothing";
    AddSession("first");
    const auto after_write = store_->DataVersion();
    EXPECT_NE(after_write, before);
    AddSession("second");
    EXPECT_NE(store_->DataVersion(), after_write);
}

TEST_F(SqliteStoreTest, DataVersionMovesWhenAnotherProgramWritesTheFile) {
    const auto before = store_->DataVersion();
    soci::session other(soci::sqlite3, "db=\"" + path_ + "\" timeout=10");
    other << "INSERT INTO sessions (token_hash, owner_id, is_guest, created_at, expires_at) "
             "VALUES ('outside', NULL, 1, 0, 4000000000)";
    EXPECT_NE(store_->DataVersion(), before);
}

}  // namespace
}  // namespace dockpoint::store
