#pragma once
#include <string>
#include <string_view>

namespace dockpoint::http {

inline constexpr std::string_view kSessionCookie = "dockpoint_session";

// The value of cookie `name` in a Cookie header; empty when absent.
std::string FindCookie(std::string_view cookie_header, std::string_view name);

// Set-Cookie values: the session token (HttpOnly, SameSite=Lax, Secure on HTTPS)
// and its removal.
std::string SessionCookie(std::string_view token, bool secure);
std::string ExpiredSessionCookie(bool secure);

}  // namespace dockpoint::http
