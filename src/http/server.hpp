#pragma once
// The HTTP/1.1 server: Boost.Beast over Asio coroutines on one I/O thread.
// Each request is handed to a worker pool (database calls and password hashing
// block), keep-alive is honoured, bodies are capped, and Shutdown() lets
// requests in flight finish while idle connections close.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/message.hpp"

namespace boost::asio {
class io_context;
class thread_pool;
}  // namespace boost::asio

namespace dockpoint::http {

struct ServerOptions {
    std::size_t max_body_bytes = 64 * 1024;
    std::size_t max_header_bytes = 16 * 1024;
    std::chrono::seconds idle_timeout{60};     // between requests on a keep-alive connection
    std::chrono::seconds request_timeout{30};  // to receive one whole request
    std::chrono::seconds event_heartbeat{15};  // comment lines that keep quiet streams open
};

class EventHub;

class Server {
public:
    using Handler = std::function<Response(const Request&)>;

    // A response with Content-Type text/event-stream turns its connection into
    // a Server-Sent Events stream fed by events (when given).
    Server(boost::asio::io_context& io, boost::asio::thread_pool& workers, Handler handler,
           ServerOptions options, EventHub* events);
    ~Server();

    // Binds and listens; returns the bound port (useful with port 0). Throws
    // std::runtime_error with the reason when the address cannot be bound.
    std::uint16_t Listen(const std::string& host, std::uint16_t port);
    void Start();
    // Stops accepting, closes idle connections, lets in-flight requests finish.
    void Shutdown();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace dockpoint::http
