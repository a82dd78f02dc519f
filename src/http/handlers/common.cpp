#include "http/cookies.hpp"
#include "http/handlers/handlers.hpp"

namespace dockpoint::http {

domain::Result<app::Caller> CallerOf(Services& s, const Request& request) {
    const std::string token = FindCookie(request.Header("cookie"), kSessionCookie);
    if (token.empty()) return app::Caller{};
    return s.accounts.Authenticate(token);
}

std::optional<app::Caller> CallerFromMemory(const Services& s, const Request& request) {
    const std::string token = FindCookie(request.Header("cookie"), kSessionCookie);
    if (token.empty()) return app::Caller{};
    return s.accounts.AuthenticateFromMemory(token);
}

bool SecureCookies(const Services& s, const Request& request) {
    return s.secure_cookies || request.secure;
}

Response WithSessionCookie(Response response, const std::string& token, bool secure) {
    response.AddHeader("Set-Cookie",
                       token.empty() ? ExpiredSessionCookie(secure) : SessionCookie(token, secure));
    return response;
}

}  // namespace dockpoint::http
