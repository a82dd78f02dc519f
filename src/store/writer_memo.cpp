#include "store/writer_memo.hpp"

namespace dockpoint::store {

void WriterMemo::Forget() {
    known_ = false;
    slots_.clear();
    slot_index_.clear();
    open_records_.clear();
    release_bound_.reset();
}

void WriterMemo::Reset(std::vector<Slot> slots,
                       const std::vector<std::pair<long long, long long>>& open,
                       std::optional<domain::Instant> first_release_due) {
    Forget();
    slots_ = std::move(slots);
    for (std::size_t i = 0; i < slots_.size(); ++i) slot_index_[slots_[i].id] = i;
    for (const auto& [record_id, slot_id] : open) open_records_[record_id] = slot_id;
    release_bound_ = first_release_due;
    known_ = true;
}

WriterMemo::Slot* WriterMemo::FindSlot(long long slot_id) {
    const auto it = slot_index_.find(slot_id);
    return it == slot_index_.end() ? nullptr : &slots_[it->second];
}

void WriterMemo::Parked(long long record_id, Slot& slot) {
    slot.occupied = true;
    open_records_[record_id] = slot.id;
    if (slot.next) LowerReleaseBound(slot.next->start);
}

bool WriterMemo::Left(long long record_id) {
    const auto it = open_records_.find(record_id);
    if (it == open_records_.end()) return false;
    if (Slot* slot = FindSlot(it->second)) slot->occupied = false;
    open_records_.erase(it);
    // The release bound stays: a bound too early only costs one needless check.
    return true;
}

void WriterMemo::Reserved(Slot& slot, const domain::TimeWindow& window) {
    // A slot's reservations never overlap, so one that ends before the known
    // next one lies wholly before it and becomes the next.
    if (window.end > slot.as_of && (!slot.next || window.end < slot.next->end)) {
        slot.next = window;
    }
    if (slot.occupied) LowerReleaseBound(window.start);
}

void WriterMemo::LowerReleaseBound(domain::Instant t) {
    if (!release_bound_ || t < *release_bound_) release_bound_ = t;
}

}  // namespace dockpoint::store
