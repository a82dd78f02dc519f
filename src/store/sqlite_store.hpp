#pragma once
// The embedded store: SQLite through SOCI, WAL journal, synchronous=FULL.
// Writes go through one writer thread with group commit (SqliteWriter); reads
// use a pool of reader connections that WAL lets run beside the writer, each
// seeing the last commit.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace dockpoint::store {

class SociConnection;
class SqliteWriter;

class SqliteStore final : public Store {
public:
    // Opens (creating if needed) the database file, applies pending migrations
    // and seeds the lot on first run. Throws std::runtime_error with a clear
    // sentence when the file cannot be used.
    static std::unique_ptr<SqliteStore> Open(const std::string& path, Instant now);
    // Commits what is queued, then closes the file.
    ~SqliteStore() override;

    Status Read(const std::function<Status(ReadTx&)>& fn) override;
    Status Write(const std::function<Status(WriteTx&)>& fn) override;
    bool TakesCommands() const override { return true; }
    void Submit(WriteCommand command) override;
    void AfterCommit(std::function<void()> fn) override;
    std::optional<std::uint64_t> ChangeCount(ChangeTopic topic) const override;
    std::optional<Instant> ReleaseDueBound() const override;

    // Writes a consistent copy of the live database to target_path.
    void Backup(const std::string& target_path);

private:
    explicit SqliteStore(std::string path);
    std::unique_ptr<SociConnection> Connect(bool read_only) const;
    static void Migrate(SociConnection& writer, Instant now);

    std::unique_ptr<SociConnection> AcquireReader();
    void ReleaseReader(std::unique_ptr<SociConnection> reader);

    std::string path_;
    std::mutex readers_mutex_;
    std::vector<std::unique_ptr<SociConnection>> idle_readers_;
    std::unique_ptr<SqliteWriter> writer_;
};

// Parses "sqlite://PATH" (relative or absolute) into PATH; empty when the URL
// names another scheme.
std::string SqlitePathFromUrl(const std::string& url);

}  // namespace dockpoint::store
