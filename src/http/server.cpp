#include "http/server.hpp"

// Boost 1.74 with g++ 12 needs <utility> before asio's awaitable.
#include <utility>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <list>

#include "http/event_hub.hpp"
#include "http/on_pool.hpp"

namespace dockpoint::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

using BeastRequest = bhttp::request<bhttp::string_body>;
using BeastResponse = bhttp::response<bhttp::string_body>;

Request FromBeast(const BeastRequest& in) {
    Request out;
    out.method = std::string(in.method_string());
    const auto beast_target = in.target();
    const std::string_view target(beast_target.data(), beast_target.size());
    const auto question = target.find('?');
    out.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) out.query = std::string(target.substr(question + 1));
    out.body = in.body();
    for (const auto& field : in) {
        std::string name(field.name_string());
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    return out;
}

BeastResponse ToBeast(Response in, unsigned version, bool keep_alive, bool head) {
    BeastResponse out{static_cast<bhttp::status>(in.status), version};
    out.set(bhttp::field::server, "dockpoint");
    if (in.status != 304) out.set(bhttp::field::content_type, in.content_type);
    for (auto& [name, value] : in.headers) out.insert(name, value);
    out.body() = std::move(in.body);
    out.keep_alive(keep_alive);
    out.prepare_payload();
    if (head) out.body().clear();
    return out;
}

Response PlainError(int status, const char* message) {
    Response r;
    r.status = status;
    r.body = std::string("{\"error\":\"") + message + "\"}";
    return r;
}

}  // namespace

struct Server::Impl {
    Impl(asio::io_context& io_context, asio::thread_pool& pool, Handler h, ServerOptions o,
         EventHub* hub)
        : io(io_context),
          workers(pool),
          handler(std::move(h)),
          options(o),
          events(hub),
          acceptor(io_context) {}

    // A connection, as the shutdown sees it.
    struct Connection {
        beast::tcp_stream* stream = nullptr;
        bool idle = true;
    };

    asio::awaitable<void> Accept() {
        while (!stopping) {
            boost::system::error_code ec;
            tcp::socket socket =
                co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                if (stopping) break;
                spdlog::warn("accept failed: {}", ec.message());
                continue;
            }
            asio::co_spawn(io, Serve(std::move(socket)), asio::detached);
        }
    }

    asio::awaitable<void> Serve(tcp::socket socket) {
        beast::tcp_stream stream(std::move(socket));
        connections.push_front(Connection{&stream, true});
        const auto self = connections.begin();
        beast::flat_buffer buffer;
        try {
            co_await ServeRequests(stream, buffer, *self);
        } catch (const std::exception& e) {
            spdlog::debug("connection ended: {}", e.what());
        }
        connections.erase(self);
        boost::system::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream.socket().close(ignored);
    }

    asio::awaitable<void> ServeRequests(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                        Connection& connection) {
        while (!stopping) {
            bhttp::request_parser<bhttp::string_body> parser;
            parser.body_limit(options.max_body_bytes);
            parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
            connection.idle = true;
            // The idle timeout also bounds slow senders (slowloris).
            stream.expires_after(buffer.size() > 0 ? options.request_timeout
                                                   : options.idle_timeout);
            boost::system::error_code ec;
            co_await bhttp::async_read(stream, buffer, parser,
                                       asio::redirect_error(asio::use_awaitable, ec));
            connection.idle = false;
            if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
                ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
                ec == asio::error::eof) {
                co_return;
            }
            if (ec) {
                Response error = ec == bhttp::error::body_limit
                                     ? PlainError(413, "Request body too large.")
                                 : ec == bhttp::error::header_limit
                                     ? PlainError(431, "Request headers too large.")
                                     : PlainError(400, "Malformed HTTP request.");
                stream.expires_after(options.request_timeout);
                BeastResponse reply = ToBeast(std::move(error), 11, false, false);
                co_await bhttp::async_write(stream, reply,
                                            asio::redirect_error(asio::use_awaitable, ec));
                co_return;
            }

            BeastRequest& beast_request = parser.get();
            const unsigned version = beast_request.version();
            const bool head = beast_request.method() == bhttp::verb::head;
            bool keep_alive = beast_request.keep_alive();
            const Request request = FromBeast(beast_request);
            stream.expires_never();
            // No temporaries with destructors inside co_await expressions: g++ 12
            // destroys them twice. Hence the named job and reply.
            const auto job = [this, &request] { return handler(request); };
            Response response = co_await OnPool(workers, job);
            if (response.content_type == "text/event-stream" && events != nullptr) {
                co_await StreamEvents(stream, version, response);
                co_return;
            }
            keep_alive = keep_alive && !stopping;
            stream.expires_after(options.request_timeout);
            BeastResponse reply = ToBeast(std::move(response), version, keep_alive, head);
            co_await bhttp::async_write(stream, reply,
                                        asio::redirect_error(asio::use_awaitable, ec));
            if (ec || !keep_alive) co_return;
        }
    }

    // Writes the stream's header, then every published event until the client
    // leaves or the server stops; a comment line every heartbeat keeps proxies
    // from closing a quiet stream.
    asio::awaitable<void> StreamEvents(beast::tcp_stream& stream, unsigned version,
                                       const Response& response) {
        bhttp::response<bhttp::empty_body> header{bhttp::status::ok, version};
        header.set(bhttp::field::server, "dockpoint");
        header.set(bhttp::field::content_type, "text/event-stream");
        header.set(bhttp::field::cache_control, "no-store");
        for (const auto& [name, value] : response.headers) header.insert(name, value);
        header.keep_alive(false);  // the stream ends with the connection
        bhttp::response_serializer<bhttp::empty_body> serializer{header};
        boost::system::error_code ec;
        stream.expires_after(options.request_timeout);
        co_await bhttp::async_write_header(stream, serializer,
                                           asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return;

        const auto subscriber = events->Subscribe();
        asio::steady_timer wake_timer(io);
        subscriber->wake = [&wake_timer] { wake_timer.cancel(); };
        subscriber->pending.push_back("retry: 2000\n\n");
        while (!subscriber->closed || !subscriber->pending.empty()) {
            if (subscriber->pending.empty()) {
                wake_timer.expires_after(options.event_heartbeat);
                co_await wake_timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
                if (!ec && subscriber->pending.empty() && !subscriber->closed) {
                    subscriber->pending.push_back(": ping\n\n");
                }
                continue;
            }
            std::string chunk;
            while (!subscriber->pending.empty()) {
                chunk += subscriber->pending.front();
                subscriber->pending.pop_front();
            }
            stream.expires_after(options.request_timeout);
            co_await asio::async_write(stream, asio::buffer(chunk),
                                       asio::redirect_error(asio::use_awaitable, ec));
            if (ec) break;
        }
        subscriber->wake = nullptr;
        events->Unsubscribe(subscriber);
    }

    asio::io_context& io;
    asio::thread_pool& workers;
    Handler handler;
    ServerOptions options;
    EventHub* events;
    tcp::acceptor acceptor;
    std::list<Connection> connections;  // touched only on the I/O thread
    bool stopping = false;
};

Server::Server(asio::io_context& io, asio::thread_pool& workers, Handler handler,
               ServerOptions options, EventHub* events)
    : impl_(std::make_unique<Impl>(io, workers, std::move(handler), options, events)) {}

Server::~Server() = default;

std::uint16_t Server::Listen(const std::string& host, std::uint16_t port) {
    boost::system::error_code ec;
    tcp::endpoint endpoint;
    if (const auto address = asio::ip::make_address(host, ec); !ec) {
        endpoint = tcp::endpoint{address, port};
    } else {
        // A host name such as "localhost": listen on its first address.
        tcp::resolver resolver(impl_->io);
        const auto results = resolver.resolve(host, std::to_string(port), ec);
        if (ec || results.empty()) throw std::runtime_error("cannot resolve host '" + host + "'");
        endpoint = results.begin()->endpoint();
    }
    auto& acceptor = impl_->acceptor;
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " +
                                 ec.message());
    }
    return acceptor.local_endpoint().port();
}

void Server::Start() { asio::co_spawn(impl_->io, impl_->Accept(), asio::detached); }

void Server::Shutdown() {
    asio::post(impl_->io, [impl = impl_.get()] {
        impl->stopping = true;
        boost::system::error_code ignored;
        impl->acceptor.close(ignored);
        for (auto& connection : impl->connections) {
            if (connection.idle) connection.stream->socket().cancel(ignored);
        }
        if (impl->events != nullptr) impl->events->CloseAll();
    });
}

}  // namespace dockpoint::http
