"""GET /records and GET /owner/records."""

import http.client
import json
import re
import time

from conftest import (add_vehicle, assign, assigned_slot, day_at, db_query, expect_error, expect_ok, fmt_list,
                      from_epoch, plate, reserve)

LIST_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
FIELDS = {"id", "display_id", "vehicle_number", "slot_number", "vehicle_type", "entry_time", "exit_time",
          "amount", "booking_type", "cursor"}


def by_display_id(records):
    return {r["display_id"]: r for r in records}


def test_records_need_a_session(anon):
    expect_error(anon.get("/records"), 401)


def test_walk_in_record_shape(server):
    g = server.guest()
    n = plate("W")
    slot = assigned_slot(assign(g, n, "B14", type_id=4), n)
    recs = [r for r in expect_ok(g.get("/records")) if r["vehicle_number"] == n]
    assert len(recs) == 1
    rec = recs[0]
    assert FIELDS <= set(rec), rec
    (rid, entry_at), = db_query(server, "SELECT id, entry_at FROM records WHERE vehicle_number = ?", (n,))
    assert rec["id"] == rid
    assert rec["display_id"] == f"WK-{rid:04d}"
    assert re.fullmatch(r"WK-\d{4,}", rec["display_id"])
    assert rec["slot_number"] == slot == "B14"
    assert rec["vehicle_type"] == "Van"
    assert rec["entry_time"] == fmt_list(from_epoch(entry_at))
    assert rec["exit_time"] == "Still parked"
    assert rec["amount"] is None
    assert rec["booking_type"] == "Walk-in"

    time.sleep(1.1)
    bill = expect_ok(g.post("/release", json={"vehicle_number": n}))
    rec = [r for r in expect_ok(g.get("/records")) if r["vehicle_number"] == n][0]
    assert LIST_TIME.fullmatch(rec["exit_time"])
    assert rec["exit_time"] == bill["exit_time"]
    assert rec["entry_time"] == bill["entry_time"]
    assert rec["amount"] == bill["amount"] == 3.0


def test_reservation_record_shape(server):
    o = server.owner()
    n = add_vehicle(o, type_id=6)
    start, end = day_at(4, 7, 15), day_at(4, 9, 45)
    expect_ok(reserve(o, n, "D12", start, end))
    recs = [r for r in expect_ok(o.get("/records")) if r["vehicle_number"] == n]
    assert len(recs) == 1
    rec = recs[0]
    assert FIELDS <= set(rec), rec
    (rid,), = db_query(server, "SELECT id FROM reservations WHERE vehicle_number = ?", (n,))
    assert rec["id"] == rid
    assert rec["display_id"] == f"RS-{rid:04d}"
    assert rec["booking_type"] == "Reservation"
    assert rec["slot_number"] == "D12"
    assert rec["vehicle_type"] == "Bus"
    assert rec["entry_time"] == fmt_list(start)
    assert rec["exit_time"] == fmt_list(end)
    assert rec["amount"] == 12.0


def test_newest_entry_first(server):
    g = server.guest()
    o = server.owner()
    w1, w2 = plate("W1"), plate("W2")
    r1, r2 = add_vehicle(o), add_vehicle(o)
    expect_ok(assign(g, w1))
    expect_ok(reserve(o, r1, "D13", day_at(5, 10), day_at(5, 11)))
    time.sleep(1.1)
    expect_ok(assign(g, w2))
    expect_ok(reserve(o, r2, "D13", day_at(6, 9), day_at(6, 10)))
    records = expect_ok(g.get("/records"))
    order = [r["vehicle_number"] for r in records if r["vehicle_number"] in (w1, w2, r1, r2)]
    assert order == [r2, r1, w2, w1]
    # And the whole listing is sorted by entry time, newest first.
    entries = [r["entry_time"] for r in records]
    assert entries == sorted(entries, reverse=True)


def test_owner_records_only_their_own(server):
    a, b = server.owner(), server.owner()
    g = server.guest()
    a1, a2 = add_vehicle(a), add_vehicle(a, type_id=1)
    b1 = add_vehicle(b)
    guest_car = plate("GC")
    expect_ok(assign(a, a1))
    expect_ok(a.post("/release", json={"vehicle_number": a1}))
    expect_ok(assign(a, a1))
    expect_ok(reserve(a, a2, "D14", day_at(7, 10), day_at(7, 11)))
    expect_ok(assign(b, b1))
    expect_ok(reserve(b, b1, "D15", day_at(7, 10), day_at(7, 11)))
    expect_ok(assign(g, guest_car))

    mine = expect_ok(a.get("/owner/records"))
    assert sorted(r["vehicle_number"] for r in mine) == sorted([a1, a1, a2])
    assert sorted(r["booking_type"] for r in mine) == ["Reservation", "Walk-in", "Walk-in"]
    assert all(FIELDS <= set(r) for r in mine)
    assert [r["entry_time"] for r in mine] == sorted((r["entry_time"] for r in mine), reverse=True)
    theirs = expect_ok(b.get("/owner/records"))
    assert sorted(r["vehicle_number"] for r in theirs) == [b1, b1]
    assert expect_ok(server.owner().get("/owner/records")) == []
    # The same records appear in the lot-wide listing.
    everything = by_display_id(expect_ok(g.get("/records")))
    for r in mine + theirs:
        assert everything[r["display_id"]] == r


def test_owner_history_survives_removing_the_vehicle(server):
    o = server.owner()
    n = add_vehicle(o)
    expect_ok(assign(o, n))
    expect_ok(o.post("/release", json={"vehicle_number": n}))
    expect_ok(o.delete(f"/owner/vehicles/{n}"))
    recs = expect_ok(o.get("/owner/records"))
    assert [r["vehicle_number"] for r in recs] == [n]
    assert recs[0]["booking_type"] == "Walk-in"


# --- paging -------------------------------------------------------------------

def walk_with_cursors(client, path, limit):
    """Every row of a listing, page by page, each page continuing after the
    previous page's last cursor."""
    rows, before = [], None
    for _ in range(1000):
        query = f"{path}?limit={limit}" + (f"&before={before}" if before else "")
        page = expect_ok(client.get(query))
        assert len(page) <= limit
        rows += page
        if len(page) < limit:
            return rows
        before = page[-1]["cursor"]
    raise AssertionError("paging did not end")


def test_limit_and_offset_cut_the_same_listing(server):
    g = server.guest()
    for _ in range(7):
        expect_ok(assign(g, plate("PG")))
    everything = expect_ok(g.get("/records"))
    assert len(everything) >= 7
    assert expect_ok(g.get("/records?limit=3")) == everything[:3]
    assert expect_ok(g.get("/records?limit=3&offset=2")) == everything[2:5]
    assert expect_ok(g.get("/records?limit=0")) == []
    assert expect_ok(g.get(f"/records?offset={len(everything)}")) == []


def test_cursors_walk_every_row_once_across_same_second_ties(server):
    g = server.guest()
    o = server.owner()
    # Walk-ins entered within the same second, and reservations beside them.
    for _ in range(9):
        expect_ok(assign(g, plate("TIE")))
    for hour in (9, 10):
        n = add_vehicle(o)
        expect_ok(reserve(o, n, "D11", day_at(11, hour), day_at(11, hour, 30)))
    everything = expect_ok(g.get("/records"))
    assert len({r["cursor"] for r in everything}) == len(everything), "cursors are unique"
    for limit in (1, 2, 5):
        assert walk_with_cursors(g, "/records", limit) == everything, limit
    mine = expect_ok(o.get("/owner/records"))
    assert len(mine) == 2
    assert walk_with_cursors(o, "/owner/records", 1) == mine


def test_a_cursor_page_is_not_shifted_by_newer_rows(server):
    g = server.guest()
    old = [plate("OLD") for _ in range(6)]
    for n in old:
        expect_ok(assign(g, n))
    everything = expect_ok(g.get("/records"))
    # Continue after the newest of them (future reservations of other tests list above).
    at = next(i for i, r in enumerate(everything) if r["vehicle_number"] == old[-1])
    cursor, expected = everything[at]["cursor"], everything[at + 1:at + 4]
    assert [r["vehicle_number"] for r in expected] == old[-2:-5:-1]
    # Two newer walk-ins: the same offset now repeats rows; the cursor does not.
    for _ in range(2):
        expect_ok(assign(g, plate("NEW")))
    assert expect_ok(g.get(f"/records?limit=3&before={cursor}")) == expected
    assert expect_ok(g.get(f"/records?limit=3&offset={at + 1}")) != expected


def test_bad_paging_is_refused_with_a_sentence(server):
    g = server.guest()
    for query in ("limit=-1", "limit=abc", "offset=-5", "offset=1.5", "limit=99999999999999999999"):
        sentence = expect_error(g.get(f"/records?{query}"), 400)
        assert sentence.endswith("must be a non-negative integer."), (query, sentence)
    # Sent as they are (requests would re-escape a broken escape).
    cookie = "; ".join(f"{c.name}={c.value}" for c in g.cookies)
    host, port = server.base.split("//")[1].split(":")
    for query in ("limit=%00", "limit=%ZZ", "offset=5%", "before=%zz", "x=%4", "limit=50&%G0=1"):
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        conn.request("GET", f"/records?{query}", headers={"Cookie": cookie})
        r = conn.getresponse()
        body = json.loads(r.read())
        conn.close()
        assert r.status == 400, (query, r.status, body)
        assert body == {"error": "The query string is not valid percent-encoding."}, (query, body)
    for cursor in ("x", "123", "123-", "123-x5", "-w5", "12a-w5", "123-w", "123-w-5", "123-w5x",
                   "99999999999999999999-w1", "79000-r-000000", "007-w5", "7-w05"):
        expect_error(g.get(f"/records?before={cursor}"), 400,
                     "before must be the cursor of a listed record.")
