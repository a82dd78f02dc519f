// Cookie headers: the session cookie, and any name a first line picks.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_input.hpp"
#include "http/cookies.hpp"

using namespace dockpoint;

namespace {
void Check(std::string_view header, std::string_view name) {
    const std::string value = http::FindCookie(header, name);
    // The value is a piece of the header, never more.
    FUZZ_CHECK(value.size() <= header.size());
    if (!value.empty()) FUZZ_CHECK(header.find(value) != std::string_view::npos);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::AsText(data, size);
    Check(text, http::kSessionCookie);
    const auto fields = fuzz::Fields(text, 2);
    Check(fields[1], fields[0]);
    // A cookie we set is found again.
    if (fields[0].find_first_of(" \t;\"") == std::string_view::npos) {
        const std::string set = http::SessionCookie(fields[0], false);
        const std::string header(set.substr(0, set.find(';')));
        FUZZ_CHECK(http::FindCookie(header, http::kSessionCookie) == fields[0]);
    }
    return 0;
}
