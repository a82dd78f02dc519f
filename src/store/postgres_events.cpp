#include "store/postgres_events.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "store/postgres_store.hpp"

namespace dockpoint::store {

namespace {
constexpr const char* kChannel = "dockpoint_events";

// libpq prints notices (e.g. "FATAL:  terminating connection due to administrator
// command" when PostgreSQL shuts down) straight to stderr; put them in the log.
void LogNotice(void*, const char* message) {
    std::string text(message);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    for (auto& c : text) {
        if (c == '\n' || c == '\t') c = ' ';
    }
    spdlog::debug("event listener: PostgreSQL says: {}", text);
}
}  // namespace

PostgresEventBridge::PostgresEventBridge(PostgresStore& store, domain::EventPublisher& local_sink)
    : store_(store), local_sink_(local_sink) {}

PostgresEventBridge::~PostgresEventBridge() { Stop(); }

void PostgresEventBridge::Start() {
    listener_ = std::thread([this] { Listen(); });
}

void PostgresEventBridge::Stop() {
    stopping_ = true;
    if (listener_.joinable()) listener_.join();
}

std::string PostgresEventBridge::Encode(const domain::LotEvent& event) {
    return event.type + '\t' + event.vehicle_number + '\t' + event.slot_number;
}

bool PostgresEventBridge::Decode(const std::string& payload, domain::LotEvent& event) {
    const auto first = payload.find('\t');
    if (first == std::string::npos) return false;
    const auto second = payload.find('\t', first + 1);
    if (second == std::string::npos) return false;
    event.type = payload.substr(0, first);
    event.vehicle_number = payload.substr(first + 1, second - first - 1);
    event.slot_number = payload.substr(second + 1);
    return true;
}

void PostgresEventBridge::Publish(const domain::LotEvent& event) {
    // If the database is unreachable the change was not committed either;
    // a failed NOTIFY after a commit only costs live views a refresh.
    store_.Notify(kChannel, Encode(event));
}

void PostgresEventBridge::Listen() {
    auto backoff = std::chrono::milliseconds(100);
    bool listened_before = false;
    while (!stopping_) {
        PGconn* conn = PQconnectdb(store_.url().c_str());
        if (PQstatus(conn) == CONNECTION_OK) {
            PQsetNoticeProcessor(conn, LogNotice, nullptr);
            PGresult* result = PQexec(conn, (std::string("LISTEN ") + kChannel).c_str());
            const bool listening = PQresultStatus(result) == PGRES_COMMAND_OK;
            PQclear(result);
            if (listening) {
                backoff = std::chrono::milliseconds(100);
                spdlog::debug("listening for events from other servers");
                // Changes made elsewhere while we were deaf were never announced:
                // tell this server's streams to refetch everything.
                if (listened_before) local_sink_.Publish({"resync", "", ""});
                listened_before = true;
            }
            while (listening && !stopping_ && PQstatus(conn) == CONNECTION_OK) {
                pollfd fd{PQsocket(conn), POLLIN, 0};
                if (poll(&fd, 1, 250) < 0) break;
                if (PQconsumeInput(conn) == 0) break;  // connection lost
                while (PGnotify* notify = PQnotifies(conn)) {
                    domain::LotEvent event;
                    if (Decode(notify->extra, event)) local_sink_.Publish(event);
                    PQfreemem(notify);
                }
            }
        }
        PQfinish(conn);
        if (stopping_) break;
        spdlog::warn("event listener lost PostgreSQL; reconnecting");
        const auto until = std::chrono::steady_clock::now() + backoff;
        while (!stopping_ && std::chrono::steady_clock::now() < until) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
    }
}

}  // namespace dockpoint::store
