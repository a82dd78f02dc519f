#pragma once
// Numbered schema migrations (sql/<dialect>/NNNN_name.sql, embedded in the
// binary) and the seeded lot, applied inside the caller's transaction.
#include <functional>
#include <span>
#include <string>

#include "domain/clock.hpp"
#include "embedded.hpp"

namespace soci {
class session;
}

namespace dockpoint::store {

// Runs a script of several statements (the drivers' prepared statements take one).
using ScriptRunner = std::function<void(const std::string& script)>;

// Applies the migrations newer than the database's version, then seeds an empty
// lot. Throws std::runtime_error when the database is newer than this binary.
void ApplyMigrations(soci::session& sql, std::span<const EmbeddedFile> migrations,
                     const ScriptRunner& run_script, domain::Instant now);

}  // namespace dockpoint::store
