#include "store/sqlite_store.hpp"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>

#include "embedded.hpp"
#include "store/migrations.hpp"
#include "store/soci_tx.hpp"

namespace dockpoint::store {

namespace {

// SOCI wraps the SQLite C API in namespace sqlite_api.
using namespace sqlite_api;

sqlite3* Native(soci::session& sql) {
    return static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
}

// Runs a script of several statements (migrations, pragmas).
void ExecScript(soci::session& sql, const std::string& script) {
    char* message = nullptr;
    if (sqlite3_exec(Native(sql), script.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : "unknown error";
        sqlite3_free(message);
        throw std::runtime_error(text);
    }
}

// A statement stopped on a row would keep its connection's read snapshot open
// after COMMIT; every cached statement is reset once used.
void ResetStatement(soci::statement& st) {
    sqlite3_reset(static_cast<soci::sqlite3_statement_backend*>(st.get_backend())->stmt_);
}

std::string_view ClassifySqliteConflict(const soci::soci_error& error) {
    const std::string_view what = error.what();
    auto has = [&](std::string_view part) { return what.find(part) != std::string_view::npos; };
    if (has("records.slot_id")) return kSlotOccupiedConflict;
    if (has("records.vehicle_number")) return kVehicleParkedConflict;
    if (has("slot is reserved at the entry time")) return kSlotReservedConflict;
    if (has("another reservation of the slot")) return kSlotOverlapConflict;
    if (has("another reservation of the vehicle")) return kVehicleOverlapConflict;
    if (has("owners.email")) return kEmailTakenConflict;
    if (has("owners.phone_number")) return kPhoneTakenConflict;
    if (has("vehicles.vehicle_number")) return kVehicleRegisteredConflict;
    return {};
}

domain::Error StoreFailure(const std::exception& e) {
    spdlog::error("database error: {}", e.what());
    if (std::string_view(e.what()).find("database is locked") != std::string_view::npos) {
        return domain::MakeError(domain::ErrorCode::kUnavailable,
                                 "The database is busy; please try again.");
    }
    return domain::MakeError(domain::ErrorCode::kInternal, "Internal server error.");
}

}  // namespace

std::string SqlitePathFromUrl(const std::string& url) {
    constexpr std::string_view kScheme = "sqlite://";
    if (url.rfind(kScheme, 0) != 0) return {};
    return url.substr(kScheme.size());
}

SqliteStore::SqliteStore(std::string path) : path_(std::move(path)) {}
SqliteStore::~SqliteStore() = default;

namespace {

// Each connection is used by one thread at a time (the batch leader, a reader
// taken from the pool, the version watcher under its mutex), so SQLite's
// per-call connection mutex ("serialized" mode) only costs time: multi-thread
// mode drops it. Must be set before SQLite initialises; if something already
// initialised it, the call fails and the safe default stays.
void UseMultiThreadMode() {
    static std::once_flag once;
    std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MULTITHREAD); });
}

}  // namespace

std::unique_ptr<SociConnection> SqliteStore::Connect(bool read_only) const {
    UseMultiThreadMode();
    if (path_.find('"') != std::string::npos) {
        throw std::runtime_error("database paths may not contain '\"'");
    }
    auto sql = std::make_unique<soci::session>(soci::sqlite3, "db=\"" + path_ + "\" timeout=10");
    ExecScript(*sql, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
    // Readers keep a small page cache of their own (there are up to --workers
    // of them; the OS caches the file for all); the writer keeps SQLite's 2 MiB.
    if (read_only) ExecScript(*sql, "PRAGMA query_only = ON; PRAGMA cache_size = -512;");
    return std::make_unique<SociConnection>(std::move(sql), Preparation::kOncePerConnection,
                                            ResetStatement);
}

std::unique_ptr<SqliteStore> SqliteStore::Open(const std::string& path, Instant now) {
    if (path.empty()) throw std::runtime_error("the database path is empty");
    std::unique_ptr<SqliteStore> store(new SqliteStore(path));
    try {
        store->writer_ = store->Connect(false);
        ExecScript(store->writer_->sql(), "PRAGMA journal_mode = WAL;");
        store->Migrate(now);
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot open database " + path + ": " + e.what());
    }
    return store;
}

void SqliteStore::Migrate(Instant now) {
    soci::session& sql = writer_->sql();
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

Status SqliteStore::Write(const std::function<Status(WriteTx&)>& fn) {
    // Group commit: writers queue up; whoever finds no batch running becomes the
    // leader and commits everything queued so far in one transaction (one fsync),
    // each command inside its own savepoint. Nobody is answered before the
    // commit that holds their change is on disk.
    WriteJob job{&fn, domain::Ok(), false};
    std::unique_lock lock(queue_mutex_);
    queue_.push_back(&job);
    while (!job.done) {
        if (leader_active_) {
            batch_done_.wait(lock);
            continue;
        }
        leader_active_ = true;
        std::vector<WriteJob*> batch;
        while (!queue_.empty() && batch.size() < kMaxBatch) {
            batch.push_back(queue_.front());
            queue_.pop_front();
        }
        lock.unlock();
        RunBatch(batch);
        lock.lock();
        for (WriteJob* done : batch) done->done = true;
        leader_active_ = false;
        batch_done_.notify_all();
    }
    return job.result;
}

void SqliteStore::RunBatch(const std::vector<WriteJob*>& batch) {
    SociConnection& writer = *writer_;
    try {
        writer.Execute("BEGIN IMMEDIATE");
    } catch (const std::exception& e) {
        for (WriteJob* job : batch) job->result = StoreFailure(e);
        return;
    }
    try {
        for (WriteJob* job : batch) {
            writer.Execute("SAVEPOINT command");
            try {
                SociTx tx(writer, Dialect::kSqlite, ClassifySqliteConflict);
                job->result = (*job->fn)(tx);
            } catch (const std::exception& e) {
                job->result = StoreFailure(e);
            }
            // A refused or failed command leaves no trace; the others go on.
            if (!job->result) writer.Execute("ROLLBACK TO command");
            writer.Execute("RELEASE command");
        }
        writer.Execute("COMMIT");
    } catch (const std::exception& e) {
        // The transaction itself failed (disk full, I/O error): nothing of the
        // batch is committed, so no command may report success.
        if (sqlite_api::sqlite3_get_autocommit(Native(writer.sql())) == 0) {
            try {
                ExecScript(writer.sql(), "ROLLBACK");
            } catch (const std::exception& rollback_error) {
                spdlog::error("rollback failed: {}", rollback_error.what());
            }
        }
        const domain::Error failure = StoreFailure(e);
        for (WriteJob* job : batch) {
            if (job->result) job->result = failure;
        }
    }
}

std::optional<std::uint64_t> SqliteStore::DataVersion() {
    std::lock_guard lock(version_mutex_);
    try {
        if (!version_watcher_) version_watcher_ = Connect(true);
        struct Bound {
            long long version;
        };
        auto& q = version_watcher_->Statement<Bound>(
            "PRAGMA data_version",
            [](soci::statement& st, Bound& b) { st.exchange(soci::into(b.version)); });
        if (q.FetchOne()) return static_cast<std::uint64_t>(q.bound.version);
    } catch (const std::exception& e) {
        spdlog::warn("cannot read the database's data version: {}", e.what());
        version_watcher_.reset();
    }
    return std::nullopt;  // unknown: nothing is taken from memory
}

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
