#pragma once
// Session tokens: 256 random bits sent to the browser; only their SHA-256 is
// stored, so a copy of the database cannot be used to log in.
#include <string>
#include <string_view>

namespace dockpoint::app {

std::string NewSessionToken();                         // 64 hex characters
std::string HashSessionToken(std::string_view token);  // 64 hex characters
bool LooksLikeSessionToken(std::string_view token);

}  // namespace dockpoint::app
