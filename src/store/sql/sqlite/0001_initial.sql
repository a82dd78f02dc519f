-- dockpoint schema, version 1 (SQLite dialect).
-- Instants are INTEGER seconds since the Unix epoch (UTC); money is INTEGER cents.
-- The invariants live here, not only in code: partial unique indexes allow one
-- open record per slot and per vehicle, and triggers refuse overlapping
-- reservations of a slot or of a vehicle.

CREATE TABLE slot_types (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE slots (
    id           INTEGER PRIMARY KEY,
    slot_number  TEXT NOT NULL UNIQUE,
    slot_type_id INTEGER NOT NULL REFERENCES slot_types (id),
    row_label    TEXT NOT NULL,
    column_index INTEGER NOT NULL CHECK (column_index > 0)
);

CREATE TABLE vehicle_types (
    id                INTEGER PRIMARY KEY,
    type_name         TEXT NOT NULL UNIQUE,
    hourly_rate_cents INTEGER NOT NULL CHECK (hourly_rate_cents >= 0)
);

CREATE TABLE owners (
    id            INTEGER PRIMARY KEY,
    owner_name    TEXT NOT NULL,
    email         TEXT UNIQUE,
    phone_number  TEXT UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT 'owner' CHECK (role IN ('owner', 'operator', 'admin')),
    created_at    INTEGER NOT NULL,
    CHECK (email IS NOT NULL OR phone_number IS NOT NULL)
);

CREATE TABLE vehicles (
    vehicle_number  TEXT PRIMARY KEY,
    owner_id        INTEGER NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
    vehicle_type_id INTEGER NOT NULL REFERENCES vehicle_types (id)
);
CREATE INDEX vehicles_by_owner ON vehicles (owner_id, vehicle_number);

-- Walk-in sessions. owner_id is the account that parked (NULL for guests), kept
-- so an owner's history survives removing the vehicle from their list.
CREATE TABLE records (
    id              INTEGER PRIMARY KEY,
    vehicle_number  TEXT NOT NULL,
    slot_id         INTEGER NOT NULL REFERENCES slots (id),
    vehicle_type_id INTEGER NOT NULL REFERENCES vehicle_types (id),
    owner_id        INTEGER REFERENCES owners (id),
    entry_at        INTEGER NOT NULL,
    exit_at         INTEGER,
    amount_cents    INTEGER,
    billed_hours    INTEGER,
    CHECK ((exit_at IS NULL) = (amount_cents IS NULL)),
    CHECK ((exit_at IS NULL) = (billed_hours IS NULL)),
    CHECK (exit_at IS NULL OR exit_at >= entry_at),
    CHECK (amount_cents IS NULL OR amount_cents >= 0)
);
CREATE UNIQUE INDEX records_one_open_per_slot ON records (slot_id) WHERE exit_at IS NULL;
CREATE UNIQUE INDEX records_one_open_per_vehicle ON records (vehicle_number) WHERE exit_at IS NULL;
CREATE INDEX records_by_entry ON records (entry_at DESC, id DESC);
CREATE INDEX records_by_owner ON records (owner_id, entry_at DESC) WHERE owner_id IS NOT NULL;

CREATE TABLE reservations (
    id              INTEGER PRIMARY KEY,
    vehicle_number  TEXT NOT NULL,
    slot_id         INTEGER NOT NULL REFERENCES slots (id),
    vehicle_type_id INTEGER NOT NULL REFERENCES vehicle_types (id),
    owner_id        INTEGER NOT NULL REFERENCES owners (id),
    start_at        INTEGER NOT NULL,
    end_at          INTEGER NOT NULL,
    amount_cents    INTEGER NOT NULL CHECK (amount_cents >= 0),
    billed_hours    INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    CHECK (end_at > start_at)
);
CREATE INDEX reservations_by_slot ON reservations (slot_id, start_at);
CREATE INDEX reservations_by_vehicle ON reservations (vehicle_number, start_at);
CREATE INDEX reservations_by_entry ON reservations (start_at DESC, id DESC);
CREATE INDEX reservations_by_owner ON reservations (owner_id, start_at DESC);

CREATE TRIGGER reservations_no_slot_overlap
BEFORE INSERT ON reservations
WHEN EXISTS (SELECT 1 FROM reservations r
             WHERE r.slot_id = NEW.slot_id AND r.start_at < NEW.end_at AND r.end_at > NEW.start_at)
BEGIN
    SELECT RAISE(ABORT, 'reservation overlaps another reservation of the slot');
END;

CREATE TRIGGER reservations_no_vehicle_overlap
BEFORE INSERT ON reservations
WHEN EXISTS (SELECT 1 FROM reservations r
             WHERE r.vehicle_number = NEW.vehicle_number
               AND r.start_at < NEW.end_at AND r.end_at > NEW.start_at)
BEGIN
    SELECT RAISE(ABORT, 'reservation overlaps another reservation of the vehicle');
END;

-- Windows never move once booked; refusing updates keeps the overlap triggers sufficient.
CREATE TRIGGER reservations_window_is_fixed
BEFORE UPDATE OF slot_id, vehicle_number, start_at, end_at ON reservations
BEGIN
    SELECT RAISE(ABORT, 'reservation windows cannot be changed');
END;

-- A walk-in may not start on a slot whose reservation covers its entry.
CREATE TRIGGER records_not_on_reserved_slot
BEFORE INSERT ON records
WHEN EXISTS (SELECT 1 FROM reservations r
             WHERE r.slot_id = NEW.slot_id AND r.start_at <= NEW.entry_at AND r.end_at > NEW.entry_at)
BEGIN
    SELECT RAISE(ABORT, 'slot is reserved at the entry time');
END;

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    owner_id   INTEGER REFERENCES owners (id) ON DELETE CASCADE,
    is_guest   INTEGER NOT NULL CHECK (is_guest IN (0, 1)),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    CHECK ((owner_id IS NULL) = (is_guest = 1))
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,
    owner_id INTEGER,
    action   TEXT NOT NULL,
    detail   TEXT NOT NULL
);
