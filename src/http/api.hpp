#pragma once
// The whole HTTP application as one blocking function of a request: use cases,
// routes, pages. The server (server.cpp) runs it on worker threads.
#include <memory>
#include <string>

#include "app/context.hpp"
#include "http/message.hpp"
#include "http/static_files.hpp"

namespace dockpoint::http {

struct ApiOptions {
    StaticFiles files;
    std::string content_security_policy;
    bool secure_cookies = false;
};

class Api {
public:
    Api(const app::Context& ctx, ApiOptions options);
    ~Api();

    Response Handle(const Request& request) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace dockpoint::http
