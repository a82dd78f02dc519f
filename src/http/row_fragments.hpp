#pragma once
// The JSON of history rows that can no longer change - closed walk-ins and
// reservations - rendered once and reused by every page that lists them
// again. Rendering was a third of a history page's cost (bench/README.md).
// What a row shows changes only when another program edits the database
// (Store::ChangeCount(kOtherPrograms)); the fragments are kept for the count
// they were rendered at, and at most kCapacity of them.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "store/store.hpp"

namespace dockpoint::http {

class RowFragments {
public:
    static constexpr std::size_t kCapacity = 8'000;

    // Whether a row's JSON is final (it will never be listed differently).
    static bool Final(const store::HistoryRow& row) {
        return row.kind == store::BookingKind::kReservation || row.exit.has_value();
    }

    std::shared_ptr<const std::string> Find(const store::HistoryRow& row,
                                            std::optional<std::uint64_t> version) const;
    // By kind and id alone (only final rows are ever kept).
    std::shared_ptr<const std::string> Find(store::BookingKind kind, long long id,
                                            std::optional<std::uint64_t> version) const;
    void Keep(const store::HistoryRow& row, std::optional<std::uint64_t> version,
              std::shared_ptr<const std::string> json);

private:
    static std::uint64_t KeyOf(store::BookingKind kind, long long id) {
        return (static_cast<std::uint64_t>(id) << 1) |
               (kind == store::BookingKind::kReservation ? 1U : 0U);
    }

    mutable std::mutex mutex_;
    std::uint64_t version_ = 0;
    std::unordered_map<std::uint64_t, std::shared_ptr<const std::string>> rows_;
};

}  // namespace dockpoint::http
