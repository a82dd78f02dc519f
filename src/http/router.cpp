#include "http/router.hpp"

#include <spdlog/spdlog.h>

#include "http/json_io.hpp"

namespace dockpoint::http {

namespace {

Response MethodNotAllowed(const std::map<std::string, Route>& by_method) {
    Response response = JsonResponse(405, Json{{"error", "Method not allowed."}});
    std::string allow;
    for (const auto& [method, _] : by_method) {
        if (!allow.empty()) allow.append(", ");
        allow.append(method);
        if (method == "GET" && !by_method.contains("HEAD")) allow.append(", HEAD");
    }
    response.AddHeader("Allow", allow);
    return response;
}

Router::Match Dispatch(const std::map<std::string, Route>& by_method, const Request& request,
                       std::string param) {
    auto it = by_method.find(request.method);
    // HEAD is GET without the body (RFC 9110 9.3.2); the server drops the body.
    if (it == by_method.end() && request.method == "HEAD") it = by_method.find("GET");
    if (it == by_method.end()) return {nullptr, {}, MethodNotAllowed(by_method)};
    return {&it->second, std::move(param), std::nullopt};
}

Response InternalError(const Request& request, const char* what) {
    spdlog::error("{} {} failed: {}", request.method, request.path, what);
    return JsonResponse(500, Json{{"error", "Internal server error."}});
}

}  // namespace

Route& Router::Add(const std::string& method, const std::string& path, Placement placement,
                   Handler handler) {
    return exact_[path][method] = Route{placement, std::move(handler), {}};
}

Route& Router::AddPrefix(const std::string& method, const std::string& prefix, Placement placement,
                         Handler handler) {
    for (auto& p : prefixes_) {
        if (p.prefix == prefix)
            return p.by_method[method] = Route{placement, std::move(handler), {}};
    }
    prefixes_.push_back({prefix, {}});
    return prefixes_.back().by_method[method] = Route{placement, std::move(handler), {}};
}

Route& Router::SetFallback(Placement placement, Handler handler) {
    fallback_ = Route{placement, std::move(handler), {}};
    return *fallback_;
}

Router::Match Router::Find(const Request& request) const {
    if (const auto it = exact_.find(request.path); it != exact_.end()) {
        return Dispatch(it->second, request, {});
    }
    for (const auto& p : prefixes_) {
        if (request.path.size() > p.prefix.size() && request.path.rfind(p.prefix, 0) == 0) {
            return Dispatch(p.by_method, request, request.path.substr(p.prefix.size()));
        }
    }
    if (fallback_) return {&*fallback_, {}, std::nullopt};
    return {nullptr, {}, JsonResponse(404, Json{{"error", "Not found."}})};
}

Response Router::Run(const Route& route, const Request& request, const std::string& param) {
    try {
        return route.handler(request, param);
    } catch (const std::exception& e) {
        return InternalError(request, e.what());
    } catch (...) {
        return InternalError(request, "an unknown exception");
    }
}

std::optional<Response> Router::RunFast(const Route& route, const Request& request,
                                        const std::string& param) {
    if (!route.fast) return std::nullopt;
    try {
        return route.fast(request, param);
    } catch (const std::exception& e) {
        return InternalError(request, e.what());
    } catch (...) {
        return InternalError(request, "an unknown exception");
    }
}

}  // namespace dockpoint::http
