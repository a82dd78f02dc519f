#pragma once
// Normalisation and validation of what people type: vehicle and slot numbers,
// names, emails, phone numbers, passwords. Each function returns the cleaned
// value or an Error whose message is shown to the user.
#include <optional>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace dockpoint::domain {

inline constexpr std::size_t kMaxVehicleNumber = 32;
inline constexpr std::size_t kMaxSlotNumber = 10;
inline constexpr std::size_t kMaxOwnerName = 100;
inline constexpr std::size_t kMaxEmail = 254;
inline constexpr std::size_t kMaxPhone = 32;
inline constexpr std::size_t kMinPassword = 6;  // characters
inline constexpr std::size_t kMaxPasswordBytes = 1024;

std::string Trim(std::string_view s);
std::string AsciiUpper(std::string_view s);
std::string AsciiLower(std::string_view s);
std::size_t Utf8Length(std::string_view s);
// Well-formed UTF-8 (no overlongs, surrogates or truncated sequences)?
bool IsValidUtf8(std::string_view s);

// Trimmed and upper-cased; "Vehicle number required." when empty.
Result<std::string> NormalizeVehicleNumber(std::string_view raw);
// Trimmed and upper-cased; empty stays empty (assign then picks a slot).
Result<std::string> NormalizeSlotNumber(std::string_view raw);

struct AccountFields {
    std::string owner_name;
    std::optional<std::string> email;         // trimmed, lower-cased
    std::optional<std::string> phone_number;  // trimmed
};
// The rules shared by registration and profile edits.
Result<AccountFields> ValidateAccountFields(std::string_view owner_name, std::string_view email,
                                            std::string_view phone_number);
Status ValidateNewPassword(std::string_view password);

// A login identifier is an email or a phone number: trimmed and lower-cased.
std::string NormalizeIdentifier(std::string_view raw);

}  // namespace dockpoint::domain
