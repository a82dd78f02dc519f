// The history listings (GET /records, /owner/records): pages by offset or
// after a cursor, whole or as keys, and single rows.
#include <limits>

#include "store/soci_tx.hpp"
#include "store/soci_values.hpp"

namespace dockpoint::store {

namespace {
// History pages: the page's keys are chosen from the (entry, id) indexes alone,
// then only its rows are joined, so a page never costs a join per skipped row.
// Ties on the entry time are broken by id, then kind: an order each index
// already has, so both arms merge without sorting. A page after a cursor
// starts with one seek in each index (row-value bounds), however deep it is.
#define DOCKPOINT_HISTORY_KEYS(RECORD_FILTER, RESERVATION_FILTER) \
    "SELECT 0 AS kind, id, entry_at FROM records "                \
    "WHERE (entry_at, id) < (:re, :ri) " RECORD_FILTER            \
    " UNION ALL SELECT 1, id, start_at FROM reservations "        \
    "WHERE (start_at, id) < (:ve, :vi) " RESERVATION_FILTER       \
    " ORDER BY entry_at DESC, id DESC, kind DESC LIMIT :lim OFFSET :off"
#define DOCKPOINT_HISTORY_PAGE(RECORD_FILTER, RESERVATION_FILTER) \
    "WITH page AS (" DOCKPOINT_HISTORY_KEYS(RECORD_FILTER, RESERVATION_FILTER) ") "      \
    "SELECT p.kind, p.id, r.vehicle_number, s.slot_number, t.type_name, r.entry_at, "    \
    "  r.exit_at, r.amount_cents "                                                       \
    "FROM page p JOIN records r ON p.kind = 0 AND r.id = p.id "                          \
    "JOIN slots s ON s.id = r.slot_id JOIN vehicle_types t ON t.id = r.vehicle_type_id " \
    "UNION ALL "                                                                         \
    "SELECT p.kind, p.id, v.vehicle_number, s.slot_number, t.type_name, v.start_at, "    \
    "  v.end_at, v.amount_cents "                                                        \
    "FROM page p JOIN reservations v ON p.kind = 1 AND v.id = p.id "                     \
    "JOIN slots s ON s.id = v.slot_id JOIN vehicle_types t ON t.id = v.vehicle_type_id " \
    "ORDER BY 6 DESC, 2 DESC, 1 DESC"
constexpr const char* kLotHistory = DOCKPOINT_HISTORY_PAGE("", "");
constexpr const char* kOwnerHistory =
    DOCKPOINT_HISTORY_PAGE("AND owner_id = :o1", "AND owner_id = :o2");
constexpr const char* kLotHistoryKeys = DOCKPOINT_HISTORY_KEYS("", "");
constexpr const char* kOwnerHistoryKeys =
    DOCKPOINT_HISTORY_KEYS("AND owner_id = :o1", "AND owner_id = :o2");
#undef DOCKPOINT_HISTORY_PAGE
#undef DOCKPOINT_HISTORY_KEYS

// The time and money of a listed row, as read.
struct RowFields {
    long long entry, exit, amount;
    soci::indicator exit_ind, amount_ind;
};

void Finish(HistoryRow& row, const RowFields& f) {
    row.entry = FromSeconds(f.entry);
    row.exit = f.exit_ind == soci::i_null ? std::nullopt : std::optional(FromSeconds(f.exit));
    row.amount_cents = f.amount_ind == soci::i_null ? std::nullopt : std::optional(f.amount);
}

constexpr long long kNoLimit = std::numeric_limits<long long>::max();

struct HistoryBound {
    long long record_entry, record_id, reservation_entry, reservation_id;
    long long owner, limit, offset;
    HistoryRow row;
    int kind;
    RowFields f;
};

// The arms' exclusive upper bounds for rows after the cursor. At the same
// entry and id a reservation comes before a walk-in, so after a reservation
// the walk-in with its entry and id is still to come.
void BindCursor(HistoryBound& b, const std::optional<HistoryCursor>& before) {
    if (!before) {
        b.record_entry = b.reservation_entry = std::numeric_limits<long long>::max();
        b.record_id = b.reservation_id = 0;
        return;
    }
    b.record_entry = b.reservation_entry = Seconds(before->entry);
    b.reservation_id = before->id;
    b.record_id = before->id + (before->kind == BookingKind::kReservation ? 1 : 0);
}

// The history queries' placeholders, in their order in the SQL.
void UseHistoryFilter(soci::statement& st, HistoryBound& b, bool by_owner) {
    st.exchange(soci::use(b.record_entry));
    st.exchange(soci::use(b.record_id));
    if (by_owner) st.exchange(soci::use(b.owner));
    st.exchange(soci::use(b.reservation_entry));
    st.exchange(soci::use(b.reservation_id));
    if (by_owner) st.exchange(soci::use(b.owner));
    st.exchange(soci::use(b.limit));
    st.exchange(soci::use(b.offset));
}

void BindHistoryQuery(HistoryBound& b, const HistoryQuery& query) {
    b.owner = query.owner_id.value_or(0);
    BindCursor(b, query.before);
    b.limit = query.limit < 0 ? kNoLimit : query.limit;
    b.offset = query.offset;
}
}  // namespace

std::vector<HistoryRow> SociTx::ListHistory(const HistoryQuery& query) {
    const bool by_owner = query.owner_id.has_value();
    auto& q = Statement<HistoryBound>(by_owner ? kOwnerHistory : kLotHistory,
                                      [by_owner](soci::statement& st, HistoryBound& b) {
                                          st.exchange(soci::into(b.kind));
                                          st.exchange(soci::into(b.row.id));
                                          st.exchange(soci::into(b.row.vehicle_number));
                                          st.exchange(soci::into(b.row.slot_number));
                                          st.exchange(soci::into(b.row.vehicle_type));
                                          st.exchange(soci::into(b.f.entry));
                                          st.exchange(soci::into(b.f.exit, b.f.exit_ind));
                                          st.exchange(soci::into(b.f.amount, b.f.amount_ind));
                                          UseHistoryFilter(st, b, by_owner);
                                      });
    BindHistoryQuery(q.bound, query);
    std::vector<HistoryRow> rows;
    q.ForEachRow([&] {
        const HistoryBound& b = q.bound;
        HistoryRow row = b.row;
        row.kind = b.kind == 0 ? BookingKind::kWalkIn : BookingKind::kReservation;
        Finish(row, b.f);
        rows.push_back(std::move(row));
    });
    return rows;
}

std::vector<HistoryRow> SociTx::ListHistoryKeys(const HistoryQuery& query) {
    const bool by_owner = query.owner_id.has_value();
    auto& q = Statement<HistoryBound>(by_owner ? kOwnerHistoryKeys : kLotHistoryKeys,
                                      [by_owner](soci::statement& st, HistoryBound& b) {
                                          st.exchange(soci::into(b.kind));
                                          st.exchange(soci::into(b.row.id));
                                          st.exchange(soci::into(b.f.entry));
                                          UseHistoryFilter(st, b, by_owner);
                                      });
    BindHistoryQuery(q.bound, query);
    std::vector<HistoryRow> rows;
    q.ForEachRow([&] {
        HistoryRow row;
        row.kind = q.bound.kind == 0 ? BookingKind::kWalkIn : BookingKind::kReservation;
        row.id = q.bound.row.id;
        row.entry = FromSeconds(q.bound.f.entry);
        rows.push_back(std::move(row));
    });
    return rows;
}

std::optional<HistoryRow> SociTx::FindHistoryRow(BookingKind kind, long long id) {
    static constexpr const char* kRecord =
        "SELECT r.vehicle_number, s.slot_number, t.type_name, r.entry_at, r.exit_at, "
        "r.amount_cents FROM records r JOIN slots s ON s.id = r.slot_id "
        "JOIN vehicle_types t ON t.id = r.vehicle_type_id WHERE r.id = :id";
    static constexpr const char* kReservation =
        "SELECT v.vehicle_number, s.slot_number, t.type_name, v.start_at, v.end_at, "
        "v.amount_cents FROM reservations v JOIN slots s ON s.id = v.slot_id "
        "JOIN vehicle_types t ON t.id = v.vehicle_type_id WHERE v.id = :id";
    struct Bound {
        long long id;
        HistoryRow row;
        RowFields f;
    };
    auto& q = Statement<Bound>(kind == BookingKind::kWalkIn ? kRecord : kReservation,
                               [](soci::statement& st, Bound& b) {
                                   st.exchange(soci::into(b.row.vehicle_number));
                                   st.exchange(soci::into(b.row.slot_number));
                                   st.exchange(soci::into(b.row.vehicle_type));
                                   st.exchange(soci::into(b.f.entry));
                                   st.exchange(soci::into(b.f.exit, b.f.exit_ind));
                                   st.exchange(soci::into(b.f.amount, b.f.amount_ind));
                                   st.exchange(soci::use(b.id));
                               });
    q.bound.id = id;
    if (!q.FetchOne()) return std::nullopt;
    HistoryRow row = q.bound.row;
    row.kind = kind;
    row.id = id;
    Finish(row, q.bound.f);
    return row;
}

}  // namespace dockpoint::store
