#include "http/json_lists.hpp"

#include "http/history_cursor.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>

namespace dockpoint::http {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void String(Writer& w, std::string_view text) {
    w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void Field(Writer& w, const char* key, std::string_view text) {
    w.Key(key);
    String(w, text);
}

// Appends n in decimal, at least `width` digits (zero-padded).
void AppendNumber(std::string& out, long long n, int width = 1) {
    char digits[24];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
    for (auto pad = width - (end - digits); pad > 0; --pad) out.push_back('0');
    out.append(digits, end);
}

// Money as a JSON number of currency units, written as the shortest decimal
// of cents / 100 is (what a double of it prints as: 3.0, 7.5, 12.25), without
// the floating-point formatter, which cost a fifth of a history page.
void Money(Writer& w, const char* key, domain::Cents cents) {
    w.Key(key);
    std::string text;
    if (cents < 0) text.push_back('-');
    const long long magnitude = cents < 0 ? -cents : cents;
    AppendNumber(text, magnitude / 100);
    text.push_back('.');
    const long long fraction = magnitude % 100;
    if (fraction % 10 == 0) {
        AppendNumber(text, fraction / 10);
    } else {
        AppendNumber(text, fraction, 2);
    }
    w.RawValue(text.data(), text.size(), rapidjson::kNumberType);
}

std::string Body(const rapidjson::StringBuffer& buffer) {
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

std::string DisplayId(store::BookingKind kind, long long id) {
    std::string text = kind == store::BookingKind::kWalkIn ? "WK-" : "RS-";
    AppendNumber(text, id, 4);
    return text;
}

std::string SlotListJson(const std::vector<store::SlotStateRow>& slots,
                         const domain::LocalTime& local_time) {
    rapidjson::StringBuffer buffer;
    buffer.Reserve(slots.size() * 150);
    Writer w(buffer);
    w.StartArray();
    for (const auto& slot : slots) {
        w.StartObject();
        Field(w, "slot_number", slot.slot_number);
        Field(w, "slot_type", domain::SlotTypeName(slot.type));
        w.Key("is_occupied");
        w.Bool(slot.occupied);
        w.Key("is_reserved");
        w.Bool(slot.reserved_now);
        w.Key("next_res_start");
        slot.next_start ? String(w, local_time.FormatInput(*slot.next_start)) : (void)w.Null();
        w.Key("next_res_end");
        slot.next_end ? String(w, local_time.FormatInput(*slot.next_end)) : (void)w.Null();
        w.EndObject();
    }
    w.EndArray();
    return Body(buffer);
}

namespace {

void HistoryRowJson(Writer& w, const store::HistoryRow& r, const domain::LocalTime& local_time) {
    const bool walk_in = r.kind == store::BookingKind::kWalkIn;
    w.StartObject();
    w.Key("id");
    w.Int64(r.id);
    Field(w, "display_id", DisplayId(r.kind, r.id));
    Field(w, "vehicle_number", r.vehicle_number);
    Field(w, "slot_number", r.slot_number);
    Field(w, "vehicle_type", r.vehicle_type);
    Field(w, "entry_time", local_time.FormatListing(r.entry));
    Field(w, "exit_time", r.exit ? local_time.FormatListing(*r.exit) : "Still parked");
    if (r.amount_cents) {
        Money(w, "amount", *r.amount_cents);
    } else {
        w.Key("amount");
        w.Null();
    }
    Field(w, "booking_type", walk_in ? "Walk-in" : "Reservation");
    Field(w, "cursor", FormatHistoryCursor(r));
    w.EndObject();
}

}  // namespace

std::string HistoryListJson(const std::vector<store::HistoryRow>& rows,
                            const domain::LocalTime& local_time, RowFragments* fragments,
                            std::optional<std::uint64_t> version, const HeldRows* held) {
    const bool use_held = held != nullptr && held->size() == rows.size();
    std::string out;
    out.reserve(rows.size() * 300 + 2);
    out.push_back('[');
    rapidjson::StringBuffer row_buffer;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        if (i > 0) out.push_back(',');
        std::shared_ptr<const std::string> json = use_held ? (*held)[i] : nullptr;
        // Held rows were looked up already; the others are looked up here.
        if (!use_held && fragments != nullptr) json = fragments->Find(r, version);
        if (json) {
            out.append(*json);
            continue;
        }
        row_buffer.Clear();
        Writer w(row_buffer);
        HistoryRowJson(w, r, local_time);
        out.append(row_buffer.GetString(), row_buffer.GetSize());
        if (fragments != nullptr && RowFragments::Final(r)) {
            fragments->Keep(
                r, version,
                std::make_shared<const std::string>(row_buffer.GetString(), row_buffer.GetSize()));
        }
    }
    out.push_back(']');
    return out;
}

}  // namespace dockpoint::http
