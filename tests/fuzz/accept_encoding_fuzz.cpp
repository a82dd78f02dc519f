// Accept-Encoding header values, and the gzip they may bring: gzip is taken
// only where the header names it (or "*"), and what Gzip writes inflates back
// to the input.
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_input.hpp"
#include "http/compression.hpp"

using namespace dockpoint;

namespace {
std::string Inflate(const std::string& compressed, std::size_t expected_size) {
    z_stream stream{};
    FUZZ_CHECK(inflateInit2(&stream, 15 + 16) == Z_OK);
    std::string out(expected_size + 1, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    stream.avail_in = static_cast<uInt>(compressed.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    FUZZ_CHECK(inflate(&stream, Z_FINISH) == Z_STREAM_END);
    out.resize(stream.total_out);
    inflateEnd(&stream);
    return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::AsText(data, size);
    if (http::AcceptsGzip(text)) {
        std::string lower(text);
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        FUZZ_CHECK(lower.find("gzip") != std::string::npos || lower.find('*') != std::string::npos);
    }
    const std::string body(text);
    FUZZ_CHECK(Inflate(http::Gzip(body), body.size()) == body);
    return 0;
}
