#include "domain/local_time.hpp"

#include <date/date.h>
#include <date/tz.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace dockpoint::domain {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr const char* kFormatError = "Invalid datetime format. Use YYYY-MM-DDTHH:MM";

Instant Utc(int year, unsigned month, unsigned day, int hour, int minute, int second = 0) {
    return date::sys_days{date::year{year} / date::month{month} / date::day{day}} + hours{hour} +
           minutes{minute} + seconds{second};
}

class LocalTimeTest : public ::testing::Test {
protected:
    LocalTime berlin_{date::locate_zone("Europe/Berlin")};
    LocalTime utc_{date::locate_zone("UTC")};
    LocalTime new_york_{date::locate_zone("America/New_York")};

    // The instant text names in Berlin; fails the test when it does not parse.
    Instant Berlin(const std::string& text) {
        const Result<Instant> parsed = berlin_.Parse(text);
        EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed ? "" : parsed.error().message);
        return parsed ? *parsed : Instant{};
    }

    void ExpectFormatError(const LocalTime& zone, const std::string& text) {
        const Result<Instant> parsed = zone.Parse(text);
        ASSERT_FALSE(parsed.ok()) << "'" << text << "' parsed";
        EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidInput) << text;
        EXPECT_EQ(parsed.error().message, kFormatError) << text;
    }
};

TEST_F(LocalTimeTest, ParsesMinutesInUtc) {
    const Result<Instant> parsed = utc_.Parse("2027-01-15T10:30");
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, Utc(2027, 1, 15, 10, 30));
}

TEST_F(LocalTimeTest, WinterTimeInBerlinIsOneHourAheadOfUtc) {
    EXPECT_EQ(Berlin("2027-01-15T10:30"), Utc(2027, 1, 15, 9, 30));
}

TEST_F(LocalTimeTest, SummerTimeInBerlinIsTwoHoursAheadOfUtc) {
    EXPECT_EQ(Berlin("2027-07-15T10:30"), Utc(2027, 7, 15, 8, 30));
}

TEST_F(LocalTimeTest, NewYorkWinterIsFiveHoursBehindUtc) {
    const Result<Instant> parsed = new_york_.Parse("2027-01-15T10:30");
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, Utc(2027, 1, 15, 15, 30));
}

TEST_F(LocalTimeTest, SecondsAreOptional) {
    EXPECT_EQ(Berlin("2027-01-15T10:30:45"), Utc(2027, 1, 15, 9, 30, 45));
}

TEST_F(LocalTimeTest, SpaceMayReplaceTheT) {
    EXPECT_EQ(Berlin("2027-01-15 10:30"), Utc(2027, 1, 15, 9, 30));
    EXPECT_EQ(Berlin("2027-01-15 10:30:05"), Utc(2027, 1, 15, 9, 30, 5));
}

TEST_F(LocalTimeTest, MidnightAndLastMinuteOfTheDayParse) {
    EXPECT_EQ(Berlin("2027-01-15T00:00"), Utc(2027, 1, 14, 23, 0));
    EXPECT_EQ(Berlin("2027-01-15T23:59:59"), Utc(2027, 1, 15, 22, 59, 59));
}

TEST_F(LocalTimeTest, LeapDayParsesOnlyInLeapYears) {
    EXPECT_EQ(Berlin("2028-02-29T12:00"), Utc(2028, 2, 29, 11, 0));
    ExpectFormatError(berlin_, "2027-02-29T12:00");
}

TEST_F(LocalTimeTest, BadFormatsAreRefused) {
    for (const char* text : {
             "",                       // empty
             "abc",                    // not a date
             "2027-1-15T10:30",        // one-digit month
             "2027-01-5T10:30",        // one-digit day
             "2027-01-15T9:30",        // one-digit hour
             "2027-01-15",             // no time
             "2027-01-15T10",          // no minutes
             "2027-01-15X10:30",       // wrong separator
             "2027/01/15T10:30",       // wrong date separator
             "2027-01-15T10.30",       // wrong time separator
             "2027-01-15T10:30Z",      // trailing junk
             "2027-01-15T10:30:00Z",   // trailing junk after seconds
             "2027-01-15T10:30:0",     // one-digit seconds
             "2027-01-15T10:30:00.5",  // fractions
             " 2027-01-15T10:30",      // leading space
             "+027-01-15T10:30",       // sign in the year
             "2027-01-15T-1:30",       // negative hour
         }) {
        ExpectFormatError(berlin_, text);
    }
}

TEST_F(LocalTimeTest, OutOfRangeFieldsAreRefused) {
    for (const char* text : {
             "2027-02-30T10:00",  // no such day
             "2027-13-01T10:00",  // no such month
             "2027-00-10T10:00",
             "2027-01-00T10:00",
             "2027-01-32T10:00",
             "2027-01-15T24:00",  // hour 24
             "2027-01-15T10:60",  // minute 60
             "2027-01-15T10:30:60",
         }) {
        ExpectFormatError(berlin_, text);
    }
}

TEST_F(LocalTimeTest, YearsBeforeTheEpochAreRefused) {
    ExpectFormatError(utc_, "1969-12-31T23:59");
    const Result<Instant> epoch = utc_.Parse("1970-01-01T00:00");
    ASSERT_TRUE(epoch.ok());
    EXPECT_EQ(epoch->time_since_epoch().count(), 0);
}

TEST_F(LocalTimeTest, SpringForwardGapIsRefusedNamingTheZone) {
    const Result<Instant> parsed = berlin_.Parse("2027-03-28T02:30");
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(parsed.error().message.find("Europe/Berlin"), std::string::npos)
        << parsed.error().message;
    EXPECT_NE(parsed.error().message.find("2027-03-28T02:30"), std::string::npos)
        << parsed.error().message;
}

TEST_F(LocalTimeTest, SpringForwardGapInNewYorkIsRefused) {
    // 2027-03-14 is the second Sunday of March: 02:00–03:00 does not exist there.
    const Result<Instant> parsed = new_york_.Parse("2027-03-14T02:30");
    ASSERT_FALSE(parsed.ok());
    EXPECT_NE(parsed.error().message.find("America/New_York"), std::string::npos);
}

TEST_F(LocalTimeTest, TheGapIsOnlyTheSkippedHour) {
    // 01:59 is still winter time (UTC+1), 03:00 already summer time (UTC+2).
    EXPECT_EQ(Berlin("2027-03-28T01:59"), Utc(2027, 3, 28, 0, 59));
    EXPECT_EQ(Berlin("2027-03-28T03:00"), Utc(2027, 3, 28, 1, 0));
}

TEST_F(LocalTimeTest, RepeatedFallBackHourMeansItsFirstOccurrence) {
    // 02:30 happens at 00:30 UTC (summer time) and again at 01:30 UTC; the first wins.
    EXPECT_EQ(Berlin("2027-10-31T02:30"), Utc(2027, 10, 31, 0, 30));
}

TEST_F(LocalTimeTest, SpringForwardDayIsAnHourShorter) {
    const Instant entry = Berlin("2027-03-28T01:30");
    const Instant exit = Berlin("2027-03-28T03:30");
    EXPECT_EQ((exit - entry).count(), 3600);
}

TEST_F(LocalTimeTest, FallBackDayIsAnHourLonger) {
    const Instant entry = Berlin("2027-10-31T01:30");
    const Instant exit = Berlin("2027-10-31T03:30");
    EXPECT_EQ((exit - entry).count(), 10800);
}

TEST_F(LocalTimeTest, UtcHasNoGapOnTheBerlinChangeDay) {
    const Result<Instant> parsed = utc_.Parse("2027-03-28T02:30");
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, Utc(2027, 3, 28, 2, 30));
}

TEST_F(LocalTimeTest, FormatListingShowsLocalWallTime) {
    EXPECT_EQ(berlin_.FormatListing(Utc(2027, 1, 15, 9, 30)), "2027-01-15 10:30");
    EXPECT_EQ(berlin_.FormatListing(Utc(2027, 7, 15, 8, 30, 59)), "2027-07-15 10:30");
    EXPECT_EQ(utc_.FormatListing(Utc(2027, 1, 15, 9, 30)), "2027-01-15 09:30");
    EXPECT_EQ(new_york_.FormatListing(Utc(2027, 1, 15, 3, 5)), "2027-01-14 22:05");
}

TEST_F(LocalTimeTest, FormatInputUsesTheT) {
    EXPECT_EQ(berlin_.FormatInput(Utc(2027, 1, 15, 9, 30)), "2027-01-15T10:30");
    EXPECT_EQ(utc_.FormatInput(Utc(2027, 12, 31, 23, 59)), "2027-12-31T23:59");
}

TEST_F(LocalTimeTest, FormatIsoKeepsTheSeconds) {
    EXPECT_EQ(berlin_.FormatIso(Utc(2027, 7, 15, 8, 30, 59)), "2027-07-15T10:30:59");
    EXPECT_EQ(new_york_.FormatIso(Utc(2027, 3, 1, 4, 0, 7)), "2027-02-28T23:00:07");
    EXPECT_EQ(utc_.FormatIso(Utc(1969, 12, 31, 23, 59, 58)), "1969-12-31T23:59:58");
}

TEST_F(LocalTimeTest, FormatInputAndParseRoundTrip) {
    for (const char* text : {"2027-01-15T10:30", "2027-03-28T03:00", "2027-10-31T01:59",
                             "2027-10-31T03:00", "2028-02-29T00:00"}) {
        EXPECT_EQ(berlin_.FormatInput(Berlin(text)), text);
    }
}

TEST_F(LocalTimeTest, FormatListingRoundTripsThroughParse) {
    const Instant t = Utc(2027, 6, 1, 16, 45);
    const std::string listed = berlin_.FormatListing(t);
    EXPECT_EQ(listed, "2027-06-01 18:45");
    EXPECT_EQ(Berlin(listed), t);
}

TEST_F(LocalTimeTest, BothOccurrencesOfTheRepeatedHourFormatTheSame) {
    EXPECT_EQ(berlin_.FormatListing(Utc(2027, 10, 31, 0, 30)), "2027-10-31 02:30");
    EXPECT_EQ(berlin_.FormatListing(Utc(2027, 10, 31, 1, 30)), "2027-10-31 02:30");
}

TEST_F(LocalTimeTest, ZoneNameIsTheIanaName) {
    EXPECT_EQ(berlin_.ZoneName(), "Europe/Berlin");
    EXPECT_EQ(new_york_.ZoneName(), "America/New_York");
}

TEST(FindTimeZoneTest, KnownZoneIsFound) {
    const Result<const date::time_zone*> zone = FindTimeZone("Europe/Berlin");
    ASSERT_TRUE(zone.ok());
    ASSERT_NE(*zone, nullptr);
    EXPECT_EQ((*zone)->name(), "Europe/Berlin");
}

TEST(FindTimeZoneTest, UnknownZoneFailsNamingIt) {
    const Result<const date::time_zone*> zone = FindTimeZone("Mars/Olympus");
    ASSERT_FALSE(zone.ok());
    EXPECT_EQ(zone.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(zone.error().message.find("Mars/Olympus"), std::string::npos);
}

TEST(FindTimeZoneTest, EmptyNameGivesTheMachineZone) {
    const Result<const date::time_zone*> zone = FindTimeZone("");
    ASSERT_TRUE(zone.ok());
    EXPECT_NE(*zone, nullptr);
}

}  // namespace
}  // namespace dockpoint::domain
