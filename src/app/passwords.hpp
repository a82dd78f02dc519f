#pragma once
// Password hashing: argon2id (libsodium) for everything we write; bcrypt "$2b$"
// hashes carried over from the original application still verify (libxcrypt)
// and are replaced by argon2id at the next successful login. CPU- and
// memory-heavy: call from a worker thread, never the I/O thread.
//
// Argon2id runs with m = 12 MiB, t = 3, p = 1, one of OWASP's equivalent
// recommended settings, and at most one hash per core at a time: each hash
// holds its whole memory, so this bounds the server's peak (bench/README.md).
// Hashes written with other settings (libsodium's 64 MiB "interactive" ones
// of earlier versions) still verify and are rewritten at the next login.
#include <cstddef>
#include <string>
#include <string_view>

namespace dockpoint::app {

std::string HashPassword(std::string_view password);
bool VerifyPassword(std::string_view password, const std::string& stored_hash);
bool NeedsRehash(const std::string& stored_hash);

inline constexpr unsigned long long kArgon2Passes = 3;
inline constexpr std::size_t kArgon2MemoryBytes = 12U * 1024U * 1024U;

// A hash that verifies no password, used to spend the same time on unknown
// identifiers as on known ones.
const std::string& DummyPasswordHash();

}  // namespace dockpoint::app
