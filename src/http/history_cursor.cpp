#include "http/history_cursor.hpp"

#include <charconv>

namespace dockpoint::http {

namespace {

// Decimal digits as FormatHistoryCursor writes them: no sign, no spaces, no
// leading zero, within 18 digits.
std::optional<long long> Digits(std::string_view text) {
    if (text.empty() || text.size() > 18 || (text[0] == '0' && text.size() > 1))
        return std::nullopt;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;  // from_chars alone takes "-0"
    }
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < 0) return std::nullopt;
    return value;
}

}  // namespace

std::string FormatHistoryCursor(const store::HistoryCursor& cursor) {
    char text[48];
    char* end = std::to_chars(text, text + 20, cursor.entry.time_since_epoch().count()).ptr;
    *end++ = '-';
    *end++ = cursor.kind == store::BookingKind::kWalkIn ? 'w' : 'r';
    end = std::to_chars(end, text + sizeof text, cursor.id).ptr;
    return std::string(text, end);
}

std::string FormatHistoryCursor(const store::HistoryRow& row) {
    return FormatHistoryCursor(store::HistoryCursor{row.entry, row.id, row.kind});
}

std::optional<store::HistoryCursor> ParseHistoryCursor(std::string_view text) {
    const auto dash = text.find('-');
    if (dash == std::string_view::npos || dash + 2 > text.size()) return std::nullopt;
    const auto seconds = Digits(text.substr(0, dash));
    const char kind = text[dash + 1];
    const auto id = Digits(text.substr(dash + 2));
    if (!seconds || !id || (kind != 'w' && kind != 'r')) return std::nullopt;
    store::HistoryCursor cursor;
    cursor.entry = store::Instant{std::chrono::seconds{*seconds}};
    cursor.id = *id;
    cursor.kind = kind == 'w' ? store::BookingKind::kWalkIn : store::BookingKind::kReservation;
    return cursor;
}

}  // namespace dockpoint::http
