#include "store/sqlite_writer.hpp"

#include <spdlog/spdlog.h>

#include <limits>
#include <optional>
#include <stdexcept>

#include "store/soci_connection.hpp"
#include "store/sqlite_support.hpp"
#include "store/sqlite_writer_tx.hpp"

namespace dockpoint::store {

// A command and what became of it in its batch.
struct SqliteWriter::Queued {
    WriteCommand command;
    bool ran = false;
    bool wrote = false;
    std::vector<std::function<void()>> after_commit;
};

// The batch the writer thread is running, as the commands inside it see it.
struct SqliteWriter::Batch {
    SqliteWriter* writer = nullptr;
    std::optional<domain::Error> failure;  // set: the transaction is lost
    ChangeTopics changed = 0;
    Queued* current = nullptr;  // the command running now
};

thread_local SqliteWriter::Batch* SqliteWriter::current_batch_ = nullptr;

namespace {

constexpr long long kUnknownBound = std::numeric_limits<long long>::min();
constexpr long long kNoBound = std::numeric_limits<long long>::max();

}  // namespace

SqliteWriter::SqliteWriter(std::unique_ptr<SociConnection> connection)
    : connection_(std::move(connection)), release_bound_(kUnknownBound) {
    seen_data_version_ = DataVersion();
    thread_ = std::thread([this] { Loop(); });
}

SqliteWriter::~SqliteWriter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void SqliteWriter::Submit(WriteCommand command) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(command));
    }
    wake_.notify_one();
}

Status SqliteWriter::Write(const std::function<Status(WriteTx&)>& fn) {
    if (current_batch_ != nullptr && current_batch_->writer == this) {
        return WriteInBatch(*current_batch_, fn);
    }
    if (std::this_thread::get_id() == thread_.get_id()) {
        // Outside a command on the writer thread (in an after-commit step, say)
        // waiting for a batch would wait for ourselves.
        throw std::logic_error("SqliteWriter::Write outside a command on the writer thread");
    }
    struct Waiting {
        std::mutex mutex;
        std::condition_variable finished_cv;
        bool finished = false;
        Status result = domain::Ok();
    } waiting;
    Submit({[&] { waiting.result = WriteInBatch(*current_batch_, fn); },
            [&](const Status& durable) {
                std::lock_guard lock(waiting.mutex);
                if (!durable) waiting.result = durable;
                waiting.finished = true;
                waiting.finished_cv.notify_one();
            }});
    std::unique_lock lock(waiting.mutex);
    waiting.finished_cv.wait(lock, [&] { return waiting.finished; });
    return waiting.result;
}

void SqliteWriter::AfterCommit(std::function<void()> fn) {
    if (current_batch_ != nullptr && current_batch_->writer == this) {
        current_batch_->current->after_commit.push_back(std::move(fn));
        return;
    }
    fn();
}

std::uint64_t SqliteWriter::ChangeCount(ChangeTopic topic) const {
    return change_counts_[static_cast<std::size_t>(topic)].load(std::memory_order_acquire);
}

std::optional<Instant> SqliteWriter::ReleaseDueBound() const {
    const long long bound = release_bound_.load(std::memory_order_acquire);
    if (bound == kUnknownBound) return std::nullopt;
    if (bound == kNoBound) return Instant::max();
    return Instant{std::chrono::seconds{bound}};
}

void SqliteWriter::PublishReleaseBound() {
    long long bound = kUnknownBound;
    if (memo_.known()) {
        const auto due = memo_.release_bound();
        bound = due ? static_cast<long long>(due->time_since_epoch().count()) : kNoBound;
    }
    release_bound_.store(bound, std::memory_order_release);
}

void SqliteWriter::Loop() {
    std::vector<Queued> items;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            if (queue_.empty() && !stopping_ && !wake_.wait_for(lock, kForeignCheckInterval, [&] {
                    return !queue_.empty() || stopping_;
                })) {
                lock.unlock();
                NoteForeignChanges();  // idle: still notice other programs' writes
                if (!memo_.known()) LearnLot();
                continue;
            }
            if (queue_.empty()) return;  // stopping, and everything is done
            while (!queue_.empty() && items.size() < kMaxBatch) {
                items.push_back(Queued{std::move(queue_.front()), false, false, {}});
                queue_.pop_front();
            }
        }
        RunBatch(items);
        items.clear();
    }
}

void SqliteWriter::RunBatch(std::vector<Queued>& items) {
    Batch batch;
    batch.writer = this;
    try {
        connection_->Execute("BEGIN IMMEDIATE");
        NoteForeignChanges();  // inside the write lock: exact
    } catch (const std::exception& e) {
        batch.failure = StoreFailure(e);
    }
    for (Queued& item : items) {
        if (batch.failure) break;
        batch.current = &item;
        current_batch_ = &batch;
        try {
            item.command.run();
        } catch (const std::exception& e) {
            spdlog::error("a write command failed: {}", e.what());
        } catch (...) {
            spdlog::error("a write command failed with an unknown exception");
        }
        current_batch_ = nullptr;
        item.ran = true;
    }
    if (!batch.failure) {
        try {
            connection_->Execute("COMMIT");
        } catch (const std::exception& e) {
            // Disk full, I/O error: nothing of the batch is committed.
            batch.failure = StoreFailure(e);
        }
    }
    if (batch.failure) {
        Rollback();
        memo_.Forget();  // it may hold what was rolled back
        PublishReleaseBound();
    } else {
        PublishReleaseBound();
        for (std::size_t topic = 0; topic < kChangeTopicCount; ++topic) {
            if ((batch.changed & (1U << topic)) != 0) {
                change_counts_[topic].fetch_add(1, std::memory_order_acq_rel);
            }
        }
    }
    // Only now may anyone hear of what the batch wrote.
    for (Queued& item : items) {
        const bool durable = !batch.failure || (item.ran && !item.wrote);
        try {
            if (durable) {
                for (auto& step : item.after_commit) step();
            }
            item.command.done(durable ? domain::Ok() : Status(*batch.failure));
        } catch (const std::exception& e) {
            spdlog::error("reporting a write failed: {}", e.what());
        }
    }
}

Status SqliteWriter::WriteInBatch(Batch& batch, const std::function<Status(WriteTx&)>& fn) {
    if (batch.failure) return *batch.failure;
    try {
        connection_->Execute("SAVEPOINT command");
    } catch (const std::exception& e) {
        return Break(batch, e);
    }
    SqliteWriterTx tx(*connection_, memo_);
    Status status = domain::Ok();
    try {
        status = fn(tx);
        if (status) tx.Settle();
    } catch (const std::exception& e) {
        status = StoreFailure(e);
    }
    try {
        // A refused or failed write leaves no trace; the others go on.
        if (!status) {
            connection_->Execute("ROLLBACK TO command");
            if (tx.told_memo()) memo_.Forget();
        }
        connection_->Execute("RELEASE command");
    } catch (const std::exception& e) {
        return Break(batch, e);
    }
    if (status) {
        batch.current->wrote = true;
        batch.changed |= tx.changed();
    }
    return status;
}

Status SqliteWriter::Break(Batch& batch, const std::exception& e) {
    // The transaction itself failed: nothing of the batch may report success.
    batch.failure = StoreFailure(e);
    batch.current->wrote = true;
    return *batch.failure;
}

void SqliteWriter::LearnLot() {
    try {
        // A read transaction is enough: any later write by another program
        // moves data_version, which makes the memo forget again.
        ExecScript(connection_->sql(), "BEGIN");
        SqliteWriterTx tx(*connection_, memo_);
        const auto now =
            std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
        (void)tx.ListDueReleases(now);  // builds the memo and its release bound
        ExecScript(connection_->sql(), "COMMIT");
    } catch (const std::exception& e) {
        spdlog::warn("could not read the lot's state ahead of writes: {}", e.what());
        Rollback();
        memo_.Forget();
    }
    PublishReleaseBound();
}

void SqliteWriter::Rollback() {
    if (sqlite_api::sqlite3_get_autocommit(Native(connection_->sql())) != 0) return;
    try {
        ExecScript(connection_->sql(), "ROLLBACK");
    } catch (const std::exception& e) {
        spdlog::error("rollback failed: {}", e.what());
    }
}

long long SqliteWriter::DataVersion() {
    struct Bound {
        long long version;
    };
    auto& q = connection_->Statement<Bound>(
        "PRAGMA data_version",
        [](soci::statement& st, Bound& b) { st.exchange(soci::into(b.version)); });
    q.bound.version = 0;
    q.FetchOne();
    return q.bound.version;
}

void SqliteWriter::NoteForeignChanges() {
    long long version = 0;
    try {
        version = DataVersion();
    } catch (const std::exception& e) {
        spdlog::warn("cannot read the database's data version: {}", e.what());
        version = seen_data_version_ + 1;  // unknown: assume a change
    }
    if (version == seen_data_version_) return;
    seen_data_version_ = version;
    memo_.Forget();
    PublishReleaseBound();
    for (auto& count : change_counts_) count.fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace dockpoint::store
