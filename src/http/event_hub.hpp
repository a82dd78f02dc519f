#pragma once
// Fans committed lot changes out to the open Server-Sent Events streams.
// Publish() may be called from any thread; subscribers live on the I/O thread.
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <string>

#include "domain/lot_event.hpp"

namespace boost::asio {
class io_context;
}

namespace dockpoint::http {

class EventHub final : public domain::EventPublisher {
public:
    // One open stream: messages not yet written, and a way to wake its writer.
    struct Subscriber {
        std::deque<std::string> pending;  // complete SSE messages
        std::function<void()> wake;
        bool closed = false;
    };

    explicit EventHub(boost::asio::io_context& io);
    ~EventHub() override;

    void Publish(const domain::LotEvent& event) override;

    // I/O thread only.
    std::shared_ptr<Subscriber> Subscribe();
    void Unsubscribe(const std::shared_ptr<Subscriber>& subscriber);
    void CloseAll();  // at shutdown: streams end after what they have queued

    // The SSE text of one event: "id: N\ndata: {json}\n\n".
    static std::string Format(std::uint64_t id, const domain::LotEvent& event);

private:
    boost::asio::io_context& io_;
    std::list<std::shared_ptr<Subscriber>> subscribers_;
    std::uint64_t next_id_ = 1;
};

}  // namespace dockpoint::http
