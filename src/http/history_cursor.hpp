#pragma once
// The `cursor` of a history row and the `before=` parameter that continues a
// listing after it: "<entry, Unix seconds>-<w|r><id>", e.g. "1796208000-w42".
// Opaque to clients; they only hand back what a row carried.
#include <optional>
#include <string>
#include <string_view>

#include "store/store.hpp"

namespace dockpoint::http {

std::string FormatHistoryCursor(const store::HistoryCursor& cursor);
// The cursor of a listed row (its entry, id and kind).
std::string FormatHistoryCursor(const store::HistoryRow& row);
// nullopt for anything FormatHistoryCursor could not have written.
std::optional<store::HistoryCursor> ParseHistoryCursor(std::string_view text);

}  // namespace dockpoint::http
