#include "app/session_cache.hpp"

namespace dockpoint::app {

std::optional<store::SessionRow> SessionCache::Find(const std::string& token_hash,
                                                    domain::Instant now,
                                                    std::optional<std::uint64_t> version) const {
    if (!version) return std::nullopt;
    std::lock_guard lock(mutex_);
    if (*version != version_) return std::nullopt;
    const auto it = sessions_.find(token_hash);
    if (it == sessions_.end() || it->second.expires_at <= now) return std::nullopt;
    return it->second;
}

void SessionCache::Keep(const std::string& token_hash, const store::SessionRow& session,
                        std::optional<std::uint64_t> version) {
    if (!version) return;
    std::lock_guard lock(mutex_);
    if (*version < version_) return;  // read before a change the cache already saw
    if (*version > version_ || sessions_.size() >= kCapacity) {
        sessions_.clear();
        version_ = *version;
    }
    sessions_.insert_or_assign(token_hash, session);
}

}  // namespace dockpoint::app
