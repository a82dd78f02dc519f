#pragma once
// Accounts and sessions: register, log in and out, guest sessions, profiles.
#include <optional>
#include <string>

#include "app/context.hpp"
#include "app/login_limiter.hpp"

namespace dockpoint::app {

struct RegisterInput {
    std::string owner_name;
    std::string email;
    std::string phone_number;
    std::string password;
};

struct ProfileInput {
    std::string owner_name;
    std::string email;
    std::string phone_number;
    std::string password;  // empty: keep the current one
    std::string old_password;
};

// A session just started: the raw token goes to the browser, once.
struct SessionStarted {
    std::string token;
    std::optional<long long> owner_id;
    std::string owner_name;
};

struct Profile {
    std::string owner_name;
    std::optional<std::string> email;
    std::optional<std::string> phone_number;
};

class AccountService {
public:
    explicit AccountService(const Context& ctx, domain::LoginThrottlePolicy throttle = {})
        : ctx_(ctx), login_limiter_(throttle) {}

    // Each start ends the caller's previous session (previous_token_hash), so a
    // token planted before login is worthless after it.
    domain::Result<SessionStarted> Register(const RegisterInput& input,
                                            const std::string& previous_token_hash);
    // Throttled (domain/login_throttle): too many recent failures for the
    // identifier or from client_address (empty: unknown) answer kRateLimited
    // with a retry_after, without checking the password.
    domain::Result<SessionStarted> Login(const std::string& identifier, const std::string& password,
                                         const std::string& previous_token_hash,
                                         const std::string& client_address);
    domain::Result<SessionStarted> StartGuest(const std::string& previous_token_hash);
    domain::Status Logout(const std::string& token_hash);

    // The caller behind a raw cookie token; an empty Caller when none is valid.
    domain::Result<Caller> Authenticate(const std::string& token);
    // The same from memory alone (never blocks): nullopt when the session
    // would have to be read from the database.
    std::optional<Caller> AuthenticateFromMemory(const std::string& token) const;

    domain::Result<Profile> GetProfile(const Caller& caller);
    domain::Status UpdateProfile(const Caller& caller, const ProfileInput& input);

    // Housekeeping for the background timer.
    domain::Status DeleteExpiredSessions();

private:
    domain::Result<SessionStarted> StartSession(std::optional<long long> owner_id,
                                                const std::string& owner_name,
                                                const std::string& previous_token_hash);

    const Context& ctx_;
    LoginLimiter login_limiter_;
};

}  // namespace dockpoint::app
