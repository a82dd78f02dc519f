"""Auto-release: a walk-in holding a slot whose reservation begins is closed by
the server's background timer (no /slots or /assign call needed to trigger it)."""

import time
from datetime import timedelta

from conftest import (add_vehicle, assign, assigned_slot, check_invariants, current_minute, db_query, epoch,
                      expect_error, expect_ok, fmt_list, fmt_req, from_epoch, hours_billed, local_now, plate,
                      reserve)

POLL_LIMIT = 5.0  # the timer runs every second; allow some slack


def wait_closed(server, number, limit=POLL_LIMIT):
    """Poll the database (read-only) until the vehicle's record is closed."""
    deadline = time.monotonic() + limit
    while True:
        rows = db_query(server, "SELECT entry_at, exit_at, amount_cents, billed_hours FROM records "
                                "WHERE vehicle_number = ?", (number,))
        assert len(rows) == 1, rows
        if rows[0][1] is not None:
            return rows[0]
        if time.monotonic() > deadline:
            raise AssertionError(f"{number} was not auto-released within {limit} s")
        time.sleep(0.2)


def reservation_window(server, number):
    (start_at, end_at), = db_query(server, "SELECT start_at, end_at FROM reservations WHERE vehicle_number = ?",
                                   (number,))
    return start_at, end_at


def check_after_release(server, g, x, slot, res_start, entry_at, exit_at, cents, hours):
    assert exit_at == max(res_start, entry_at)
    assert hours == hours_billed(exit_at - entry_at)
    assert cents == hours * 300  # Car
    rec = [r for r in expect_ok(g.get("/records")) if r["vehicle_number"] == x]
    assert len(rec) == 1
    assert rec[0]["exit_time"] == fmt_list(from_epoch(exit_at))
    assert rec[0]["amount"] == cents / 100
    s = {s["slot_number"]: s for s in expect_ok(g.get("/slots"))}[slot]
    assert s["is_occupied"] is False
    assert s["is_reserved"] is True
    # The released vehicle can park elsewhere; the reserved slot takes no walk-in.
    other = assigned_slot(assign(g, x), x)
    assert other != slot
    y = plate("Y")
    expect_error(assign(g, y, slot), 409, f"Slot {slot} has an active reservation right now.")
    check_invariants(server)


def test_reservation_starting_now_releases_walk_in(server):
    g = server.guest()
    x = plate("X")
    slot = assigned_slot(assign(g, x, "C7", type_id=3), x)
    bystander = plate("K")  # parked on a slot without any reservation
    expect_ok(assign(g, bystander, "C9"))
    o = server.owner()
    v = add_vehicle(o)
    start = current_minute()
    expect_ok(reserve(o, v, slot, start, start + timedelta(hours=1)))
    entry_at, exit_at, cents, hours = wait_closed(server, x)
    res_start, _ = reservation_window(server, v)
    assert res_start == epoch(start)
    assert db_query(server, "SELECT exit_at FROM records WHERE vehicle_number = ?", (bystander,)) == [(None,)]
    check_after_release(server, g, x, slot, res_start, entry_at, exit_at, cents, hours)


def test_reservation_beginning_later_releases_at_its_start(server):
    """The walk-in entered before the reservation's start, so it is billed up to
    that start. Waits for the next minute boundary (at most a minute)."""
    g = server.guest()
    x = plate("X")
    slot = assigned_slot(assign(g, x, "C8", type_id=3), x)
    o = server.owner()
    v = add_vehicle(o)
    start = local_now().replace(second=0, microsecond=0) + timedelta(minutes=1)
    expect_ok(reserve(o, v, slot, start, start + timedelta(hours=1)))
    before = local_now()
    if before < start - timedelta(seconds=1):
        # Not yet begun: the walk-in still holds the slot.
        rows = db_query(server, "SELECT exit_at FROM records WHERE vehicle_number = ?", (x,))
        assert rows == [(None,)]
    time.sleep(max(0.0, (start - local_now()).total_seconds()))
    entry_at, exit_at, cents, hours = wait_closed(server, x)
    res_start, _ = reservation_window(server, v)
    assert res_start == epoch(start)
    assert entry_at < res_start
    assert exit_at == res_start
    assert hours == 1 and cents == 300
    assert fmt_req(start) == fmt_req(from_epoch(exit_at))
    check_after_release(server, g, x, slot, res_start, entry_at, exit_at, cents, hours)
