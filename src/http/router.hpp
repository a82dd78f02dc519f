#pragma once
// Maps method + path to a handler. Exact paths, and prefixes whose remainder
// becomes the handler's parameter ("/owner/vehicles/" + NUM). A handler is a
// plain blocking function of the request: the server runs it on a worker.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace dockpoint::http {

using Handler = std::function<Response(const Request&, const std::string& param)>;

class Router {
public:
    void Add(const std::string& method, const std::string& path, Handler handler);
    void AddPrefix(const std::string& method, const std::string& prefix, Handler handler);
    // For paths no route knows (pages and static files).
    void SetFallback(Handler handler) { fallback_ = std::move(handler); }

    // Never throws: unknown paths are 404, wrong methods 405, and anything a
    // handler throws becomes a logged, generic 500.
    Response Handle(const Request& request) const;

private:
    struct Prefix {
        std::string prefix;
        std::map<std::string, Handler> by_method;
    };
    std::map<std::string, std::map<std::string, Handler>> exact_;
    std::vector<Prefix> prefixes_;
    Handler fallback_;
};

}  // namespace dockpoint::http
