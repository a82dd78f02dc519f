#include "store/soci_tx.hpp"

namespace dockpoint::store {

namespace {

// Statements never bind temporaries: SOCI runs a one-shot statement after the
// temporaries of its expression are gone.
long long Seconds(Instant t) { return static_cast<long long>(t.time_since_epoch().count()); }
Instant FromSeconds(long long s) { return Instant{std::chrono::seconds{s}}; }

std::optional<std::string> Nullable(const std::string& value, soci::indicator ind) {
    if (ind == soci::i_null) return std::nullopt;
    return value;
}

domain::SlotType SlotTypeOrRegular(const std::string& name) {
    return domain::SlotTypeFromName(name).value_or(domain::SlotType::kRegular);
}

constexpr long long kNoLimit = 9'223'372'036'854'775'807LL;

}  // namespace

std::vector<VehicleTypeRow> SociTx::ListVehicleTypes() {
    std::vector<VehicleTypeRow> rows;
    VehicleTypeRow row;
    soci::statement st =
        (sql_.prepare << "SELECT id, type_name, hourly_rate_cents "
                         "FROM vehicle_types ORDER BY id",
         soci::into(row.id), soci::into(row.type_name), soci::into(row.hourly_rate_cents));
    st.execute();
    while (st.fetch()) rows.push_back(row);
    return rows;
}

std::optional<VehicleTypeRow> SociTx::FindVehicleType(long long id) {
    VehicleTypeRow row;
    sql_ << "SELECT id, type_name, hourly_rate_cents FROM vehicle_types WHERE id = :id",
        soci::into(row.id), soci::into(row.type_name), soci::into(row.hourly_rate_cents),
        soci::use(id);
    if (!sql_.got_data()) return std::nullopt;
    return row;
}

std::optional<SlotRow> SociTx::FindSlot(const std::string& slot_number) {
    SlotRow row;
    std::string type;
    sql_ << "SELECT s.id, s.slot_number, t.name FROM slots s "
            "JOIN slot_types t ON t.id = s.slot_type_id WHERE s.slot_number = :n",
        soci::into(row.id), soci::into(row.slot_number), soci::into(type), soci::use(slot_number);
    if (!sql_.got_data()) return std::nullopt;
    row.type = SlotTypeOrRegular(type);
    return row;
}

std::vector<SlotStateRow> SociTx::ListSlotStates(Instant now) {
    const long long n = Seconds(now);
    std::vector<SlotStateRow> rows;
    SlotStateRow row;
    std::string type;
    int occupied = 0;
    int reserved = 0;
    long long next_start = 0;
    long long next_end = 0;
    soci::indicator start_ind = soci::i_ok;
    soci::indicator end_ind = soci::i_ok;
    soci::statement st =
        (sql_.prepare << "SELECT s.id, s.slot_number, t.name, "
                         " CASE WHEN EXISTS (SELECT 1 FROM records r WHERE r.slot_id = s.id "
                         "  AND r.exit_at IS NULL) THEN 1 ELSE 0 END, "
                         " CASE WHEN EXISTS (SELECT 1 FROM reservations v WHERE v.slot_id = s.id "
                         "         AND v.start_at <= :n1 AND v.end_at > :n2) THEN 1 ELSE 0 END, "
                         " (SELECT v.start_at FROM reservations v WHERE v.slot_id = s.id "
                         "         AND v.end_at > :n3 ORDER BY v.start_at LIMIT 1), "
                         " (SELECT v.end_at FROM reservations v WHERE v.slot_id = s.id "
                         "         AND v.end_at > :n4 ORDER BY v.start_at LIMIT 1) "
                         "FROM slots s JOIN slot_types t ON t.id = s.slot_type_id",
         soci::into(row.id), soci::into(row.slot_number), soci::into(type), soci::into(occupied),
         soci::into(reserved), soci::into(next_start, start_ind), soci::into(next_end, end_ind),
         soci::use(n), soci::use(n), soci::use(n), soci::use(n));
    st.execute();
    while (st.fetch()) {
        row.type = SlotTypeOrRegular(type);
        row.occupied = occupied != 0;
        row.reserved_now = reserved != 0;
        row.next_start =
            start_ind == soci::i_null ? std::nullopt : std::optional(FromSeconds(next_start));
        row.next_end =
            end_ind == soci::i_null ? std::nullopt : std::optional(FromSeconds(next_end));
        rows.push_back(row);
    }
    return rows;
}

bool SociTx::SlotOccupied(long long slot_id) {
    int found = 0;
    sql_ << "SELECT CASE WHEN EXISTS (SELECT 1 FROM records WHERE slot_id = :s AND exit_at IS "
            "NULL) THEN 1 ELSE 0 END",
        soci::into(found), soci::use(slot_id);
    return found != 0;
}

bool SociTx::SlotReservedAt(long long slot_id, Instant t) {
    const long long at = Seconds(t);
    int found = 0;
    sql_ << "SELECT CASE WHEN EXISTS (SELECT 1 FROM reservations WHERE slot_id = :s "
            "AND start_at <= :t1 AND end_at > :t2) THEN 1 ELSE 0 END",
        soci::into(found), soci::use(slot_id), soci::use(at), soci::use(at);
    return found != 0;
}

namespace {
constexpr const char* kOwnerColumns =
    "SELECT id, owner_name, email, phone_number, password_hash FROM owners ";
}

std::optional<OwnerRow> SociTx::FindOwner(long long owner_id) {
    OwnerRow row;
    std::string email, phone;
    soci::indicator email_ind = soci::i_ok, phone_ind = soci::i_ok;
    sql_ << std::string(kOwnerColumns) + "WHERE id = :id", soci::into(row.id),
        soci::into(row.owner_name), soci::into(email, email_ind), soci::into(phone, phone_ind),
        soci::into(row.password_hash), soci::use(owner_id);
    if (!sql_.got_data()) return std::nullopt;
    row.email = Nullable(email, email_ind);
    row.phone_number = Nullable(phone, phone_ind);
    return row;
}

std::optional<OwnerRow> SociTx::FindOwnerByIdentifier(const std::string& identifier) {
    OwnerRow row;
    std::string email, phone;
    soci::indicator email_ind = soci::i_ok, phone_ind = soci::i_ok;
    sql_ << std::string(kOwnerColumns) +
                "WHERE email = :e OR phone_number = :p ORDER BY id LIMIT 1",
        soci::into(row.id), soci::into(row.owner_name), soci::into(email, email_ind),
        soci::into(phone, phone_ind), soci::into(row.password_hash), soci::use(identifier),
        soci::use(identifier);
    if (!sql_.got_data()) return std::nullopt;
    row.email = Nullable(email, email_ind);
    row.phone_number = Nullable(phone, phone_ind);
    return row;
}

bool SociTx::EmailTaken(const std::string& email, std::optional<long long> except_owner) {
    const long long except = except_owner.value_or(0);
    int found = 0;
    sql_ << "SELECT CASE WHEN EXISTS (SELECT 1 FROM owners WHERE email = :e AND id <> :x) THEN 1 "
            "ELSE 0 END",
        soci::into(found), soci::use(email), soci::use(except);
    return found != 0;
}

bool SociTx::PhoneTaken(const std::string& phone, std::optional<long long> except_owner) {
    const long long except = except_owner.value_or(0);
    int found = 0;
    sql_ << "SELECT CASE WHEN EXISTS (SELECT 1 FROM owners WHERE phone_number = :p AND id <> :x) "
            "THEN 1 ELSE 0 END",
        soci::into(found), soci::use(phone), soci::use(except);
    return found != 0;
}

namespace {
constexpr const char* kVehicleColumns =
    "SELECT v.vehicle_number, v.owner_id, v.vehicle_type_id, t.type_name, t.hourly_rate_cents "
    "FROM vehicles v JOIN vehicle_types t ON t.id = v.vehicle_type_id ";
}

std::optional<VehicleRow> SociTx::FindVehicle(const std::string& vehicle_number) {
    VehicleRow row;
    sql_ << std::string(kVehicleColumns) + "WHERE v.vehicle_number = :n",
        soci::into(row.vehicle_number), soci::into(row.owner_id), soci::into(row.vehicle_type_id),
        soci::into(row.type_name), soci::into(row.hourly_rate_cents), soci::use(vehicle_number);
    if (!sql_.got_data()) return std::nullopt;
    return row;
}

std::vector<VehicleRow> SociTx::ListOwnerVehicles(long long owner_id) {
    std::vector<VehicleRow> rows;
    VehicleRow row;
    soci::statement st =
        (sql_.prepare << std::string(kVehicleColumns) +
                             "WHERE v.owner_id = :o ORDER BY v.vehicle_number",
         soci::into(row.vehicle_number), soci::into(row.owner_id), soci::into(row.vehicle_type_id),
         soci::into(row.type_name), soci::into(row.hourly_rate_cents), soci::use(owner_id));
    st.execute();
    while (st.fetch()) rows.push_back(row);
    return rows;
}

std::optional<OpenRecordRow> SociTx::FindOpenRecord(const std::string& vehicle_number) {
    OpenRecordRow row;
    long long entry = 0;
    long long owner = 0;
    soci::indicator owner_ind = soci::i_ok;
    sql_ << "SELECT r.id, r.vehicle_number, r.slot_id, s.slot_number, r.vehicle_type_id, "
            "t.type_name, t.hourly_rate_cents, r.owner_id, r.entry_at FROM records r "
            "JOIN slots s ON s.id = r.slot_id JOIN vehicle_types t ON t.id = r.vehicle_type_id "
            "WHERE r.vehicle_number = :n AND r.exit_at IS NULL",
        soci::into(row.id), soci::into(row.vehicle_number), soci::into(row.slot_id),
        soci::into(row.slot_number), soci::into(row.vehicle_type_id), soci::into(row.vehicle_type),
        soci::into(row.hourly_rate_cents), soci::into(owner, owner_ind), soci::into(entry),
        soci::use(vehicle_number);
    if (!sql_.got_data()) return std::nullopt;
    row.entry = FromSeconds(entry);
    if (owner_ind != soci::i_null) row.owner_id = owner;
    return row;
}

bool SociTx::SlotHasOverlappingReservation(long long slot_id, const domain::TimeWindow& w) {
    const long long start = Seconds(w.start), end = Seconds(w.end);
    int found = 0;
    sql_ << "SELECT CASE WHEN EXISTS (SELECT 1 FROM reservations WHERE slot_id = :s "
            "AND start_at < :e AND end_at > :b) THEN 1 ELSE 0 END",
        soci::into(found), soci::use(slot_id), soci::use(end), soci::use(start);
    return found != 0;
}

bool SociTx::VehicleHasOverlappingReservation(const std::string& vehicle_number,
                                              const domain::TimeWindow& w) {
    const long long start = Seconds(w.start), end = Seconds(w.end);
    int found = 0;
    sql_ << "SELECT CASE WHEN EXISTS (SELECT 1 FROM reservations WHERE vehicle_number = :n "
            "AND start_at < :e AND end_at > :b) THEN 1 ELSE 0 END",
        soci::into(found), soci::use(vehicle_number), soci::use(end), soci::use(start);
    return found != 0;
}

bool SociTx::VehicleHasUnfinishedReservation(const std::string& vehicle_number, Instant now) {
    const long long n = Seconds(now);
    int found = 0;
    sql_ << "SELECT CASE WHEN EXISTS (SELECT 1 FROM reservations WHERE vehicle_number = :v AND "
            "end_at > :n) THEN 1 ELSE 0 END",
        soci::into(found), soci::use(vehicle_number), soci::use(n);
    return found != 0;
}

std::vector<HistoryRow> SociTx::ListHistory(const HistoryQuery& query) {
    const bool by_owner = query.owner_id.has_value();
    const long long owner = query.owner_id.value_or(0);
    const long long limit = query.limit < 0 ? kNoLimit : query.limit;
    const long long offset = query.offset;
    const std::string record_filter = by_owner ? "WHERE r.owner_id = :o1 " : "";
    const std::string reservation_filter = by_owner ? "WHERE v.owner_id = :o2 " : "";
    const std::string sql =
        "SELECT kind, id, vehicle_number, slot_number, type_name, entry_at, exit_at, amount_cents "
        "FROM (SELECT 0 AS kind, r.id AS id, r.vehicle_number AS vehicle_number, "
        "        s.slot_number AS slot_number, t.type_name AS type_name, r.entry_at AS entry_at, "
        "        r.exit_at AS exit_at, r.amount_cents AS amount_cents "
        "      FROM records r JOIN slots s ON s.id = r.slot_id "
        "      JOIN vehicle_types t ON t.id = r.vehicle_type_id " +
        record_filter +
        "      UNION ALL "
        "      SELECT 1, v.id, v.vehicle_number, s.slot_number, t.type_name, v.start_at, "
        "        v.end_at, v.amount_cents "
        "      FROM reservations v JOIN slots s ON s.id = v.slot_id "
        "      JOIN vehicle_types t ON t.id = v.vehicle_type_id " +
        reservation_filter +
        ") history ORDER BY entry_at DESC, kind DESC, id DESC LIMIT :lim OFFSET :off";

    std::vector<HistoryRow> rows;
    HistoryRow row;
    int kind = 0;
    long long entry = 0, exit = 0, amount = 0;
    soci::indicator exit_ind = soci::i_ok, amount_ind = soci::i_ok;
    // Built step by step because the number of bound values depends on the filter.
    soci::statement st(sql_);
    st.exchange(soci::into(kind));
    st.exchange(soci::into(row.id));
    st.exchange(soci::into(row.vehicle_number));
    st.exchange(soci::into(row.slot_number));
    st.exchange(soci::into(row.vehicle_type));
    st.exchange(soci::into(entry));
    st.exchange(soci::into(exit, exit_ind));
    st.exchange(soci::into(amount, amount_ind));
    if (by_owner) {
        st.exchange(soci::use(owner));
        st.exchange(soci::use(owner));
    }
    st.exchange(soci::use(limit));
    st.exchange(soci::use(offset));
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
    st.execute();
    while (st.fetch()) {
        row.kind = kind == 0 ? BookingKind::kWalkIn : BookingKind::kReservation;
        row.entry = FromSeconds(entry);
        row.exit = exit_ind == soci::i_null ? std::nullopt : std::optional(FromSeconds(exit));
        row.amount_cents = amount_ind == soci::i_null ? std::nullopt : std::optional(amount);
        rows.push_back(row);
    }
    return rows;
}

std::optional<SessionRow> SociTx::FindSession(const std::string& token_hash, Instant now) {
    const long long n = Seconds(now);
    long long owner = 0;
    std::string name;
    soci::indicator owner_ind = soci::i_ok, name_ind = soci::i_ok;
    sql_ << "SELECT s.owner_id, o.owner_name FROM sessions s "
            "LEFT JOIN owners o ON o.id = s.owner_id "
            "WHERE s.token_hash = :h AND s.expires_at > :n",
        soci::into(owner, owner_ind), soci::into(name, name_ind), soci::use(token_hash),
        soci::use(n);
    if (!sql_.got_data()) return std::nullopt;
    SessionRow row;
    if (owner_ind != soci::i_null) {
        row.owner_id = owner;
        row.owner_name = name_ind == soci::i_null ? std::string() : name;
    }
    return row;
}

std::vector<DueRelease> SociTx::ListDueReleases(Instant now) {
    const long long n = Seconds(now);
    std::vector<DueRelease> rows;
    DueRelease row;
    long long entry = 0, start = 0;
    soci::statement st =
        (sql_.prepare << "SELECT r.id, r.vehicle_number, s.slot_number, r.slot_id, r.entry_at, "
                         "  MIN(v.start_at), t.hourly_rate_cents "
                         "FROM records r "
                         "JOIN reservations v ON v.slot_id = r.slot_id AND v.start_at <= :n "
                         "  AND v.end_at > r.entry_at "
                         "JOIN slots s ON s.id = r.slot_id "
                         "JOIN vehicle_types t ON t.id = r.vehicle_type_id "
                         "WHERE r.exit_at IS NULL "
                         "GROUP BY r.id, r.vehicle_number, s.slot_number, r.slot_id, r.entry_at, "
                         "  t.hourly_rate_cents",
         soci::into(row.record_id), soci::into(row.vehicle_number), soci::into(row.slot_number),
         soci::into(row.slot_id), soci::into(entry), soci::into(start),
         soci::into(row.hourly_rate_cents), soci::use(n));
    st.execute();
    while (st.fetch()) {
        row.entry = FromSeconds(entry);
        row.reservation_start = FromSeconds(start);
        rows.push_back(row);
    }
    return rows;
}

Result<long long> SociTx::InsertOwner(const domain::AccountFields& fields,
                                      const std::string& password_hash, Instant now) {
    const long long created = Seconds(now);
    const std::string email = fields.email.value_or("");
    const std::string phone = fields.phone_number.value_or("");
    soci::indicator email_ind = fields.email ? soci::i_ok : soci::i_null;
    soci::indicator phone_ind = fields.phone_number ? soci::i_ok : soci::i_null;
    long long id = 0;
    try {
        sql_ << "INSERT INTO owners (owner_name, email, phone_number, password_hash, created_at) "
                "VALUES (:n, :e, :p, :h, :c) RETURNING id",
            soci::use(fields.owner_name), soci::use(email, email_ind), soci::use(phone, phone_ind),
            soci::use(password_hash), soci::use(created), soci::into(id);
    } catch (const soci::soci_error& e) {
        const std::string_view conflict = classify_(e);
        if (conflict.empty()) throw;
        return domain::MakeError(domain::ErrorCode::kConflict, std::string(conflict));
    }
    return id;
}

Status SociTx::UpdateOwner(long long owner_id, const domain::AccountFields& fields) {
    const std::string email = fields.email.value_or("");
    const std::string phone = fields.phone_number.value_or("");
    soci::indicator email_ind = fields.email ? soci::i_ok : soci::i_null;
    soci::indicator phone_ind = fields.phone_number ? soci::i_ok : soci::i_null;
    try {
        sql_ << "UPDATE owners SET owner_name = :n, email = :e, phone_number = :p WHERE id = :id",
            soci::use(fields.owner_name), soci::use(email, email_ind), soci::use(phone, phone_ind),
            soci::use(owner_id);
    } catch (const soci::soci_error& e) {
        const std::string_view conflict = classify_(e);
        if (conflict.empty()) throw;
        return domain::MakeError(domain::ErrorCode::kConflict, std::string(conflict));
    }
    return domain::Ok();
}

void SociTx::UpdatePasswordHash(long long owner_id, const std::string& password_hash) {
    sql_ << "UPDATE owners SET password_hash = :h WHERE id = :id", soci::use(password_hash),
        soci::use(owner_id);
}

Status SociTx::InsertVehicle(const std::string& vehicle_number, long long owner_id,
                             long long vehicle_type_id) {
    try {
        sql_ << "INSERT INTO vehicles (vehicle_number, owner_id, vehicle_type_id) "
                "VALUES (:n, :o, :t)",
            soci::use(vehicle_number), soci::use(owner_id), soci::use(vehicle_type_id);
    } catch (const soci::soci_error& e) {
        const std::string_view conflict = classify_(e);
        if (conflict.empty()) throw;
        return domain::MakeError(domain::ErrorCode::kConflict, std::string(conflict));
    }
    return domain::Ok();
}

void SociTx::DeleteVehicle(const std::string& vehicle_number) {
    sql_ << "DELETE FROM vehicles WHERE vehicle_number = :n", soci::use(vehicle_number);
}

Result<long long> SociTx::InsertRecord(const NewRecord& record) {
    const long long entry = Seconds(record.entry);
    const long long owner = record.owner_id.value_or(0);
    soci::indicator owner_ind = record.owner_id ? soci::i_ok : soci::i_null;
    long long id = 0;
    try {
        sql_
            << "INSERT INTO records (vehicle_number, slot_id, vehicle_type_id, owner_id, entry_at) "
               "VALUES (:n, :s, :t, :o, :e) RETURNING id",
            soci::use(record.vehicle_number), soci::use(record.slot_id),
            soci::use(record.vehicle_type_id), soci::use(owner, owner_ind), soci::use(entry),
            soci::into(id);
    } catch (const soci::soci_error& e) {
        const std::string_view conflict = classify_(e);
        if (conflict.empty()) throw;
        return domain::MakeError(domain::ErrorCode::kConflict, std::string(conflict));
    }
    return id;
}

bool SociTx::CloseRecord(long long record_id, Instant exit, const domain::Bill& bill) {
    const long long exit_at = Seconds(exit);
    const long long amount = bill.amount_cents;
    const long long hours = bill.billed_hours;
    soci::statement st =
        (sql_.prepare << "UPDATE records SET exit_at = :x, amount_cents = :a, billed_hours = :h "
                         "WHERE id = :id AND exit_at IS NULL",
         soci::use(exit_at), soci::use(amount), soci::use(hours), soci::use(record_id));
    st.execute(true);
    return st.get_affected_rows() > 0;
}

Result<long long> SociTx::InsertReservation(const NewReservation& r) {
    const long long start = Seconds(r.window.start), end = Seconds(r.window.end);
    const long long created = Seconds(r.created_at);
    const long long amount = r.bill.amount_cents, hours = r.bill.billed_hours;
    long long id = 0;
    try {
        sql_ << "INSERT INTO reservations (vehicle_number, slot_id, vehicle_type_id, owner_id, "
                "start_at, end_at, amount_cents, billed_hours, created_at) "
                "VALUES (:n, :s, :t, :o, :b, :e, :a, :h, :c) RETURNING id",
            soci::use(r.vehicle_number), soci::use(r.slot_id), soci::use(r.vehicle_type_id),
            soci::use(r.owner_id), soci::use(start), soci::use(end), soci::use(amount),
            soci::use(hours), soci::use(created), soci::into(id);
    } catch (const soci::soci_error& e) {
        const std::string_view conflict = classify_(e);
        if (conflict.empty()) throw;
        return domain::MakeError(domain::ErrorCode::kConflict, std::string(conflict));
    }
    return id;
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
    sql_ << "DELETE FROM sessions WHERE token_hash = :h", soci::use(token_hash);
}

void SociTx::DeleteExpiredSessions(Instant now) {
    const long long n = Seconds(now);
    sql_ << "DELETE FROM sessions WHERE expires_at <= :n", soci::use(n);
}

void SociTx::DeleteOtherSessions(long long owner_id, const std::string& keep_token_hash) {
    sql_ << "DELETE FROM sessions WHERE owner_id = :o AND token_hash <> :h", soci::use(owner_id),
        soci::use(keep_token_hash);
}

void SociTx::Audit(std::optional<long long> owner_id, const std::string& action,
                   const std::string& detail, Instant now) {
    const long long owner = owner_id.value_or(0);
    soci::indicator owner_ind = owner_id ? soci::i_ok : soci::i_null;
    const long long at = Seconds(now);
    sql_ << "INSERT INTO audit_log (at, owner_id, action, detail) VALUES (:t, :o, :a, :d)",
        soci::use(at), soci::use(owner, owner_ind), soci::use(action), soci::use(detail);
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
