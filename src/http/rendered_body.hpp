#pragma once
// The JSON body last rendered from a shared, immutable value (the kept slot
// map, the kept vehicle types): while the use case hands out the same value,
// its body is sent again, shared, neither rendered nor copied.
#include <memory>
#include <mutex>
#include <string>

namespace dockpoint::http {

template <typename Value>
class RenderedBody {
public:
    // The body rendered from exactly this value, or nullptr.
    std::shared_ptr<const std::string> Find(const std::shared_ptr<const Value>& value) const {
        std::lock_guard lock(mutex_);
        return value_ == value ? body_ : nullptr;
    }
    void Keep(std::shared_ptr<const Value> value, std::shared_ptr<const std::string> body) {
        std::lock_guard lock(mutex_);
        value_ = std::move(value);
        body_ = std::move(body);
    }

private:
    mutable std::mutex mutex_;
    std::shared_ptr<const Value> value_;
    std::shared_ptr<const std::string> body_;
};

}  // namespace dockpoint::http
