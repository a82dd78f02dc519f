#include "http/url.hpp"

namespace dockpoint::http {

namespace {
int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

std::optional<std::string> PercentDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            const int hi = HexValue(text[i + 1]);
            const int lo = HexValue(text[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
        }
        if (c == '\0') return std::nullopt;
        out.push_back(c);
    }
    return out;
}

std::optional<std::map<std::string, std::string>> ParseQuery(std::string_view query) {
    std::map<std::string, std::string> params;
    while (!query.empty()) {
        const auto amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        const auto eq = pair.find('=');
        std::string key(pair.substr(0, eq));
        std::string value(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
        for (char& c : key)
            if (c == '+') c = ' ';
        for (char& c : value)
            if (c == '+') c = ' ';
        auto k = PercentDecode(key);
        auto v = PercentDecode(value);
        if (!k || !v) return std::nullopt;
        if (!k->empty()) params.emplace(std::move(*k), std::move(*v));
    }
    return params;
}

}  // namespace dockpoint::http
