#pragma once
// The SQLite writer's transaction: the store's SQL (SociTx), with the walk-in
// questions - which slots are free, is any parked car due for auto-release -
// answered from the writer's memo, and every change to slots' states told to
// it (writer_memo.hpp).
#include "store/soci_tx.hpp"
#include "store/writer_memo.hpp"

namespace dockpoint::store {

class SqliteWriterTx final : public SociTx {
public:
    SqliteWriterTx(SociConnection& connection, WriterMemo& memo);

    std::vector<SlotStateRow> ListFreeSlots(Instant now) override;
    std::vector<DueRelease> ListDueReleases(Instant now) override;
    Result<long long> InsertRecord(const NewRecord& record) override;
    std::optional<long long> CloseRecord(long long record_id, Instant exit,
                                         const domain::Bill& bill) override;
    Result<long long> InsertReservation(const NewReservation& reservation) override;

    // Whether this transaction told the memo anything (a rolled-back savepoint
    // must then make it forget).
    bool told_memo() const { return told_memo_; }
    // Once the write succeeded: if it was handed due walk-ins to release, the
    // memo learns when the next one falls due.
    void Settle();

private:
    // Builds the memo from the tables when it knows nothing.
    void EnsureMemo(Instant now);
    // Makes the slot's next reservation known at t.
    void Refresh(WriterMemo::Slot& slot, Instant t);
    std::vector<std::pair<long long, long long>> OpenRecords();

    WriterMemo& memo_;
    bool told_memo_ = false;
    bool release_bound_stale_ = false;
};

}  // namespace dockpoint::store
