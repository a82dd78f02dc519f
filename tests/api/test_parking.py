"""/assign, /release and /reservations/preview."""

import re
import time
from datetime import timedelta

from conftest import (REGULAR_SLOTS, SLOT_TYPES, add_vehicle, assign, assigned_slot, check_invariants,
                      current_minute, day_at, db_query, expect_error, expect_ok, fmt_list, from_epoch,
                      local_now, next_dst_days, plate, records_of, reserve, slots_by_number)

LIST_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def open_record(client, number):
    recs = [r for r in records_of(client, number) if r["exit_time"] == "Still parked"]
    assert len(recs) == 1, recs
    return recs[0]


# ---------------------------------------------------------------- assign
def test_guest_assigns_explicit_slot(server):
    g = server.guest()
    n = plate("G")
    body = expect_ok(assign(g, n, "C3"))
    assert body["message"] == f"{n} assigned to slot C3."
    assert slots_by_number(g)["C3"]["is_occupied"] is True
    rec = open_record(g, n)
    assert rec["slot_number"] == "C3" and rec["vehicle_type"] == "Car" and rec["amount"] is None
    assert rec["booking_type"] == "Walk-in"


def test_assign_normalises_vehicle_and_slot_numbers(server):
    g = server.guest()
    n = plate("N")
    body = expect_ok(assign(g, f"  {n.lower()} ", " c4 "))
    assert body["message"] == f"{n} assigned to slot C4."
    assert open_record(g, n)["slot_number"] == "C4"


def test_assign_without_type_uses_type_1(server):
    g = server.guest()
    n = plate("B")
    assigned_slot(assign(g, n, type_id=None), n)
    assert open_record(g, n)["vehicle_type"] == "Bicycle"


def test_assign_accepts_digit_string_type(server):
    g = server.guest()
    n = plate("D")
    assigned_slot(g.post("/assign", json={"vehicle_number": n, "vehicle_type_id": "6"}), n)
    assert open_record(g, n)["vehicle_type"] == "Bus"


def test_assign_missing_vehicle_number(server):
    g = server.guest()
    for body in ({}, {"vehicle_number": ""}, {"vehicle_number": "   "}, {"slot_number": "C9"}):
        expect_error(g.post("/assign", json=body), 400, "Vehicle number required.")


def test_guest_cannot_park_a_registered_vehicle(server):
    o = server.owner()
    n = add_vehicle(o)
    g = server.guest()
    expect_error(assign(g, n), 403, f"{n} is registered to an owner account. Please log in to park it.")
    expect_error(assign(g, n.lower()), 403, f"{n} is registered to an owner account. Please log in to park it.")
    assert records_of(g, n) == []


def test_owner_must_register_and_own_the_vehicle(server):
    o = server.owner()
    other = server.owner()
    theirs = add_vehicle(other)
    unregistered = plate("U")
    expect_error(assign(o, unregistered), 400, f"{unregistered} is not registered. Add it in My Vehicles first.")
    expect_error(assign(o, theirs), 403, f"{theirs} belongs to another owner.")
    assert records_of(o, theirs) == [] and records_of(o, unregistered) == []


def test_owner_parks_with_registered_type(server):
    o = server.owner()
    n = add_vehicle(o, type_id=5)
    assigned_slot(assign(o, n, type_id=1), n)
    assert open_record(o, n)["vehicle_type"] == "Truck"
    body = expect_ok(o.post("/release", json={"vehicle_number": n}))
    assert body["amount"] in (0, 4.0)


def test_assign_invalid_type_and_slot(server):
    g = server.guest()
    n = plate("I")
    expect_error(assign(g, n, type_id=99), 400, "Invalid vehicle type.")
    expect_error(assign(g, n, "Z99"), 400, "Slot Z99 does not exist.")
    expect_error(assign(g, n, "a99"), 400, "Slot A99 does not exist.")
    assert records_of(g, n) == []


def test_assign_already_parked_and_slot_occupied(server):
    g = server.guest()
    n1, n2 = plate("P"), plate("P")
    expect_ok(assign(g, n1, "C10"))
    expect_error(assign(g, n1, "C11"), 400, f"{n1} is already parked.")
    expect_error(assign(g, n1), 400, f"{n1} is already parked.")
    expect_error(assign(g, n2, "C10"), 400, "Slot C10 is already occupied.")
    assert records_of(g, n2) == []
    assert len(records_of(g, n1)) == 1


def test_assign_to_slot_with_active_reservation(server):
    o = server.owner()
    v = add_vehicle(o)
    start = current_minute()
    expect_ok(reserve(o, v, "C12", start, start + timedelta(hours=1)))
    g = server.guest()
    n = plate("R")
    expect_error(assign(g, n, "C12"), 409, "Slot C12 has an active reservation right now.")
    assert records_of(g, n) == []
    # Without a slot it is parked elsewhere, never on C12.
    assert assigned_slot(assign(g, n), n) != "C12"


def test_parking_state_is_consistent(server):
    check_invariants(server)


# ---------------------------------------------------------------- release
def test_release_bills_started_hours(server):
    g = server.guest()
    n = plate("L")
    slot = assigned_slot(assign(g, n, "D3", type_id=3), n)
    time.sleep(1.2)
    body = expect_ok(g.post("/release", json={"vehicle_number": f" {n.lower()} "}))
    assert body["message"] == f"{n} released from slot {slot}."
    assert body["billed_hours"] == 1
    assert body["amount"] == 3.0
    assert LIST_TIME.fullmatch(body["entry_time"]) and LIST_TIME.fullmatch(body["exit_time"]), body
    (entry_at, exit_at, cents, hours), = db_query(
        server, "SELECT entry_at, exit_at, amount_cents, billed_hours FROM records WHERE vehicle_number = ?", (n,))
    assert exit_at > entry_at and cents == 300 and hours == 1
    assert body["entry_time"] == fmt_list(from_epoch(entry_at))
    assert body["exit_time"] == fmt_list(from_epoch(exit_at))
    assert abs((local_now() - from_epoch(exit_at)).total_seconds()) < 120
    assert slots_by_number(g)[slot]["is_occupied"] is False
    rec = records_of(g, n)[0]
    assert rec["exit_time"] == body["exit_time"] and rec["amount"] == 3.0


def test_release_after_zero_seconds_bills_nothing(server):
    g = server.guest()
    saw_zero = False
    for _ in range(5):
        n = plate("Z")
        # Start right after a second boundary so entry and exit share the second.
        time.sleep(1.0 - (time.time() % 1.0) + 0.01)
        expect_ok(assign(g, n, type_id=5))
        body = expect_ok(g.post("/release", json={"vehicle_number": n}))
        (entry_at, exit_at), = db_query(server, "SELECT entry_at, exit_at FROM records WHERE vehicle_number = ?",
                                        (n,))
        if exit_at == entry_at:
            saw_zero = True
            assert body["billed_hours"] == 0 and body["amount"] == 0, body
            break
        assert body["billed_hours"] == 1 and body["amount"] == 4.0, body
    assert saw_zero, "never managed a release within the same second as the assign"


def test_release_errors(server):
    g = server.guest()
    for body in ({}, {"vehicle_number": ""}, {"vehicle_number": "  "}):
        expect_error(g.post("/release", json=body), 400, "Vehicle number required.")
    n = plate("NF")
    expect_error(g.post("/release", json={"vehicle_number": n}), 404, f"{n} not found in active records.")
    expect_error(g.post("/release", json={"vehicle_number": n.lower()}), 404, f"{n} not found in active records.")


def test_release_ownership(server):
    o = server.owner()
    n = add_vehicle(o)
    slot = assigned_slot(assign(o, n), n)
    g = server.guest()
    expect_error(g.post("/release", json={"vehicle_number": n}), 403)
    other = server.owner()
    expect_error(other.post("/release", json={"vehicle_number": n}), 403, f"{n} belongs to another owner.")
    assert slots_by_number(o)[slot]["is_occupied"] is True
    body = expect_ok(o.post("/release", json={"vehicle_number": n}))
    assert body["message"] == f"{n} released from slot {slot}."
    expect_error(o.post("/release", json={"vehicle_number": n}), 404, f"{n} not found in active records.")


def test_release_then_park_again(server):
    g = server.guest()
    n = plate("AG")
    expect_ok(assign(g, n, "D5"))
    expect_ok(g.post("/release", json={"vehicle_number": n}))
    expect_ok(assign(g, n, "D5"))
    assert len(records_of(g, n)) == 2
    check_invariants(server)


# ---------------------------------------------------------------- preview
def preview(client, entry, exit_, type_id=3):
    body = {"entry_time": entry, "exit_time": exit_}
    if type_id is not None:
        body["vehicle_type_id"] = type_id
    return client.post("/reservations/preview", json=body)


def test_preview_needs_no_session(anon):
    body = expect_ok(preview(anon, "2031-05-04T10:00", "2031-05-04T12:30"))
    assert body["hours"] == 2 and body["minutes"] == 30
    assert body["billed_hours"] == 3
    assert body["hourly_rate"] == 3.0
    assert body["amount"] == 9.0


def test_preview_rates_and_default_type(anon):
    assert expect_ok(preview(anon, "2031-05-04T10:00", "2031-05-04T11:00", None))["amount"] == 1.0
    assert expect_ok(preview(anon, "2031-05-04T10:00", "2031-05-04T11:00", None))["hourly_rate"] == 1.0
    for type_id, rate in ((1, 1.0), (2, 2.0), (3, 3.0), (4, 3.0), (5, 4.0), (6, 4.0)):
        body = expect_ok(preview(anon, "2031-05-04T10:00", "2031-05-04T11:01", type_id))
        assert body["billed_hours"] == 2 and body["hourly_rate"] == rate and body["amount"] == 2 * rate
        assert body["hours"] == 1 and body["minutes"] == 1
    body = expect_ok(preview(anon, "2031-05-04T10:00", "2031-05-04T10:01", "2"))
    assert body["billed_hours"] == 1 and body["amount"] == 2.0 and body["hours"] == 0 and body["minutes"] == 1
    body = expect_ok(preview(anon, "2031-05-04T10:00:00", "2031-05-06T10:00:00", 3))
    assert body["billed_hours"] == 48 and body["hours"] == 48 and body["amount"] == 144.0


def test_preview_rejects(anon):
    expect_error(preview(anon, "2031-05-04T10:00", "2031-05-04T11:00", 99), 400, "Invalid vehicle type.")
    expect_error(preview(anon, "2031-05-04T10:00", "2031-05-04T10:00"), 400, "Exit must be after entry.")
    expect_error(preview(anon, "2031-05-04T10:00", "2031-05-04T09:00"), 400, "Exit must be after entry.")
    for bad in ("tomorrow", "2031-13-01T10:00", "2031-02-30T10:00", "2031-05-04T25:00", "2031-05-04",
                "2031-05-04T10", "10:00", "2031/05/04T10:00", "2031-05-04T10:00Z", "2031-05-04T10:00:00.5"):
        expect_error(preview(anon, bad, "2031-05-04T12:00"), 400,
                     "Invalid datetime format. Use YYYY-MM-DDTHH:MM")
        expect_error(preview(anon, "2031-05-04T09:00", bad), 400,
                     "Invalid datetime format. Use YYYY-MM-DDTHH:MM")
    expect_error(preview(anon, "", "2031-05-04T12:00"), 400)
    expect_error(anon.post("/reservations/preview", json={"exit_time": "2031-05-04T12:00"}), 400)


def test_preview_across_dst_changes(anon):
    spring, fall = next_dst_days()
    s = spring.isoformat()
    body = expect_ok(preview(anon, f"{s}T01:30", f"{s}T03:30"))
    assert (body["hours"], body["minutes"], body["billed_hours"], body["amount"]) == (1, 0, 1, 3.0)
    f = fall.isoformat()
    body = expect_ok(preview(anon, f"{f}T01:30", f"{f}T03:30"))
    assert (body["hours"], body["minutes"], body["billed_hours"], body["amount"]) == (3, 0, 3, 9.0)


def test_preview_nonexistent_wall_time(anon):
    spring, _ = next_dst_days()
    r = preview(anon, f"{spring.isoformat()}T02:30", f"{spring.isoformat()}T05:00")
    err = expect_error(r, 400)
    assert "time zone" in err.lower() or "europe/berlin" in err.lower(), err


# ---------------------------------------------------------------- slot choice (own servers)
def test_auto_pick_order(server_factory):
    srv = server_factory()
    g = srv.guest()
    o = srv.owner()
    now_res, soon, late = add_vehicle(o), add_vehicle(o), add_vehicle(o)
    start = current_minute()
    # A2 has a reservation covering now; B2 and B3 have upcoming ones (B3's starts later).
    expect_ok(reserve(o, now_res, "A2", start, start + timedelta(hours=2)))
    expect_ok(reserve(o, soon, "B2", day_at(1, 10), day_at(1, 11)))
    expect_ok(reserve(o, late, "B3", day_at(1, 15), day_at(1, 16)))

    expected = [s for s in REGULAR_SLOTS if s not in ("A2", "B2", "B3")] + ["B3", "B2"]
    assert expected[:4] == ["A3", "A4", "A13", "A14"]
    picked = []
    for i in range(len(expected)):
        n = f"AP{i:03d}"
        picked.append(assigned_slot(assign(g, n), n))
    assert picked == expected

    # Only EV and Handicapped slots are left (A2 is reserved right now).
    rest = []
    for i in range(30):
        n = f"SP{i:03d}"
        rest.append(assigned_slot(assign(g, n), n))
    assert all(SLOT_TYPES[s] != "Regular" for s in rest), rest
    assert len(set(rest)) == 30
    expect_error(assign(g, "FULL001"), 400, "No free slots available.")
    slots = slots_by_number(g)
    assert slots["A2"]["is_occupied"] is False and slots["A2"]["is_reserved"] is True
    assert sum(1 for s in slots.values() if s["is_occupied"]) == 123
    check_invariants(srv)


def test_first_pick_in_empty_lot_is_a2(server_factory):
    srv = server_factory()
    g = srv.guest()
    assert assigned_slot(assign(g, "FIRST1"), "FIRST1") == "A2"
    assert assigned_slot(assign(g, "FIRST2"), "FIRST2") == "A3"
    expect_ok(g.post("/release", json={"vehicle_number": "FIRST1"}))
    assert assigned_slot(assign(g, "FIRST3"), "FIRST3") == "A2"
