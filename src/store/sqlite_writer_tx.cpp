#include "store/sqlite_writer_tx.hpp"

#include "store/soci_values.hpp"
#include "store/sqlite_support.hpp"

namespace dockpoint::store {

SqliteWriterTx::SqliteWriterTx(SociConnection& connection, WriterMemo& memo)
    : SociTx(connection, Dialect::kSqlite, ClassifySqliteConflict), memo_(memo) {}

void SqliteWriterTx::EnsureMemo(Instant now) {
    if (memo_.known()) return;
    std::vector<WriterMemo::Slot> slots;
    for (auto& state : SociTx::ListSlotStates(now)) {
        WriterMemo::Slot slot{
            state.id, std::move(state.slot_number), state.type, state.occupied, now, std::nullopt};
        if (state.next_start && state.next_end) {
            slot.next = domain::TimeWindow{*state.next_start, *state.next_end};
        }
        slots.push_back(std::move(slot));
    }
    memo_.Reset(std::move(slots), OpenRecords(), SociTx::FirstReleaseDue());
}

std::vector<std::pair<long long, long long>> SqliteWriterTx::OpenRecords() {
    struct Bound {
        long long id, slot_id;
    };
    auto& q = Statement<Bound>("SELECT id, slot_id FROM records WHERE exit_at IS NULL",
                               [](soci::statement& st, Bound& b) {
                                   st.exchange(soci::into(b.id));
                                   st.exchange(soci::into(b.slot_id));
                               });
    std::vector<std::pair<long long, long long>> open;
    q.ForEachRow([&] { open.emplace_back(q.bound.id, q.bound.slot_id); });
    return open;
}

void SqliteWriterTx::Refresh(WriterMemo::Slot& slot, Instant t) {
    if (slot.NextKnownAt(t)) return;
    // The same question as the slot-state queries ask: the first reservation
    // by end that ends after t (one seek in reservations_by_slot_end).
    struct Bound {
        long long slot_id, t, start, end;
    };
    auto& q = Statement<Bound>(
        "SELECT start_at, end_at FROM reservations WHERE slot_id = :s AND end_at > :t "
        "ORDER BY end_at LIMIT 1",
        [](soci::statement& st, Bound& b) {
            st.exchange(soci::into(b.start));
            st.exchange(soci::into(b.end));
            st.exchange(soci::use(b.slot_id));
            st.exchange(soci::use(b.t));
        });
    q.bound.slot_id = slot.id;
    q.bound.t = Seconds(t);
    slot.as_of = t;
    slot.next.reset();
    if (q.FetchOne())
        slot.next = domain::TimeWindow{FromSeconds(q.bound.start), FromSeconds(q.bound.end)};
}

std::vector<SlotStateRow> SqliteWriterTx::ListFreeSlots(Instant now) {
    EnsureMemo(now);
    std::vector<SlotStateRow> free;
    for (WriterMemo::Slot& slot : memo_.slots()) {
        if (slot.occupied) continue;
        Refresh(slot, now);
        if (slot.next && slot.next->start <= now) continue;  // reserved now
        SlotStateRow row;
        row.id = slot.id;
        row.slot_number = slot.number;
        row.type = slot.type;
        if (slot.next) row.next_start = slot.next->start;
        free.push_back(std::move(row));
    }
    return free;
}

std::vector<DueRelease> SqliteWriterTx::ListDueReleases(Instant now) {
    EnsureMemo(now);
    const auto bound = memo_.release_bound();
    if (!bound || now < *bound) return {};
    auto due = SociTx::ListDueReleases(now);
    // Nothing due after all (the cars left, or the bound was early): learn
    // when the next one is; else once the caller has released them.
    if (due.empty()) {
        memo_.SetReleaseBound(SociTx::FirstReleaseDue());
    } else {
        release_bound_stale_ = true;
    }
    return due;
}

void SqliteWriterTx::Settle() {
    if (release_bound_stale_ && memo_.known()) memo_.SetReleaseBound(SociTx::FirstReleaseDue());
    release_bound_stale_ = false;
}

Result<long long> SqliteWriterTx::InsertRecord(const NewRecord& record) {
    auto inserted = SociTx::InsertRecord(record);
    if (!inserted || !memo_.known()) return inserted;
    told_memo_ = true;
    WriterMemo::Slot* slot = memo_.FindSlot(record.slot_id);
    if (slot == nullptr) {
        memo_.Forget();  // a slot it never saw: start over
        return inserted;
    }
    Refresh(*slot, record.entry);
    memo_.Parked(*inserted, *slot);
    return inserted;
}

std::optional<long long> SqliteWriterTx::CloseRecord(long long record_id, Instant exit,
                                                     const domain::Bill& bill) {
    auto slot_id = SociTx::CloseRecord(record_id, exit, bill);
    if (!slot_id || !memo_.known()) return slot_id;
    told_memo_ = true;
    if (!memo_.Left(record_id)) memo_.Forget();
    return slot_id;
}

Result<long long> SqliteWriterTx::InsertReservation(const NewReservation& reservation) {
    auto inserted = SociTx::InsertReservation(reservation);
    if (!inserted || !memo_.known()) return inserted;
    told_memo_ = true;
    WriterMemo::Slot* slot = memo_.FindSlot(reservation.slot_id);
    if (slot == nullptr) {
        memo_.Forget();
        return inserted;
    }
    memo_.Reserved(*slot, reservation.window);
    return inserted;
}

}  // namespace dockpoint::store
