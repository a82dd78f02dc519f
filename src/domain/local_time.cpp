#include "domain/local_time.hpp"

#include <date/tz.h>

#include <algorithm>
#include <charconv>

namespace dockpoint::domain {

namespace {

constexpr std::string_view kFormatError = "Invalid datetime format. Use YYYY-MM-DDTHH:MM";

bool ReadNumber(std::string_view text, std::size_t pos, std::size_t len, int& out) {
    if (pos + len > text.size()) return false;
    for (std::size_t i = pos; i < pos + len; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
    }
    return std::from_chars(text.data() + pos, text.data() + pos + len, out).ec == std::errc{};
}

}  // namespace

Result<Instant> LocalTime::Parse(std::string_view text) const {
    const Error format_error = MakeError(ErrorCode::kInvalidInput, std::string(kFormatError));
    // YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS
    if (text.size() != 16 && text.size() != 19) return format_error;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!ReadNumber(text, 0, 4, year) || text[4] != '-' || !ReadNumber(text, 5, 2, month) ||
        text[7] != '-' || !ReadNumber(text, 8, 2, day) || (text[10] != 'T' && text[10] != ' ') ||
        !ReadNumber(text, 11, 2, hour) || text[13] != ':' || !ReadNumber(text, 14, 2, minute)) {
        return format_error;
    }
    if (text.size() == 19 && (text[16] != ':' || !ReadNumber(text, 17, 2, second))) {
        return format_error;
    }
    const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                   date::day{static_cast<unsigned>(day)}};
    if (year < 1970 || !ymd.ok() || hour > 23 || minute > 59 || second > 59) return format_error;

    const auto local = date::local_days{ymd} + std::chrono::hours{hour} +
                       std::chrono::minutes{minute} + std::chrono::seconds{second};
    const auto info = zone_->get_info(local);
    switch (info.result) {
        case date::local_info::unique:
            return Instant{local.time_since_epoch() - info.first.offset};
        case date::local_info::ambiguous:
            return Instant{local.time_since_epoch() - info.first.offset};
        case date::local_info::nonexistent:
        default:
            return MakeError(ErrorCode::kInvalidInput, std::string(text.substr(0, 16)) +
                                                           " does not exist in " + zone_->name() +
                                                           " (the clocks change then).");
    }
}

namespace {
// Appends value as exactly `digits` decimal digits (zero-padded).
void AppendDigits(std::string& out, long long value, int digits) {
    char buffer[20];
    for (int i = digits - 1; i >= 0; --i) {
        buffer[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    out.append(buffer, static_cast<std::size_t>(digits));
}
}  // namespace

// Formats the wall-clock time of t as YYYY-MM-DD<separator>HH:MM[:SS]. Written
// out by hand: date::format builds a stream and imbues a locale per call, and
// snprintf still cost 3,000 instructions a time, most of a history row's
// rendering (bench/README.md). Years are 0001-9999 (what Parse accepts).
std::string LocalTime::Format(Instant t, char separator, bool seconds) const {
    const auto local = zone_->to_local(t);
    const auto day = date::floor<date::days>(local);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss time{local - day};
    std::string text;
    text.reserve(19);
    AppendDigits(text, std::clamp(static_cast<int>(ymd.year()), 0, 9999), 4);
    text += '-';
    AppendDigits(text, static_cast<unsigned>(ymd.month()), 2);
    text += '-';
    AppendDigits(text, static_cast<unsigned>(ymd.day()), 2);
    text += separator;
    AppendDigits(text, time.hours().count(), 2);
    text += ':';
    AppendDigits(text, time.minutes().count(), 2);
    if (seconds) {
        text += ':';
        AppendDigits(text, time.seconds().count(), 2);
    }
    return text;
}

std::string LocalTime::FormatListing(Instant t) const { return Format(t, ' ', false); }

std::string LocalTime::FormatInput(Instant t) const { return Format(t, 'T', false); }

std::string LocalTime::FormatIso(Instant t) const { return Format(t, 'T', true); }

long long LocalTime::UtcOffsetMinutes(Instant t) const {
    return std::chrono::duration_cast<std::chrono::minutes>(zone_->get_info(t).offset).count();
}

std::string LocalTime::ZoneName() const { return zone_->name(); }

Result<const date::time_zone*> FindTimeZone(const std::string& name) {
    try {
        if (!name.empty()) return date::locate_zone(name);
        try {
            return date::current_zone();
        } catch (const std::exception&) {
            return date::locate_zone("UTC");
        }
    } catch (const std::exception&) {
        return MakeError(ErrorCode::kInvalidInput, "unknown time zone '" + name + "'");
    }
}

}  // namespace dockpoint::domain
