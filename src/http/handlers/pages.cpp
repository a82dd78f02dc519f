// The console's pages and static assets, with the original's redirects.
#include "http/handlers/handlers.hpp"
#include "http/url.hpp"

namespace dockpoint::http {

namespace {

enum class Access { kAnyone, kAnySession, kOwner };

struct Page {
    std::string_view path;
    std::string_view file;
    Access access;
};

constexpr Page kPages[] = {
    {"/", "index.html", Access::kAnySession},
    {"/index.html", "index.html", Access::kAnySession},
    {"/login.html", "login.html", Access::kAnyone},
    {"/profile.html", "profile.html", Access::kOwner},
    {"/vehicles.html", "vehicles.html", Access::kOwner},
};

Response RedirectToLogin() {
    Response response;
    response.status = 302;
    response.content_type = "text/plain; charset=utf-8";
    response.AddHeader("Location", "/login.html");
    response.AddHeader("Cache-Control", "no-store");
    return response;
}

Response NotFound() { return JsonResponse(404, Json{{"error", "Not found."}}); }

// X-Frame-Options keeps every console out of frames, whatever its policy; a
// --web-root console without --content-security-policy gets no policy at all
// (its pages may need inline script we know nothing of).
void AddPageHeaders(Response& response, const std::string& content_security_policy) {
    response.AddHeader("Referrer-Policy", "same-origin");
    response.AddHeader("X-Frame-Options", "DENY");
    if (!content_security_policy.empty()) {
        response.AddHeader("Content-Security-Policy", content_security_policy);
    }
}

}  // namespace

void AddPageRoutes(Router& router, Services& s) {
    router.SetFallback(
        Placement::kReader, [&s](const Request& req, const std::string&) -> Response {
            if (req.method != "GET" && req.method != "HEAD") return NotFound();
            for (const Page& page : kPages) {
                if (req.path != page.path) continue;
                if (page.access != Access::kAnyone) {
                    auto caller = CallerOf(s, req);
                    if (!caller) return ErrorResponse(caller.error());
                    const bool allowed =
                        page.access == Access::kOwner ? caller->IsOwner() : caller->HasSession();
                    if (!allowed) return RedirectToLogin();
                }
                auto response = s.files.Serve(std::string(page.file), req.Header("if-none-match"));
                if (!response) return NotFound();
                AddPageHeaders(*response, s.content_security_policy);
                return *response;
            }
            if (req.path.rfind("/static/", 0) != 0) return NotFound();
            const auto decoded = PercentDecode(req.path);
            if (!decoded) return NotFound();
            const auto relative = SafeRelativePath(*decoded);
            if (!relative) return NotFound();
            auto response = s.files.Serve(*relative, req.Header("if-none-match"));
            return response ? *response : NotFound();
        });
}

}  // namespace dockpoint::http
