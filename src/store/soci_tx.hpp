#pragma once
// The store's SQL, written once for SOCI. The SQL is kept portable between
// SQLite and PostgreSQL; dialect details (how to begin a write, how errors are
// classified) live in the per-backend store.
#include <soci/soci.h>

#include <functional>

#include "store/soci_connection.hpp"
#include "store/store.hpp"

namespace dockpoint::store {

// Classifies a driver error raised by a statement; returns the conflict kind
// (one of the k*Conflict strings) or empty when it is no constraint violation.
using ConflictClassifier = std::function<std::string_view(const soci::soci_error&)>;

enum class Dialect { kSqlite, kPostgresql };

class SociTx : public WriteTx {
public:
    SociTx(SociConnection& connection, Dialect dialect, ConflictClassifier classify)
        : connection_(connection),
          sql_(connection.sql()),
          dialect_(dialect),
          classify_(std::move(classify)) {}

    std::vector<VehicleTypeRow> ListVehicleTypes() override;
    std::optional<VehicleTypeRow> FindVehicleType(long long id) override;
    std::optional<SlotRow> FindSlot(const std::string& slot_number) override;
    std::vector<SlotStateRow> ListSlotStates(Instant now) override;
    std::vector<SlotStateRow> ListFreeSlots(Instant now) override;
    bool SlotOccupied(long long slot_id) override;
    bool SlotReservedAt(long long slot_id, Instant t) override;

    std::optional<OwnerRow> FindOwner(long long owner_id) override;
    std::optional<OwnerRow> FindOwnerByIdentifier(const std::string& identifier) override;
    bool EmailTaken(const std::string& email, std::optional<long long> except_owner) override;
    bool PhoneTaken(const std::string& phone, std::optional<long long> except_owner) override;

    std::optional<VehicleRow> FindVehicle(const std::string& vehicle_number) override;
    std::vector<VehicleRow> ListOwnerVehicles(long long owner_id) override;

    std::optional<OpenRecordRow> FindOpenRecord(const std::string& vehicle_number) override;
    bool SlotHasOverlappingReservation(long long slot_id, const domain::TimeWindow& w) override;
    bool VehicleHasOverlappingReservation(const std::string& vehicle_number,
                                          const domain::TimeWindow& w) override;
    bool VehicleHasUnfinishedReservation(const std::string& vehicle_number, Instant now) override;
    std::vector<HistoryRow> ListHistory(const HistoryQuery& query) override;
    std::vector<HistoryRow> ListHistoryKeys(const HistoryQuery& query) override;
    std::optional<HistoryRow> FindHistoryRow(BookingKind kind, long long id) override;

    std::optional<SessionRow> FindSession(const std::string& token_hash, Instant now) override;
    std::vector<DueRelease> ListDueReleases(Instant now) override;
    std::optional<Instant> FirstReleaseDue() override;

    Result<long long> InsertOwner(const domain::AccountFields& fields,
                                  const std::string& password_hash, Instant now) override;
    Status UpdateOwner(long long owner_id, const domain::AccountFields& fields) override;
    void UpdatePasswordHash(long long owner_id, const std::string& password_hash) override;
    Status InsertVehicle(const std::string& vehicle_number, long long owner_id,
                         long long vehicle_type_id) override;
    void DeleteVehicle(const std::string& vehicle_number) override;
    Result<long long> InsertRecord(const NewRecord& record) override;
    std::optional<long long> CloseRecord(long long record_id, Instant exit,
                                         const domain::Bill& bill) override;
    Result<long long> InsertReservation(const NewReservation& reservation) override;
    void InsertSession(const std::string& token_hash, std::optional<long long> owner_id,
                       Instant now, Instant expires) override;
    void DeleteSession(const std::string& token_hash) override;
    void DeleteExpiredSessions(Instant now) override;
    void DeleteOtherSessions(long long owner_id, const std::string& keep_token_hash) override;
    void Audit(std::optional<long long> owner_id, const std::string& action,
               const std::string& detail, Instant now) override;

    void LockSlot(long long slot_id) override;
    bool TryLockSlot(long long slot_id) override;
    bool TryClaimJob(std::string_view job) override;

    // The topics this transaction's writes changed (ChangeTopic), for a store
    // that counts changes.
    ChangeTopics changed() const { return changed_; }

protected:
    template <class Bound, class Bind>
    Prepared<Bound>& Statement(const char* sql_text, Bind&& bind) {
        return connection_.Statement<Bound>(sql_text, std::forward<Bind>(bind));
    }

private:
    std::vector<SlotStateRow> SlotStates(const char* sql_text, Instant now);
    // Runs an INSERT/UPDATE whose constraint violations are answers, not faults.
    template <class Run>
    Status Guarded(Run&& run);

    void Changed(ChangeTopic topic) { changed_ |= TopicBit(topic); }

    SociConnection& connection_;
    soci::session& sql_;
    Dialect dialect_;
    ConflictClassifier classify_;
    ChangeTopics changed_ = 0;
};

}  // namespace dockpoint::store
