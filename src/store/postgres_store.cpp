#include "store/postgres_store.hpp"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <vector>

#include "embedded.hpp"
#include "store/migrations.hpp"
#include "store/soci_tx.hpp"

namespace dockpoint::store {

namespace {

constexpr int kAttempts = 5;  // for serialization failures and deadlocks

PGconn* Native(soci::session& sql) {
    return static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_;
}

void ExecScript(soci::session& sql, const std::string& script) {
    PGresult* result = PQexec(Native(sql), script.c_str());
    const ExecStatusType status = PQresultStatus(result);
    std::string message = PQresultErrorMessage(result);
    PQclear(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        throw std::runtime_error(message.empty() ? "query failed" : message);
    }
}

std::string SqlState(const soci::soci_error& error) {
    if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
        return pg->sqlstate();
    }
    return {};
}

std::string_view ClassifyPostgresConflict(const soci::soci_error& error) {
    const std::string state = SqlState(error);
    if (state != "23505" && state != "23P01" && state != "P0001") return {};
    const std::string_view what = error.what();
    auto has = [&](std::string_view part) { return what.find(part) != std::string_view::npos; };
    if (has("records_one_open_per_slot")) return kSlotOccupiedConflict;
    if (has("records_one_open_per_vehicle")) return kVehicleParkedConflict;
    if (has("slot is reserved at the entry time")) return kSlotReservedConflict;
    if (has("reservations_no_slot_overlap")) return kSlotOverlapConflict;
    if (has("reservations_no_vehicle_overlap")) return kVehicleOverlapConflict;
    if (has("owners_email_key")) return kEmailTakenConflict;
    if (has("owners_phone_number_key")) return kPhoneTakenConflict;
    if (has("vehicles_pkey")) return kVehicleRegisteredConflict;
    return {};
}

bool Retryable(const soci::soci_error& error) {
    const std::string state = SqlState(error);
    return state == "40001" || state == "40P01";
}

domain::Error Unavailable() {
    return domain::MakeError(domain::ErrorCode::kUnavailable,
                             "The database is unavailable; please try again shortly.");
}

bool Broken(soci::session& sql) {
    PGconn* conn = Native(sql);
    return conn == nullptr || PQstatus(conn) != CONNECTION_OK;
}

// SOCI re-parses its connect string as space-separated key=value pairs and
// mangles URIs, so the URL is handed over in libpq's keyword form.
std::string KeywordConninfo(const std::string& url) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
    if (options == nullptr) {
        std::string message = error ? error : "invalid connection URL";
        PQfreemem(error);
        throw std::runtime_error(message);
    }
    std::string conninfo;
    for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
        if (o->val == nullptr || *o->val == '\0') continue;
        std::string value;
        for (const char* c = o->val; *c != '\0'; ++c) {
            if (*c == '\'' || *c == '\\') value += '\\';
            value += *c;
        }
        conninfo += std::string(o->keyword) + "='" + value + "' ";
    }
    PQconninfoFree(options);
    return conninfo;
}

// libpq's messages span several lines ("... failed: Connection refused\n\tIs the
// server running ...?\n") and SOCI puts its own sentence before them; the CLI
// promises one `dockpoint: error:` line, and logs read better on one line too.
// A line starting in lower case continues the sentence before it.
std::string OneLine(std::string_view message) {
    constexpr std::string_view kSociPrefix = "Cannot establish connection to the database.";
    if (message.substr(0, kSociPrefix.size()) == kSociPrefix) {
        message.remove_prefix(kSociPrefix.size());
    }
    std::string out;
    std::size_t begin = 0;
    while (begin <= message.size()) {
        std::size_t end = message.find('\n', begin);
        if (end == std::string_view::npos) end = message.size();
        std::string_view line = message.substr(begin, end - begin);
        const auto first = line.find_first_not_of(" \t\r");
        if (first != std::string_view::npos) {
            line = line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
            if (!out.empty()) {
                const bool continues = line.front() >= 'a' && line.front() <= 'z';
                const bool ended =
                    std::string_view(".:;?!").find(out.back()) != std::string_view::npos;
                out += continues || ended ? " " : ". ";
            }
            out += line;
        }
        begin = end + 1;
    }
    return out;
}

void ReplaceAll(std::string& text, const std::string& what, const std::string& with) {
    if (what.empty()) return;
    for (auto at = text.find(what); at != std::string::npos;
         at = text.find(what, at + with.size())) {
        text.replace(at, what.size(), with);
    }
}

// A message about the URL without its password: libpq quotes a URL it cannot
// parse verbatim, and a password may also come as a ?password= parameter.
std::string WithoutPassword(std::string message, const std::string& url) {
    std::vector<std::string> secrets;
    const auto scheme = url.find("://");
    if (scheme != std::string::npos) {
        const std::string authority =
            url.substr(scheme + 3, url.find('/', scheme + 3) - scheme - 3);
        const auto at = authority.rfind('@');
        const auto colon = authority.find(':');
        if (at != std::string::npos && colon != std::string::npos && colon < at) {
            secrets.push_back(authority.substr(colon + 1, at - colon - 1));  // as written
        }
    }
    for (auto at = url.find("password=", url.find('?')); at != std::string::npos;
         at = url.find("password=", at + 1)) {
        const auto begin = at + std::string_view("password=").size();
        secrets.push_back(
            url.substr(begin, url.find('&', begin) - begin));  // ?password= as written
    }
    char* error = nullptr;
    if (PQconninfoOption* options = PQconninfoParse(url.c_str(), &error)) {
        for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
            if (std::string_view(o->keyword) == "password" && o->val != nullptr) {
                secrets.emplace_back(o->val);  // decoded, or from ?password=
            }
        }
        PQconninfoFree(options);
    }
    PQfreemem(error);
    for (const auto& secret : secrets) ReplaceAll(message, secret, "***");
    return message;
}

}  // namespace

bool IsPostgresUrl(const std::string& url) {
    return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

PostgresStore::PostgresStore(std::string url) : url_(std::move(url)) {}
PostgresStore::~PostgresStore() = default;

std::unique_ptr<SociConnection> PostgresStore::Connect() const {
    auto sql = std::make_unique<soci::session>(soci::postgresql, KeywordConninfo(url_));
    ExecScript(*sql, "SET TIME ZONE 'UTC'; SET client_min_messages = warning");
    return std::make_unique<SociConnection>(std::move(sql), Preparation::kEachExecution, nullptr);
}

std::unique_ptr<PostgresStore> PostgresStore::Open(const std::string& url, Instant now) {
    std::unique_ptr<PostgresStore> store(new PostgresStore(url));
    try {
        auto connection = store->Connect();
        soci::session& sql = connection->sql();
        ExecScript(sql, "BEGIN");
        try {
            // Servers starting together migrate one after the other.
            ExecScript(sql, "SELECT pg_advisory_xact_lock(7301)");
            ApplyMigrations(
                sql, embedded::postgresql_migrations(),
                [&sql](const std::string& script) { ExecScript(sql, script); }, now);
            ExecScript(sql, "COMMIT");
        } catch (...) {
            ExecScript(sql, "ROLLBACK");
            throw;
        }
        store->Release(std::move(connection));
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot open the PostgreSQL database: " +
                                 WithoutPassword(OneLine(e.what()), url));
    }
    return store;
}

std::unique_ptr<SociConnection> PostgresStore::Acquire() {
    {
        std::lock_guard lock(mutex_);
        if (!idle_.empty()) {
            auto connection = std::move(idle_.back());
            idle_.pop_back();
            return connection;
        }
    }
    return Connect();
}

void PostgresStore::Release(std::unique_ptr<SociConnection> connection) {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
}

Status PostgresStore::Run(bool write, const std::function<Status(SociTx&)>& fn) {
    for (int attempt = 1;; ++attempt) {
        std::unique_ptr<SociConnection> connection;
        try {
            connection = Acquire();
        } catch (const std::exception& e) {
            spdlog::warn("cannot reach PostgreSQL: {}", OneLine(e.what()));
            return Unavailable();
        }
        soci::session& sql = connection->sql();
        try {
            ExecScript(sql, write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
            SociTx tx(*connection, Dialect::kPostgresql, ClassifyPostgresConflict);
            Status status = fn(tx);
            ExecScript(sql, status ? "COMMIT" : "ROLLBACK");
            Release(std::move(connection));
            return status;
        } catch (const std::exception& e) {
            if (Broken(sql)) {
                // The connection is gone (the server restarted?): drop it, and every
                // idle one, which is likely dead too; the next request reconnects.
                spdlog::warn("lost the PostgreSQL connection: {}", OneLine(e.what()));
                std::lock_guard lock(mutex_);
                idle_.clear();
                return Unavailable();
            }
            try {
                ExecScript(sql, "ROLLBACK");
            } catch (const std::exception& rollback_error) {
                spdlog::error("rollback failed: {}", OneLine(rollback_error.what()));
                return Unavailable();
            }
            const auto* soci_error = dynamic_cast<const soci::soci_error*>(&e);
            if (soci_error != nullptr && Retryable(*soci_error) && attempt < kAttempts) {
                Release(std::move(connection));
                std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
                continue;
            }
            Release(std::move(connection));
            spdlog::error("database error: {}", OneLine(e.what()));
            return domain::MakeError(domain::ErrorCode::kInternal, "Internal server error.");
        }
    }
}

Status PostgresStore::Read(const std::function<Status(ReadTx&)>& fn) {
    return Run(false, [&fn](SociTx& tx) { return fn(tx); });
}

Status PostgresStore::Write(const std::function<Status(WriteTx&)>& fn) {
    return Run(true, [&fn](SociTx& tx) { return fn(tx); });
}

bool PostgresStore::Notify(const std::string& channel, const std::string& payload) {
    std::unique_ptr<SociConnection> connection;
    try {
        connection = Acquire();
        connection->sql() << "SELECT pg_notify(:c, :p)", soci::use(channel), soci::use(payload);
        Release(std::move(connection));
        return true;
    } catch (const std::exception& e) {
        spdlog::warn("could not announce a change to other servers: {}", OneLine(e.what()));
        if (connection && !Broken(connection->sql())) Release(std::move(connection));
        return false;
    }
}

}  // namespace dockpoint::store
