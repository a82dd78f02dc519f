#pragma once
// The login throttling policy: how many failed logins, for one identifier or
// from one client address, are allowed within a sliding window, and how long a
// caller over the limit must wait. Pure functions of explicit failure times;
// the state lives in app/login_limiter.
#include <chrono>
#include <string>
#include <vector>

#include "domain/clock.hpp"

namespace dockpoint::domain {

struct LoginThrottlePolicy {
    std::size_t max_failures_per_identifier = 5;
    std::size_t max_failures_per_address = 20;
    std::chrono::seconds window{15 * 60};
};

// Failure instants of one identifier or one address, oldest first.
using FailureTimes = std::vector<Instant>;

// Drops the failures that no longer count at `now` (older than the window) and
// all but the newest `keep` of the rest: no decision needs more than the
// newest `limit` failures.
void PruneFailures(FailureTimes& failures, std::chrono::seconds window, std::size_t keep,
                   Instant now);

// How long a caller with these failures must wait before the next attempt:
// zero when an attempt is allowed now. With `limit` failures inside the window
// the wait lasts until the oldest of the newest `limit` leaves it.
std::chrono::seconds WaitAfterFailures(const FailureTimes& failures, std::size_t limit,
                                       std::chrono::seconds window, Instant now);

// The wait for a login attempt: the longer of the identifier's and the
// address's waits (zero: go ahead and check the password).
std::chrono::seconds LoginWait(const LoginThrottlePolicy& policy,
                               const FailureTimes& identifier_failures,
                               const FailureTimes& address_failures, Instant now);

// "Too many login attempts. Try again in N seconds."
std::string TooManyAttemptsMessage(std::chrono::seconds wait);

}  // namespace dockpoint::domain
