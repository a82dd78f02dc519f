#include "http/compression.hpp"

#include <zlib.h>

#include <charconv>
#include <stdexcept>

namespace dockpoint::http {

namespace {

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const char x = (a[i] >= 'A' && a[i] <= 'Z') ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
        if (x != b[i]) return false;
    }
    return true;
}

// The q-value of one coding's parameters ("; q=0.5"); 1 without one, 0 when
// it cannot be read (a coding we cannot understand is not taken).
double QValue(std::string_view params) {
    while (!params.empty()) {
        const auto semicolon = params.find(';');
        const auto param = Trim(params.substr(0, semicolon));
        params = semicolon == std::string_view::npos ? "" : params.substr(semicolon + 1);
        if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') continue;
        const auto text = Trim(param.substr(2));
        double q = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), q);
        if (ec != std::errc{} || end != text.data() + text.size() || q < 0 || q > 1) return 0;
        return q;
    }
    return 1;
}

}  // namespace

bool AcceptsGzip(std::string_view accept_encoding) {
    while (!accept_encoding.empty()) {
        const auto comma = accept_encoding.find(',');
        const auto item = accept_encoding.substr(0, comma);
        accept_encoding = comma == std::string_view::npos ? "" : accept_encoding.substr(comma + 1);
        const auto semicolon = item.find(';');
        const auto coding = Trim(item.substr(0, semicolon));
        if (!EqualsIgnoringCase(coding, "gzip") && !EqualsIgnoringCase(coding, "x-gzip") &&
            coding != "*") {
            continue;
        }
        const auto params =
            semicolon == std::string_view::npos ? std::string_view{} : item.substr(semicolon + 1);
        if (QValue(params) > 0) return true;
    }
    return false;
}

std::string Gzip(std::string_view body) {
    z_stream stream{};
    // windowBits 15 + 16: a gzip header and trailer around the deflate data.
    if (deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("zlib: deflateInit2 failed");
    }
    std::string out(deflateBound(&stream, body.size()), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
    stream.avail_in = static_cast<uInt>(body.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int result = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    if (result != Z_STREAM_END) throw std::runtime_error("zlib: deflate did not finish");
    return out;
}

}  // namespace dockpoint::http
