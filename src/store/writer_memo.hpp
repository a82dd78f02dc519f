#pragma once
// What the SQLite writer remembers between its transactions, so that the
// questions every walk-in asks need no query: each slot's state (occupied,
// its current or next reservation) for the pick, which open record holds
// which slot, and a moment before which no parked car can fall due for
// auto-release.
//
// It stays exact because every change to those tables is made by the one
// writer, which tells the memo (SqliteWriterTx). Whatever the writer cannot
// follow - another program's write, a rolled-back savepoint that had told the
// memo something, a failed batch - makes it Forget everything, and the next
// question rebuilds it from the tables inside the writer's transaction.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/clock.hpp"
#include "domain/slot_choice.hpp"
#include "domain/time_window.hpp"

namespace dockpoint::store {

class WriterMemo {
public:
    struct Slot {
        long long id = 0;
        std::string number;
        domain::SlotType type = domain::SlotType::kRegular;
        bool occupied = false;
        // The first reservation of the slot that ends after t, for every t in
        // [as_of, next->end) - or, without one, for every t from as_of on.
        domain::Instant as_of{};
        std::optional<domain::TimeWindow> next;

        bool NextKnownAt(domain::Instant t) const { return t >= as_of && (!next || t < next->end); }
    };

    bool known() const { return known_; }
    void Forget();
    // Starts over from what the tables say now.
    void Reset(std::vector<Slot> slots, const std::vector<std::pair<long long, long long>>& open,
               std::optional<domain::Instant> first_release_due);

    std::vector<Slot>& slots() { return slots_; }
    Slot* FindSlot(long long slot_id);

    // A walk-in began (record_id on the slot); its slot's next must be known
    // at its entry: that reservation's start is when the walk-in falls due.
    void Parked(long long record_id, Slot& slot);
    // The walk-in ended; false when the memo did not know the record.
    bool Left(long long record_id);
    // A reservation was booked on the slot.
    void Reserved(Slot& slot, const domain::TimeWindow& window);

    // No parked car falls due before this (nullopt: none ever will); only
    // meaningful while known().
    std::optional<domain::Instant> release_bound() const { return release_bound_; }
    void SetReleaseBound(std::optional<domain::Instant> bound) { release_bound_ = bound; }

private:
    void LowerReleaseBound(domain::Instant t);

    bool known_ = false;
    std::vector<Slot> slots_;
    std::unordered_map<long long, std::size_t> slot_index_;  // slot id -> slots_ index
    std::unordered_map<long long, long long> open_records_;  // record id -> slot id
    std::optional<domain::Instant> release_bound_;
};

}  // namespace dockpoint::store
