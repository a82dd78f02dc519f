#include "http/cookies.hpp"
#include "http/handlers/handlers.hpp"

namespace dockpoint::http {

domain::Result<app::Caller> CallerOf(Services& s, const Request& request) {
    const std::string token = FindCookie(request.Header("cookie"), kSessionCookie);
    if (token.empty()) return app::Caller{};
    return s.accounts.Authenticate(token);
}

namespace {
domain::Result<app::Caller> CallerWhere(Services& s, const Request& request,
                                        bool (app::Caller::*allowed)() const) {
    auto caller = CallerOf(s, request);
    if (caller && !((*caller).*allowed)()) {
        return domain::MakeError(domain::ErrorCode::kUnauthenticated, "Login required.");
    }
    return caller;
}
}  // namespace

domain::Result<app::Caller> SessionCaller(Services& s, const Request& request) {
    return CallerWhere(s, request, &app::Caller::HasSession);
}

domain::Result<app::Caller> OwnerCaller(Services& s, const Request& request) {
    return CallerWhere(s, request, &app::Caller::IsOwner);
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
