#include "http/row_fragments.hpp"

namespace dockpoint::http {

std::shared_ptr<const std::string> RowFragments::Find(const store::HistoryRow& row,
                                                      std::optional<std::uint64_t> version) const {
    if (!Final(row)) return nullptr;
    return Find(row.kind, row.id, version);
}

std::shared_ptr<const std::string> RowFragments::Find(store::BookingKind kind, long long id,
                                                      std::optional<std::uint64_t> version) const {
    if (!version) return nullptr;
    std::lock_guard lock(mutex_);
    if (*version != version_) return nullptr;
    const auto it = rows_.find(KeyOf(kind, id));
    return it == rows_.end() ? nullptr : it->second;
}

void RowFragments::Keep(const store::HistoryRow& row, std::optional<std::uint64_t> version,
                        std::shared_ptr<const std::string> json) {
    if (!version || !Final(row)) return;
    // Freed once the lock is released: other pages need not wait for 8,000 frees.
    std::unordered_map<std::uint64_t, std::shared_ptr<const std::string>> dropped;
    std::lock_guard lock(mutex_);
    if (*version < version_) return;  // rendered from a read older than a change seen
    if (*version > version_ || rows_.size() >= kCapacity) {
        dropped.swap(rows_);
        version_ = *version;
    }
    rows_.insert_or_assign(KeyOf(row.kind, row.id), std::move(json));
}

}  // namespace dockpoint::http
