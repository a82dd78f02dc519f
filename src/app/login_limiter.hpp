#pragma once
// The memory behind login throttling: recent failed logins per identifier and
// per client address, shared by all worker threads. The policy (limits,
// window, waits) is domain/login_throttle; this class only keeps the failure
// times, bounded in size (the entries failed longest ago are evicted first).
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "domain/clock.hpp"
#include "domain/login_throttle.hpp"

namespace dockpoint::app {

class LoginLimiter {
public:
    explicit LoginLimiter(domain::LoginThrottlePolicy policy = {}, std::size_t max_keys = 10'000);

    // How long an attempt for `identifier` from `address` must wait; zero: go
    // ahead. An empty address (unknown) is not limited by address.
    std::chrono::seconds Wait(const std::string& identifier, const std::string& address,
                              domain::Instant now);
    // A wrong password (or unknown identifier): counts for both.
    void RecordFailure(const std::string& identifier, const std::string& address,
                       domain::Instant now);
    // A successful login clears the identifier's failures (not the address's:
    // one valid account must not unlock guessing at others).
    void RecordSuccess(const std::string& identifier);

    const domain::LoginThrottlePolicy& policy() const { return policy_; }
    std::size_t TrackedKeys() const;  // identifiers + addresses held now

private:
    struct Entry {
        domain::FailureTimes failures;  // oldest first
    };
    using Table = std::unordered_map<std::string, Entry>;

    void Record(Table& table, std::string key, std::size_t keep, domain::Instant now);

    const domain::LoginThrottlePolicy policy_;
    const std::size_t max_keys_;  // per table
    mutable std::mutex mutex_;
    Table identifiers_;
    Table addresses_;
};

}  // namespace dockpoint::app
