#include "domain/login_throttle.hpp"

#include <algorithm>

namespace dockpoint::domain {

void PruneFailures(FailureTimes& failures, std::chrono::seconds window, std::size_t keep,
                   Instant now) {
    // A failure counts while now - failure < window.
    const auto expired = std::find_if(failures.begin(), failures.end(),
                                      [&](Instant failure) { return now - failure < window; });
    failures.erase(failures.begin(), expired);
    if (failures.size() > keep) {
        failures.erase(failures.begin(),
                       failures.begin() + static_cast<std::ptrdiff_t>(failures.size() - keep));
    }
}

std::chrono::seconds WaitAfterFailures(const FailureTimes& failures, std::size_t limit,
                                       std::chrono::seconds window, Instant now) {
    if (limit == 0) return std::chrono::seconds{0};
    const auto counting = std::count_if(failures.begin(), failures.end(),
                                        [&](Instant failure) { return now - failure < window; });
    if (static_cast<std::size_t>(counting) < limit) return std::chrono::seconds{0};
    // The newest `limit` failures all count; the wait ends when the oldest of them expires.
    const Instant oldest_of_newest = failures[failures.size() - limit];
    return std::max(std::chrono::seconds{1}, oldest_of_newest + window - now);
}

std::chrono::seconds LoginWait(const LoginThrottlePolicy& policy,
                               const FailureTimes& identifier_failures,
                               const FailureTimes& address_failures, Instant now) {
    return std::max(
        WaitAfterFailures(identifier_failures, policy.max_failures_per_identifier, policy.window,
                          now),
        WaitAfterFailures(address_failures, policy.max_failures_per_address, policy.window, now));
}

std::string TooManyAttemptsMessage(std::chrono::seconds wait) {
    const long long seconds = std::max<long long>(1, wait.count());
    return "Too many login attempts. Try again in " + std::to_string(seconds) +
           (seconds == 1 ? " second." : " seconds.");
}

}  // namespace dockpoint::domain
