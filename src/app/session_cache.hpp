#pragma once
// Sessions as last read, so that the session behind a request's cookie is
// usually known without a database read (every authenticated request asks).
// Kept sessions are trusted while the sessions' change count is the one they
// were read at (Store::ChangeCount(kSessions): a logout, a password change, an
// expiry clean-up or a name change moves it, and so does any write by another
// program), and never past their expiry. Without a change count (PostgreSQL,
// where other servers write) nothing is kept.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "store/store.hpp"

namespace dockpoint::app {

class SessionCache {
public:
    // At most this many are kept; when full, the cache starts over.
    static constexpr std::size_t kCapacity = 10'000;

    // The kept session for the token hash if it is exact with the sessions at
    // `version` and has not expired at `now`.
    std::optional<store::SessionRow> Find(const std::string& token_hash, domain::Instant now,
                                          std::optional<std::uint64_t> version) const;
    // Keeps a session read with the sessions at `version` (taken before the read).
    void Keep(const std::string& token_hash, const store::SessionRow& session,
              std::optional<std::uint64_t> version);

private:
    mutable std::mutex mutex_;
    std::uint64_t version_ = 0;  // of everything in sessions_
    std::unordered_map<std::string, store::SessionRow> sessions_;
};

}  // namespace dockpoint::app
