"""POST /reservations (owner only) and how reservations show in /slots."""

from datetime import timedelta

from conftest import (add_vehicle, check_invariants, current_minute, day_at, db_query, epoch, expect_error,
                      expect_ok, fmt_req, next_dst_days, plate, reserve, slots_by_number, wall)

BAD_TIME = "Invalid datetime format. Use YYYY-MM-DDTHH:MM"


def test_reservation_requires_owner(server):
    body = {"vehicle_number": "GUEST1", "slot_number": "E3", "entry_time": fmt_req(day_at(1, 10)),
            "exit_time": fmt_req(day_at(1, 11)), "vehicle_type_id": 3}
    expect_error(server.guest().post("/reservations", json=body), 401, "Login required.")
    expect_error(server.client().post("/reservations", json=body), 401, "Login required.")


def test_create_reservation(server):
    o = server.owner()
    n = add_vehicle(o)
    start, end = day_at(1, 10), day_at(1, 12)
    body = expect_ok(reserve(o, n.lower(), " e3 ", start, end))
    assert body["message"] == f"Reservation created for {n} at slot E3."
    assert body["amount"] == 6.0
    (s, e, cents, hours), = db_query(
        server, "SELECT start_at, end_at, amount_cents, billed_hours FROM reservations WHERE vehicle_number = ?",
        (n,))
    # The wall times are read in the lot's zone (Europe/Berlin).
    assert (s, e, cents, hours) == (epoch(start), epoch(end), 600, 2)


def test_reservation_bills_registered_type(server):
    o = server.owner()
    n = add_vehicle(o, type_id=5)  # Truck, 4.00/h
    body = expect_ok(reserve(o, n, "E4", day_at(1, 9), day_at(1, 11, 30), type_id=1))
    assert body["amount"] == 12.0
    n2 = add_vehicle(o, type_id=2)  # Motorcycle, 2.00/h
    body = expect_ok(reserve(o, n2, "E5", day_at(1, 9), day_at(1, 10), type_id=None))
    assert body["amount"] == 2.0


def test_reservation_validation(server):
    o = server.owner()
    n = add_vehicle(o)
    start, end = fmt_req(day_at(1, 10)), fmt_req(day_at(1, 11))

    def post(**fields):
        body = {"vehicle_number": n, "slot_number": "E6", "entry_time": start, "exit_time": end,
                "vehicle_type_id": 3}
        body.update(fields)
        return o.post("/reservations", json={k: v for k, v in body.items() if v is not None})

    expect_error(o.post("/reservations", json={"slot_number": "E6", "entry_time": start, "exit_time": end}),
                 400, "Vehicle number required.")
    expect_error(post(vehicle_number="  "), 400, "Vehicle number required.")
    expect_error(o.post("/reservations", json={"vehicle_number": n, "entry_time": start, "exit_time": end}),
                 400, "Slot number required.")
    expect_error(post(slot_number=""), 400, "Slot number required.")
    expect_error(post(entry_time="tomorrow"), 400, BAD_TIME)
    expect_error(post(exit_time="2031-02-30T10:00"), 400, BAD_TIME)
    expect_error(post(exit_time=start), 400, "Exit must be after entry.")
    expect_error(post(entry_time=end, exit_time=start), 400, "Exit must be after entry.")
    expect_error(post(entry_time=fmt_req(day_at(-1, 10)), exit_time=fmt_req(day_at(-1, 11))), 400,
                 "Entry time cannot be in the past.")
    before = current_minute() - timedelta(minutes=1)
    expect_error(post(entry_time=fmt_req(before), exit_time=fmt_req(before + timedelta(hours=1))), 400,
                 "Entry time cannot be in the past.")
    unregistered = plate("UR")
    expect_error(post(vehicle_number=unregistered), 400,
                 f"{unregistered} is not registered. Add it in My Vehicles first.")
    theirs = add_vehicle(server.owner())
    expect_error(post(vehicle_number=theirs), 403, f"{theirs} belongs to another owner.")
    expect_error(post(slot_number="Q1"), 400, "Slot Q1 does not exist.")
    expect_error(post(entry_time=fmt_req(day_at(1, 10)), exit_time=fmt_req(day_at(1 + 367, 10))), 400)
    assert db_query(server, "SELECT COUNT(*) FROM reservations WHERE vehicle_number IN (?, ?, ?)",
                    (n, unregistered, theirs)) == [(0,)]


def test_long_but_allowed_reservation(server):
    o = server.owner()
    n = add_vehicle(o, type_id=1)
    start, end = day_at(30, 10), day_at(60, 10)
    body = expect_ok(reserve(o, n, "F3", start, end))
    assert body["amount"] == (epoch(end) - epoch(start)) // 3600 * 1.0


def test_entry_in_current_minute_is_allowed(server):
    o = server.owner()
    n = add_vehicle(o)
    start = current_minute()
    body = expect_ok(reserve(o, n, "F4", start, start + timedelta(minutes=30)))
    assert body["amount"] == 3.0
    slot = slots_by_number(o)["F4"]
    assert slot["is_reserved"] is True
    assert slot["is_occupied"] is False
    assert slot["next_res_start"] == fmt_req(start)
    assert slot["next_res_end"] == fmt_req(start + timedelta(minutes=30))


def test_slot_overlap(server):
    a, b = server.owner(), server.owner()
    na, nb, nb2 = add_vehicle(a), add_vehicle(b), add_vehicle(b)
    expect_ok(reserve(a, na, "F5", day_at(1, 10), day_at(1, 12)))
    for s, e in ((day_at(1, 11), day_at(1, 13)), (day_at(1, 9), day_at(1, 10, 1)), (day_at(1, 10), day_at(1, 12)),
                 (day_at(1, 10, 30), day_at(1, 11)), (day_at(1, 8), day_at(1, 14))):
        expect_error(reserve(b, nb, "F5", s, e), 409, "Slot F5 is already reserved during that window.")
    # Touching windows do not overlap.
    expect_ok(reserve(b, nb, "F5", day_at(1, 12), day_at(1, 13)))
    expect_ok(reserve(b, nb2, "F5", day_at(1, 9), day_at(1, 10)))
    check_invariants(server)


def test_vehicle_overlap(server):
    o = server.owner()
    n = add_vehicle(o)
    expect_ok(reserve(o, n, "F6", day_at(2, 10), day_at(2, 12)))
    expect_error(reserve(o, n, "F7", day_at(2, 11), day_at(2, 15)), 409,
                 f"{n} already has a reservation that overlaps that time window.")
    expect_error(reserve(o, n, "F7", day_at(2, 9), day_at(2, 13)), 409,
                 f"{n} already has a reservation that overlaps that time window.")
    expect_ok(reserve(o, n, "F7", day_at(2, 12), day_at(2, 13)))
    expect_ok(reserve(o, n, "F6", day_at(2, 9), day_at(2, 10)))
    rows = db_query(server, "SELECT COUNT(*) FROM reservations WHERE vehicle_number = ?", (n,))
    assert rows == [(3,)]
    check_invariants(server)


def test_slots_show_next_reservation(server):
    o = server.owner()
    n1, n2 = add_vehicle(o), add_vehicle(o)
    expect_ok(reserve(o, n1, "G3", day_at(3, 14), day_at(3, 15, 30)))
    slot = slots_by_number(o)["G3"]
    assert slot["next_res_start"] == fmt_req(day_at(3, 14))
    assert slot["next_res_end"] == fmt_req(day_at(3, 15, 30))
    assert slot["is_reserved"] is False and slot["is_occupied"] is False
    # An earlier one becomes the "next" one.
    expect_ok(reserve(o, n2, "G3", day_at(2, 8), day_at(2, 9)))
    slot = slots_by_number(server.client())["G3"]
    assert slot["next_res_start"] == fmt_req(day_at(2, 8))
    assert slot["next_res_end"] == fmt_req(day_at(2, 9))
    assert slot["is_reserved"] is False


def test_reservation_across_spring_forward_bills_real_hours(server):
    spring, fall = next_dst_days()
    o = server.owner()
    n = add_vehicle(o)
    body = expect_ok(reserve(o, n, "G4", f"{spring.isoformat()}T01:30", f"{spring.isoformat()}T03:30"))
    assert body["amount"] == 3.0
    (s, e, hours), = db_query(server, "SELECT start_at, end_at, billed_hours FROM reservations "
                                      "WHERE vehicle_number = ?", (n,))
    assert e - s == 3600 and hours == 1
    assert s == epoch(wall(spring.year, spring.month, spring.day, 1, 30))
    n2 = add_vehicle(o)
    body = expect_ok(reserve(o, n2, "G4", f"{fall.isoformat()}T01:30", f"{fall.isoformat()}T03:30"))
    assert body["amount"] == 9.0


def test_reservation_in_dst_gap_is_refused(server):
    spring, _ = next_dst_days()
    o = server.owner()
    n = add_vehicle(o)
    err = expect_error(reserve(o, n, "G5", f"{spring.isoformat()}T02:30", f"{spring.isoformat()}T04:00"), 400)
    assert "time zone" in err.lower() or "europe/berlin" in err.lower(), err
