// Kept sessions: trusted only at the change count they were read at and never
// past their expiry; and, through the account service, every change a request
// must see (logout, a new name, another session's end) is seen at once.
#include "app/session_cache.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "app/account_service.hpp"
#include "app/session_tokens.hpp"
#include "app_test_fixture.hpp"

namespace dockpoint::app {
namespace {

using std::chrono::hours;

const domain::Instant kNoon{std::chrono::seconds{1'800'000'000}};

store::SessionRow Session(const std::string& name, domain::Instant expires_at) {
    store::SessionRow row;
    row.owner_id = 7;
    row.owner_name = name;
    row.expires_at = expires_at;
    return row;
}

TEST(SessionCacheTest, GivesAKeptSessionBackOnlyAtTheVersionItWasReadAt) {
    SessionCache cache;
    cache.Keep("hash", Session("Ada", kNoon + hours{1}), 5);
    ASSERT_TRUE(cache.Find("hash", kNoon, 5).has_value());
    EXPECT_EQ(cache.Find("hash", kNoon, 5)->owner_name, "Ada");
    EXPECT_FALSE(cache.Find("other", kNoon, 5).has_value());
    EXPECT_FALSE(cache.Find("hash", kNoon, 6).has_value()) << "the sessions changed since";
    EXPECT_FALSE(cache.Find("hash", kNoon, std::nullopt).has_value()) << "a store without counts";
}

TEST(SessionCacheTest, NeverGivesASessionAtOrPastItsExpiry) {
    SessionCache cache;
    cache.Keep("hash", Session("Ada", kNoon + hours{1}), 1);
    EXPECT_TRUE(cache.Find("hash", kNoon + hours{1} - std::chrono::seconds{1}, 1).has_value());
    EXPECT_FALSE(cache.Find("hash", kNoon + hours{1}, 1).has_value());
}

TEST(SessionCacheTest, ALateKeepOfAnOlderReadDoesNotReviveAnything) {
    SessionCache cache;
    cache.Keep("new", Session("New", kNoon + hours{1}), 9);
    // Read before change 9 (perhaps that very logout), kept after it: ignored.
    cache.Keep("old", Session("Old", kNoon + hours{1}), 8);
    EXPECT_FALSE(cache.Find("old", kNoon, 9).has_value());
    EXPECT_FALSE(cache.Find("old", kNoon, 8).has_value());
    EXPECT_TRUE(cache.Find("new", kNoon, 9).has_value());
    // A newer read starts over: nothing of version 9 survives.
    cache.Keep("newer", Session("Newer", kNoon + hours{1}), 10);
    EXPECT_FALSE(cache.Find("new", kNoon, 10).has_value());
    EXPECT_TRUE(cache.Find("newer", kNoon, 10).has_value());
}

TEST(SessionCacheTest, StaysBoundedByStartingOverWhenFull) {
    SessionCache cache;
    for (std::size_t i = 0; i < SessionCache::kCapacity; ++i)
        cache.Keep("hash-" + std::to_string(i), Session("Ada", kNoon + hours{1}), 1);
    EXPECT_TRUE(cache.Find("hash-0", kNoon, 1).has_value());
    cache.Keep("one-more", Session("Ada", kNoon + hours{1}), 1);
    EXPECT_TRUE(cache.Find("one-more", kNoon, 1).has_value());
    EXPECT_FALSE(cache.Find("hash-0", kNoon, 1).has_value());
}

class SessionCacheServiceTest : public AppTest {
protected:
    AccountService accounts_{ctx_};
};

TEST_F(SessionCacheServiceTest, ASessionIsKnownFromMemoryOnceReadAndForgottenWhenItEnds) {
    const auto guest = accounts_.StartGuest("");
    ASSERT_TRUE(guest.ok());
    EXPECT_FALSE(accounts_.AuthenticateFromMemory(guest->token).has_value()) << "never read";
    ASSERT_TRUE(accounts_.Authenticate(guest->token).ok());
    const auto remembered = accounts_.AuthenticateFromMemory(guest->token);
    ASSERT_TRUE(remembered.has_value());
    EXPECT_TRUE(remembered->guest);
    ASSERT_TRUE(accounts_.Logout(HashSessionToken(guest->token)).ok());
    EXPECT_FALSE(accounts_.AuthenticateFromMemory(guest->token).has_value());
    const auto after = accounts_.Authenticate(guest->token);
    ASSERT_TRUE(after.ok());
    EXPECT_FALSE(after->HasSession());
}

TEST_F(SessionCacheServiceTest, ANewNameIsSeenByTheNextRequest) {
    const auto started =
        accounts_.Register({"Ada Lovelace", "ada@example.com", "", "secret-12"}, "");
    ASSERT_TRUE(started.ok());
    const auto caller = accounts_.Authenticate(started->token);
    ASSERT_TRUE(caller.ok());
    ASSERT_EQ(caller->owner_name, "Ada Lovelace");
    ASSERT_TRUE(accounts_.UpdateProfile(*caller, {"Ada King", "ada@example.com", "", "", ""}).ok());
    const auto renamed = accounts_.Authenticate(started->token);
    ASSERT_TRUE(renamed.ok());
    EXPECT_EQ(renamed->owner_name, "Ada King");
}

TEST_F(SessionCacheServiceTest, AMalformedTokenNeedsNoDatabaseToBeRefused) {
    const auto caller = accounts_.AuthenticateFromMemory("not a token");
    ASSERT_TRUE(caller.has_value());
    EXPECT_FALSE(caller->HasSession());
}

}  // namespace
}  // namespace dockpoint::app
