#include "store/sqlite_support.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "store/store.hpp"

namespace dockpoint::store {

// SOCI wraps the SQLite C API in namespace sqlite_api.
using namespace sqlite_api;

sqlite3* Native(soci::session& sql) {
    return static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
}

void ExecScript(soci::session& sql, const std::string& script) {
    char* message = nullptr;
    if (sqlite3_exec(Native(sql), script.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : "unknown error";
        sqlite3_free(message);
        throw std::runtime_error(text);
    }
}

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

}  // namespace dockpoint::store
