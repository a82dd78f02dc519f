#pragma once
// The JSON body last rendered from a shared, immutable value (the kept slot
// map, the kept vehicle types): while the use case hands out the same value,
// its body is sent again, shared, neither rendered nor copied. Its gzip form
// is made on the first request that takes it, and kept beside it.
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
        gzip_.reset();
    }

    // The gzip form of the body rendered from this value, if made yet.
    std::shared_ptr<const std::string> FindGzip(const std::shared_ptr<const Value>& value) const {
        std::lock_guard lock(mutex_);
        return value_ == value ? gzip_ : nullptr;
    }
    // Keeps it only if the body it was made from is still the kept one.
    void KeepGzip(const std::shared_ptr<const std::string>& body,
                  std::shared_ptr<const std::string> gzip) {
        std::lock_guard lock(mutex_);
        if (body_ == body) gzip_ = std::move(gzip);
    }

private:
    mutable std::mutex mutex_;
    std::shared_ptr<const Value> value_;
    std::shared_ptr<const std::string> body_;
    std::shared_ptr<const std::string> gzip_;
};

}  // namespace dockpoint::http
