// The cross-site write check on the Host, Origin and Referer headers.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_input.hpp"
#include "http/origin_check.hpp"

using namespace dockpoint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // method \n host \n origin \n referer
    const auto fields = fuzz::Fields(fuzz::AsText(data, size), 4);
    http::Request request;
    request.method = std::string(fields[0]);
    request.path = "/assign";
    const char* names[] = {"host", "origin", "referer"};
    for (int i = 0; i < 3; ++i) {
        if (!fields[i + 1].empty())
            request.headers.emplace_back(names[i], std::string(fields[i + 1]));
    }
    const bool cross_site = http::IsCrossSiteWrite(request);
    const bool write =
        request.method != "GET" && request.method != "HEAD" && request.method != "OPTIONS";
    if (!write) FUZZ_CHECK(!cross_site);
    if (fields[2].empty() && fields[3].empty()) FUZZ_CHECK(!cross_site);  // scripts, curl
    if (fields[2] == "null") FUZZ_CHECK(cross_site == write);  // sandboxed pages, file://

    // The page's own origin is never cross-site.
    request.method = "POST";
    request.headers = {{"host", std::string(fields[1])},
                       {"origin", "http://" + std::string(fields[1])}};
    if (fields[1].find_first_of("/?#") == std::string_view::npos && !fields[1].empty()) {
        FUZZ_CHECK(!http::IsCrossSiteWrite(request));
    }
    return 0;
}
