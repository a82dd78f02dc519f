// /auth/*: register, login, logout, guest sessions, who am I.
#include "http/handlers/handlers.hpp"

namespace dockpoint::http {

namespace {

Response Started(int status, const Json& body, const app::SessionStarted& started, bool secure) {
    return WithSessionCookie(JsonResponse(status, body), started.token, secure);
}

Response MeResponse(const app::Caller& caller) {
    if (caller.guest) {
        return JsonResponse(200,
                            Json{{"logged_in", true}, {"guest", true}, {"owner_name", "Guest"}});
    }
    if (!caller.IsOwner()) return JsonResponse(200, Json{{"logged_in", false}});
    return JsonResponse(200, Json{{"logged_in", true},
                                  {"guest", false},
                                  {"owner_id", *caller.owner_id},
                                  {"owner_name", caller.owner_name}});
}

}  // namespace

void AddAuthRoutes(Router& router, Services& s) {
    router.Add("POST", "/auth/register", Placement::kBlocking,
               [&s](const Request& req, const std::string&) {
                   auto body = ParseObjectBody(req);
                   if (!body) return ErrorResponse(body.error());
                   app::RegisterInput input;
                   for (auto [field, name] : {std::pair{&input.owner_name, "owner_name"},
                                              {&input.email, "email"},
                                              {&input.phone_number, "phone_number"},
                                              {&input.password, "password"}}) {
                       auto value = StringField(*body, name);
                       if (!value) return ErrorResponse(value.error());
                       *field = std::move(*value);
                   }
                   auto caller = CallerOf(s, req);
                   if (!caller) return ErrorResponse(caller.error());
                   auto started = s.accounts.Register(input, caller->token_hash);
                   if (!started) return ErrorResponse(started.error());
                   return Started(201,
                                  Json{{"message", "Welcome, " + started->owner_name + "!"},
                                       {"owner_name", started->owner_name}},
                                  *started, SecureCookies(s, req));
               });

    router.Add(
        "POST", "/auth/login", Placement::kBlocking, [&s](const Request& req, const std::string&) {
            auto body = ParseObjectBody(req);
            if (!body) return ErrorResponse(body.error());
            auto identifier = StringField(*body, "identifier");
            if (!identifier) return ErrorResponse(identifier.error());
            auto password = StringField(*body, "password");
            if (!password) return ErrorResponse(password.error());
            auto caller = CallerOf(s, req);
            if (!caller) return ErrorResponse(caller.error());
            auto started =
                s.accounts.Login(*identifier, *password, caller->token_hash, req.client_address);
            if (!started) return ErrorResponse(started.error());
            return Started(200,
                           Json{{"message", "Welcome back, " + started->owner_name + "!"},
                                {"owner_name", started->owner_name}},
                           *started, SecureCookies(s, req));
        });

    router.Add("POST", "/auth/logout", Placement::kWriter,
               [&s](const Request& req, const std::string&) {
                   auto caller = CallerOf(s, req);
                   if (!caller) return ErrorResponse(caller.error());
                   if (auto ended = s.accounts.Logout(caller->token_hash); !ended) {
                       return ErrorResponse(ended.error());
                   }
                   return WithSessionCookie(JsonResponse(200, Json{{"message", "Logged out."}}), "",
                                            SecureCookies(s, req));
               });

    router.Add("POST", "/auth/guest", Placement::kWriter,
               [&s](const Request& req, const std::string&) {
                   auto caller = CallerOf(s, req);
                   if (!caller) return ErrorResponse(caller.error());
                   auto started = s.accounts.StartGuest(caller->token_hash);
                   if (!started) return ErrorResponse(started.error());
                   return Started(200, Json{{"message", "Continuing as guest."}}, *started,
                                  SecureCookies(s, req));
               });

    router
        .Add("GET", "/auth/me", Placement::kReader,
             [&s](const Request& req, const std::string&) {
                 auto caller = CallerOf(s, req);
                 if (!caller) return ErrorResponse(caller.error());
                 return MeResponse(*caller);
             })
        .fast = [&s](const Request& req, const std::string&) -> std::optional<Response> {
        const auto caller = CallerFromMemory(s, req);
        if (!caller) return std::nullopt;
        return MeResponse(*caller);
    };
}

}  // namespace dockpoint::http
