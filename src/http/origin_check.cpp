#include "http/origin_check.hpp"

#include "domain/validation.hpp"

namespace dockpoint::http {

namespace {

// "http://host:port/path" → "host:port" (lower-cased); empty when unparsable.
std::string HostOf(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return {};
    std::string_view rest = url.substr(scheme_end + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    return domain::AsciiLower(rest);
}

}  // namespace

bool IsCrossSiteWrite(const Request& request) {
    if (request.method == "GET" || request.method == "HEAD" || request.method == "OPTIONS") {
        return false;
    }
    const std::string host = domain::AsciiLower(request.Header("host"));
    const std::string_view origin = request.Header("origin");
    if (!origin.empty()) {
        if (origin == "null") return true;
        return HostOf(origin) != host;
    }
    const std::string_view referer = request.Header("referer");
    if (!referer.empty()) return HostOf(referer) != host;
    return false;
}

}  // namespace dockpoint::http
