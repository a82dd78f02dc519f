#pragma once
// The store interface: what the application services may ask of a database.
// Implementations (sqlite_store.cpp; later postgresql) turn driver errors into
// domain Errors at this boundary — a unique or overlap violation becomes
// ErrorCode::kConflict — so nothing above sees a driver exception.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/billing.hpp"
#include "domain/clock.hpp"
#include "domain/result.hpp"
#include "domain/slot_choice.hpp"
#include "domain/time_window.hpp"
#include "domain/validation.hpp"

namespace dockpoint::store {

using domain::Cents;
using domain::Instant;
using domain::Result;
using domain::Status;

struct VehicleTypeRow {
    long long id = 0;
    std::string type_name;
    Cents hourly_rate_cents = 0;
};

struct SlotRow {
    long long id = 0;
    std::string slot_number;
    domain::SlotType type = domain::SlotType::kRegular;
};

struct SlotStateRow {
    long long id = 0;
    std::string slot_number;
    domain::SlotType type = domain::SlotType::kRegular;
    bool occupied = false;
    bool reserved_now = false;
    std::optional<Instant> next_start;  // earliest reservation not yet ended
    std::optional<Instant> next_end;
};

struct OwnerRow {
    long long id = 0;
    std::string owner_name;
    std::optional<std::string> email;
    std::optional<std::string> phone_number;
    std::string password_hash;
};

struct VehicleRow {
    std::string vehicle_number;
    long long owner_id = 0;
    long long vehicle_type_id = 0;
    std::string type_name;
    Cents hourly_rate_cents = 0;
};

struct OpenRecordRow {
    long long id = 0;
    std::string vehicle_number;
    long long slot_id = 0;
    std::string slot_number;
    long long vehicle_type_id = 0;
    std::string vehicle_type;
    Cents hourly_rate_cents = 0;
    std::optional<long long> owner_id;
    Instant entry;
};

struct NewRecord {
    std::string vehicle_number;
    long long slot_id = 0;
    long long vehicle_type_id = 0;
    std::optional<long long> owner_id;
    Instant entry;
};

struct NewReservation {
    std::string vehicle_number;
    long long slot_id = 0;
    long long vehicle_type_id = 0;
    long long owner_id = 0;
    domain::TimeWindow window;
    domain::Bill bill;
    Instant created_at;
};

enum class BookingKind { kWalkIn, kReservation };

struct HistoryRow {
    BookingKind kind = BookingKind::kWalkIn;
    long long id = 0;
    std::string vehicle_number;
    std::string slot_number;
    std::string vehicle_type;
    Instant entry;
    std::optional<Instant> exit;
    std::optional<Cents> amount_cents;
};

// A place in the history's order (entry time, then id, then reservations
// before walk-ins, all newest first): the row a page continues after.
struct HistoryCursor {
    Instant entry;
    long long id = 0;
    BookingKind kind = BookingKind::kWalkIn;
};

struct HistoryQuery {
    std::optional<long long> owner_id;    // only this owner's bookings
    std::optional<HistoryCursor> before;  // only rows after this one in the order
    long long limit = -1;                 // -1: all
    long long offset = 0;                 // rows skipped (after `before`)
};

struct SessionRow {
    std::optional<long long> owner_id;  // empty for a guest
    std::string owner_name;
    Instant expires_at;
};

// An open walk-in whose slot has a reservation that has begun.
struct DueRelease {
    long long record_id = 0;
    std::string vehicle_number;
    std::string slot_number;
    long long slot_id = 0;
    Instant entry;
    Instant reservation_start;
    Cents hourly_rate_cents = 0;
};

class ReadTx {
public:
    virtual ~ReadTx() = default;

    virtual std::vector<VehicleTypeRow> ListVehicleTypes() = 0;
    virtual std::optional<VehicleTypeRow> FindVehicleType(long long id) = 0;
    virtual std::optional<SlotRow> FindSlot(const std::string& slot_number) = 0;
    virtual std::vector<SlotStateRow> ListSlotStates(Instant now) = 0;
    // Only the slots a walk-in could take now: not occupied, not reserved now.
    virtual std::vector<SlotStateRow> ListFreeSlots(Instant now) = 0;
    virtual bool SlotOccupied(long long slot_id) = 0;
    virtual bool SlotReservedAt(long long slot_id, Instant t) = 0;

    virtual std::optional<OwnerRow> FindOwner(long long owner_id) = 0;
    virtual std::optional<OwnerRow> FindOwnerByIdentifier(const std::string& identifier) = 0;
    virtual bool EmailTaken(const std::string& email, std::optional<long long> except_owner) = 0;
    virtual bool PhoneTaken(const std::string& phone, std::optional<long long> except_owner) = 0;

    virtual std::optional<VehicleRow> FindVehicle(const std::string& vehicle_number) = 0;
    virtual std::vector<VehicleRow> ListOwnerVehicles(long long owner_id) = 0;

    virtual std::optional<OpenRecordRow> FindOpenRecord(const std::string& vehicle_number) = 0;
    virtual bool SlotHasOverlappingReservation(long long slot_id, const domain::TimeWindow& w) = 0;
    virtual bool VehicleHasOverlappingReservation(const std::string& vehicle_number,
                                                  const domain::TimeWindow& w) = 0;
    virtual bool VehicleHasUnfinishedReservation(const std::string& vehicle_number,
                                                 Instant now) = 0;
    virtual std::vector<HistoryRow> ListHistory(const HistoryQuery& query) = 0;
    // The same page with only kind, id and entry filled in (the keys, read
    // from the indexes alone), and one of its rows whole: for callers that
    // already hold most rows of a page.
    virtual std::vector<HistoryRow> ListHistoryKeys(const HistoryQuery& query) = 0;
    virtual std::optional<HistoryRow> FindHistoryRow(BookingKind kind, long long id) = 0;

    virtual std::optional<SessionRow> FindSession(const std::string& token_hash, Instant now) = 0;
    virtual std::vector<DueRelease> ListDueReleases(Instant now) = 0;
    // The earliest start of a reservation that will release a parked walk-in
    // (the moment the next DueRelease appears); nullopt when none will.
    virtual std::optional<Instant> FirstReleaseDue() = 0;
};

// Databases that let several writers run at once (PostgreSQL) need row locks
// where a rule reads before it writes; on SQLite, where writers are already
// serialised, these always succeed at once.
class SlotLocks {
public:
    virtual ~SlotLocks() = default;
    // Waits for the slot's row lock (held until the transaction ends).
    virtual void LockSlot(long long slot_id) = 0;
    // Takes the slot's row lock only if nobody holds it (FOR UPDATE SKIP LOCKED),
    // so parallel walk-ins spread over free slots instead of queueing on one.
    virtual bool TryLockSlot(long long slot_id) = 0;
    // True for the one transaction (across all servers) that may run the named
    // background job now; the claim ends with the transaction.
    virtual bool TryClaimJob(std::string_view job) = 0;
};

class WriteTx : public ReadTx, public SlotLocks {
public:
    // kConflict when the email or phone is taken.
    virtual Result<long long> InsertOwner(const domain::AccountFields& fields,
                                          const std::string& password_hash, Instant now) = 0;
    virtual Status UpdateOwner(long long owner_id, const domain::AccountFields& fields) = 0;
    virtual void UpdatePasswordHash(long long owner_id, const std::string& password_hash) = 0;

    // kConflict when the number is registered already.
    virtual Status InsertVehicle(const std::string& vehicle_number, long long owner_id,
                                 long long vehicle_type_id) = 0;
    virtual void DeleteVehicle(const std::string& vehicle_number) = 0;

    // kConflict with "slot" or "vehicle" in the message when an open record exists.
    virtual Result<long long> InsertRecord(const NewRecord& record) = 0;
    // The slot the record held; nullopt when it was closed already (by a
    // concurrent release).
    virtual std::optional<long long> CloseRecord(long long record_id, Instant exit,
                                                 const domain::Bill& bill) = 0;
    // kConflict when it overlaps a reservation of the slot or of the vehicle.
    virtual Result<long long> InsertReservation(const NewReservation& reservation) = 0;

    virtual void InsertSession(const std::string& token_hash, std::optional<long long> owner_id,
                               Instant now, Instant expires) = 0;
    virtual void DeleteSession(const std::string& token_hash) = 0;
    virtual void DeleteExpiredSessions(Instant now) = 0;
    // Ends the owner's sessions other than keep_token_hash (after a password change).
    virtual void DeleteOtherSessions(long long owner_id, const std::string& keep_token_hash) = 0;

    virtual void Audit(std::optional<long long> owner_id, const std::string& action,
                       const std::string& detail, Instant now) = 0;
};

// The message of a kConflict Error from the store: which constraint was hit.
inline constexpr std::string_view kSlotOccupiedConflict = "slot occupied";
inline constexpr std::string_view kVehicleParkedConflict = "vehicle parked";
inline constexpr std::string_view kSlotReservedConflict = "slot reserved";
inline constexpr std::string_view kSlotOverlapConflict = "slot overlap";
inline constexpr std::string_view kVehicleOverlapConflict = "vehicle overlap";
inline constexpr std::string_view kEmailTakenConflict = "email taken";
inline constexpr std::string_view kPhoneTakenConflict = "phone taken";
inline constexpr std::string_view kVehicleRegisteredConflict = "vehicle registered";

// What an in-memory copy of the data may depend on. A store that can tell
// (SQLite: this server is its one writer) counts, per topic, the commits that
// changed it; a copy is exact for as long as its topic's count stays the same.
enum class ChangeTopic : unsigned {
    kLot,            // slots, walk-in records, reservations
    kSessions,       // sessions ending, owners' names (which sessions carry)
    kVehicleTypes,   // the types and their rates (only other programs change them)
    kOtherPrograms,  // anything at all, written by another program (never by this server)
};
inline constexpr std::size_t kChangeTopicCount = 4;
using ChangeTopics = unsigned;  // a set: bit (1 << topic)
constexpr ChangeTopics TopicBit(ChangeTopic topic) { return 1U << static_cast<unsigned>(topic); }

// Work for a store's own writer thread (SqliteStore): `run` executes there,
// between the other commands of one group-commit batch, and every Write() it
// makes joins that batch's transaction. `done` runs afterwards on the writer
// thread with Ok when everything run wrote is durable (or it wrote nothing),
// and with the reason otherwise (the batch failed, or run never ran).
struct WriteCommand {
    std::function<void()> run;
    std::function<void(const Status& durable)> done;
};

class Store {
public:
    virtual ~Store() = default;
    // Runs fn in a read transaction (a consistent snapshot).
    virtual Status Read(const std::function<Status(ReadTx&)>& fn) = 0;
    // Runs fn in a write transaction: committed, durably, when fn returns Ok;
    // rolled back when it returns an Error (which Write returns). Inside a
    // WriteCommand it joins the command's batch instead and returns at once;
    // the batch commits before anything of the command is reported.
    virtual Status Write(const std::function<Status(WriteTx&)>& fn) = 0;

    // Whether the store has a writer thread of its own that takes commands
    // (SQLite); without one (PostgreSQL), run write work where blocking is fine.
    virtual bool TakesCommands() const { return false; }
    // Queues a command for the writer thread (only when TakesCommands()).
    virtual void Submit(WriteCommand command) {
        command.done(domain::MakeError(domain::ErrorCode::kInternal, "Internal server error."));
    }
    // Runs fn once what the calling command has written is durable: at once
    // outside a WriteCommand, after its batch commits inside one (never, if
    // the batch fails). Lot events are published this way.
    virtual void AfterCommit(std::function<void()> fn) { fn(); }
    // The earliest moment a parked walk-in can fall due for auto-release, as
    // far as committed data goes (Instant::max(): none can); nullopt when the
    // store cannot tell - then ask the database (ReadTx::FirstReleaseDue).
    virtual std::optional<Instant> ReleaseDueBound() const { return std::nullopt; }
    // The number of commits so far that changed the topic, counting any write
    // by another program as a change of every topic. nullopt when the store
    // cannot tell (PostgreSQL, where other servers write): keep no copies.
    virtual std::optional<std::uint64_t> ChangeCount(ChangeTopic topic) const {
        (void)topic;
        return std::nullopt;
    }
};

}  // namespace dockpoint::store
