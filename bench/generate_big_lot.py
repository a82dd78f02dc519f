#!/usr/bin/env python3
"""Fills a fresh SQLite database with a big lot for the benchmark.

    bench/generate_big_lot.py DB_PATH [--dockpoint BIN] [--scale 1.0] [--seed 1]

At scale 1: 10,000 slots, 1,000,000 closed walk-in records, 100,000
reservations (half of them over, a few running now, the rest within the next
60 days), 10,000 registered vehicles of 901 owners (one of them a fleet of
1,000 vehicles) and about 3,000 vehicles parked right now.

The schema comes from the server itself (`dockpoint migrate`, which also
seeds the 124 default slots and the vehicle types); everything else is
inserted here in one transaction with executemany. The data obeys the
schema's CHECK constraints and triggers (which stay on and check it): closed
records carry exit_at, billed_hours = ceil(seconds / 3600) and amount_cents =
billed_hours x rate; reservations never overlap per slot nor per vehicle; no
walk-in starts inside a reservation of its slot; no parked vehicle is due for
auto-release (so reads stay reads).

Prints one JSON line: counts, the time taken, and the session token of the
fleet owner (a session row is inserted for it, so the benchmark can call
/owner/records without hashing a password).
"""

import argparse
import hashlib
import json
import math
import os
import random
import secrets
import sqlite3
import subprocess
import sys
import time

HOUR = 3600
DAY = 24 * HOUR


def row_labels(count, taken):
    """H, I, ..., Z, AA, AB, ...: labels not used by the seeded rows."""
    labels = []
    n = 0
    while len(labels) < count:
        n += 1
        k, label = n, ""
        while k > 0:
            k, r = divmod(k - 1, 26)
            label = chr(ord("A") + r) + label
        if label not in taken:
            labels.append(label)
    return labels


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db_path")
    parser.add_argument("--dockpoint", default=os.path.join(here, "..", "build", "release", "dockpoint"),
                        help="the server binary, used for `dockpoint migrate` (default: build/release/dockpoint)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="fraction of the full size (slots, records, reservations, vehicles)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    started = time.monotonic()
    path = os.path.abspath(args.db_path)
    if os.path.exists(path):
        sys.exit(f"{path} exists; the generator wants a fresh database")
    subprocess.run([args.dockpoint, "migrate", "--database", "sqlite://" + path, "--log-level", "warn"],
                   check=True, stdout=subprocess.DEVNULL)

    rng = random.Random(args.seed)
    now = int(time.time())
    n_slots = max(200, int(10_000 * args.scale))
    records_per_slot = 100
    reservations_per_slot = 10
    fleet_size = n_slots // 10  # the fleet owner's vehicles: one per slot of the first tenth
    vehicles_per_owner = 10

    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA synchronous = OFF")  # a generator, not the server: crash = start over
    db.execute("PRAGMA cache_size = -200000")
    db.execute("BEGIN IMMEDIATE")

    rates = dict(db.execute("SELECT id, hourly_rate_cents FROM vehicle_types"))
    type_ids = sorted(rates)
    slot_type = {name: i for i, name in db.execute("SELECT id, name FROM slot_types")}
    seeded = db.execute("SELECT id, row_label FROM slots ORDER BY id").fetchall()
    slot_ids = [i for i, _ in seeded]

    # Slots: the seeded 124 plus rows of 100 columns up to n_slots.
    new_slots = []
    next_id = max(slot_ids) + 1
    missing = n_slots - len(slot_ids)
    labels = row_labels(math.ceil(missing / 100), {label for _, label in seeded})
    for r, label in enumerate(labels):
        for column in range(1, 101):
            if len(new_slots) == missing:
                break
            if column in (1, 100):
                kind = "Handicapped"
            elif r % 4 == 0 and 5 <= column <= 12:
                kind = "EV"
            else:
                kind = "Regular"
            new_slots.append((next_id, f"{label}{column}", slot_type[kind], label, column))
            slot_ids.append(next_id)
            next_id += 1
    db.executemany("INSERT INTO slots (id, slot_number, slot_type_id, row_label, column_index) "
                   "VALUES (?, ?, ?, ?, ?)", new_slots)

    # Owners and their vehicles: vehicle s belongs with slot s (it is the one that
    # reserves that slot and parks there), so its stays and bookings never overlap.
    first_owner = 1
    n_owners = 1 + math.ceil((n_slots - fleet_size) / vehicles_per_owner)
    owners = []
    for o in range(n_owners):
        oid = first_owner + o
        name = "Fleet Co" if o == 0 else f"Owner {o}"
        owners.append((oid, name, f"bench-owner-{o}@example.com", f"+1 555 {o:07d}",
                       "!unusable", now - 500 * DAY))
    db.executemany("INSERT INTO owners (id, owner_name, email, phone_number, password_hash, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)", owners)
    fleet_owner = first_owner

    def owner_of(s):
        return fleet_owner if s < fleet_size else first_owner + 1 + (s - fleet_size) // vehicles_per_owner

    vehicles = []
    vehicle_type = []
    for s in range(n_slots):
        t = rng.choice(type_ids)
        vehicle_type.append(t)
        vehicles.append((f"V{s:06d}", owner_of(s), t))
    db.executemany("INSERT INTO vehicles (vehicle_number, owner_id, vehicle_type_id) VALUES (?, ?, ?)",
                   vehicles)

    def bill(start, end, type_id):
        hours = max(0, math.ceil((end - start) / HOUR))
        return hours * rates[type_id], hours

    # Reservations first, so that the records trigger checks the walk-ins against them.
    # Per slot: one every 9 days from 30 days ago, 1-8 hours long, shifted per slot.
    reservations = []
    covering_now = {}
    for s, sid in enumerate(slot_ids):
        shift = (s * 7919) % (8 * 24) * HOUR
        t = vehicle_type[s]
        for j in range(reservations_per_slot):
            start = now - 30 * DAY + j * 9 * DAY + shift
            start -= start % 60
            end = start + rng.randint(1, 8) * HOUR
            amount, hours = bill(start, end, t)
            reservations.append((vehicles[s][0], sid, t, owner_of(s), start, end, amount, hours,
                                 start - rng.randint(1, 20) * DAY))
            if start <= now < end or (start <= now and end > now - 6 * HOUR):
                covering_now[sid] = (start, end)
    reservations.sort(key=lambda r: r[8])  # ids in booking order
    db.executemany("INSERT INTO reservations (vehicle_number, slot_id, vehicle_type_id, owner_id, start_at, "
                   "end_at, amount_cents, billed_hours, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   reservations)

    # Closed walk-ins: 100 per slot between 400 and 31 days ago (before any
    # reservation); a quarter by the slot's registered vehicle and owner, the
    # rest by guests with vehicles of their own.
    records = []
    span_start, span_end = now - 400 * DAY, now - 31 * DAY
    guest_number = 0
    for s, sid in enumerate(slot_ids):
        starts = sorted(rng.randrange(span_start, span_end) for _ in range(records_per_slot))
        starts.append(span_end)
        for i in range(records_per_slot):
            entry = starts[i]
            room = max(0, starts[i + 1] - entry - 60)
            exit_ = entry + min(room, rng.randint(5 * 60, 12 * HOUR))
            if rng.random() < 0.25:
                number, owner, t = vehicles[s][0], owner_of(s), vehicle_type[s]
            else:
                guest_number += 1
                number, owner, t = f"G{guest_number:08d}", None, rng.choice(type_ids)
            amount, hours = bill(entry, exit_, t)
            records.append((number, sid, t, owner, entry, exit_, amount, hours))
    records.sort(key=lambda r: r[4])  # ids in time order, as the server would have made them
    db.executemany("INSERT INTO records (vehicle_number, slot_id, vehicle_type_id, owner_id, entry_at, "
                   "exit_at, amount_cents, billed_hours) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", records)

    # Parked right now: about 30% of the slots with no reservation that began
    # during the last 6 hours (those would be auto-released at once).
    parked = []
    for s, sid in enumerate(slot_ids):
        if sid in covering_now or rng.random() >= 0.3:
            continue
        parked.append((f"P{s:07d}", sid, rng.choice(type_ids), now - rng.randint(5 * 60, 6 * HOUR)))
    db.executemany("INSERT INTO records (vehicle_number, slot_id, vehicle_type_id, entry_at) "
                   "VALUES (?, ?, ?, ?)", parked)

    token = secrets.token_hex(32)
    db.execute("INSERT INTO sessions (token_hash, owner_id, is_guest, created_at, expires_at) "
               "VALUES (?, ?, 0, ?, ?)",
               (hashlib.sha256(token.encode()).hexdigest(), fleet_owner, now, now + 30 * DAY))
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    fleet_history = db.execute(
        "SELECT (SELECT COUNT(*) FROM records WHERE owner_id = ?) + "
        "(SELECT COUNT(*) FROM reservations WHERE owner_id = ?)", (fleet_owner, fleet_owner)).fetchone()[0]
    db.close()

    print(json.dumps({
        "db": path,
        "slots": len(slot_ids),
        "closed_records": len(records),
        "parked": len(parked),
        "reservations": len(reservations),
        "owners": len(owners),
        "vehicles": len(vehicles),
        "history_rows": len(records) + len(parked) + len(reservations),
        "fleet_owner_history_rows": fleet_history,
        "owner_session_token": token,
        "bytes": os.path.getsize(path),
        "seconds": round(time.monotonic() - started, 1),
    }))


if __name__ == "__main__":
    main()
