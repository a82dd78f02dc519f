#pragma once
#include "app/release_schedule.hpp"
#include "app/slot_map_cache.hpp"
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
    domain::EventPublisher* events = nullptr;     // none in tests that do not listen
    ReleaseSchedule* release_schedule = nullptr;  // none: every read checks for due releases
    SlotMapCache* slot_map_cache = nullptr;       // none: every GET /slots reads the lot

    void Publish(const domain::LotEvent& event) const {
        if (events != nullptr) events->Publish(event);
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
