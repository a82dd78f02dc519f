#pragma once
// The embedded store: SQLite through SOCI, WAL journal, synchronous=FULL.
// One writer connection with group commit: concurrent write commands are
// batched into one BEGIN IMMEDIATE transaction, a savepoint each, so one fsync
// makes many of them durable; a pool of reader connections that WAL lets run
// beside the writer.
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace dockpoint::store {

class SociConnection;

class SqliteStore final : public Store {
public:
    // Opens (creating if needed) the database file, applies pending migrations
    // and seeds the lot on first run. Throws std::runtime_error with a clear
    // sentence when the file cannot be used.
    static std::unique_ptr<SqliteStore> Open(const std::string& path, Instant now);
    ~SqliteStore() override;

    Status Read(const std::function<Status(ReadTx&)>& fn) override;
    Status Write(const std::function<Status(WriteTx&)>& fn) override;
    // PRAGMA data_version on a connection of its own: it moves with every
    // commit by any other connection, this server's writer or another program.
    std::optional<std::uint64_t> DataVersion() override;

    // Writes a consistent copy of the live database to target_path.
    void Backup(const std::string& target_path);

private:
    explicit SqliteStore(std::string path);
    std::unique_ptr<SociConnection> Connect(bool read_only) const;
    void Migrate(Instant now);

    std::unique_ptr<SociConnection> AcquireReader();
    void ReleaseReader(std::unique_ptr<SociConnection> reader);

    std::string path_;
    // One queued write command and, once its batch committed, its outcome.
    struct WriteJob {
        const std::function<Status(WriteTx&)>* fn;
        Status result;
        bool done;
    };
    static constexpr std::size_t kMaxBatch = 256;
    void RunBatch(const std::vector<WriteJob*>& batch);

    std::mutex queue_mutex_;
    std::condition_variable batch_done_;
    std::deque<WriteJob*> queue_;
    bool leader_active_ = false;
    std::unique_ptr<SociConnection> writer_;  // used by the batch leader only
    std::mutex version_mutex_;
    std::unique_ptr<SociConnection> version_watcher_;  // under version_mutex_
    std::mutex readers_mutex_;
    std::vector<std::unique_ptr<SociConnection>> idle_readers_;
};

// Parses "sqlite://PATH" (relative or absolute) into PATH; empty when the URL
// names another scheme.
std::string SqlitePathFromUrl(const std::string& url);

}  // namespace dockpoint::store
