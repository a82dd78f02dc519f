#pragma once
// JSON at the HTTP boundary: reading request bodies field by field with clear
// errors, rendering money and errors.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "domain/billing.hpp"
#include "domain/result.hpp"
#include "http/message.hpp"

namespace dockpoint::http {

using Json = nlohmann::ordered_json;

// The body as a JSON object; "Request body must be a JSON object." otherwise.
domain::Result<Json> ParseObjectBody(const Request& request);

// A string field: missing or null reads as "", anything but a string is an error.
domain::Result<std::string> StringField(const Json& body, const char* name);
// An id field: an integer or a string of digits; missing, null or "" reads as empty.
domain::Result<std::optional<long long>> IdField(const Json& body, const char* name);

Json Money(domain::Cents cents);  // 750 → 7.5, 600 → 6.0

Response JsonResponse(int status, const Json& body);
Response ErrorResponse(const domain::Error& error);
int StatusFor(domain::ErrorCode code);

}  // namespace dockpoint::http
