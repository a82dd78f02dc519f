#pragma once
#include <atomic>
#include <chrono>

namespace dockpoint::domain {

using Instant = std::chrono::sys_seconds;  // UTC, whole seconds

// Where "now" comes from. The server uses SystemClock; tests move a ManualClock.
class Clock {
public:
    virtual ~Clock() = default;
    virtual Instant Now() const = 0;
};

class SystemClock final : public Clock {
public:
    Instant Now() const override {
        return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    }
};

class ManualClock final : public Clock {
public:
    explicit ManualClock(Instant start) : now_(start.time_since_epoch().count()) {}
    Instant Now() const override { return Instant{std::chrono::seconds{now_.load()}}; }
    void Set(Instant t) { now_ = t.time_since_epoch().count(); }
    void Advance(std::chrono::seconds d) { now_ += d.count(); }

private:
    std::atomic<long long> now_;
};

}  // namespace dockpoint::domain
