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

#include <algorithm>
#include <list>

#include "http/api.hpp"
#include "http/event_hub.hpp"
#include "http/fd_limit.hpp"
#include "http/on_pool.hpp"
#include "http/on_reply.hpp"

namespace dockpoint::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

using BeastRequest = bhttp::request<bhttp::string_body>;
using BeastResponse = bhttp::response<bhttp::string_body>;
using SharedBodyResponse = bhttp::response<bhttp::span_body<const char>>;

// After an accept failure for lack of descriptors or memory, wait this long
// before the next try (the pending connection would fail again at once).
constexpr std::chrono::milliseconds kAcceptBackoff{100};
// Idle connections closed at each such failure, to free descriptors.
constexpr std::size_t kEvictWhenOutOfDescriptors = 16;
// A connection's first read, before anything of a request has arrived.
constexpr std::size_t kFirstReadBytes = 1024;
// After refusing a request, how long and how much we keep reading (and
// dropping) so that the client sees our answer rather than a reset.
constexpr std::chrono::seconds kLingerTime{2};
constexpr std::size_t kLingerBytes = 1024 * 1024;

std::string_view TrimSpaces(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// "a, b, c" -> "a".
std::string_view FirstListItem(std::string_view value) {
    return TrimSpaces(value.substr(0, value.find(',')));
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

// Says a recurring problem at once, then at most every ten seconds with a
// count, so that a persistent failure cannot flood the log.
class RateLimitedWarning {
public:
    void Say(std::string_view what) {
        ++count_;
        const auto now = std::chrono::steady_clock::now();
        if (now < next_) return;
        if (count_ > 1) {
            spdlog::warn("{} ({} times in the last {} s)", what, count_, kEvery.count());
        } else {
            spdlog::warn("{}", what);
        }
        count_ = 0;
        next_ = now + kEvery;
    }

private:
    static constexpr std::chrono::seconds kEvery{10};
    std::size_t count_ = 0;
    std::chrono::steady_clock::time_point next_{};
};

// Our reading of the proxy headers, used only with trust_proxy.
void ApplyProxyHeaders(Request& request) {
    const std::string forwarded_for(FirstListItem(request.Header("x-forwarded-for")));
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(forwarded_for, ec);
    if (!forwarded_for.empty() && !ec) request.client_address = address.to_string();
    request.secure =
        EqualsIgnoringCase(FirstListItem(request.Header("x-forwarded-proto")), "https");
}

Request FromBeast(const BeastRequest& in, const std::string& peer_address, bool trust_proxy) {
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
    out.client_address = peer_address;
    if (trust_proxy) ApplyProxyHeaders(out);
    return out;
}

// What the parser lets through but HTTP/1.1 forbids: a missing (1.1) or
// repeated Host, and a Transfer-Encoding other than chunked last, whose body
// length we could not know (RFC 9112 6.1, 6.3, 3.2).
bool WellFormed(const bhttp::request_parser<bhttp::string_body>& parser) {
    const BeastRequest& request = parser.get();
    const auto hosts = request.count(bhttp::field::host);
    if (hosts > 1 || (hosts == 0 && request.version() >= 11)) return false;
    if (request.count(bhttp::field::transfer_encoding) > 0 && !parser.chunked()) return false;
    return true;
}

template <class Body>
void SetHeader(bhttp::response<Body>& out, const Response& in, bool keep_alive) {
    out.set(bhttp::field::server, "dockpoint");
    if (in.status != 304) out.set(bhttp::field::content_type, in.content_type);
    for (const auto& [name, value] : in.headers) out.insert(name, value);
    out.keep_alive(keep_alive);
}

BeastResponse ToBeast(Response in, unsigned version, bool keep_alive, bool head) {
    BeastResponse out{static_cast<bhttp::status>(in.status), version};
    SetHeader(out, in, keep_alive);
    out.body() = std::move(in.body);
    out.prepare_payload();
    if (head) out.body().clear();
    return out;
}

// A response whose body is shared (Response::shared_body): Beast sends it from
// where it lies; the caller keeps the shared string alive until it is sent.
SharedBodyResponse ToBeastShared(const Response& in, unsigned version, bool keep_alive, bool head) {
    SharedBodyResponse out{static_cast<bhttp::status>(in.status), version};
    SetHeader(out, in, keep_alive);
    out.body() = {in.shared_body->data(), in.shared_body->size()};
    out.prepare_payload();
    if (head) out.body() = {};
    return out;
}

Response PlainError(int status, const char* message) {
    Response r;
    r.status = status;
    r.body = std::string("{\"error\":\"") + message + "\"}";
    r.AddHeader("X-Content-Type-Options", "nosniff");
    r.AddHeader("Cache-Control", "no-store");
    return r;
}

Response RefusalFor(const boost::system::error_code& ec) {
    if (ec == bhttp::error::body_limit) return PlainError(413, "Request body too large.");
    if (ec == bhttp::error::header_limit) return PlainError(431, "Request headers too large.");
    return PlainError(400, "Malformed HTTP request.");
}

bool IsOutOfResources(const boost::system::error_code& ec) {
    return ec == asio::error::no_descriptors ||
           ec == boost::system::errc::too_many_files_open_in_system ||
           ec == asio::error::no_buffer_space || ec == asio::error::no_memory;
}

}  // namespace

struct Server::Impl {
    Impl(asio::io_context& io_context, Workers pools, const Api& application, ServerOptions o,
         EventHub* hub)
        : io(io_context),
          workers(pools),
          api(application),
          options(o),
          events(hub),
          acceptor(io_context),
          max_connections(std::max<std::size_t>(1, o.max_connections)) {}

    // Where a connection is, as the shutdown and the connection cap see it.
    enum class Phase {
        kWaiting,  // for a request, nothing of it received yet
        kReading,  // a request has begun arriving
        kBusy,     // handling a request, answering, or streaming events
    };
    struct Connection {
        beast::tcp_stream* stream = nullptr;
        Phase phase = Phase::kWaiting;
        bool evicted = false;  // closed to make room; ends at its next step
    };

    asio::awaitable<void> Accept() {
        asio::steady_timer backoff(io);
        while (!stopping) {
            boost::system::error_code ec;
            tcp::socket socket =
                co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
            if (stopping) break;
            if (ec) {
                if (!IsOutOfResources(ec)) {
                    spdlog::debug("accept failed: {}", ec.message());
                    continue;
                }
                // Out of descriptors (EMFILE): the pending connection would fail
                // again at once, so make room and wait instead of spinning.
                accept_failures.Say("accept failed: " + ec.message());
                EvictOldestWaiting(kEvictWhenOutOfDescriptors);
                backoff.expires_after(kAcceptBackoff);
                co_await backoff.async_wait(asio::redirect_error(asio::use_awaitable, ec));
                continue;
            }
            if (connections.size() - evicting >= max_connections && !EvictOldestWaiting()) {
                connection_cap.Say("connection limit (" + std::to_string(max_connections) +
                                   ") reached; closing new connections");
                socket.close(ec);
                continue;
            }
            asio::co_spawn(io, Serve(std::move(socket)), asio::detached);
        }
    }

    // Closes up to `count` of the connections that have waited longest for a
    // request (clients that connected and sent nothing, idle keep-alives);
    // false if there was none.
    bool EvictOldestWaiting(std::size_t count = 1) {
        std::size_t evicted = 0;
        for (auto it = connections.rbegin(); it != connections.rend() && evicted < count; ++it) {
            if (it->phase != Phase::kWaiting || it->evicted) continue;
            it->evicted = true;
            ++evicting;
            ++evicted;
            boost::system::error_code ignored;
            it->stream->socket().cancel(ignored);
        }
        return evicted > 0;
    }

    asio::awaitable<void> Serve(tcp::socket socket) {
        boost::system::error_code ec;
        const auto peer = socket.remote_endpoint(ec);
        const std::string peer_address = ec ? std::string() : peer.address().to_string();
        beast::tcp_stream stream(std::move(socket));
        connections.push_front(Connection{&stream, Phase::kWaiting, false});
        const auto self = connections.begin();
        beast::flat_buffer buffer;
        try {
            co_await ServeRequests(stream, buffer, *self, peer_address);
        } catch (const std::exception& e) {
            spdlog::debug("connection ended: {}", e.what());
        }
        if (self->evicted) --evicting;
        connections.erase(self);
        boost::system::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream.socket().close(ignored);
    }

    asio::awaitable<void> ServeRequests(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                        Connection& connection, const std::string& peer_address) {
        while (!stopping) {
            boost::system::error_code ec;
            connection.phase = Phase::kWaiting;
            if (buffer.size() == 0) {
                // Nothing of the next request yet: the idle timeout applies.
                stream.expires_after(options.idle_timeout);
                const std::size_t received = co_await stream.async_read_some(
                    buffer.prepare(kFirstReadBytes), asio::redirect_error(asio::use_awaitable, ec));
                if (ec || connection.evicted) co_return;
                buffer.commit(received);
            }
            if (connection.evicted) co_return;
            // A request has begun: its header must be complete within the header
            // timeout, and all of it within the request timeout, however slowly
            // it trickles in (slowloris).
            connection.phase = Phase::kReading;
            const auto request_deadline =
                std::chrono::steady_clock::now() + options.request_timeout;
            bhttp::request_parser<bhttp::string_body> parser;
            parser.body_limit(options.max_body_bytes);
            parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
            stream.expires_after(std::min<std::chrono::steady_clock::duration>(
                options.header_timeout, options.request_timeout));
            co_await bhttp::async_read_header(stream, buffer, parser,
                                              asio::redirect_error(asio::use_awaitable, ec));
            if (!ec) {
                stream.expires_at(request_deadline);
                co_await bhttp::async_read(stream, buffer, parser,
                                           asio::redirect_error(asio::use_awaitable, ec));
            }
            connection.phase = Phase::kBusy;
            if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
                ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
                ec == asio::error::eof) {
                co_return;
            }
            if (ec || !WellFormed(parser)) {
                Response refusal = ec ? RefusalFor(ec) : PlainError(400, "Malformed HTTP request.");
                co_await RefuseAndClose(stream, refusal);
                co_return;
            }

            BeastRequest& beast_request = parser.get();
            const unsigned version = beast_request.version();
            const bool head = beast_request.method() == bhttp::verb::head;
            bool keep_alive = beast_request.keep_alive();
            const Request request = FromBeast(beast_request, peer_address, options.trust_proxy);
            stream.expires_never();
            Response response = co_await Answer(request);
            // HEAD /events gets the stream's headers, not an endless body.
            if (response.content_type == "text/event-stream" && events != nullptr && !head) {
                co_await StreamEvents(stream, version, response);
                co_return;
            }
            keep_alive = keep_alive && !stopping;
            stream.expires_after(options.request_timeout);
            if (response.shared_body) {
                const std::shared_ptr<const std::string> kept = response.shared_body;
                SharedBodyResponse reply = ToBeastShared(response, version, keep_alive, head);
                co_await bhttp::async_write(stream, reply,
                                            asio::redirect_error(asio::use_awaitable, ec));
            } else {
                BeastResponse reply = ToBeast(std::move(response), version, keep_alive, head);
                co_await bhttp::async_write(stream, reply,
                                            asio::redirect_error(asio::use_awaitable, ec));
            }
            if (ec || !keep_alive) co_return;
        }
    }

    // The request's answer: from memory on this thread when Prepare has it,
    // else from the thread the route's placement names.
    asio::awaitable<Response> Answer(const Request& request) {
        Api::Plan plan = api.Prepare(request);
        if (plan.answer) co_return std::move(*plan.answer);
        // No temporaries with destructors inside co_await expressions: g++ 12
        // destroys them twice. Hence the named jobs.
        if (plan.placement == Placement::kWriter && api.TakesCommands()) {
            const auto submit = [this, &plan, &request](std::function<void(Response)> reply) {
                api.Submit(plan, request, std::move(reply));
            };
            co_return co_await OnReply<Response>(submit);
        }
        asio::thread_pool& pool =
            plan.placement == Placement::kReader ? workers.readers : workers.blocking;
        const auto job = [this, &plan, &request] { return api.Execute(plan, request); };
        co_return co_await OnPool(pool, job);
    }

    // Answers a request we will not serve and ends the connection gracefully:
    // stop sending, then read and drop what the client is still sending (a
    // refused body, say) for a moment, so that it sees the answer, not a reset.
    asio::awaitable<void> RefuseAndClose(beast::tcp_stream& stream, Response& refusal) {
        boost::system::error_code ec;
        stream.expires_after(options.request_timeout);
        BeastResponse reply = ToBeast(std::move(refusal), 11, false, false);
        co_await bhttp::async_write(stream, reply, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return;
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream.expires_after(kLingerTime);
        std::vector<char> sink(16 * 1024);
        for (std::size_t drained = 0; drained < kLingerBytes;) {
            const std::size_t n = co_await stream.async_read_some(
                asio::buffer(sink), asio::redirect_error(asio::use_awaitable, ec));
            if (ec) break;
            drained += n;
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
    Workers workers;
    const Api& api;
    ServerOptions options;
    EventHub* events;
    tcp::acceptor acceptor;
    std::size_t max_connections;        // the option, lowered to fit the open-file limit
    std::list<Connection> connections;  // newest first; touched only on the I/O thread
    std::size_t evicting = 0;           // connections evicted but not yet gone
    RateLimitedWarning accept_failures;
    RateLimitedWarning connection_cap;
    bool stopping = false;
};

Server::Server(asio::io_context& io, Workers workers, const Api& api, ServerOptions options,
               EventHub* events)
    : impl_(std::make_unique<Impl>(io, workers, api, options, events)) {}

Server::~Server() = default;

std::uint16_t Server::Listen(const std::string& host, std::uint16_t port) {
    // Every connection holds a descriptor: allow as many as the hard limit lets
    // us, and keep the connection cap under it (with room for the database).
    if (const std::size_t open_files = RaiseOpenFileLimit(); open_files > 0) {
        impl_->max_connections = std::max<std::size_t>(
            1, std::min(impl_->options.max_connections, ConnectionsWithin(open_files)));
        spdlog::debug("open-file limit {}, at most {} connections", open_files,
                      impl_->max_connections);
    }
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
            if (connection.phase == Impl::Phase::kBusy) continue;
            // Bytes of a request already sent before the signal wait in the
            // socket: that request is in flight and gets its answer (the
            // header and request timeouts still bound it).
            auto& socket = connection.stream->socket();
            if (socket.available(ignored) > 0) continue;
            socket.cancel(ignored);
        }
        if (impl->events != nullptr) impl->events->CloseAll();
    });
}

}  // namespace dockpoint::http
