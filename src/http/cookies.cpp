#include "http/cookies.hpp"

namespace dockpoint::http {

namespace {
std::string_view TrimSpaces(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}
}  // namespace

std::string FindCookie(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto semi = header.find(';');
        const std::string_view pair = TrimSpaces(header.substr(0, semi));
        header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos) continue;
        if (TrimSpaces(pair.substr(0, eq)) == name) {
            std::string_view value = TrimSpaces(pair.substr(eq + 1));
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
                value = value.substr(1, value.size() - 2);
            }
            return std::string(value);
        }
    }
    return {};
}

std::string SessionCookie(std::string_view token, bool secure) {
    std::string cookie =
        std::string(kSessionCookie) + "=" + std::string(token) + "; Path=/; HttpOnly; SameSite=Lax";
    if (secure) cookie += "; Secure";
    return cookie;
}

std::string ExpiredSessionCookie(bool secure) {
    std::string cookie =
        std::string(kSessionCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax";
    if (secure) cookie += "; Secure";
    return cookie;
}

}  // namespace dockpoint::http
