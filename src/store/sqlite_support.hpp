#pragma once
// What the SQLite store's parts share: the native handle behind a SOCI
// session, scripts of several statements, and how SQLite errors become
// domain errors at the store's boundary.
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <exception>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace dockpoint::store {

sqlite_api::sqlite3* Native(soci::session& sql);

// Runs a script of several statements (migrations, pragmas); throws
// std::runtime_error with SQLite's message.
void ExecScript(soci::session& sql, const std::string& script);

// A statement stopped on a row would keep its connection's read snapshot open
// after COMMIT; every cached statement is reset once used.
void ResetStatement(soci::statement& st);

// Which constraint a failed statement hit (one of the k*Conflict strings), or
// empty when it is no constraint violation.
std::string_view ClassifySqliteConflict(const soci::soci_error& error);

// Logs a database failure and turns it into what a client may see: "busy"
// (503) when the file is locked by another program, else a generic 500.
domain::Error StoreFailure(const std::exception& e);

}  // namespace dockpoint::store
