#pragma once
// Helpers shared by the fuzz targets: the input as text, split into fields.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace dockpoint::fuzz {

inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// The input cut at each '\n' into at most `count` fields (the last one keeps
// the rest, newlines included); missing fields are empty.
inline std::vector<std::string_view> Fields(std::string_view text, std::size_t count) {
    std::vector<std::string_view> fields;
    while (fields.size() + 1 < count) {
        const auto newline = text.find('\n');
        if (newline == std::string_view::npos) break;
        fields.push_back(text.substr(0, newline));
        text.remove_prefix(newline + 1);
    }
    fields.push_back(text);
    fields.resize(count);
    return fields;
}

// A broken property is a bug like a crash: libFuzzer keeps the input.
#define FUZZ_CHECK(condition)                                                                  \
    do {                                                                                       \
        if (!(condition)) {                                                                    \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                      \
        }                                                                                      \
    } while (false)

}  // namespace dockpoint::fuzz
