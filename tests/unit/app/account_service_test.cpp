#include "app/account_service.hpp"

#include <crypt.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <optional>
#include <string>

#include "app/session_tokens.hpp"
#include "app_test_fixture.hpp"

namespace dockpoint::app {
namespace {

using domain::ErrorCode;
using std::chrono::days;
using std::chrono::seconds;

constexpr const char* kEmail = "ada@example.com";
constexpr const char* kPhone = "+44 20 1234";
constexpr const char* kPassword = "analytical-engine";
constexpr const char* kAddress = "192.0.2.10";

// A bcrypt hash as the original application wrote them ("$2b$", cost 5).
std::string BcryptHash(const std::string& password) {
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    if (crypt_gensalt_rn("$2b$", 5, nullptr, 0, salt, sizeof salt) == nullptr) return "";
    crypt_data data{};
    const char* hash = crypt_r(password.c_str(), salt, &data);
    if (hash == nullptr || hash[0] == '*') return "";
    return hash;
}

class AccountServiceTest : public AppTest {
protected:
    SessionStarted Register(const std::string& email = kEmail, const std::string& phone = kPhone) {
        const auto started = accounts_.Register({"Ada Lovelace", email, phone, kPassword}, "");
        EXPECT_TRUE(started.ok()) << (started ? "" : started.error().message);
        return started ? *started : SessionStarted{};
    }

    SessionStarted Login(const std::string& identifier, const std::string& password = kPassword,
                         const std::string& previous_token_hash = "") {
        const auto started = accounts_.Login(identifier, password, previous_token_hash, kAddress);
        EXPECT_TRUE(started.ok()) << (started ? "" : started.error().message);
        return started ? *started : SessionStarted{};
    }

    Caller Authenticate(const std::string& token) {
        const auto caller = accounts_.Authenticate(token);
        EXPECT_TRUE(caller.ok());
        return caller ? *caller : Caller{};
    }

    std::string StoredHash(long long owner_id) {
        std::optional<store::OwnerRow> owner;
        const auto read = store_->Read([&](store::ReadTx& tx) {
            owner = tx.FindOwner(owner_id);
            return domain::Ok();
        });
        EXPECT_TRUE(read.ok());
        EXPECT_TRUE(owner.has_value());
        return owner ? owner->password_hash : "";
    }

    void SetStoredHash(long long owner_id, const std::string& hash) {
        const auto written = store_->Write([&](store::WriteTx& tx) {
            tx.UpdatePasswordHash(owner_id, hash);
            return domain::Ok();
        });
        ASSERT_TRUE(written.ok());
    }

    AccountService accounts_{ctx_};
};

TEST_F(AccountServiceTest, RegisterStartsAnOwnerSession) {
    const SessionStarted started = Register();
    ASSERT_TRUE(started.owner_id.has_value());
    EXPECT_EQ(started.owner_name, "Ada Lovelace");
    EXPECT_TRUE(LooksLikeSessionToken(started.token));

    const Caller caller = Authenticate(started.token);
    EXPECT_TRUE(caller.IsOwner());
    EXPECT_FALSE(caller.guest);
    EXPECT_EQ(caller.owner_id, started.owner_id);
    EXPECT_EQ(caller.owner_name, "Ada Lovelace");
    EXPECT_EQ(caller.token_hash, HashSessionToken(started.token));
}

TEST_F(AccountServiceTest, RegisterStoresAnArgon2idHashNotThePassword) {
    const SessionStarted started = Register();
    const std::string hash = StoredHash(*started.owner_id);
    EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
    EXPECT_NE(hash.find("$m=12288,t=3,p=1$"), std::string::npos) << hash;
    EXPECT_EQ(hash.find(kPassword), std::string::npos);
}

TEST_F(AccountServiceTest, Argon2idHashWithOtherSettingsVerifiesAndIsRewritten) {
    const SessionStarted registered = Register();
    const long long id = *registered.owner_id;
    // As earlier versions wrote them: libsodium's "interactive" 64 MiB setting.
    char old_hash[crypto_pwhash_STRBYTES];
    ASSERT_EQ(
        crypto_pwhash_str(old_hash, kPassword, std::strlen(kPassword),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE),
        0);
    SetStoredHash(id, old_hash);

    EXPECT_EQ(Login(kEmail).owner_id, id);
    const std::string rewritten = StoredHash(id);
    EXPECT_NE(rewritten, old_hash);
    EXPECT_NE(rewritten.find("$m=12288,t=3,p=1$"), std::string::npos) << rewritten;
    EXPECT_EQ(Login(kEmail).owner_id, id);
}

TEST_F(AccountServiceTest, RegisterRefusesATakenEmailOrPhone) {
    Register();
    const auto same_email =
        accounts_.Register({"Someone", " ADA@example.com ", "", "password"}, "");
    ASSERT_FALSE(same_email.ok());
    EXPECT_EQ(same_email.error().code, ErrorCode::kConflict);
    EXPECT_EQ(same_email.error().message, "Email already registered.");

    const auto same_phone = accounts_.Register({"Someone", "", kPhone, "password"}, "");
    ASSERT_FALSE(same_phone.ok());
    EXPECT_EQ(same_phone.error().code, ErrorCode::kConflict);
    EXPECT_EQ(same_phone.error().message, "Phone number already registered.");
}

TEST_F(AccountServiceTest, RegisterValidatesTheFields) {
    const auto short_password = accounts_.Register({"Ada", kEmail, "", "12345"}, "");
    ASSERT_FALSE(short_password.ok());
    EXPECT_EQ(short_password.error().message, "Password must be at least 6 characters.");

    const auto bad_email = accounts_.Register({"Ada", "a@b", "", kPassword}, "");
    ASSERT_FALSE(bad_email.ok());
    EXPECT_EQ(bad_email.error().message, "Invalid email address.");
}

TEST_F(AccountServiceTest, UnknownOrMalformedTokensGiveNoSession) {
    Register();
    EXPECT_FALSE(Authenticate("").HasSession());
    EXPECT_FALSE(Authenticate("not-a-token").HasSession());
    EXPECT_FALSE(Authenticate(NewSessionToken()).HasSession());
}

TEST_F(AccountServiceTest, LoginWithEmailOrPhone) {
    const SessionStarted registered = Register();
    const SessionStarted by_email = Login("  ADA@Example.com ");
    EXPECT_EQ(by_email.owner_id, registered.owner_id);
    EXPECT_EQ(by_email.owner_name, "Ada Lovelace");
    const SessionStarted by_phone = Login(kPhone);
    EXPECT_EQ(by_phone.owner_id, registered.owner_id);
    EXPECT_EQ(Authenticate(by_phone.token).owner_id, registered.owner_id);
}

TEST_F(AccountServiceTest, WrongPasswordIsBadCredentials) {
    Register();
    const auto login = accounts_.Login(kEmail, "analytical-engine!", "", kAddress);
    ASSERT_FALSE(login.ok());
    EXPECT_EQ(login.error().code, ErrorCode::kBadCredentials);
    EXPECT_EQ(login.error().message, "Invalid credentials.");
}

TEST_F(AccountServiceTest, UnknownIdentifierIsTheSameBadCredentials) {
    Register();
    const auto login = accounts_.Login("nobody@example.com", kPassword, "", kAddress);
    ASSERT_FALSE(login.ok());
    EXPECT_EQ(login.error().code, ErrorCode::kBadCredentials);
    EXPECT_EQ(login.error().message, "Invalid credentials.");
}

TEST_F(AccountServiceTest, EmptyCredentialsAreInvalidInput) {
    const auto login = accounts_.Login("  ", kPassword, "", kAddress);
    ASSERT_FALSE(login.ok());
    EXPECT_EQ(login.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(login.error().message, "Credentials required.");
}

TEST_F(AccountServiceTest, LoginIssuesANewTokenAndEndsThePreviousSession) {
    const SessionStarted registered = Register();
    const std::string previous_hash = HashSessionToken(registered.token);
    ASSERT_TRUE(Authenticate(registered.token).IsOwner());

    const SessionStarted login = Login(kEmail, kPassword, previous_hash);
    EXPECT_NE(login.token, registered.token);
    EXPECT_FALSE(Authenticate(registered.token).HasSession());
    EXPECT_EQ(Authenticate(login.token).owner_id, registered.owner_id);
}

TEST_F(AccountServiceTest, GuestTokenPlantedBeforeLoginIsWorthlessAfterIt) {
    Register();
    const auto guest = accounts_.StartGuest("");
    ASSERT_TRUE(guest.ok());
    ASSERT_TRUE(Authenticate(guest->token).guest);

    Login(kEmail, kPassword, HashSessionToken(guest->token));
    EXPECT_FALSE(Authenticate(guest->token).HasSession());
}

TEST_F(AccountServiceTest, LoginWithoutAPreviousTokenKeepsOtherSessions) {
    const SessionStarted registered = Register();
    const SessionStarted login = Login(kEmail);
    EXPECT_TRUE(Authenticate(registered.token).IsOwner());
    EXPECT_TRUE(Authenticate(login.token).IsOwner());
}

TEST_F(AccountServiceTest, LogoutEndsTheSession) {
    const SessionStarted registered = Register();
    const SessionStarted other = Login(kEmail);
    ASSERT_TRUE(accounts_.Logout(HashSessionToken(registered.token)).ok());
    EXPECT_FALSE(Authenticate(registered.token).HasSession());
    // Only that session.
    EXPECT_TRUE(Authenticate(other.token).IsOwner());
}

TEST_F(AccountServiceTest, GuestSessionAuthenticatesAsGuest) {
    const auto guest = accounts_.StartGuest("");
    ASSERT_TRUE(guest.ok());
    EXPECT_EQ(guest->owner_id, std::nullopt);
    const Caller caller = Authenticate(guest->token);
    EXPECT_TRUE(caller.guest);
    EXPECT_FALSE(caller.IsOwner());
    EXPECT_EQ(caller.owner_name, "Guest");
}

TEST_F(AccountServiceTest, BcryptHashFromTheOriginalVerifiesAndIsUpgradedToArgon2id) {
    const SessionStarted registered = Register();
    const long long id = *registered.owner_id;
    const std::string bcrypt = BcryptHash(kPassword);
    ASSERT_EQ(bcrypt.rfind("$2b$05$", 0), 0u) << "libxcrypt made no bcrypt hash: " << bcrypt;
    SetStoredHash(id, bcrypt);
    ASSERT_EQ(StoredHash(id), bcrypt);

    const SessionStarted login = Login(kEmail);
    EXPECT_EQ(login.owner_id, id);
    const std::string upgraded = StoredHash(id);
    EXPECT_EQ(upgraded.rfind("$argon2id$", 0), 0u) << upgraded;

    // The same password still works against the new hash.
    EXPECT_EQ(Login(kEmail).owner_id, id);
    EXPECT_EQ(StoredHash(id), upgraded) << "an argon2id hash is not rehashed again";
}

TEST_F(AccountServiceTest, WrongPasswordAgainstBcryptFailsAndKeepsTheHash) {
    const SessionStarted registered = Register();
    const long long id = *registered.owner_id;
    const std::string bcrypt = BcryptHash(kPassword);
    ASSERT_FALSE(bcrypt.empty());
    SetStoredHash(id, bcrypt);

    const auto login = accounts_.Login(kEmail, "not-the-password", "", kAddress);
    ASSERT_FALSE(login.ok());
    EXPECT_EQ(login.error().code, ErrorCode::kBadCredentials);
    EXPECT_EQ(StoredHash(id), bcrypt);
}

TEST_F(AccountServiceTest, SessionsExpireAfterThirtyDays) {
    const SessionStarted registered = Register();
    clock_.Advance(days{30} - seconds{1});
    EXPECT_TRUE(Authenticate(registered.token).IsOwner());
    clock_.Advance(seconds{1});
    EXPECT_FALSE(Authenticate(registered.token).HasSession());
}

TEST_F(AccountServiceTest, ExpiredSessionsStayGoneAfterHousekeeping) {
    const SessionStarted old_session = Register();
    clock_.Advance(days{20});
    const SessionStarted newer = Login(kEmail);
    clock_.Advance(days{10});  // the first session's thirtieth day
    ASSERT_TRUE(accounts_.DeleteExpiredSessions().ok());
    EXPECT_FALSE(Authenticate(old_session.token).HasSession());
    EXPECT_TRUE(Authenticate(newer.token).IsOwner());
    // Moving the clock back does not revive a deleted session.
    clock_.Set(StartInstant());
    EXPECT_FALSE(Authenticate(old_session.token).HasSession());
}

// Throttling: the policy is domain/login_throttle (tested there); these check
// that Login applies it — before any password work — and resets it.
TEST_F(AccountServiceTest, FiveFailuresForAnIdentifierRefuseTheNextAttempt) {
    Register();
    for (int i = 0; i < 5; ++i) {
        const auto login = accounts_.Login(kEmail, "wrong-password", "", kAddress);
        ASSERT_FALSE(login.ok());
        EXPECT_EQ(login.error().code, ErrorCode::kBadCredentials);
        clock_.Advance(seconds{10});
    }
    // Even the right password is refused now, for the rest of the window.
    const auto refused = accounts_.Login(" ADA@example.COM ", kPassword, "", "198.51.100.7");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kRateLimited);
    EXPECT_EQ(refused.error().retry_after, seconds{15 * 60 - 50});
    EXPECT_EQ(refused.error().message, "Too many login attempts. Try again in 850 seconds.");
    // Another identifier from the same address is not affected.
    Register("grace@example.com", "");
    EXPECT_TRUE(accounts_.Login("grace@example.com", kPassword, "", kAddress).ok());
    // When the first failure leaves the window, one attempt is allowed again.
    clock_.Advance(seconds{850});
    EXPECT_TRUE(accounts_.Login(kEmail, kPassword, "", kAddress).ok());
}

TEST_F(AccountServiceTest, ASuccessResetsTheIdentifiersFailures) {
    Register();
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 4; ++i) {
            EXPECT_FALSE(accounts_.Login(kEmail, "wrong-password", "", kAddress).ok());
        }
        EXPECT_TRUE(accounts_.Login(kEmail, kPassword, "", kAddress).ok()) << round;
    }
}

TEST_F(AccountServiceTest, TwentyFailuresFromAnAddressRefuseEveryIdentifier) {
    Register();
    for (int i = 0; i < 20; ++i) {
        const std::string identifier = "guess" + std::to_string(i) + "@example.com";
        EXPECT_EQ(accounts_.Login(identifier, kPassword, "", kAddress).error().code,
                  ErrorCode::kBadCredentials);
    }
    const auto refused = accounts_.Login(kEmail, kPassword, "", kAddress);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kRateLimited);
    EXPECT_EQ(refused.error().retry_after, seconds{15 * 60});
    // Another address may still log in.
    EXPECT_TRUE(accounts_.Login(kEmail, kPassword, "", "2001:db8::1").ok());
}

TEST_F(AccountServiceTest, MissingCredentialsDoNotCount) {
    Register();
    for (int i = 0; i < 30; ++i) {
        EXPECT_EQ(accounts_.Login(kEmail, "", "", kAddress).error().code, ErrorCode::kInvalidInput);
    }
    EXPECT_TRUE(accounts_.Login(kEmail, kPassword, "", kAddress).ok());
}

}  // namespace
}  // namespace dockpoint::app
