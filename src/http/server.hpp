#pragma once
// The HTTP/1.1 server: Boost.Beast over Asio coroutines on one I/O thread.
// Each request is prepared on the I/O thread (answered there when the answer
// is in memory) and otherwise run where its route's placement says: the
// reader pool, the blocking pool, or the store's writer thread. Keep-alive is
// honoured, bodies are capped, and Shutdown() lets requests in flight finish
// while idle connections close.
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
    // Open connections at most (fewer if the open-file limit is lower). At the
    // cap a new connection replaces the one idle the longest; with none idle it
    // is closed at once.
    std::size_t max_connections = 10'000;
    std::chrono::seconds idle_timeout{60};     // between requests on a keep-alive connection
    std::chrono::seconds header_timeout{10};   // from a request's first byte to its last header
    std::chrono::seconds request_timeout{30};  // from a request's first byte to its last
    std::chrono::seconds event_heartbeat{15};  // comment lines that keep quiet streams open
    // Behind a reverse proxy: the client address is the first of
    // X-Forwarded-For and X-Forwarded-Proto: https marks a request secure.
    bool trust_proxy = false;
};

class Api;
class EventHub;

// The threads a request may run on besides the I/O thread.
struct Workers {
    boost::asio::thread_pool& readers;   // Placement::kReader
    boost::asio::thread_pool& blocking;  // Placement::kBlocking, and kWriter without a writer
};

class Server {
public:
    // A response with Content-Type text/event-stream turns its connection into
    // a Server-Sent Events stream fed by events (when given).
    Server(boost::asio::io_context& io, Workers workers, const Api& api, ServerOptions options,
           EventHub* events);
    ~Server();

    // Raises the open-file limit as far as allowed, binds and listens; returns
    // the bound port (useful with port 0). Throws std::runtime_error with the
    // reason when the address cannot be bound.
    std::uint16_t Listen(const std::string& host, std::uint16_t port);
    void Start();
    // Stops accepting, closes idle connections, lets in-flight requests finish.
    void Shutdown();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace dockpoint::http
