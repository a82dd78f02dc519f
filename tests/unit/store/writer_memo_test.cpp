// The SQLite writer answers the walk-in questions (free slots, due
// auto-releases) from its memo. A random run of parking, leaving, booking,
// time passing, refused commands and another program's writes checks after
// every step that the memo's answers are the tables' answers.
#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace dockpoint::store {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using FreeSlot = std::tuple<long long, std::string, std::optional<Instant>>;

long long Seconds(Instant t) { return static_cast<long long>(t.time_since_epoch().count()); }

class WriterMemoTest : public ::testing::TestWithParam<unsigned> {
protected:
    WriterMemoTest()
        : path_((std::filesystem::temp_directory_path() /
                 ("dockpoint-memo-" + std::to_string(::getpid()) + "-" +
                  std::to_string(GetParam()) + ".db"))
                    .string()),
          store_(SqliteStore::Open(path_, now_)),
          random_(GetParam()) {}

    void SetUp() override {
        ASSERT_TRUE(store_
                        ->Write([&](WriteTx& tx) {
                            auto owner = tx.InsertOwner({"Memo Owner", "memo@example.com", {}},
                                                        "not-a-hash", now_);
                            if (!owner) return domain::Status(owner.error());
                            owner_ = *owner;
                            return domain::Ok();
                        })
                        .ok());
    }

    ~WriterMemoTest() override {
        store_.reset();
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm"})
            std::filesystem::remove(path_ + suffix, ignored);
    }

    int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }

    static std::vector<FreeSlot> Keys(const std::vector<SlotStateRow>& rows) {
        std::vector<FreeSlot> keys;
        for (const auto& row : rows) keys.emplace_back(row.id, row.slot_number, row.next_start);
        std::sort(keys.begin(), keys.end());
        return keys;
    }
    static std::vector<long long> Ids(const std::vector<DueRelease>& due) {
        std::vector<long long> ids;
        for (const auto& d : due) ids.push_back(d.record_id);
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    // What the memo answers (inside a write) against what SQL answers (a read).
    void ExpectMemoAgreesWithTables(const std::string& step) {
        std::vector<FreeSlot> memo_free, table_free;
        std::vector<long long> memo_due, table_due;
        std::optional<Instant> first_due;
        ASSERT_TRUE(store_
                        ->Write([&](WriteTx& tx) {
                            memo_free = Keys(tx.ListFreeSlots(now_));
                            memo_due = Ids(tx.ListDueReleases(now_));
                            return domain::Ok();
                        })
                        .ok());
        ASSERT_TRUE(store_
                        ->Read([&](ReadTx& tx) {
                            table_free = Keys(tx.ListFreeSlots(now_));
                            table_due = Ids(tx.ListDueReleases(now_));
                            first_due = tx.FirstReleaseDue();
                            return domain::Ok();
                        })
                        .ok());
        EXPECT_EQ(memo_free, table_free) << step;
        EXPECT_EQ(memo_due, table_due) << step;
        // The published bound never lies: no parked car falls due before it.
        const auto bound = store_->ReleaseDueBound();
        ASSERT_TRUE(bound.has_value()) << step;
        if (*bound == Instant::max()) {
            EXPECT_FALSE(first_due.has_value()) << step;
        } else if (first_due) {
            EXPECT_LE(*bound, *first_due) << step;
        }
    }

    static domain::Status Outcome(bool refuse) {
        if (refuse) return domain::MakeError(domain::ErrorCode::kRejected, "refused");
        return domain::Ok();
    }

    void Park(bool refuse) {
        const std::string vehicle = "MEMO" + std::to_string(next_vehicle_++);
        long long record_id = 0;
        const auto status = store_->Write([&](WriteTx& tx) -> domain::Status {
            const auto free = tx.ListFreeSlots(now_);
            if (free.empty()) return Outcome(refuse);
            const auto& slot = free[Pick(static_cast<int>(free.size()))];
            auto inserted = tx.InsertRecord({vehicle, slot.id, 1, std::nullopt, now_});
            if (!inserted) return domain::Status(inserted.error());
            record_id = *inserted;
            return Outcome(refuse);
        });
        ASSERT_EQ(status.ok(), !refuse) << (status.ok() ? "" : status.error().message);
        if (!refuse && record_id != 0) open_.push_back(record_id);
    }

    void Leave(bool refuse) {
        if (open_.empty()) return;
        const std::size_t which = Pick(static_cast<int>(open_.size()));
        const auto status = store_->Write([&](WriteTx& tx) -> domain::Status {
            // Already gone when auto-release or another program closed it.
            tx.CloseRecord(open_[which], now_, {1, 300});
            return Outcome(refuse);
        });
        ASSERT_EQ(status.ok(), !refuse);
        if (!refuse) open_.erase(open_.begin() + static_cast<std::ptrdiff_t>(which));
    }

    void Reserve(bool refuse) {
        const long long slot_id = 1 + Pick(kSlots);
        const Instant start = now_ + minutes(15 * Pick(24));
        const domain::TimeWindow window{start, start + minutes(15 * (1 + Pick(12)))};
        const std::string vehicle = "BOOK" + std::to_string(next_vehicle_++);
        const auto status = store_->Write([&](WriteTx& tx) -> domain::Status {
            if (tx.SlotHasOverlappingReservation(slot_id, window)) return Outcome(refuse);
            auto inserted =
                tx.InsertReservation({vehicle, slot_id, 1, owner_, window, {1, 300}, now_});
            if (!inserted) return domain::Status(inserted.error());
            return Outcome(refuse);
        });
        ASSERT_EQ(status.ok(), !refuse) << (status.ok() ? "" : status.error().message);
    }

    // What auto-release does: close every walk-in whose reservation began.
    void ReleaseDue() {
        ASSERT_TRUE(store_
                        ->Write([&](WriteTx& tx) {
                            for (const auto& due : tx.ListDueReleases(now_)) {
                                tx.CloseRecord(due.record_id, now_, {1, 300});
                                std::erase(open_, due.record_id);
                            }
                            return domain::Ok();
                        })
                        .ok());
    }

    // Another program parks, closes or books behind the writer's back.
    void ForeignWrite() {
        soci::session other(soci::sqlite3, "db=\"" + path_ + "\" timeout=10");
        switch (Pick(3)) {
            case 0: {
                const long long slot_id = 1 + Pick(kSlots);
                long long clash = 0;
                const long long entry = Seconds(now_);
                other << "SELECT count(*) FROM records WHERE slot_id = :s AND exit_at IS NULL",
                    soci::use(slot_id), soci::into(clash);
                long long reserved = 0;
                other << "SELECT count(*) FROM reservations WHERE slot_id = :s AND start_at <= :t "
                         "AND end_at > :t2",
                    soci::use(slot_id), soci::use(entry), soci::use(entry), soci::into(reserved);
                if (clash != 0 || reserved != 0) return;
                const std::string vehicle = "FOREIGN" + std::to_string(next_vehicle_++);
                other << "INSERT INTO records (vehicle_number, slot_id, vehicle_type_id, entry_at) "
                         "VALUES (:v, :s, 1, :e)",
                    soci::use(vehicle), soci::use(slot_id), soci::use(entry);
                long long id = 0;
                other << "SELECT last_insert_rowid()", soci::into(id);
                open_.push_back(id);
                return;
            }
            case 1: {
                if (open_.empty()) return;
                const std::size_t which = Pick(static_cast<int>(open_.size()));
                const long long exit = Seconds(now_);
                other << "UPDATE records SET exit_at = :x, amount_cents = 0, billed_hours = 0 "
                         "WHERE id = :id",
                    soci::use(exit), soci::use(open_[which]);
                open_.erase(open_.begin() + static_cast<std::ptrdiff_t>(which));
                return;
            }
            default: {
                const long long slot_id = 1 + Pick(kSlots);
                const long long start = Seconds(now_ + minutes(15 * Pick(8)));
                const long long end = start + 3600;
                long long overlap = 0;
                other << "SELECT count(*) FROM reservations WHERE slot_id = :s AND start_at < :e "
                         "AND end_at > :b",
                    soci::use(slot_id), soci::use(end), soci::use(start), soci::into(overlap);
                if (overlap != 0) return;
                const std::string vehicle = "FOREIGNBOOK" + std::to_string(next_vehicle_++);
                const long long created = Seconds(now_);
                other << "INSERT INTO reservations (vehicle_number, slot_id, vehicle_type_id, "
                         "owner_id, start_at, end_at, amount_cents, billed_hours, created_at) "
                         "VALUES (:v, :s, 1, :o, :b, :e, 300, 1, :c)",
                    soci::use(vehicle), soci::use(slot_id), soci::use(owner_), soci::use(start),
                    soci::use(end), soci::use(created);
                return;
            }
        }
    }

    static constexpr int kSlots = 124;  // the seeded lot
    Instant now_{std::chrono::seconds{1'800'000'000}};
    std::string path_;
    std::unique_ptr<SqliteStore> store_;
    std::mt19937 random_;
    long long owner_ = 0;
    long long next_vehicle_ = 0;
    std::vector<long long> open_;  // record ids believed open
};

TEST_P(WriterMemoTest, AnswersWhatTheTablesAnswerThroughARandomDay) {
    ExpectMemoAgreesWithTables("fresh");
    for (int step = 0; step < 400; ++step) {
        const int action = Pick(20);
        std::string name;
        if (action < 6) {
            name = "park";
            Park(false);
        } else if (action < 9) {
            name = "leave";
            Leave(false);
        } else if (action < 13) {
            name = "reserve";
            Reserve(false);
        } else if (action < 15) {
            name = "time passes";
            now_ += minutes(1 + Pick(60));
        } else if (action < 16) {
            name = "auto-release";
            ReleaseDue();
        } else if (action < 18) {
            name = "refused command";
            switch (Pick(3)) {
                case 0:
                    Park(true);
                    break;
                case 1:
                    Leave(true);
                    break;
                default:
                    Reserve(true);
                    break;
            }
        } else {
            name = "another program writes";
            ForeignWrite();
        }
        if (HasFatalFailure()) return;
        ExpectMemoAgreesWithTables("step " + std::to_string(step) + ": " + name);
        if (HasFailure()) return;  // the first disagreement tells the story
    }
}

INSTANTIATE_TEST_SUITE_P(Seeds, WriterMemoTest, ::testing::Values(1u, 2u, 3u, 4u));

}  // namespace
}  // namespace dockpoint::store
