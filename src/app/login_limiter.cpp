#include "app/login_limiter.hpp"

#include <algorithm>

namespace dockpoint::app {

namespace {

// Keys are bounded too: an identifier longer than any valid email or phone
// number shares its entry with others of the same prefix, which is harmless.
constexpr std::size_t kMaxKeyBytes = 320;

std::string KeyOf(const std::string& text) { return text.substr(0, kMaxKeyBytes); }

template <typename Table>
const domain::FailureTimes* Find(const Table& table, const std::string& key) {
    const auto it = table.find(key);
    return it == table.end() ? nullptr : &it->second.failures;
}

}  // namespace

LoginLimiter::LoginLimiter(domain::LoginThrottlePolicy policy, std::size_t max_keys)
    : policy_(policy), max_keys_(std::max<std::size_t>(1, max_keys)) {}

std::chrono::seconds LoginLimiter::Wait(const std::string& identifier, const std::string& address,
                                        domain::Instant now) {
    static const domain::FailureTimes kNone;
    const std::lock_guard lock(mutex_);
    const auto* by_identifier = Find(identifiers_, KeyOf(identifier));
    const auto* by_address = address.empty() ? nullptr : Find(addresses_, KeyOf(address));
    return domain::LoginWait(policy_, by_identifier ? *by_identifier : kNone,
                             by_address ? *by_address : kNone, now);
}

void LoginLimiter::RecordFailure(const std::string& identifier, const std::string& address,
                                 domain::Instant now) {
    const std::lock_guard lock(mutex_);
    Record(identifiers_, KeyOf(identifier), policy_.max_failures_per_identifier, now);
    if (!address.empty()) {
        Record(addresses_, KeyOf(address), policy_.max_failures_per_address, now);
    }
}

void LoginLimiter::RecordSuccess(const std::string& identifier) {
    const std::lock_guard lock(mutex_);
    identifiers_.erase(KeyOf(identifier));
}

std::size_t LoginLimiter::TrackedKeys() const {
    const std::lock_guard lock(mutex_);
    return identifiers_.size() + addresses_.size();
}

void LoginLimiter::Record(Table& table, std::string key, std::size_t keep, domain::Instant now) {
    if (table.size() >= max_keys_ && table.find(key) == table.end()) {
        // Full: forget entries whose failures have all expired; if none has,
        // the entry whose newest failure is the oldest.
        for (auto it = table.begin(); it != table.end();) {
            domain::PruneFailures(it->second.failures, policy_.window, keep, now);
            it = it->second.failures.empty() ? table.erase(it) : std::next(it);
        }
        if (table.size() >= max_keys_) {
            const auto stalest =
                std::min_element(table.begin(), table.end(), [](const auto& a, const auto& b) {
                    return a.second.failures.back() < b.second.failures.back();
                });
            table.erase(stalest);
        }
    }
    auto& failures = table[std::move(key)].failures;
    failures.push_back(now);
    domain::PruneFailures(failures, policy_.window, keep, now);
}

}  // namespace dockpoint::app
