#pragma once
// Changes to the lot, announced after they are committed, so live views
// (the console's event stream) can follow without polling.
#include <string>

namespace dockpoint::app {

struct LotEvent {
    std::string type;  // "assigned", "released", "reserved", "auto-released"
    std::string vehicle_number;
    std::string slot_number;
};

class EventPublisher {
public:
    virtual ~EventPublisher() = default;
    // Called from worker threads; must not block.
    virtual void Publish(const LotEvent& event) = 0;
};

}  // namespace dockpoint::app
