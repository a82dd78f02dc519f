#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dockpoint::http {

// Decodes %XX escapes ('+' stays '+': paths are not forms). Empty on a broken
// escape or an encoded NUL.
std::optional<std::string> PercentDecode(std::string_view text);

// "a=1&b=x%20y" → {a: "1", b: "x y"}; '+' means a space here. Pairs without
// a key are skipped; nullopt when any key or value is not valid
// percent-encoding (a broken escape or an encoded NUL), so that a parameter
// the client meant is never silently ignored.
std::optional<std::map<std::string, std::string>> ParseQuery(std::string_view query);

}  // namespace dockpoint::http
