#include "store/sqlite_store.hpp"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "domain/lot_layout.hpp"
#include "embedded.hpp"
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

int MigrationVersion(std::string_view file_name) {
    int version = 0;
    for (char c : file_name) {
        if (c < '0' || c > '9') break;
        version = version * 10 + (c - '0');
    }
    return version;
}

void Seed(soci::session& sql) {
    int slot_types = 0;
    sql << "SELECT COUNT(*) FROM slot_types", soci::into(slot_types);
    if (slot_types != 0) return;
    for (auto type :
         {domain::SlotType::kRegular, domain::SlotType::kEv, domain::SlotType::kHandicapped}) {
        const std::string name(domain::SlotTypeName(type));
        const int id = static_cast<int>(type) + 1;
        sql << "INSERT INTO slot_types (id, name) VALUES (:i, :n)", soci::use(id), soci::use(name);
    }
    for (const auto& t : domain::DefaultVehicleTypes()) {
        sql << "INSERT INTO vehicle_types (id, type_name, hourly_rate_cents) VALUES (:i, :n, :r)",
            soci::use(t.id), soci::use(t.type_name), soci::use(t.hourly_rate_cents);
    }
    for (const auto& s : domain::DefaultLotLayout()) {
        const int type_id = static_cast<int>(s.type) + 1;
        sql << "INSERT INTO slots (slot_number, slot_type_id, row_label, column_index) "
               "VALUES (:n, :t, :r, :c)",
            soci::use(s.slot_number), soci::use(type_id), soci::use(s.row_label),
            soci::use(s.column);
    }
}

}  // namespace

std::string SqlitePathFromUrl(const std::string& url) {
    constexpr std::string_view kScheme = "sqlite://";
    if (url.rfind(kScheme, 0) != 0) return {};
    return url.substr(kScheme.size());
}

SqliteStore::SqliteStore(std::string path) : path_(std::move(path)) {}
SqliteStore::~SqliteStore() = default;

std::unique_ptr<soci::session> SqliteStore::Connect(bool read_only) const {
    if (path_.find('"') != std::string::npos) {
        throw std::runtime_error("database paths may not contain '\"'");
    }
    auto sql = std::make_unique<soci::session>(soci::sqlite3, "db=\"" + path_ + "\" timeout=10");
    ExecScript(*sql, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
    if (read_only) ExecScript(*sql, "PRAGMA query_only = ON;");
    return sql;
}

std::unique_ptr<SqliteStore> SqliteStore::Open(const std::string& path, Instant now) {
    if (path.empty()) throw std::runtime_error("the database path is empty");
    std::unique_ptr<SqliteStore> store(new SqliteStore(path));
    try {
        store->writer_ = store->Connect(false);
        ExecScript(*store->writer_, "PRAGMA journal_mode = WAL;");
        store->Migrate(now);
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot open database " + path + ": " + e.what());
    }
    return store;
}

void SqliteStore::Migrate(Instant now) {
    soci::session& sql = *writer_;
    ExecScript(sql, "BEGIN IMMEDIATE");
    try {
        ExecScript(
            sql,
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
        int applied = 0;
        soci::indicator ind = soci::i_ok;
        sql << "SELECT MAX(version) FROM schema_migrations", soci::into(applied, ind);
        if (ind == soci::i_null) applied = 0;

        std::vector<EmbeddedFile> files(embedded::sqlite_migrations().begin(),
                                        embedded::sqlite_migrations().end());
        std::sort(files.begin(), files.end(),
                  [](const auto& a, const auto& b) { return a.path < b.path; });
        const int known = files.empty() ? 0 : MigrationVersion(files.back().path);
        if (applied > known) {
            throw std::runtime_error("its schema version " + std::to_string(applied) +
                                     " is newer than this dockpoint knows (" +
                                     std::to_string(known) + ")");
        }
        const long long at = now.time_since_epoch().count();
        for (const EmbeddedFile& file : files) {
            const int version = MigrationVersion(file.path);
            if (version <= applied) continue;
            spdlog::info("applying migration {}", file.path);
            ExecScript(sql, std::string(file.data));
            const std::string name(file.path);
            sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :a)",
                soci::use(version), soci::use(name), soci::use(at);
        }
        Seed(sql);
        ExecScript(sql, "COMMIT");
    } catch (...) {
        ExecScript(sql, "ROLLBACK");
        throw;
    }
}

std::unique_ptr<soci::session> SqliteStore::AcquireReader() {
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

void SqliteStore::ReleaseReader(std::unique_ptr<soci::session> reader) {
    std::lock_guard lock(readers_mutex_);
    idle_readers_.push_back(std::move(reader));
}

Status SqliteStore::Read(const std::function<Status(ReadTx&)>& fn) {
    std::unique_ptr<soci::session> reader;
    try {
        reader = AcquireReader();
        ExecScript(*reader, "BEGIN");
        SociTx tx(*reader, ClassifySqliteConflict);
        Status status = fn(tx);
        ExecScript(*reader, "COMMIT");
        ReleaseReader(std::move(reader));
        return status;
    } catch (const std::exception& e) {
        // A connection in an unknown state is dropped, not reused.
        return StoreFailure(e);
    }
}

Status SqliteStore::Write(const std::function<Status(WriteTx&)>& fn) {
    std::lock_guard lock(write_mutex_);
    soci::session& sql = *writer_;
    try {
        ExecScript(sql, "BEGIN IMMEDIATE");
    } catch (const std::exception& e) {
        return StoreFailure(e);
    }
    try {
        SociTx tx(sql, ClassifySqliteConflict);
        Status status = fn(tx);
        ExecScript(sql, status ? "COMMIT" : "ROLLBACK");
        return status;
    } catch (const std::exception& e) {
        if (sqlite_api::sqlite3_get_autocommit(Native(sql)) == 0) {
            try {
                ExecScript(sql, "ROLLBACK");
            } catch (const std::exception& rollback_error) {
                spdlog::error("rollback failed: {}", rollback_error.what());
            }
        }
        return StoreFailure(e);
    }
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
    sqlite3_backup* backup = sqlite3_backup_init(target, "main", Native(*reader), "main");
    int rc = backup ? sqlite3_backup_step(backup, -1) : SQLITE_ERROR;
    if (backup) sqlite3_backup_finish(backup);
    std::string message = sqlite3_errmsg(target);
    sqlite3_close(target);
    ReleaseReader(std::move(reader));
    if (rc != SQLITE_DONE) throw std::runtime_error("backup failed: " + message);
}

}  // namespace dockpoint::store
