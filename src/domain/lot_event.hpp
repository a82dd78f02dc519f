#pragma once
// Changes to the lot, announced after they are committed, so live views
// (the console's event stream, other servers on the same database) can
// follow without polling. Plain data; publishers live in http/ and store/.
#include <string>

namespace dockpoint::domain {

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

}  // namespace dockpoint::domain
