#include "http/event_hub.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "http/json_io.hpp"

namespace dockpoint::http {

EventHub::EventHub(boost::asio::io_context& io) : io_(io) {}
EventHub::~EventHub() = default;

std::string EventHub::Format(std::uint64_t id, const domain::LotEvent& event) {
    const Json data{{"type", event.type},
                    {"vehicle_number", event.vehicle_number},
                    {"slot_number", event.slot_number}};
    return "id: " + std::to_string(id) +
           "\ndata: " + data.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n\n";
}

void EventHub::Publish(const domain::LotEvent& event) {
    boost::asio::post(io_, [this, event] {
        const std::string message = Format(next_id_++, event);
        for (const auto& subscriber : subscribers_) {
            subscriber->pending.push_back(message);
            if (subscriber->wake) subscriber->wake();
        }
    });
}

std::shared_ptr<EventHub::Subscriber> EventHub::Subscribe() {
    auto subscriber = std::make_shared<Subscriber>();
    subscribers_.push_back(subscriber);
    return subscriber;
}

void EventHub::Unsubscribe(const std::shared_ptr<Subscriber>& subscriber) {
    subscribers_.remove(subscriber);
}

void EventHub::CloseAll() {
    for (const auto& subscriber : subscribers_) {
        subscriber->closed = true;
        if (subscriber->wake) subscriber->wake();
    }
}

}  // namespace dockpoint::http
