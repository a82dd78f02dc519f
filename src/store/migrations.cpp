#include "store/migrations.hpp"

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "domain/lot_layout.hpp"

namespace dockpoint::store {

namespace {

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

void ApplyMigrations(soci::session& sql, std::span<const EmbeddedFile> migrations,
                     const ScriptRunner& run_script, domain::Instant now) {
    run_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    int applied = 0;
    soci::indicator ind = soci::i_ok;
    sql << "SELECT MAX(version) FROM schema_migrations", soci::into(applied, ind);
    if (ind == soci::i_null) applied = 0;

    std::vector<EmbeddedFile> files(migrations.begin(), migrations.end());
    std::sort(files.begin(), files.end(),
              [](const auto& a, const auto& b) { return a.path < b.path; });
    const int known = files.empty() ? 0 : MigrationVersion(files.back().path);
    if (applied > known) {
        throw std::runtime_error("its schema version " + std::to_string(applied) +
                                 " is newer than this dockpoint knows (" + std::to_string(known) +
                                 ")");
    }
    const long long at = now.time_since_epoch().count();
    for (const EmbeddedFile& file : files) {
        const int version = MigrationVersion(file.path);
        if (version <= applied) continue;
        spdlog::info("applying migration {}", file.path);
        run_script(std::string(file.data));
        const std::string name(file.path);
        sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :a)",
            soci::use(version), soci::use(name), soci::use(at);
    }
    Seed(sql);
}

}  // namespace dockpoint::store
