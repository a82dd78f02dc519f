#include "http/json_io.hpp"

#include <charconv>

namespace dockpoint::http {

namespace {

constexpr int kMaxNesting = 32;

// nlohmann's parser recurses per nesting level; refuse deep documents first.
bool NestingWithinLimit(std::string_view text) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxNesting) return false;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return true;
}

domain::Error BadField(const char* name, const char* expected) {
    return domain::MakeError(domain::ErrorCode::kInvalidInput,
                             std::string(name) + " must be " + expected + ".");
}

}  // namespace

domain::Result<Json> ParseObjectBody(const Request& request) {
    const domain::Error not_object =
        domain::MakeError(domain::ErrorCode::kInvalidInput, "Request body must be a JSON object.");
    if (!NestingWithinLimit(request.body)) return not_object;
    Json body = Json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded() || !body.is_object()) return not_object;
    return body;
}

domain::Result<std::string> StringField(const Json& body, const char* name) {
    const auto it = body.find(name);
    if (it == body.end() || it->is_null()) return std::string();
    if (!it->is_string()) return BadField(name, "a string");
    return it->get<std::string>();
}

domain::Result<std::optional<long long>> IdField(const Json& body, const char* name) {
    const auto it = body.find(name);
    if (it == body.end() || it->is_null()) return std::optional<long long>();
    if (it->is_number_integer()) {
        if (it->is_number_unsigned() &&
            it->get<unsigned long long>() > 9'000'000'000'000'000'000ULL) {
            return BadField(name, "an integer");
        }
        return std::optional<long long>(it->get<long long>());
    }
    if (it->is_string()) {
        const std::string& text = it->get_ref<const std::string&>();
        if (text.empty()) return std::optional<long long>();
        long long value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc{} || end != text.data() + text.size())
            return BadField(name, "an integer");
        return std::optional<long long>(value);
    }
    return BadField(name, "an integer");
}

Json Money(domain::Cents cents) { return static_cast<double>(cents) / 100.0; }

Response JsonResponse(int status, const Json& body) {
    Response response;
    response.status = status;
    response.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
    return response;
}

int StatusFor(domain::ErrorCode code) {
    using domain::ErrorCode;
    switch (code) {
        case ErrorCode::kInvalidInput:
        case ErrorCode::kRejected:
            return 400;
        case ErrorCode::kUnauthenticated:
        case ErrorCode::kBadCredentials:
            return 401;
        case ErrorCode::kForbidden:
            return 403;
        case ErrorCode::kNotFound:
            return 404;
        case ErrorCode::kConflict:
            return 409;
        case ErrorCode::kTooLarge:
            return 413;
        case ErrorCode::kRateLimited:
            return 429;
        case ErrorCode::kUnavailable:
            return 503;
        case ErrorCode::kInternal:
            break;
    }
    return 500;
}

Response ErrorResponse(const domain::Error& error) {
    const int status = StatusFor(error.code);
    // Internal details go to the log, never to the client.
    const std::string message = status == 500 ? "Internal server error." : error.message;
    Response response = JsonResponse(status, Json{{"error", message}});
    if (error.retry_after.count() > 0) {
        response.AddHeader("Retry-After", std::to_string(error.retry_after.count()));
    }
    return response;
}

}  // namespace dockpoint::http
