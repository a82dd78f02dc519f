#pragma once
// The whole HTTP application: use cases, routes, pages. The server
// (server.cpp) asks it to Prepare each request on the I/O thread - which
// answers from memory when it can - and then runs the rest where the route's
// placement says: a reader thread, the blocking pool, or the store's writer.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "app/context.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
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

    // A request as the server is to treat it.
    struct Plan {
        std::optional<Response> answer;  // ready now: from memory, or a refusal
        Placement placement = Placement::kReader;
        const Route* route = nullptr;
        std::string param;
    };
    // Never blocks: refuses cross-site writes, finds the route, tries its fast path.
    Plan Prepare(const Request& request) const;
    // Runs the planned handler (on a thread of the plan's placement).
    Response Execute(const Plan& plan, const Request& request) const;

    // Whether kWriter plans go to the store's writer thread (SQLite).
    bool TakesCommands() const;
    // Queues a kWriter plan as a write command; `reply` gets the answer, on
    // the writer thread, once what it wrote is durable (or an error if that
    // failed). The plan and request must live until then.
    void Submit(const Plan& plan, const Request& request,
                std::function<void(Response)> reply) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace dockpoint::http
