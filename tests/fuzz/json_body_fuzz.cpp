// JSON request bodies through the same steps as the handlers: parse the body,
// read its fields, normalise and validate them, render a JSON answer.
#include <cstddef>
#include <cstdint>
#include <string>

#include "domain/validation.hpp"
#include "fuzz_input.hpp"
#include "http/json_io.hpp"

using namespace dockpoint;

namespace {

void CheckNormalized(const domain::Result<std::string>& number, std::size_t max_length) {
    if (!number) {
        FUZZ_CHECK(!number.error().message.empty());
        return;
    }
    FUZZ_CHECK(domain::Utf8Length(*number) <= max_length);
    FUZZ_CHECK(domain::AsciiUpper(*number) == *number);
    FUZZ_CHECK(domain::Trim(*number) == *number);
    for (const char c : *number) {
        const auto u = static_cast<unsigned char>(c);
        FUZZ_CHECK(u >= 0x20 && u != 0x7f);
    }
}

std::string Text(const domain::Result<std::string>& field) {
    return field ? *field : std::string();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    http::Request request;
    request.method = "POST";
    request.body = std::string(fuzz::AsText(data, size));
    const auto body = http::ParseObjectBody(request);
    if (!body) {
        FUZZ_CHECK(body.error().message == "Request body must be a JSON object.");
        return 0;
    }
    FUZZ_CHECK(body->is_object());

    const auto number = http::StringField(*body, "vehicle_number");
    const auto slot = http::StringField(*body, "slot_number");
    const auto name = http::StringField(*body, "owner_name");
    const auto email = http::StringField(*body, "email");
    const auto phone = http::StringField(*body, "phone_number");
    const auto password = http::StringField(*body, "password");
    const auto identifier = http::StringField(*body, "identifier");
    const auto type = http::IdField(*body, "vehicle_type_id");
    const auto id = http::IdField(*body, "id");
    if (type && type->has_value()) FUZZ_CHECK(**type <= 9'000'000'000'000'000'000LL);
    (void)id;

    if (number) {
        const auto normalized = domain::NormalizeVehicleNumber(*number);
        CheckNormalized(normalized, domain::kMaxVehicleNumber);
        if (normalized) FUZZ_CHECK(!normalized->empty());
    }
    if (slot) CheckNormalized(domain::NormalizeSlotNumber(*slot), domain::kMaxSlotNumber);
    if (const auto fields = domain::ValidateAccountFields(Text(name), Text(email), Text(phone))) {
        FUZZ_CHECK(!fields->owner_name.empty());
        FUZZ_CHECK(fields->email || fields->phone_number);
        if (fields->email) FUZZ_CHECK(domain::AsciiLower(*fields->email) == *fields->email);
    }
    (void)domain::ValidateNewPassword(Text(password));
    (void)domain::NormalizeIdentifier(Text(identifier));

    // Whatever came in can be echoed back: rendering never throws, even on
    // invalid UTF-8, and the result parses again.
    const http::Response echo = http::JsonResponse(200, *body);
    FUZZ_CHECK(!http::Json::parse(echo.body, nullptr, false).is_discarded());
    return 0;
}
