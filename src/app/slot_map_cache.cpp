#include "app/slot_map_cache.hpp"

#include <algorithm>

namespace dockpoint::app {

std::optional<domain::Instant> NextReservationBoundary(
    const std::vector<store::SlotStateRow>& slots, domain::Instant read_at) {
    std::optional<domain::Instant> first;
    for (const auto& slot : slots) {
        if (!slot.next_start || !slot.next_end) continue;
        const domain::Instant boundary =
            *slot.next_start > read_at ? *slot.next_start : *slot.next_end;
        if (!first || boundary < *first) first = boundary;
    }
    return first;
}

std::shared_ptr<const SlotMap> SlotMapCache::Find(domain::Instant now,
                                                  std::optional<std::uint64_t> version) const {
    if (!version) return nullptr;
    std::lock_guard lock(mutex_);
    if (!map_ || version_ != version || now < read_at_) return nullptr;
    if (valid_until_ && now >= *valid_until_) return nullptr;
    return map_;
}

void SlotMapCache::Keep(std::shared_ptr<const SlotMap> map, domain::Instant read_at,
                        std::optional<std::uint64_t> version) {
    if (!version) return;
    const auto valid_until = NextReservationBoundary(map->slots, read_at);
    std::lock_guard lock(mutex_);
    map_ = std::move(map);
    version_ = version;
    read_at_ = read_at;
    valid_until_ = valid_until;
}

}  // namespace dockpoint::app
