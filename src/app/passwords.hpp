#pragma once
// Password hashing: argon2id (libsodium) for everything we write; bcrypt "$2b$"
// hashes carried over from the original application still verify (libxcrypt)
// and are replaced by argon2id at the next successful login. CPU- and
// memory-heavy: call from a worker thread, never the I/O thread.
#include <string>
#include <string_view>

namespace dockpoint::app {

std::string HashPassword(std::string_view password);
bool VerifyPassword(std::string_view password, const std::string& stored_hash);
bool NeedsRehash(const std::string& stored_hash);

// A hash that verifies no password, used to spend the same time on unknown
// identifiers as on known ones.
const std::string& DummyPasswordHash();

}  // namespace dockpoint::app
