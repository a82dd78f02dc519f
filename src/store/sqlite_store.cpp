#include "store/sqlite_store.hpp"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <stdexcept>

#include "embedded.hpp"
#include "store/migrations.hpp"
#include "store/soci_connection.hpp"
#include "store/soci_tx.hpp"
#include "store/sqlite_support.hpp"
#include "store/sqlite_writer.hpp"

namespace dockpoint::store {

namespace {

// Each connection is used by one thread at a time (the writer thread, a reader
// taken from the pool), so SQLite's per-call connection mutex ("serialized"
// mode) only costs time: multi-thread mode drops it. Must be set before SQLite
// initialises; if something already initialised it, the call fails and the
// safe default stays.
void UseMultiThreadMode() {
    static std::once_flag once;
    std::call_once(once, [] { sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD); });
}

}  // namespace

std::string SqlitePathFromUrl(const std::string& url) {
    constexpr std::string_view kScheme = "sqlite://";
    if (url.rfind(kScheme, 0) != 0) return {};
    return url.substr(kScheme.size());
}

SqliteStore::SqliteStore(std::string path) : path_(std::move(path)) {}

// The writer first: it commits what is queued while the readers still exist.
SqliteStore::~SqliteStore() { writer_.reset(); }

std::unique_ptr<SociConnection> SqliteStore::Connect(bool read_only) const {
    UseMultiThreadMode();
    if (path_.find('"') != std::string::npos) {
        throw std::runtime_error("database paths may not contain '\"'");
    }
    auto sql = std::make_unique<soci::session>(soci::sqlite3, "db=\"" + path_ + "\" timeout=10");
    ExecScript(*sql, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
    // Readers keep a small page cache of their own (the OS caches the file for
    // all of them); the writer keeps SQLite's 2 MiB.
    if (read_only) ExecScript(*sql, "PRAGMA query_only = ON; PRAGMA cache_size = -512;");
    return std::make_unique<SociConnection>(std::move(sql), Preparation::kOncePerConnection,
                                            ResetStatement);
}

std::unique_ptr<SqliteStore> SqliteStore::Open(const std::string& path, Instant now) {
    if (path.empty()) throw std::runtime_error("the database path is empty");
    std::unique_ptr<SqliteStore> store(new SqliteStore(path));
    try {
        auto writer = store->Connect(false);
        ExecScript(writer->sql(), "PRAGMA journal_mode = WAL;");
        Migrate(*writer, now);
        store->writer_ = std::make_unique<SqliteWriter>(std::move(writer));
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot open database " + path + ": " + e.what());
    }
    return store;
}

void SqliteStore::Migrate(SociConnection& writer, Instant now) {
    soci::session& sql = writer.sql();
    ExecScript(sql, "BEGIN IMMEDIATE");
    try {
        ApplyMigrations(
            sql, embedded::sqlite_migrations(),
            [&sql](const std::string& script) { ExecScript(sql, script); }, now);
        ExecScript(sql, "COMMIT");
    } catch (...) {
        ExecScript(sql, "ROLLBACK");
        throw;
    }
}

std::unique_ptr<SociConnection> SqliteStore::AcquireReader() {
    {
        std::lock_guard lock(readers_mutex_);
        if (!idle_readers_.empty()) {
            auto reader = std::move(idle_readers_.back());
            idle_readers_.pop_back();
            return reader;
        }
    }
    return Connect(true);
}

void SqliteStore::ReleaseReader(std::unique_ptr<SociConnection> reader) {
    std::lock_guard lock(readers_mutex_);
    idle_readers_.push_back(std::move(reader));
}

Status SqliteStore::Read(const std::function<Status(ReadTx&)>& fn) {
    std::unique_ptr<SociConnection> reader;
    try {
        reader = AcquireReader();
        reader->Execute("BEGIN");
        SociTx tx(*reader, Dialect::kSqlite, ClassifySqliteConflict);
        Status status = fn(tx);
        reader->Execute("COMMIT");
        ReleaseReader(std::move(reader));
        return status;
    } catch (const std::exception& e) {
        // A connection in an unknown state is dropped, not reused.
        return StoreFailure(e);
    }
}

Status SqliteStore::Write(const std::function<Status(WriteTx&)>& fn) { return writer_->Write(fn); }

void SqliteStore::Submit(WriteCommand command) { writer_->Submit(std::move(command)); }

void SqliteStore::AfterCommit(std::function<void()> fn) { writer_->AfterCommit(std::move(fn)); }

std::optional<std::uint64_t> SqliteStore::ChangeCount(ChangeTopic topic) const {
    return writer_->ChangeCount(topic);
}

std::optional<Instant> SqliteStore::ReleaseDueBound() const { return writer_->ReleaseDueBound(); }

void SqliteStore::Backup(const std::string& target_path) {
    using namespace sqlite_api;
    sqlite3* target = nullptr;
    if (sqlite3_open(target_path.c_str(), &target) != SQLITE_OK) {
        std::string message = sqlite3_errmsg(target);
        sqlite3_close(target);
        throw std::runtime_error("cannot create " + target_path + ": " + message);
    }
    auto reader = AcquireReader();
    sqlite3_backup* backup = sqlite3_backup_init(target, "main", Native(reader->sql()), "main");
    int rc = backup ? sqlite3_backup_step(backup, -1) : SQLITE_ERROR;
    if (backup) sqlite3_backup_finish(backup);
    std::string message = sqlite3_errmsg(target);
    sqlite3_close(target);
    ReleaseReader(std::move(reader));
    if (rc != SQLITE_DONE) throw std::runtime_error("backup failed: " + message);
}

}  // namespace dockpoint::store
