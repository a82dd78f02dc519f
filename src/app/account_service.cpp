#include "app/account_service.hpp"

#include "app/passwords.hpp"
#include "app/session_tokens.hpp"
#include "domain/validation.hpp"

namespace dockpoint::app {

namespace {

using domain::ErrorCode;
using domain::MakeError;

constexpr std::chrono::days kSessionLifetime{30};

domain::Error ConflictMessage(const domain::Error& e, bool on_register) {
    if (e.message == store::kEmailTakenConflict) {
        return MakeError(ErrorCode::kConflict,
                         on_register ? "Email already registered." : "Email already in use.");
    }
    if (e.message == store::kPhoneTakenConflict) {
        return MakeError(ErrorCode::kConflict, on_register ? "Phone number already registered."
                                                           : "Phone already in use.");
    }
    return e;
}

// Checks uniqueness up front for a clear message; the UNIQUE constraints still
// decide when two requests race.
domain::Status CheckContactsFree(store::ReadTx& tx, const domain::AccountFields& fields,
                                 std::optional<long long> owner_id, bool on_register) {
    if (fields.email && tx.EmailTaken(*fields.email, owner_id)) {
        return ConflictMessage(
            MakeError(ErrorCode::kConflict, std::string(store::kEmailTakenConflict)), on_register);
    }
    if (fields.phone_number && tx.PhoneTaken(*fields.phone_number, owner_id)) {
        return ConflictMessage(
            MakeError(ErrorCode::kConflict, std::string(store::kPhoneTakenConflict)), on_register);
    }
    return domain::Ok();
}

}  // namespace

domain::Result<SessionStarted> AccountService::StartSession(
    std::optional<long long> owner_id, const std::string& owner_name,
    const std::string& previous_token_hash) {
    SessionStarted started{NewSessionToken(), owner_id, owner_name};
    const std::string hash = HashSessionToken(started.token);
    const domain::Instant now = ctx_.clock.Now();
    auto written = ctx_.store.Write([&](store::WriteTx& tx) {
        if (!previous_token_hash.empty()) tx.DeleteSession(previous_token_hash);
        tx.InsertSession(hash, owner_id, now, now + kSessionLifetime);
        return domain::Ok();
    });
    if (!written) return written.error();
    return started;
}

domain::Result<SessionStarted> AccountService::Register(const RegisterInput& input,
                                                        const std::string& previous_token_hash) {
    auto fields = domain::ValidateAccountFields(input.owner_name, input.email, input.phone_number);
    if (!fields) return fields.error();
    if (auto ok = domain::ValidateNewPassword(input.password); !ok) return ok.error();

    const std::string hash = HashPassword(input.password);
    const domain::Instant now = ctx_.clock.Now();
    SessionStarted started{NewSessionToken(), std::nullopt, fields->owner_name};
    const std::string token_hash = HashSessionToken(started.token);
    auto written = ctx_.store.Write([&](store::WriteTx& tx) -> domain::Status {
        if (auto free = CheckContactsFree(tx, *fields, std::nullopt, true); !free) return free;
        auto id = tx.InsertOwner(*fields, hash, now);
        if (!id) return ConflictMessage(id.error(), true);
        started.owner_id = *id;
        if (!previous_token_hash.empty()) tx.DeleteSession(previous_token_hash);
        tx.InsertSession(token_hash, *id, now, now + kSessionLifetime);
        tx.Audit(*id, "register", fields->owner_name, now);
        return domain::Ok();
    });
    if (!written) return written.error();
    return started;
}

domain::Result<SessionStarted> AccountService::Login(const std::string& identifier_raw,
                                                     const std::string& password,
                                                     const std::string& previous_token_hash,
                                                     const std::string& client_address) {
    const std::string identifier = domain::NormalizeIdentifier(identifier_raw);
    if (identifier.empty() || password.empty()) {
        return MakeError(ErrorCode::kInvalidInput, "Credentials required.");
    }
    // Over the limit: refuse before any password work (argon2 is the costly part).
    const domain::Instant attempted = ctx_.clock.Now();
    if (const auto wait = login_limiter_.Wait(identifier, client_address, attempted);
        wait.count() > 0) {
        domain::Error refused =
            MakeError(ErrorCode::kRateLimited, domain::TooManyAttemptsMessage(wait));
        refused.retry_after = wait;
        return refused;
    }
    std::optional<store::OwnerRow> owner;
    if (auto read = ctx_.store.Read([&](store::ReadTx& tx) {
            owner = tx.FindOwnerByIdentifier(identifier);
            return domain::Ok();
        });
        !read) {
        return read.error();
    }
    // Unknown identifiers cost a verification too, so timing does not tell
    // which accounts exist.
    const bool valid =
        password.size() <= domain::kMaxPasswordBytes &&
        VerifyPassword(password, owner ? owner->password_hash : DummyPasswordHash()) &&
        owner.has_value();
    if (!valid) {
        login_limiter_.RecordFailure(identifier, client_address, attempted);
        return MakeError(ErrorCode::kBadCredentials, "Invalid credentials.");
    }
    login_limiter_.RecordSuccess(identifier);

    if (NeedsRehash(owner->password_hash)) {
        const std::string upgraded = HashPassword(password);
        if (auto written = ctx_.store.Write([&](store::WriteTx& tx) {
                tx.UpdatePasswordHash(owner->id, upgraded);
                return domain::Ok();
            });
            !written) {
            return written.error();
        }
    }
    return StartSession(owner->id, owner->owner_name, previous_token_hash);
}

domain::Result<SessionStarted> AccountService::StartGuest(const std::string& previous_token_hash) {
    return StartSession(std::nullopt, "Guest", previous_token_hash);
}

domain::Status AccountService::Logout(const std::string& token_hash) {
    if (token_hash.empty()) return domain::Ok();
    return ctx_.store.Write([&](store::WriteTx& tx) {
        tx.DeleteSession(token_hash);
        return domain::Ok();
    });
}

namespace {

Caller CallerOf(const std::string& token_hash, const store::SessionRow& session) {
    Caller caller;
    caller.token_hash = token_hash;
    caller.owner_id = session.owner_id;
    caller.guest = !session.owner_id.has_value();
    caller.owner_name = caller.guest ? "Guest" : session.owner_name;
    return caller;
}

}  // namespace

domain::Result<Caller> AccountService::Authenticate(const std::string& token) {
    if (!LooksLikeSessionToken(token)) return Caller{};
    const std::string hash = HashSessionToken(token);
    const domain::Instant now = ctx_.clock.Now();
    const auto version = ctx_.store.ChangeCount(store::ChangeTopic::kSessions);  // before the read
    std::optional<store::SessionRow> session;
    if (ctx_.session_cache != nullptr) session = ctx_.session_cache->Find(hash, now, version);
    if (!session) {
        if (auto read = ctx_.store.Read([&](store::ReadTx& tx) {
                session = tx.FindSession(hash, now);
                return domain::Ok();
            });
            !read) {
            return read.error();
        }
        if (!session) return Caller{};
        if (ctx_.session_cache != nullptr) ctx_.session_cache->Keep(hash, *session, version);
    }
    return CallerOf(hash, *session);
}

std::optional<Caller> AccountService::AuthenticateFromMemory(const std::string& token) const {
    if (!LooksLikeSessionToken(token)) return Caller{};
    if (ctx_.session_cache == nullptr) return std::nullopt;
    const std::string hash = HashSessionToken(token);
    const auto session = ctx_.session_cache->Find(
        hash, ctx_.clock.Now(), ctx_.store.ChangeCount(store::ChangeTopic::kSessions));
    if (!session) return std::nullopt;
    return CallerOf(hash, *session);
}

domain::Result<Profile> AccountService::GetProfile(const Caller& caller) {
    if (!caller.IsOwner()) return MakeError(ErrorCode::kUnauthenticated, "Login required.");
    std::optional<store::OwnerRow> owner;
    if (auto read = ctx_.store.Read([&](store::ReadTx& tx) {
            owner = tx.FindOwner(*caller.owner_id);
            return domain::Ok();
        });
        !read) {
        return read.error();
    }
    if (!owner) return MakeError(ErrorCode::kUnauthenticated, "Login required.");
    return Profile{owner->owner_name, owner->email, owner->phone_number};
}

domain::Status AccountService::UpdateProfile(const Caller& caller, const ProfileInput& input) {
    if (!caller.IsOwner()) return MakeError(ErrorCode::kUnauthenticated, "Login required.");
    auto fields = domain::ValidateAccountFields(input.owner_name, input.email, input.phone_number);
    if (!fields) return fields.error();

    std::optional<std::string> new_hash;
    if (!input.password.empty()) {
        std::optional<store::OwnerRow> owner;
        if (auto read = ctx_.store.Read([&](store::ReadTx& tx) {
                owner = tx.FindOwner(*caller.owner_id);
                return domain::Ok();
            });
            !read) {
            return read;
        }
        if (!owner || input.old_password.size() > domain::kMaxPasswordBytes ||
            !VerifyPassword(input.old_password, owner->password_hash)) {
            return MakeError(ErrorCode::kForbidden, "Current password is incorrect.");
        }
        if (auto ok = domain::ValidateNewPassword(input.password); !ok) return ok;
        new_hash = HashPassword(input.password);
    }

    const domain::Instant now = ctx_.clock.Now();
    return ctx_.store.Write([&](store::WriteTx& tx) -> domain::Status {
        if (auto free = CheckContactsFree(tx, *fields, caller.owner_id, false); !free) return free;
        if (auto updated = tx.UpdateOwner(*caller.owner_id, *fields); !updated) {
            return ConflictMessage(updated.error(), false);
        }
        if (new_hash) {
            tx.UpdatePasswordHash(*caller.owner_id, *new_hash);
            tx.DeleteOtherSessions(*caller.owner_id, caller.token_hash);
        }
        tx.Audit(caller.owner_id, "profile", new_hash ? "details and password" : "details", now);
        return domain::Ok();
    });
}

domain::Status AccountService::DeleteExpiredSessions() {
    const domain::Instant now = ctx_.clock.Now();
    return ctx_.store.Write([&](store::WriteTx& tx) {
        tx.DeleteExpiredSessions(now);
        return domain::Ok();
    });
}

}  // namespace dockpoint::app
