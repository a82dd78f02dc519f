#include "http/router.hpp"

#include <spdlog/spdlog.h>

#include "http/json_io.hpp"

namespace dockpoint::http {

namespace {

Response MethodNotAllowed(const std::map<std::string, Handler>& by_method) {
    Response response = JsonResponse(405, Json{{"error", "Method not allowed."}});
    std::string allow;
    for (const auto& [method, _] : by_method) allow += (allow.empty() ? "" : ", ") + method;
    response.AddHeader("Allow", allow);
    return response;
}

Response Dispatch(const std::map<std::string, Handler>& by_method, const Request& request,
                  const std::string& param) {
    const auto it = by_method.find(request.method);
    if (it == by_method.end()) return MethodNotAllowed(by_method);
    return it->second(request, param);
}

}  // namespace

void Router::Add(const std::string& method, const std::string& path, Handler handler) {
    exact_[path][method] = std::move(handler);
}

void Router::AddPrefix(const std::string& method, const std::string& prefix, Handler handler) {
    for (auto& p : prefixes_) {
        if (p.prefix == prefix) {
            p.by_method[method] = std::move(handler);
            return;
        }
    }
    prefixes_.push_back({prefix, {{method, std::move(handler)}}});
}

Response Router::Handle(const Request& request) const {
    try {
        if (const auto it = exact_.find(request.path); it != exact_.end()) {
            return Dispatch(it->second, request, {});
        }
        for (const auto& p : prefixes_) {
            if (request.path.size() > p.prefix.size() && request.path.rfind(p.prefix, 0) == 0) {
                return Dispatch(p.by_method, request, request.path.substr(p.prefix.size()));
            }
        }
        if (fallback_) return fallback_(request, {});
        return JsonResponse(404, Json{{"error", "Not found."}});
    } catch (const std::exception& e) {
        spdlog::error("{} {} failed: {}", request.method, request.path, e.what());
    } catch (...) {
        spdlog::error("{} {} failed with an unknown exception", request.method, request.path);
    }
    return JsonResponse(500, Json{{"error", "Internal server error."}});
}

}  // namespace dockpoint::http
