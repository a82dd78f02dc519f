#pragma once
// The HTTP layer's own request/response shapes, so routing and handlers stay
// free of Beast (and quick to compile and test).
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dockpoint::http {

struct Request {
    std::string method;  // "GET", "POST", …
    std::string path;    // raw (still percent-encoded), without the query
    std::string query;   // after '?', raw
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
    // Who sent it: the TCP peer's address, or with --trust-proxy the first
    // address of X-Forwarded-For. Empty when unknown.
    std::string client_address;
    // Reached the client over HTTPS: only a trusted proxy can say so
    // (X-Forwarded-Proto: https with --trust-proxy); the server itself speaks HTTP.
    bool secure = false;

    std::string_view Header(std::string_view lower_name) const {
        for (const auto& [name, value] : headers) {
            if (name == lower_name) return value;
        }
        return {};
    }
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    // Instead of body: a body shared with other responses and kept by its
    // producer (the slot map's JSON), sent without a copy per response.
    std::shared_ptr<const std::string> shared_body;
    std::vector<std::pair<std::string, std::string>> headers;

    void AddHeader(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
    }
};

}  // namespace dockpoint::http
