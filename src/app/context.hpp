#pragma once
#include "app/release_schedule.hpp"
#include "app/session_cache.hpp"
#include "app/slot_map_cache.hpp"
#include "app/vehicle_type_cache.hpp"
#include "domain/clock.hpp"
#include "domain/local_time.hpp"
#include "domain/lot_event.hpp"
#include "store/store.hpp"

namespace dockpoint::app {

// What every use case needs: the database, the time, and the lot's wall clock.
struct Context {
    store::Store& store;
    const domain::Clock& clock;
    domain::LocalTime local_time;
    domain::EventPublisher* events = nullptr;        // none in tests that do not listen
    ReleaseSchedule* release_schedule = nullptr;     // none: every read checks for due releases
    SlotMapCache* slot_map_cache = nullptr;          // none: every GET /slots reads the lot
    SessionCache* session_cache = nullptr;           // none: every request reads its session
    VehicleTypeCache* vehicle_type_cache = nullptr;  // none: every rate lookup reads the table

    // Announces a change once it is durable (Store::AfterCommit): inside a
    // write command that is after its batch commits, never if it fails.
    void Publish(const domain::LotEvent& event) const {
        if (events == nullptr) return;
        domain::EventPublisher* to = events;
        store.AfterCommit([to, event] { to->Publish(event); });
    }
};

// Who is calling, as established from the session cookie.
struct Caller {
    std::optional<long long> owner_id;  // set for an owner session
    bool guest = false;                 // set for a guest session
    std::string owner_name;
    std::string token_hash;  // of the presented session, if any

    bool IsOwner() const { return owner_id.has_value(); }
    bool HasSession() const { return IsOwner() || guest; }
};

}  // namespace dockpoint::app
