#include "store/soci_tx.hpp"

#include "store/soci_values.hpp"

namespace dockpoint::store {

namespace {

std::optional<std::string> Nullable(const std::string& value, soci::indicator ind) {
    if (ind == soci::i_null) return std::nullopt;
    return value;
}

domain::SlotType SlotTypeOrRegular(const std::string& name) {
    return domain::SlotTypeFromName(name).value_or(domain::SlotType::kRegular);
}

}  // namespace

// Each statement below is prepared once per connection (SociConnection): its
// text is a literal, and what it binds lives in a small struct of its own.

std::vector<VehicleTypeRow> SociTx::ListVehicleTypes() {
    static constexpr const char* kSql =
        "SELECT id, type_name, hourly_rate_cents FROM vehicle_types ORDER BY id";
    auto& q = Statement<VehicleTypeRow>(kSql, [](soci::statement& st, VehicleTypeRow& b) {
        st.exchange(soci::into(b.id));
        st.exchange(soci::into(b.type_name));
        st.exchange(soci::into(b.hourly_rate_cents));
    });
    std::vector<VehicleTypeRow> rows;
    q.ForEachRow([&] { rows.push_back(q.bound); });
    return rows;
}

std::optional<VehicleTypeRow> SociTx::FindVehicleType(long long id) {
    static constexpr const char* kSql =
        "SELECT id, type_name, hourly_rate_cents FROM vehicle_types WHERE id = :id";
    struct Bound {
        long long id;
        VehicleTypeRow row;
    };
    auto& q = Statement<Bound>(kSql, [](soci::statement& st, Bound& b) {
        st.exchange(soci::into(b.row.id));
        st.exchange(soci::into(b.row.type_name));
        st.exchange(soci::into(b.row.hourly_rate_cents));
        st.exchange(soci::use(b.id));
    });
    q.bound.id = id;
    if (!q.FetchOne()) return std::nullopt;
    return q.bound.row;
}

std::optional<SlotRow> SociTx::FindSlot(const std::string& slot_number) {
    static constexpr const char* kSql =
        "SELECT s.id, s.slot_number, t.name FROM slots s "
        "JOIN slot_types t ON t.id = s.slot_type_id WHERE s.slot_number = :n";
    struct Bound {
        std::string slot_number;
        SlotRow row;
        std::string type;
    };
    auto& q = Statement<Bound>(kSql, [](soci::statement& st, Bound& b) {
        st.exchange(soci::into(b.row.id));
        st.exchange(soci::into(b.row.slot_number));
        st.exchange(soci::into(b.type));
        st.exchange(soci::use(b.slot_number));
    });
    q.bound.slot_number = slot_number;
    if (!q.FetchOne()) return std::nullopt;
    SlotRow row = q.bound.row;
    row.type = SlotTypeOrRegular(q.bound.type);
    return row;
}

namespace {
// A slot's state: its current or next reservation is the first one that ends
// after now (a slot's reservations never overlap); it is current once begun.
struct SlotStateBound {
    long long now;
    SlotStateRow row;
    std::string type;
    int occupied;
    long long next_start, next_end;
    soci::indicator start_ind, end_ind;
};

#define DOCKPOINT_SLOT_STATE_FROM                                          \
    "FROM slots s JOIN slot_types t ON t.id = s.slot_type_id "             \
    "LEFT JOIN reservations v ON v.id = (SELECT n.id FROM reservations n " \
    "  WHERE n.slot_id = s.id AND n.end_at > :n1 ORDER BY n.end_at LIMIT 1) "
#define DOCKPOINT_SLOT_OCCUPIED \
    "EXISTS (SELECT 1 FROM records r WHERE r.slot_id = s.id AND r.exit_at IS NULL)"
constexpr const char* kSlotStates =
    "SELECT s.id, s.slot_number, t.name, v.start_at, v.end_at, "
    "CASE WHEN " DOCKPOINT_SLOT_OCCUPIED " THEN 1 ELSE 0 END " DOCKPOINT_SLOT_STATE_FROM;
// Free slots need only the next reservation's start (one covering-index seek
// per slot); those whose reservation has begun are dropped in SlotStates.
constexpr const char* kFreeSlots =
    "SELECT s.id, s.slot_number, t.name, (SELECT n.start_at FROM reservations n "
    "  WHERE n.slot_id = s.id AND n.end_at > :n1 ORDER BY n.end_at LIMIT 1), NULL, 0 "
    "FROM slots s JOIN slot_types t ON t.id = s.slot_type_id "
    "WHERE NOT " DOCKPOINT_SLOT_OCCUPIED;
#undef DOCKPOINT_SLOT_STATE_FROM
#undef DOCKPOINT_SLOT_OCCUPIED

}  // namespace

std::vector<SlotStateRow> SociTx::ListSlotStates(Instant now) {
    return SlotStates(kSlotStates, now);
}

std::vector<SlotStateRow> SociTx::ListFreeSlots(Instant now) { return SlotStates(kFreeSlots, now); }

std::vector<SlotStateRow> SociTx::SlotStates(const char* sql_text, Instant now) {
    const bool free_only = sql_text == kFreeSlots;
    auto& q = Statement<SlotStateBound>(sql_text, [](soci::statement& st, SlotStateBound& b) {
        st.exchange(soci::into(b.row.id));
        st.exchange(soci::into(b.row.slot_number));
        st.exchange(soci::into(b.type));
        st.exchange(soci::into(b.next_start, b.start_ind));
        st.exchange(soci::into(b.next_end, b.end_ind));
        st.exchange(soci::into(b.occupied));
        st.exchange(soci::use(b.now));
    });
    q.bound.now = Seconds(now);
    std::vector<SlotStateRow> rows;
    q.ForEachRow([&] {
        const SlotStateBound& b = q.bound;
        SlotStateRow row = b.row;
        row.type = SlotTypeOrRegular(b.type);
        row.occupied = b.occupied != 0;
        const bool has_next = b.start_ind != soci::i_null;
        row.reserved_now = has_next && b.next_start <= b.now;
        if (free_only && row.reserved_now) return;
        row.next_start = has_next ? std::optional(FromSeconds(b.next_start)) : std::nullopt;
        row.next_end =
            b.end_ind != soci::i_null ? std::optional(FromSeconds(b.next_end)) : std::nullopt;
        rows.push_back(std::move(row));
    });
    return rows;
}

namespace {
// A yes/no question about one row key and up to two moments.
struct ExistsBound {
    long long id;
    std::string text;
    long long a, b;
    int found;
};
}  // namespace

bool SociTx::SlotOccupied(long long slot_id) {
    static constexpr const char* kSql =
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM records WHERE slot_id = :s AND exit_at IS "
        "NULL) THEN 1 ELSE 0 END";
    auto& q = Statement<ExistsBound>(kSql, [](soci::statement& st, ExistsBound& b) {
        st.exchange(soci::into(b.found));
        st.exchange(soci::use(b.id));
    });
    q.bound.id = slot_id;
    q.FetchOne();
    return q.bound.found != 0;
}

// The reservations of a slot (and of a vehicle) never overlap, so the first
// one by end that ends after a moment is the only one that can cover it or
// overlap a window starting then: each question below is one index seek
// (reservations_by_slot_end, reservations_by_vehicle_end), however many
// reservations the slot has had.
bool SociTx::SlotReservedAt(long long slot_id, Instant t) {
    static constexpr const char* kSql =
        "SELECT CASE WHEN (SELECT start_at FROM reservations WHERE slot_id = :s "
        "AND end_at > :t1 ORDER BY end_at LIMIT 1) <= :t2 THEN 1 ELSE 0 END";
    auto& q = Statement<ExistsBound>(kSql, [](soci::statement& st, ExistsBound& b) {
        st.exchange(soci::into(b.found));
        st.exchange(soci::use(b.id));
        st.exchange(soci::use(b.a));
        st.exchange(soci::use(b.b));
    });
    q.bound.id = slot_id;
    q.bound.a = q.bound.b = Seconds(t);
    q.FetchOne();
    return q.bound.found != 0;
}

namespace {
struct OwnerBound {
    long long id;
    std::string identifier;
    OwnerRow row;
    std::string email, phone;
    soci::indicator email_ind, phone_ind;
};

void BindOwnerColumns(soci::statement& st, OwnerBound& b) {
    st.exchange(soci::into(b.row.id));
    st.exchange(soci::into(b.row.owner_name));
    st.exchange(soci::into(b.email, b.email_ind));
    st.exchange(soci::into(b.phone, b.phone_ind));
    st.exchange(soci::into(b.row.password_hash));
}

OwnerRow OwnerFrom(const OwnerBound& b) {
    OwnerRow row = b.row;
    row.email = Nullable(b.email, b.email_ind);
    row.phone_number = Nullable(b.phone, b.phone_ind);
    return row;
}
}  // namespace

std::optional<OwnerRow> SociTx::FindOwner(long long owner_id) {
    static constexpr const char* kSql =
        "SELECT id, owner_name, email, phone_number, password_hash FROM owners WHERE id = :id";
    auto& q = Statement<OwnerBound>(kSql, [](soci::statement& st, OwnerBound& b) {
        BindOwnerColumns(st, b);
        st.exchange(soci::use(b.id));
    });
    q.bound.id = owner_id;
    if (!q.FetchOne()) return std::nullopt;
    return OwnerFrom(q.bound);
}

std::optional<OwnerRow> SociTx::FindOwnerByIdentifier(const std::string& identifier) {
    static constexpr const char* kSql =
        "SELECT id, owner_name, email, phone_number, password_hash FROM owners "
        "WHERE email = :e OR phone_number = :p ORDER BY id LIMIT 1";
    auto& q = Statement<OwnerBound>(kSql, [](soci::statement& st, OwnerBound& b) {
        BindOwnerColumns(st, b);
        st.exchange(soci::use(b.identifier));
        st.exchange(soci::use(b.identifier));
    });
    q.bound.identifier = identifier;
    if (!q.FetchOne()) return std::nullopt;
    return OwnerFrom(q.bound);
}

bool SociTx::EmailTaken(const std::string& email, std::optional<long long> except_owner) {
    static constexpr const char* kSql =
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM owners WHERE email = :e AND id <> :x) THEN 1 "
        "ELSE 0 END";
    auto& q = Statement<ExistsBound>(kSql, [](soci::statement& st, ExistsBound& b) {
        st.exchange(soci::into(b.found));
        st.exchange(soci::use(b.text));
        st.exchange(soci::use(b.id));
    });
    q.bound.text = email;
    q.bound.id = except_owner.value_or(0);
    q.FetchOne();
    return q.bound.found != 0;
}

bool SociTx::PhoneTaken(const std::string& phone, std::optional<long long> except_owner) {
    static constexpr const char* kSql =
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM owners WHERE phone_number = :p AND id <> :x) "
        "THEN 1 ELSE 0 END";
    auto& q = Statement<ExistsBound>(kSql, [](soci::statement& st, ExistsBound& b) {
        st.exchange(soci::into(b.found));
        st.exchange(soci::use(b.text));
        st.exchange(soci::use(b.id));
    });
    q.bound.text = phone;
    q.bound.id = except_owner.value_or(0);
    q.FetchOne();
    return q.bound.found != 0;
}

namespace {
struct VehicleBound {
    std::string vehicle_number;
    long long owner_id;
    VehicleRow row;
};

void BindVehicleColumns(soci::statement& st, VehicleBound& b) {
    st.exchange(soci::into(b.row.vehicle_number));
    st.exchange(soci::into(b.row.owner_id));
    st.exchange(soci::into(b.row.vehicle_type_id));
    st.exchange(soci::into(b.row.type_name));
    st.exchange(soci::into(b.row.hourly_rate_cents));
}
}  // namespace

std::optional<VehicleRow> SociTx::FindVehicle(const std::string& vehicle_number) {
    static constexpr const char* kSql =
        "SELECT v.vehicle_number, v.owner_id, v.vehicle_type_id, t.type_name, "
        "t.hourly_rate_cents FROM vehicles v JOIN vehicle_types t ON t.id = v.vehicle_type_id "
        "WHERE v.vehicle_number = :n";
    auto& q = Statement<VehicleBound>(kSql, [](soci::statement& st, VehicleBound& b) {
        BindVehicleColumns(st, b);
        st.exchange(soci::use(b.vehicle_number));
    });
    q.bound.vehicle_number = vehicle_number;
    if (!q.FetchOne()) return std::nullopt;
    return q.bound.row;
}

std::vector<VehicleRow> SociTx::ListOwnerVehicles(long long owner_id) {
    static constexpr const char* kSql =
        "SELECT v.vehicle_number, v.owner_id, v.vehicle_type_id, t.type_name, "
        "t.hourly_rate_cents FROM vehicles v JOIN vehicle_types t ON t.id = v.vehicle_type_id "
        "WHERE v.owner_id = :o ORDER BY v.vehicle_number";
    auto& q = Statement<VehicleBound>(kSql, [](soci::statement& st, VehicleBound& b) {
        BindVehicleColumns(st, b);
        st.exchange(soci::use(b.owner_id));
    });
    q.bound.owner_id = owner_id;
    std::vector<VehicleRow> rows;
    q.ForEachRow([&] { rows.push_back(q.bound.row); });
    return rows;
}

std::optional<OpenRecordRow> SociTx::FindOpenRecord(const std::string& vehicle_number) {
    static constexpr const char* kSql =
        "SELECT r.id, r.vehicle_number, r.slot_id, s.slot_number, r.vehicle_type_id, "
        "t.type_name, t.hourly_rate_cents, r.owner_id, r.entry_at FROM records r "
        "JOIN slots s ON s.id = r.slot_id JOIN vehicle_types t ON t.id = r.vehicle_type_id "
        "WHERE r.vehicle_number = :n AND r.exit_at IS NULL";
    struct Bound {
        std::string vehicle_number;
        OpenRecordRow row;
        long long owner, entry;
        soci::indicator owner_ind;
    };
    auto& q = Statement<Bound>(kSql, [](soci::statement& st, Bound& b) {
        st.exchange(soci::into(b.row.id));
        st.exchange(soci::into(b.row.vehicle_number));
        st.exchange(soci::into(b.row.slot_id));
        st.exchange(soci::into(b.row.slot_number));
        st.exchange(soci::into(b.row.vehicle_type_id));
        st.exchange(soci::into(b.row.vehicle_type));
        st.exchange(soci::into(b.row.hourly_rate_cents));
        st.exchange(soci::into(b.owner, b.owner_ind));
        st.exchange(soci::into(b.entry));
        st.exchange(soci::use(b.vehicle_number));
    });
    q.bound.vehicle_number = vehicle_number;
    if (!q.FetchOne()) return std::nullopt;
    OpenRecordRow row = q.bound.row;
    row.entry = FromSeconds(q.bound.entry);
    row.owner_id = q.bound.owner_ind == soci::i_null ? std::nullopt : std::optional(q.bound.owner);
    return row;
}

bool SociTx::SlotHasOverlappingReservation(long long slot_id, const domain::TimeWindow& w) {
    static constexpr const char* kSql =
        "SELECT CASE WHEN (SELECT start_at FROM reservations WHERE slot_id = :s "
        "AND end_at > :b ORDER BY end_at LIMIT 1) < :e THEN 1 ELSE 0 END";
    auto& q = Statement<ExistsBound>(kSql, [](soci::statement& st, ExistsBound& b) {
        st.exchange(soci::into(b.found));
        st.exchange(soci::use(b.id));
        st.exchange(soci::use(b.a));
        st.exchange(soci::use(b.b));
    });
    q.bound.id = slot_id;
    q.bound.a = Seconds(w.start);
    q.bound.b = Seconds(w.end);
    q.FetchOne();
    return q.bound.found != 0;
}

bool SociTx::VehicleHasOverlappingReservation(const std::string& vehicle_number,
                                              const domain::TimeWindow& w) {
    static constexpr const char* kSql =
        "SELECT CASE WHEN (SELECT start_at FROM reservations WHERE vehicle_number = :n "
        "AND end_at > :b ORDER BY end_at LIMIT 1) < :e THEN 1 ELSE 0 END";
    auto& q = Statement<ExistsBound>(kSql, [](soci::statement& st, ExistsBound& b) {
        st.exchange(soci::into(b.found));
        st.exchange(soci::use(b.text));
        st.exchange(soci::use(b.a));
        st.exchange(soci::use(b.b));
    });
    q.bound.text = vehicle_number;
    q.bound.a = Seconds(w.start);
    q.bound.b = Seconds(w.end);
    q.FetchOne();
    return q.bound.found != 0;
}

bool SociTx::VehicleHasUnfinishedReservation(const std::string& vehicle_number, Instant now) {
    static constexpr const char* kSql =
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM reservations WHERE vehicle_number = :v AND "
        "end_at > :n) THEN 1 ELSE 0 END";
    auto& q = Statement<ExistsBound>(kSql, [](soci::statement& st, ExistsBound& b) {
        st.exchange(soci::into(b.found));
        st.exchange(soci::use(b.text));
        st.exchange(soci::use(b.a));
    });
    q.bound.text = vehicle_number;
    q.bound.a = Seconds(now);
    q.FetchOne();
    return q.bound.found != 0;
}

std::optional<SessionRow> SociTx::FindSession(const std::string& token_hash, Instant now) {
    static constexpr const char* kSql =
        "SELECT s.owner_id, o.owner_name, s.expires_at FROM sessions s "
        "LEFT JOIN owners o ON o.id = s.owner_id "
        "WHERE s.token_hash = :h AND s.expires_at > :n";
    struct Bound {
        std::string token_hash;
        long long now, owner, expires;
        std::string name;
        soci::indicator owner_ind, name_ind;
    };
    auto& q = Statement<Bound>(kSql, [](soci::statement& st, Bound& b) {
        st.exchange(soci::into(b.owner, b.owner_ind));
        st.exchange(soci::into(b.name, b.name_ind));
        st.exchange(soci::into(b.expires));
        st.exchange(soci::use(b.token_hash));
        st.exchange(soci::use(b.now));
    });
    q.bound.token_hash = token_hash;
    q.bound.now = Seconds(now);
    if (!q.FetchOne()) return std::nullopt;
    SessionRow row;
    row.expires_at = FromSeconds(q.bound.expires);
    if (q.bound.owner_ind != soci::i_null) {
        row.owner_id = q.bound.owner;
        row.owner_name = q.bound.name_ind == soci::i_null ? std::string() : q.bound.name;
    }
    return row;
}

std::vector<DueRelease> SociTx::ListDueReleases(Instant now) {
    // For each parked car, the first reservation of its slot that ends after it
    // came in (one index seek in reservations_by_slot_end, as a slot's
    // reservations never overlap); the car is due once that one has begun.
    static constexpr const char* kSql =
        "SELECT id, vehicle_number, slot_number, slot_id, entry_at, due, hourly_rate_cents "
        "FROM (SELECT r.id AS id, r.vehicle_number AS vehicle_number, "
        "  s.slot_number AS slot_number, r.slot_id AS slot_id, r.entry_at AS entry_at, "
        "  (SELECT v.start_at FROM reservations v WHERE v.slot_id = r.slot_id "
        "    AND v.end_at > r.entry_at ORDER BY v.end_at LIMIT 1) AS due, "
        "  t.hourly_rate_cents AS hourly_rate_cents "
        " FROM records r JOIN slots s ON s.id = r.slot_id "
        " JOIN vehicle_types t ON t.id = r.vehicle_type_id "
        " WHERE r.exit_at IS NULL) parked WHERE due <= :n";
    struct Bound {
        long long now;
        DueRelease row;
        long long entry, start;
    };
    auto& q = Statement<Bound>(kSql, [](soci::statement& st, Bound& b) {
        st.exchange(soci::into(b.row.record_id));
        st.exchange(soci::into(b.row.vehicle_number));
        st.exchange(soci::into(b.row.slot_number));
        st.exchange(soci::into(b.row.slot_id));
        st.exchange(soci::into(b.entry));
        st.exchange(soci::into(b.start));
        st.exchange(soci::into(b.row.hourly_rate_cents));
        st.exchange(soci::use(b.now));
    });
    q.bound.now = Seconds(now);
    std::vector<DueRelease> rows;
    q.ForEachRow([&] {
        DueRelease row = q.bound.row;
        row.entry = FromSeconds(q.bound.entry);
        row.reservation_start = FromSeconds(q.bound.start);
        rows.push_back(std::move(row));
    });
    return rows;
}

std::optional<Instant> SociTx::FirstReleaseDue() {
    static constexpr const char* kSql =
        "SELECT MIN((SELECT v.start_at FROM reservations v WHERE v.slot_id = r.slot_id "
        "  AND v.end_at > r.entry_at ORDER BY v.end_at LIMIT 1)) "
        "FROM records r WHERE r.exit_at IS NULL";
    struct Bound {
        long long start;
        soci::indicator start_ind;
    };
    auto& q = Statement<Bound>(
        kSql, [](soci::statement& st, Bound& b) { st.exchange(soci::into(b.start, b.start_ind)); });
    if (!q.FetchOne() || q.bound.start_ind == soci::i_null) return std::nullopt;
    return FromSeconds(q.bound.start);
}

template <class Run>
Status SociTx::Guarded(Run&& run) {
    try {
        run();
    } catch (const soci::soci_error& e) {
        const std::string_view conflict = classify_(e);
        if (conflict.empty()) throw;
        return domain::MakeError(domain::ErrorCode::kConflict, std::string(conflict));
    }
    return domain::Ok();
}

Result<long long> SociTx::InsertOwner(const domain::AccountFields& fields,
                                      const std::string& password_hash, Instant now) {
    const long long created = Seconds(now);
    const std::string email = fields.email.value_or("");
    const std::string phone = fields.phone_number.value_or("");
    soci::indicator email_ind = fields.email ? soci::i_ok : soci::i_null;
    soci::indicator phone_ind = fields.phone_number ? soci::i_ok : soci::i_null;
    long long id = 0;
    auto inserted = Guarded([&] {
        sql_ << "INSERT INTO owners (owner_name, email, phone_number, password_hash, created_at) "
                "VALUES (:n, :e, :p, :h, :c) RETURNING id",
            soci::use(fields.owner_name), soci::use(email, email_ind), soci::use(phone, phone_ind),
            soci::use(password_hash), soci::use(created), soci::into(id);
    });
    if (!inserted) return inserted.error();
    return id;
}

Status SociTx::UpdateOwner(long long owner_id, const domain::AccountFields& fields) {
    Changed(ChangeTopic::kSessions);  // sessions carry the owner's name
    const std::string email = fields.email.value_or("");
    const std::string phone = fields.phone_number.value_or("");
    soci::indicator email_ind = fields.email ? soci::i_ok : soci::i_null;
    soci::indicator phone_ind = fields.phone_number ? soci::i_ok : soci::i_null;
    return Guarded([&] {
        sql_ << "UPDATE owners SET owner_name = :n, email = :e, phone_number = :p WHERE id = :id",
            soci::use(fields.owner_name), soci::use(email, email_ind), soci::use(phone, phone_ind),
            soci::use(owner_id);
    });
}

void SociTx::UpdatePasswordHash(long long owner_id, const std::string& password_hash) {
    sql_ << "UPDATE owners SET password_hash = :h WHERE id = :id", soci::use(password_hash),
        soci::use(owner_id);
}

Status SociTx::InsertVehicle(const std::string& vehicle_number, long long owner_id,
                             long long vehicle_type_id) {
    return Guarded([&] {
        sql_ << "INSERT INTO vehicles (vehicle_number, owner_id, vehicle_type_id) "
                "VALUES (:n, :o, :t)",
            soci::use(vehicle_number), soci::use(owner_id), soci::use(vehicle_type_id);
    });
}

void SociTx::DeleteVehicle(const std::string& vehicle_number) {
    sql_ << "DELETE FROM vehicles WHERE vehicle_number = :n", soci::use(vehicle_number);
}

Result<long long> SociTx::InsertRecord(const NewRecord& record) {
    Changed(ChangeTopic::kLot);
    static constexpr const char* kSql =
        "INSERT INTO records (vehicle_number, slot_id, vehicle_type_id, owner_id, entry_at) "
        "VALUES (:n, :s, :t, :o, :e) RETURNING id";
    struct Bound {
        std::string vehicle_number;
        long long slot_id, vehicle_type_id, owner, entry, id;
        soci::indicator owner_ind;
    };
    auto& q = Statement<Bound>(kSql, [](soci::statement& st, Bound& b) {
        st.exchange(soci::use(b.vehicle_number));
        st.exchange(soci::use(b.slot_id));
        st.exchange(soci::use(b.vehicle_type_id));
        st.exchange(soci::use(b.owner, b.owner_ind));
        st.exchange(soci::use(b.entry));
        st.exchange(soci::into(b.id));
    });
    q.bound.vehicle_number = record.vehicle_number;
    q.bound.slot_id = record.slot_id;
    q.bound.vehicle_type_id = record.vehicle_type_id;
    q.bound.owner = record.owner_id.value_or(0);
    q.bound.owner_ind = record.owner_id ? soci::i_ok : soci::i_null;
    q.bound.entry = Seconds(record.entry);
    if (auto inserted = Guarded([&] { q.FetchOne(); }); !inserted) return inserted.error();
    return q.bound.id;
}

std::optional<long long> SociTx::CloseRecord(long long record_id, Instant exit,
                                             const domain::Bill& bill) {
    Changed(ChangeTopic::kLot);
    static constexpr const char* kSql =
        "UPDATE records SET exit_at = :x, amount_cents = :a, billed_hours = :h "
        "WHERE id = :id AND exit_at IS NULL RETURNING slot_id";
    struct Bound {
        long long exit, amount, hours, id, slot_id;
    };
    auto& q = Statement<Bound>(kSql, [](soci::statement& st, Bound& b) {
        st.exchange(soci::use(b.exit));
        st.exchange(soci::use(b.amount));
        st.exchange(soci::use(b.hours));
        st.exchange(soci::use(b.id));
        st.exchange(soci::into(b.slot_id));
    });
    q.bound = {Seconds(exit), bill.amount_cents, bill.billed_hours, record_id, 0};
    if (!q.FetchOne()) return std::nullopt;
    return q.bound.slot_id;
}

Result<long long> SociTx::InsertReservation(const NewReservation& r) {
    Changed(ChangeTopic::kLot);
    static constexpr const char* kSql =
        "INSERT INTO reservations (vehicle_number, slot_id, vehicle_type_id, owner_id, "
        "start_at, end_at, amount_cents, billed_hours, created_at) "
        "VALUES (:n, :s, :t, :o, :b, :e, :a, :h, :c) RETURNING id";
    struct Bound {
        std::string vehicle_number;
        long long slot_id, vehicle_type_id, owner_id, start, end, amount, hours, created, id;
    };
    auto& q = Statement<Bound>(kSql, [](soci::statement& st, Bound& b) {
        st.exchange(soci::use(b.vehicle_number));
        st.exchange(soci::use(b.slot_id));
        st.exchange(soci::use(b.vehicle_type_id));
        st.exchange(soci::use(b.owner_id));
        st.exchange(soci::use(b.start));
        st.exchange(soci::use(b.end));
        st.exchange(soci::use(b.amount));
        st.exchange(soci::use(b.hours));
        st.exchange(soci::use(b.created));
        st.exchange(soci::into(b.id));
    });
    q.bound = {r.vehicle_number,        r.slot_id,
               r.vehicle_type_id,       r.owner_id,
               Seconds(r.window.start), Seconds(r.window.end),
               r.bill.amount_cents,     r.bill.billed_hours,
               Seconds(r.created_at),   0};
    if (auto inserted = Guarded([&] { q.FetchOne(); }); !inserted) return inserted.error();
    return q.bound.id;
}

void SociTx::InsertSession(const std::string& token_hash, std::optional<long long> owner_id,
                           Instant now, Instant expires) {
    const long long owner = owner_id.value_or(0);
    soci::indicator owner_ind = owner_id ? soci::i_ok : soci::i_null;
    const int guest = owner_id ? 0 : 1;
    const long long created = Seconds(now), expires_at = Seconds(expires);
    sql_ << "INSERT INTO sessions (token_hash, owner_id, is_guest, created_at, expires_at) "
            "VALUES (:h, :o, :g, :c, :x)",
        soci::use(token_hash), soci::use(owner, owner_ind), soci::use(guest), soci::use(created),
        soci::use(expires_at);
}

void SociTx::DeleteSession(const std::string& token_hash) {
    Changed(ChangeTopic::kSessions);
    sql_ << "DELETE FROM sessions WHERE token_hash = :h", soci::use(token_hash);
}

void SociTx::DeleteExpiredSessions(Instant now) {
    Changed(ChangeTopic::kSessions);
    const long long n = Seconds(now);
    sql_ << "DELETE FROM sessions WHERE expires_at <= :n", soci::use(n);
}

void SociTx::DeleteOtherSessions(long long owner_id, const std::string& keep_token_hash) {
    Changed(ChangeTopic::kSessions);
    sql_ << "DELETE FROM sessions WHERE owner_id = :o AND token_hash <> :h", soci::use(owner_id),
        soci::use(keep_token_hash);
}

void SociTx::Audit(std::optional<long long> owner_id, const std::string& action,
                   const std::string& detail, Instant now) {
    static constexpr const char* kSql =
        "INSERT INTO audit_log (at, owner_id, action, detail) VALUES (:t, :o, :a, :d)";
    struct Bound {
        long long at, owner;
        soci::indicator owner_ind;
        std::string action, detail;
    };
    auto& q = Statement<Bound>(kSql, [](soci::statement& st, Bound& b) {
        st.exchange(soci::use(b.at));
        st.exchange(soci::use(b.owner, b.owner_ind));
        st.exchange(soci::use(b.action));
        st.exchange(soci::use(b.detail));
    });
    q.bound.at = Seconds(now);
    q.bound.owner = owner_id.value_or(0);
    q.bound.owner_ind = owner_id ? soci::i_ok : soci::i_null;
    q.bound.action = action;
    q.bound.detail = detail;
    q.Run();
}

void SociTx::LockSlot(long long slot_id) {
    if (dialect_ == Dialect::kSqlite) return;  // writers are serialised already
    long long id = 0;
    sql_ << "SELECT id FROM slots WHERE id = :s FOR UPDATE", soci::into(id), soci::use(slot_id);
}

bool SociTx::TryLockSlot(long long slot_id) {
    if (dialect_ == Dialect::kSqlite) return true;
    long long id = 0;
    sql_ << "SELECT id FROM slots WHERE id = :s FOR UPDATE SKIP LOCKED", soci::into(id),
        soci::use(slot_id);
    return sql_.got_data();
}

bool SociTx::TryClaimJob(std::string_view job) {
    if (dialect_ == Dialect::kSqlite) return true;  // one process per SQLite file
    const std::string name(job);
    int claimed = 0;
    sql_ << "SELECT CASE WHEN pg_try_advisory_xact_lock(hashtext(:j)) THEN 1 ELSE 0 END",
        soci::into(claimed), soci::use(name);
    return claimed != 0;
}

}  // namespace dockpoint::store
