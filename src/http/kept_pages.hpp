#pragma once
// History pages as last rendered, for as long as the lot has not changed.
// Every console re-reads the newest page after each change it hears of, so
// the first reader after a change renders it and the others are sent the same
// body. A page is kept with the lot's change count it was read at (taken
// before the read); a newer count starts over, at most kCapacity pages are
// kept, and none over kMaxPageBytes (a whole history without a limit is sent,
// not kept: it could be hundreds of megabytes).
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace dockpoint::http {

class KeptPages {
public:
    static constexpr std::size_t kCapacity = 64;
    static constexpr std::size_t kMaxPageBytes = 256 * 1024;

    std::shared_ptr<const std::string> Find(const std::string& key,
                                            std::optional<std::uint64_t> version) const;
    void Keep(const std::string& key, std::optional<std::uint64_t> version,
              std::shared_ptr<const std::string> body);

private:
    mutable std::mutex mutex_;
    std::uint64_t version_ = 0;
    std::unordered_map<std::string, std::shared_ptr<const std::string>> pages_;
};

}  // namespace dockpoint::http
