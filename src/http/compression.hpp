#pragma once
// gzip for big bodies (the slot map of a large lot is 1.5 MB of JSON, most
// of a response's cost in copying it through the kernel), sent only to
// clients that say they take it.
#include <string>
#include <string_view>

namespace dockpoint::http {

// Bodies smaller than this are sent as they are: compressing them saves
// less than it costs.
inline constexpr std::size_t kGzipMinimumBytes = 32 * 1024;

// Whether an Accept-Encoding header value accepts gzip (RFC 9110 12.5.3):
// "gzip", "x-gzip" or "*" with a q-value above zero.
bool AcceptsGzip(std::string_view accept_encoding);

// The body compressed as a gzip member (fast level: the body is kept and
// compressed once per change, but still on a request's time).
std::string Gzip(std::string_view body);

}  // namespace dockpoint::http
