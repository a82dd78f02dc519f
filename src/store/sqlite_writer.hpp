#pragma once
// The SQLite store's one writer: a thread of its own that runs every write in
// turn (SQLite lets one connection write at a time anyway) and commits them in
// batches (group commit): whatever queued up while the last batch was being
// made durable becomes the next batch, one BEGIN IMMEDIATE ... COMMIT and so
// one fsync for all of it. Each write runs inside a savepoint of its own, so a
// refused one leaves no trace while its batch-mates commit, and nothing of a
// write is reported - a caller returning, a command's `done`, an event - before
// its batch is on disk.
//
// Two kinds of work arrive: commands (Store::Submit), whose whole request runs
// on this thread without any thread waiting for it, and Write() calls from
// other threads, which wait for their batch.
//
// The writer also counts changes per topic for caches (Store::ChangeCount) and
// notices other programs' writes to the file: PRAGMA data_version on its own
// connection moves only for them. It looks at every batch's start, and every
// kForeignCheckInterval while idle.
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/store.hpp"
#include "store/writer_memo.hpp"

namespace dockpoint::store {

class SociConnection;

class SqliteWriter {
public:
    static constexpr std::size_t kMaxBatch = 1024;
    static constexpr std::chrono::milliseconds kForeignCheckInterval{100};

    // Takes the writer connection (schema already migrated) and starts the thread.
    explicit SqliteWriter(std::unique_ptr<SociConnection> connection);
    // Runs everything queued so far, then stops the thread.
    ~SqliteWriter();
    SqliteWriter(const SqliteWriter&) = delete;
    SqliteWriter& operator=(const SqliteWriter&) = delete;

    void Submit(WriteCommand command);
    // Inside a command: runs fn in a savepoint of the command's batch. From any
    // other thread: queues fn and waits until its batch has committed.
    Status Write(const std::function<Status(WriteTx&)>& fn);
    void AfterCommit(std::function<void()> fn);
    std::uint64_t ChangeCount(ChangeTopic topic) const;
    // The memo's release bound as of the last commit (Store::ReleaseDueBound).
    std::optional<Instant> ReleaseDueBound() const;

private:
    struct Batch;
    struct Queued;
    // Set on the writer thread while a command runs: its Write() calls join the
    // batch, its AfterCommit() work waits for the commit.
    static thread_local Batch* current_batch_;

    void Loop();
    void RunBatch(std::vector<Queued>& items);
    Status WriteInBatch(Batch& batch, const std::function<Status(WriteTx&)>& fn);
    Status Break(Batch& batch, const std::exception& e);
    void Rollback();
    // Writer thread only: bumps every count when another program wrote.
    void NoteForeignChanges();
    long long DataVersion();
    void PublishReleaseBound();
    // Writer thread, while idle: builds the memo from the tables if it knows
    // nothing (at start, after another program's write or a failed batch), so
    // that the release bound - which lets reads skip the auto-release check
    // and be answered from memory - is published without waiting for a write.
    void LearnLot();

    std::unique_ptr<SociConnection> connection_;  // the writer thread's only
    WriterMemo memo_;                             // the writer thread's only
    long long seen_data_version_ = 0;
    std::array<std::atomic<std::uint64_t>, kChangeTopicCount> change_counts_{};
    std::atomic<long long> release_bound_;  // seconds; kUnknownBound / kNoBound

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<WriteCommand> queue_;  // under mutex_
    bool stopping_ = false;           // under mutex_
    std::thread thread_;              // last: starts once the rest is ready
};

}  // namespace dockpoint::store
