// Static-file paths as the router sees them: percent-decoded, then checked by
// SafeRelativePath, then served from the embedded console files.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_input.hpp"
#include "http/static_files.hpp"
#include "http/url.hpp"

using namespace dockpoint;

namespace {

const http::StaticFiles& Files() {
    static const http::StaticFiles files = http::StaticFiles::Embedded();
    return files;
}

void Check(std::string_view path, std::string_view if_none_match) {
    const auto relative = http::SafeRelativePath(path);
    if (!relative) return;
    // Nothing that could leave the root passes.
    FUZZ_CHECK(!relative->empty() && relative->front() != '/');
    FUZZ_CHECK(relative->find('\\') == std::string::npos);
    FUZZ_CHECK(relative->find("//") == std::string::npos);
    FUZZ_CHECK(relative->back() != '/');
    std::string_view rest = *relative;
    while (!rest.empty()) {
        const auto segment = rest.substr(0, rest.find('/'));
        FUZZ_CHECK(segment != "." && segment != "..");
        for (const char c : segment) FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
        rest.remove_prefix(std::min(rest.size(), segment.size() + 1));
    }
    if (const auto response = Files().Serve(*relative, if_none_match)) {
        FUZZ_CHECK(response->status == 200 || response->status == 304);
        FUZZ_CHECK(!response->content_type.empty());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto fields = fuzz::Fields(fuzz::AsText(data, size), 2);
    Check(fields[0], fields[1]);
    if (const auto decoded = http::PercentDecode(fields[0])) Check(*decoded, fields[1]);
    return 0;
}
