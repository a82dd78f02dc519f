#pragma once
#include <chrono>
#include <string>
#include <utility>

namespace dockpoint::domain {

// What went wrong, in terms a caller can act on. The HTTP layer maps each code
// to one status (http/error_status.cpp); nothing below it knows about HTTP.
enum class ErrorCode {
    kInvalidInput,     // malformed or out-of-range input
    kUnauthenticated,  // no (suitable) session
    kBadCredentials,   // login failed
    kForbidden,        // authenticated but not allowed
    kNotFound,
    kConflict,  // clashes with the current state (overlap, duplicate)
    kRejected,  // refused by a business rule with the original's 400
    kTooLarge,
    kRateLimited,  // too many attempts; retry_after says when to try again
    kUnavailable,  // the database cannot be reached
    kInternal,
};

struct Error {
    ErrorCode code;
    std::string message;  // a sentence shown to users as-is
    // For kRateLimited: how long to wait (sent as Retry-After); zero otherwise.
    std::chrono::seconds retry_after{0};
};

inline Error MakeError(ErrorCode code, std::string message) {
    return Error{code, std::move(message)};
}

}  // namespace dockpoint::domain
