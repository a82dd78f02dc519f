// Request paths and query strings: percent-decoding, query parsing, and the
// history cursor (`before=`).
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "fuzz_input.hpp"
#include "http/history_cursor.hpp"
#include "http/url.hpp"

using namespace dockpoint;

namespace {
using Params = std::map<std::string, std::string>;

std::string Encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        out += '%';
        out += kHex[u >> 4];
        out += kHex[u & 15];
    }
    return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::AsText(data, size);
    if (const auto decoded = http::PercentDecode(text)) {
        FUZZ_CHECK(decoded->size() <= text.size());
        FUZZ_CHECK(decoded->find('\0') == std::string::npos);
        // Encoding everything and decoding again gives the same text.
        FUZZ_CHECK(http::PercentDecode(Encode(*decoded)) == *decoded);
    }
    for (const auto& [key, value] : http::ParseQuery(text).value_or(Params{})) {
        FUZZ_CHECK(!key.empty());
        FUZZ_CHECK(key.size() <= text.size() && value.size() <= text.size());
        FUZZ_CHECK(key.find('\0') == std::string::npos && value.find('\0') == std::string::npos);
    }
    // A cursor is taken only as the server writes it: reading one back and
    // writing it again gives the same text.
    if (const auto cursor = http::ParseHistoryCursor(text)) {
        FUZZ_CHECK(http::FormatHistoryCursor(*cursor) == text);
    }
    return 0;
}
