#include "domain/validation.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dockpoint::domain {
namespace {

// "é" in UTF-8: two bytes, one character.
const std::string kEAcute = "\xC3\xA9";
const std::string kCapitalEAcute = "\xC3\x89";

std::string Repeat(const std::string& s, std::size_t times) {
    std::string out;
    for (std::size_t i = 0; i < times; ++i) out += s;
    return out;
}

void ExpectInvalid(const Status& status, const std::string& message) {
    ASSERT_FALSE(status.ok()) << "expected: " << message;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(status.error().message, message);
}

template <typename T>
void ExpectInvalid(const Result<T>& result, const std::string& message) {
    ASSERT_FALSE(result.ok()) << "expected: " << message;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(result.error().message, message);
}

// --- Trim, AsciiUpper, AsciiLower, Utf8Length -----------------------------------

TEST(TrimTest, RemovesAsciiWhitespaceAtBothEnds) {
    EXPECT_EQ(Trim("  ab 12 "), "ab 12");
    EXPECT_EQ(Trim("\t\r\n\f\vx\t\r\n\f\v"), "x");
    EXPECT_EQ(Trim("   "), "");
    EXPECT_EQ(Trim(""), "");
    EXPECT_EQ(Trim("a  b"), "a  b");
}

TEST(TrimTest, LeavesNonAsciiBytesAlone) {
    // A UTF-8 no-break space (C2 A0) is not ASCII whitespace.
    EXPECT_EQ(Trim("\xC2\xA0x\xC2\xA0"), "\xC2\xA0x\xC2\xA0");
    EXPECT_EQ(Trim(" " + kEAcute + " "), kEAcute);
}

TEST(AsciiCaseTest, ChangesOnlyAsciiLetters) {
    EXPECT_EQ(AsciiUpper("ab-12 z"), "AB-12 Z");
    EXPECT_EQ(AsciiLower("AB-12 Z"), "ab-12 z");
    EXPECT_EQ(AsciiUpper(kEAcute + "a"), kEAcute + "A");
    EXPECT_EQ(AsciiLower(kCapitalEAcute + "A"), kCapitalEAcute + "a");
}

TEST(Utf8LengthTest, CountsCharactersNotBytes) {
    EXPECT_EQ(Utf8Length(""), 0u);
    EXPECT_EQ(Utf8Length("abc"), 3u);
    EXPECT_EQ(Utf8Length(kEAcute), 1u);
    EXPECT_EQ(Utf8Length("\xE2\x82\xAC"), 1u);      // "€", three bytes
    EXPECT_EQ(Utf8Length("\xF0\x9F\x9A\x97"), 1u);  // "🚗", four bytes
    EXPECT_EQ(Utf8Length("a" + kEAcute + "b"), 3u);
}

// --- NormalizeVehicleNumber ------------------------------------------------------

TEST(NormalizeVehicleNumberTest, TrimsAndUpperCases) {
    const Result<std::string> number = NormalizeVehicleNumber(" ab 12 ");
    ASSERT_TRUE(number.ok());
    EXPECT_EQ(*number, "AB 12");
}

TEST(NormalizeVehicleNumberTest, EmptyOrBlankIsRequired) {
    ExpectInvalid(NormalizeVehicleNumber(""), "Vehicle number required.");
    ExpectInvalid(NormalizeVehicleNumber(" \t "), "Vehicle number required.");
}

TEST(NormalizeVehicleNumberTest, ThirtyTwoCharactersAreTheLimit) {
    const Result<std::string> longest = NormalizeVehicleNumber(std::string(32, 'x'));
    ASSERT_TRUE(longest.ok());
    EXPECT_EQ(*longest, std::string(32, 'X'));
    ExpectInvalid(NormalizeVehicleNumber(std::string(33, 'x')),
                  "Vehicle number is too long (at most 32 characters).");
}

TEST(NormalizeVehicleNumberTest, LimitCountsCharactersAfterTrimming) {
    EXPECT_TRUE(NormalizeVehicleNumber("  " + std::string(32, 'x') + "  ").ok());
    // 32 two-byte characters: 64 bytes, still 32 characters.
    EXPECT_TRUE(NormalizeVehicleNumber(Repeat(kEAcute, 32)).ok());
    EXPECT_FALSE(NormalizeVehicleNumber(Repeat(kEAcute, 33)).ok());
}

TEST(NormalizeVehicleNumberTest, ControlCharactersAreRefused) {
    for (const std::string& raw :
         {std::string("AB") + '\x01' + "12", std::string("AB\x7F"), std::string("A\tB"),
          std::string("A\nB"), std::string("A\0B", 3)}) {
        ExpectInvalid(NormalizeVehicleNumber(raw), "Vehicle number contains invalid characters.");
    }
}

TEST(NormalizeVehicleNumberTest, MarkupIsJustTextAndUpperCased) {
    const Result<std::string> number = NormalizeVehicleNumber("<img src=x onerror=alert(1)>");
    ASSERT_TRUE(number.ok());
    EXPECT_EQ(*number, "<IMG SRC=X ONERROR=ALERT(1)>");
}

// --- NormalizeSlotNumber ---------------------------------------------------------

TEST(NormalizeSlotNumberTest, TrimsAndUpperCases) {
    const Result<std::string> number = NormalizeSlotNumber(" c3 ");
    ASSERT_TRUE(number.ok());
    EXPECT_EQ(*number, "C3");
}

TEST(NormalizeSlotNumberTest, EmptyStaysEmpty) {
    const Result<std::string> empty = NormalizeSlotNumber("");
    ASSERT_TRUE(empty.ok());
    EXPECT_EQ(*empty, "");
    const Result<std::string> blank = NormalizeSlotNumber("   ");
    ASSERT_TRUE(blank.ok());
    EXPECT_EQ(*blank, "");
}

TEST(NormalizeSlotNumberTest, TenCharactersAreTheLimit) {
    EXPECT_TRUE(NormalizeSlotNumber(std::string(10, 'a')).ok());
    ExpectInvalid(NormalizeSlotNumber(std::string(11, 'a')),
                  "Slot number is too long (at most 10 characters).");
}

TEST(NormalizeSlotNumberTest, ControlCharactersAreRefused) {
    ExpectInvalid(NormalizeSlotNumber(std::string("A") + '\x1B' + "1"),
                  "Slot number contains invalid characters.");
}

// --- ValidateAccountFields -------------------------------------------------------

TEST(ValidateAccountFieldsTest, CleansAllFields) {
    const Result<AccountFields> fields =
        ValidateAccountFields("  Ada Lovelace ", "  Ada@Example.COM ", " +44 (20) 123-456 ");
    ASSERT_TRUE(fields.ok());
    EXPECT_EQ(fields->owner_name, "Ada Lovelace");
    EXPECT_EQ(fields->email, std::optional<std::string>("ada@example.com"));
    EXPECT_EQ(fields->phone_number, std::optional<std::string>("+44 (20) 123-456"));
}

TEST(ValidateAccountFieldsTest, NameIsRequired) {
    ExpectInvalid(ValidateAccountFields("", "a@b.c", ""), "Name is required.");
    ExpectInvalid(ValidateAccountFields("   ", "a@b.c", ""), "Name is required.");
}

TEST(ValidateAccountFieldsTest, NameLimitIsOneHundredCharacters) {
    EXPECT_TRUE(ValidateAccountFields(std::string(100, 'n'), "a@b.c", "").ok());
    EXPECT_TRUE(ValidateAccountFields(Repeat(kEAcute, 100), "a@b.c", "").ok());
    ExpectInvalid(ValidateAccountFields(std::string(101, 'n'), "a@b.c", ""),
                  "Name is too long (at most 100 characters).");
}

TEST(ValidateAccountFieldsTest, NameWithControlCharactersIsRefused) {
    ExpectInvalid(ValidateAccountFields("Ada\x07", "a@b.c", ""),
                  "Name contains invalid characters.");
}

TEST(ValidateAccountFieldsTest, EmailOrPhoneIsRequired) {
    ExpectInvalid(ValidateAccountFields("Ada", "", ""),
                  "Provide at least an email or phone number.");
    ExpectInvalid(ValidateAccountFields("Ada", "  ", " "),
                  "Provide at least an email or phone number.");
}

TEST(ValidateAccountFieldsTest, EmailAloneIsEnough) {
    const Result<AccountFields> fields = ValidateAccountFields("Ada", "a@b.c", "");
    ASSERT_TRUE(fields.ok());
    EXPECT_EQ(fields->email, std::optional<std::string>("a@b.c"));
    EXPECT_EQ(fields->phone_number, std::nullopt);
}

TEST(ValidateAccountFieldsTest, PhoneAloneIsEnough) {
    const Result<AccountFields> fields = ValidateAccountFields("Ada", "", "0123 456");
    ASSERT_TRUE(fields.ok());
    EXPECT_EQ(fields->email, std::nullopt);
    EXPECT_EQ(fields->phone_number, std::optional<std::string>("0123 456"));
}

TEST(ValidateAccountFieldsTest, MalformedEmailsAreRefused) {
    for (const char* email :
         {"a@b", "@b.c", "a@@b.c", "a b@c.d", "a@b.", "a@.c", "ab.c", "a@b@c.d", "a@b\t.c"}) {
        ExpectInvalid(ValidateAccountFields("Ada", email, ""), "Invalid email address.");
    }
}

TEST(ValidateAccountFieldsTest, EmailLengthLimit) {
    // 254 characters: 248 + "@b.com".
    const std::string longest = std::string(248, 'a') + "@b.com";
    ASSERT_EQ(longest.size(), 254u);
    EXPECT_TRUE(ValidateAccountFields("Ada", longest, "").ok());
    ExpectInvalid(ValidateAccountFields("Ada", "a" + longest, ""),
                  "Email is too long (at most 254 characters).");
}

TEST(ValidateAccountFieldsTest, PhoneAllowsDigitsPlusDashSpaceAndParentheses) {
    EXPECT_TRUE(ValidateAccountFields("Ada", "", "+1 (555) 010-9999").ok());
    for (const char* phone : {"555x1234", "555.1234", "+49/30", "phone", "+-() "}) {
        ExpectInvalid(ValidateAccountFields("Ada", "", phone), "Invalid phone number.");
    }
}

TEST(ValidateAccountFieldsTest, PhoneLengthLimit) {
    EXPECT_TRUE(ValidateAccountFields("Ada", "", std::string(32, '1')).ok());
    ExpectInvalid(ValidateAccountFields("Ada", "", std::string(33, '1')),
                  "Phone number is too long (at most 32 characters).");
}

TEST(ValidateAccountFieldsTest, BadPhoneIsRefusedEvenWithAGoodEmail) {
    ExpectInvalid(ValidateAccountFields("Ada", "a@b.c", "call me"), "Invalid phone number.");
}

// --- ValidateNewPassword ---------------------------------------------------------

TEST(ValidateNewPasswordTest, FiveCharactersAreTooShort) {
    ExpectInvalid(ValidateNewPassword("12345"), "Password must be at least 6 characters.");
    ExpectInvalid(ValidateNewPassword(""), "Password must be at least 6 characters.");
}

TEST(ValidateNewPasswordTest, SixCharactersAreEnough) {
    EXPECT_TRUE(ValidateNewPassword("123456").ok());
}

TEST(ValidateNewPasswordTest, MultibyteCharactersCountAsCharacters) {
    EXPECT_TRUE(ValidateNewPassword(Repeat(kEAcute, 6)).ok());
    // Ten bytes, but only five characters.
    ExpectInvalid(ValidateNewPassword(Repeat(kEAcute, 5)),
                  "Password must be at least 6 characters.");
}

TEST(ValidateNewPasswordTest, MoreThan1024BytesIsRefused) {
    EXPECT_TRUE(ValidateNewPassword(std::string(1024, 'p')).ok());
    ExpectInvalid(ValidateNewPassword(std::string(1025, 'p')),
                  "Password is too long (at most 1024 bytes).");
    // The limit is in bytes: 513 two-byte characters are 1026 bytes.
    EXPECT_FALSE(ValidateNewPassword(Repeat(kEAcute, 513)).ok());
}

// --- NormalizeIdentifier ---------------------------------------------------------

TEST(NormalizeIdentifierTest, TrimsAndLowerCases) {
    EXPECT_EQ(NormalizeIdentifier("  Ada@Example.COM "), "ada@example.com");
    EXPECT_EQ(NormalizeIdentifier(" +1 555 "), "+1 555");
    EXPECT_EQ(NormalizeIdentifier(""), "");
}

}  // namespace
}  // namespace dockpoint::domain

namespace dockpoint::domain {
namespace {

TEST(IsValidUtf8Test, AcceptsWellFormedAndRefusesBrokenSequences) {
    EXPECT_TRUE(IsValidUtf8("AB 12"));
    EXPECT_TRUE(IsValidUtf8("\xC3\xA9"));          // é
    EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x9A\x97"));  // 🚗
    EXPECT_FALSE(IsValidUtf8("\xC3\x28"));         // bad continuation
    EXPECT_FALSE(IsValidUtf8("\xC3"));             // truncated
    EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));         // overlong '/'
    EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));     // surrogate
    EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(NormalizeVehicleNumberTest, RefusesMalformedUtf8) {
    const auto result = NormalizeVehicleNumber("AB\xC3\x28");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message, "Vehicle number contains invalid characters.");
}

}  // namespace
}  // namespace dockpoint::domain
