#pragma once
// Maps method + path to a route. Exact paths, and prefixes whose remainder
// becomes the handler's parameter ("/owner/vehicles/" + NUM).
//
// A route says where its handler may run (Placement): the server never runs a
// handler that may block on its I/O thread. A route may also have a fast path
// that answers from memory alone, which the server tries first on the I/O
// thread, sparing the request a trip to another thread.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace dockpoint::http {

using Handler = std::function<Response(const Request&, const std::string& param)>;
// Never blocks: an answer from memory, or nullopt to run the route's handler.
using FastHandler =
    std::function<std::optional<Response>(const Request&, const std::string& param)>;

enum class Placement {
    kReader,    // short database reads: the reader pool, one thread per core
    kWriter,    // writes: the store's writer thread (SQLite), else the blocking pool
    kBlocking,  // password hashing, waiting for commits: the blocking pool
};

struct Route {
    Placement placement = Placement::kReader;
    Handler handler;
    FastHandler fast;
};

class Router {
public:
    Route& Add(const std::string& method, const std::string& path, Placement placement,
               Handler handler);
    Route& AddPrefix(const std::string& method, const std::string& prefix, Placement placement,
                     Handler handler);
    // For paths no route knows (pages and static files).
    Route& SetFallback(Placement placement, Handler handler);

    // The route for a request and its parameter, or the answer when there is
    // none: 404 for unknown paths, 405 (with Allow) for a wrong method.
    struct Match {
        const Route* route = nullptr;
        std::string param;
        std::optional<Response> answer;
    };
    Match Find(const Request& request) const;

    // Never throw: anything a handler throws becomes a logged, generic 500
    // (from a fast path too, which the caller then sends).
    static Response Run(const Route& route, const Request& request, const std::string& param);
    static std::optional<Response> RunFast(const Route& route, const Request& request,
                                           const std::string& param);

private:
    struct Prefix {
        std::string prefix;
        std::map<std::string, Route> by_method;
    };
    std::map<std::string, std::map<std::string, Route>> exact_;
    std::vector<Prefix> prefixes_;
    std::optional<Route> fallback_;
};

}  // namespace dockpoint::http
