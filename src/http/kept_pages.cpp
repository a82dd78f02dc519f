#include "http/kept_pages.hpp"

namespace dockpoint::http {

std::shared_ptr<const std::string> KeptPages::Find(const std::string& key,
                                                   std::optional<std::uint64_t> version) const {
    if (!version) return nullptr;
    std::lock_guard lock(mutex_);
    if (*version != version_) return nullptr;
    const auto it = pages_.find(key);
    return it == pages_.end() ? nullptr : it->second;
}

void KeptPages::Keep(const std::string& key, std::optional<std::uint64_t> version,
                     std::shared_ptr<const std::string> body) {
    if (!version || body == nullptr || body->size() > kMaxPageBytes) return;
    std::lock_guard lock(mutex_);
    if (*version < version_) return;  // read before a change already seen
    if (*version > version_ || pages_.size() >= kCapacity) {
        pages_.clear();
        version_ = *version;
    }
    pages_.insert_or_assign(key, std::move(body));
}

}  // namespace dockpoint::http
