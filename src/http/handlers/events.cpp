// GET /events: the live event stream. This handler only checks the session;
// the server (server.cpp) streams once it sees the text/event-stream type.
#include "http/handlers/handlers.hpp"

namespace dockpoint::http {

void AddEventRoutes(Router& router, Services& s) {
    router.Add("GET", "/events", Placement::kReader, [&s](const Request& req, const std::string&) {
        if (auto caller = SessionCaller(s, req); !caller) return ErrorResponse(caller.error());
        Response response;
        response.content_type = "text/event-stream";
        return response;
    });
}

}  // namespace dockpoint::http
