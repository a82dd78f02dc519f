#include "domain/billing.hpp"

namespace dockpoint::domain {

namespace {
constexpr std::int64_t kSecondsPerHour = 3600;
}

Bill ComputeBill(Instant entry, Instant exit, Cents hourly_rate_cents) {
    const std::int64_t seconds = (exit - entry).count();
    if (seconds <= 0) return Bill{};
    const std::int64_t hours = (seconds + kSecondsPerHour - 1) / kSecondsPerHour;
    return Bill{hours, hours * hourly_rate_cents};
}

DurationParts SplitDuration(Instant entry, Instant exit) {
    const std::int64_t seconds = (exit - entry).count();
    if (seconds <= 0) return DurationParts{};
    const std::int64_t minutes = seconds / 60;
    return DurationParts{minutes / 60, minutes % 60};
}

}  // namespace dockpoint::domain
