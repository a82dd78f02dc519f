#pragma once
// Carries lot events between servers sharing one PostgreSQL database:
// Publish() sends a NOTIFY; a listener thread LISTENs on its own connection and
// hands every notification — this server's own included — to the local sink
// (the event hub feeding this server's streams). It reconnects by itself.
#include <atomic>
#include <string>
#include <thread>

#include "domain/lot_event.hpp"

namespace dockpoint::store {

class PostgresStore;

class PostgresEventBridge final : public domain::EventPublisher {
public:
    PostgresEventBridge(PostgresStore& store, domain::EventPublisher& local_sink);
    ~PostgresEventBridge() override;

    void Start();
    void Stop();
    void Publish(const domain::LotEvent& event) override;

    // The NOTIFY payload: fields joined by tabs (inputs never contain control
    // characters; see domain/validation.cpp).
    static std::string Encode(const domain::LotEvent& event);
    static bool Decode(const std::string& payload, domain::LotEvent& event);

private:
    void Listen();

    PostgresStore& store_;
    domain::EventPublisher& local_sink_;
    std::atomic<bool> stopping_{false};
    std::thread listener_;
};

}  // namespace dockpoint::store
