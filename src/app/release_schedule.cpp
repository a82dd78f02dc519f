#include "app/release_schedule.hpp"

namespace dockpoint::app {

bool ReleaseSchedule::NothingDueAt(domain::Instant now, std::optional<std::uint64_t> writes) const {
    if (!writes) return false;
    std::lock_guard lock(mutex_);
    if (writes_ != writes) return false;
    return !first_due_ || now < *first_due_;
}

void ReleaseSchedule::Remember(std::optional<std::uint64_t> writes,
                               std::optional<domain::Instant> first_due) {
    std::lock_guard lock(mutex_);
    writes_ = writes;
    first_due_ = first_due;
}

}  // namespace dockpoint::app
