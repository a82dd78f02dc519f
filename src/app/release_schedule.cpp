#include "app/release_schedule.hpp"

namespace dockpoint::app {

bool ReleaseSchedule::NothingDueAt(domain::Instant now,
                                   std::optional<std::uint64_t> version) const {
    if (!version) return false;
    std::lock_guard lock(mutex_);
    if (version_ != version) return false;
    return !first_due_ || now < *first_due_;
}

void ReleaseSchedule::Remember(std::optional<std::uint64_t> version,
                               std::optional<domain::Instant> first_due) {
    std::lock_guard lock(mutex_);
    version_ = version;
    first_due_ = first_due;
}

}  // namespace dockpoint::app
