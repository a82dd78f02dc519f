#pragma once
// The embedded store: SQLite through SOCI, WAL journal, synchronous=FULL.
// One writer connection serialised by a mutex (BEGIN IMMEDIATE, so writers
// never deadlock on a lock upgrade); a pool of reader connections that WAL lets
// run beside the writer.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace soci {
class session;
}

namespace dockpoint::store {

class SqliteStore final : public Store {
public:
    // Opens (creating if needed) the database file, applies pending migrations
    // and seeds the lot on first run. Throws std::runtime_error with a clear
    // sentence when the file cannot be used.
    static std::unique_ptr<SqliteStore> Open(const std::string& path, Instant now);
    ~SqliteStore() override;

    Status Read(const std::function<Status(ReadTx&)>& fn) override;
    Status Write(const std::function<Status(WriteTx&)>& fn) override;

    // Writes a consistent copy of the live database to target_path.
    void Backup(const std::string& target_path);

private:
    explicit SqliteStore(std::string path);
    std::unique_ptr<soci::session> Connect(bool read_only) const;
    void Migrate(Instant now);

    std::unique_ptr<soci::session> AcquireReader();
    void ReleaseReader(std::unique_ptr<soci::session> reader);

    std::string path_;
    std::mutex write_mutex_;
    std::unique_ptr<soci::session> writer_;
    std::mutex readers_mutex_;
    std::vector<std::unique_ptr<soci::session>> idle_readers_;
};

// Parses "sqlite://PATH" (relative or absolute) into PATH; empty when the URL
// names another scheme.
std::string SqlitePathFromUrl(const std::string& url);

}  // namespace dockpoint::store
