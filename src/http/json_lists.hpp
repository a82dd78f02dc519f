#pragma once
// The long listings (GET /slots, /records, /owner/records), written straight
// into the response body with RapidJSON's streaming writer. Building them as
// nlohmann trees first cost most of their time: a 50-row history page spent
// more instructions allocating, serialising and freeing the tree than reading
// the rows (bench/README.md, "Profile notes"). Same output as the tree: the
// same keys in the same order, money as a JSON number of currency units.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/local_time.hpp"
#include "http/row_fragments.hpp"
#include "store/store.hpp"

namespace dockpoint::http {

// The slot map: slot_number, slot_type, is_occupied, is_reserved,
// next_res_start, next_res_end (wall-clock "YYYY-MM-DDTHH:MM" or null).
std::string SlotListJson(const std::vector<store::SlotStateRow>& slots,
                         const domain::LocalTime& local_time);

// The record listing shared by /records and /owner/records; each row has
// the `cursor` that continues the listing after it (history_cursor.hpp).
// Rows that can no longer change are taken from `fragments` when rendered
// before at `version` (Store::ChangeCount(kOtherPrograms)), and kept there.
// `held` (one per row, null where none) are renderings the caller already
// took from `fragments` - then the row itself may hold only its keys.
using HeldRows = std::vector<std::shared_ptr<const std::string>>;
std::string HistoryListJson(const std::vector<store::HistoryRow>& rows,
                            const domain::LocalTime& local_time, RowFragments* fragments = nullptr,
                            std::optional<std::uint64_t> version = std::nullopt,
                            const HeldRows* held = nullptr);

// "WK-0001" for walk-ins, "RS-0001" for reservations.
std::string DisplayId(store::BookingKind kind, long long id);

}  // namespace dockpoint::http
