#include "domain/validation.hpp"

#include <algorithm>

namespace dockpoint::domain {

namespace {

bool IsSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool HasControlCharacter(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

Error Invalid(std::string message) {
    return MakeError(ErrorCode::kInvalidInput, std::move(message));
}

Error TooLong(std::string_view what, std::size_t max) {
    return Invalid(std::string(what) + " is too long (at most " + std::to_string(max) +
                   " characters).");
}

bool IsValidEmail(std::string_view email) {
    // The original's rule, ^[^@]+@[^@]+\.[^@]+$, minus whitespace.
    if (std::any_of(email.begin(), email.end(), IsSpace)) return false;
    const auto at = email.find('@');
    if (at == std::string_view::npos || at == 0 ||
        email.find('@', at + 1) != std::string_view::npos) {
        return false;
    }
    const std::string_view domain = email.substr(at + 1);
    const auto dot = domain.rfind('.');
    return dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size();
}

bool IsValidPhone(std::string_view phone) {
    const bool allowed = std::all_of(phone.begin(), phone.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == ' ' || c == '(' || c == ')';
    });
    return allowed &&
           std::any_of(phone.begin(), phone.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string Trim(std::string_view s) {
    auto begin = std::find_if_not(s.begin(), s.end(), IsSpace);
    auto end = std::find_if_not(s.rbegin(), std::make_reverse_iterator(begin), IsSpace).base();
    return std::string(begin, end);
}

std::string AsciiUpper(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

std::string AsciiLower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::size_t Utf8Length(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool IsValidUtf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t length = 0;
        char32_t code = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            length = 2;
            code = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            length = 3;
            code = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            length = 4;
            code = c & 0x07;
        } else {
            return false;
        }
        if (i + length > s.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(s[i + k]);
            if ((next & 0xC0) != 0x80) return false;
            code = (code << 6) | (next & 0x3F);
        }
        constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
        if (code < kMinimum[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            return false;
        }
        i += length;
    }
    return true;
}

Result<std::string> NormalizeVehicleNumber(std::string_view raw) {
    std::string number = AsciiUpper(Trim(raw));
    if (number.empty()) return Invalid("Vehicle number required.");
    if (Utf8Length(number) > kMaxVehicleNumber) return TooLong("Vehicle number", kMaxVehicleNumber);
    if (HasControlCharacter(number) || !IsValidUtf8(number)) {
        return Invalid("Vehicle number contains invalid characters.");
    }
    return number;
}

Result<std::string> NormalizeSlotNumber(std::string_view raw) {
    std::string number = AsciiUpper(Trim(raw));
    if (Utf8Length(number) > kMaxSlotNumber) return TooLong("Slot number", kMaxSlotNumber);
    if (HasControlCharacter(number) || !IsValidUtf8(number)) {
        return Invalid("Slot number contains invalid characters.");
    }
    return number;
}

Result<AccountFields> ValidateAccountFields(std::string_view owner_name, std::string_view email,
                                            std::string_view phone_number) {
    AccountFields fields;
    fields.owner_name = Trim(owner_name);
    const std::string clean_email = AsciiLower(Trim(email));
    const std::string clean_phone = Trim(phone_number);

    if (fields.owner_name.empty()) return Invalid("Name is required.");
    if (Utf8Length(fields.owner_name) > kMaxOwnerName) return TooLong("Name", kMaxOwnerName);
    if (HasControlCharacter(fields.owner_name)) return Invalid("Name contains invalid characters.");
    if (clean_email.empty() && clean_phone.empty()) {
        return Invalid("Provide at least an email or phone number.");
    }
    if (!clean_email.empty()) {
        if (clean_email.size() > kMaxEmail) return TooLong("Email", kMaxEmail);
        if (HasControlCharacter(clean_email) || !IsValidEmail(clean_email)) {
            return Invalid("Invalid email address.");
        }
        fields.email = clean_email;
    }
    if (!clean_phone.empty()) {
        if (clean_phone.size() > kMaxPhone) return TooLong("Phone number", kMaxPhone);
        if (!IsValidPhone(clean_phone)) return Invalid("Invalid phone number.");
        fields.phone_number = clean_phone;
    }
    return fields;
}

Status ValidateNewPassword(std::string_view password) {
    if (Utf8Length(password) < kMinPassword) {
        return Invalid("Password must be at least 6 characters.");
    }
    if (password.size() > kMaxPasswordBytes) {
        return Invalid("Password is too long (at most " + std::to_string(kMaxPasswordBytes) +
                       " bytes).");
    }
    return Ok();
}

std::string NormalizeIdentifier(std::string_view raw) { return AsciiLower(Trim(raw)); }

}  // namespace dockpoint::domain
