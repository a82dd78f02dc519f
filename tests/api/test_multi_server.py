"""Two `dockpoint serve` processes on one PostgreSQL database, as behind a load
balancer: races split across both keep every invariant, each server's event
stream carries both servers' changes exactly once, a session works on either,
and auto-release closes a walk-in once, not once per server.

The two servers (and their database) are shared by the whole module so that
the 32 owners of the reservation races are registered once (password hashing
dominates that cost); each test uses its own vehicles and slots.
"""

import random
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from conftest import (SLOT_TYPES, add_vehicle, check_api_consistency, check_invariants, day_at, db_query,
                      epoch, expect_error, expect_ok, fmt_req, new_pg_database, plate, uid)
from multi_server_helpers import (EventStream, answer, run_parallel, session_on, start_servers_on,
                                  stop_servers, wait_until)

pytestmark = pytest.mark.postgresql_only

CONTESTED = ["C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9"]
EVENT_DELAY = 2.0  # "within a couple of seconds"


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    url = new_pg_database()
    both = start_servers_on(url, 2, tmp_path_factory)
    assert both[0].port != both[1].port
    yield both
    codes = stop_servers(both)
    assert codes == [0, 0], f"exit codes {codes}; stderr:\n{both[0].stderr}\n---\n{both[1].stderr}"


@pytest.fixture(scope="module")
def owners(servers):
    """32 owners registered on server 1, each with one car added through server 2;
    per owner a client for each server sharing the session."""
    s1, s2 = servers
    with ThreadPoolExecutor(4) as pool:  # password hashing is the cost; use both cores
        on1 = list(pool.map(lambda _: s1.owner(), range(32)))
        on2 = [session_on(o, s2) for o in on1]
        vehicles = list(pool.map(add_vehicle, on2))
    return on1, on2, vehicles


def both_ways(servers, client):
    """[client on server 1, client on server 2] sharing one session."""
    s1, s2 = servers
    return [client, session_on(client, s2)] if client.base == s1.base else [session_on(client, s1), client]


# ---------------------------------------------------------------- walk-in races across servers
@pytest.mark.parametrize("round_no", [0, 1, 2])
def test_parallel_assign_and_release_across_servers(servers, round_no):
    """64 guests, half on each server; half of each half ask for one of 8
    contested slots, the others for any slot. Each parks a car on its home
    server, releases it through the other one, then parks a second car."""
    n = 64
    rnd = random.Random(3000 + round_no)
    tag = uid(4)
    homes = [i % 2 for i in range(n)]
    pairs = [both_ways(servers, servers[homes[i]].guest()) for i in range(n)]
    plan = [CONTESTED[rnd.randrange(len(CONTESTED))] if (i // 2) % 2 == 0 else None for i in range(n)]
    firsts = [f"M{round_no}A{i:02d}{tag}" for i in range(n)]
    seconds = [f"M{round_no}B{i:02d}{tag}" for i in range(n)]

    def park(c, number, slot, type_id):
        body = {"vehicle_number": number, "vehicle_type_id": type_id}
        if slot:
            body["slot_number"] = slot
        return answer(c.post("/assign", json=body))

    def job(i):
        def run():
            home, away = pairs[i][homes[i]], pairs[i][1 - homes[i]]
            out = {"a1": park(home, firsts[i], plan[i], 1 + i % 6)}
            if out["a1"][0] == 200:
                out["r1"] = answer(away.post("/release", json={"vehicle_number": firsts[i]}))
            out["a2"] = park(home, seconds[i], plan[i], 1 + i % 6)
            return out
        return run

    results = run_parallel([job(i) for i in range(n)])

    def check_assign(status_body, number, slot):
        status, body = status_body
        if status == 200:
            m = re.fullmatch(re.escape(number) + r" assigned to slot ([A-G][0-9]+)\.", body["message"])
            assert m, body
            got = m.group(1)
            if slot:
                assert got == slot, (got, slot)
            else:
                # At most 64 cars are parked at once, so a Regular slot is always free.
                assert SLOT_TYPES[got] == "Regular", got
            return got
        assert slot is not None, f"assign without a slot failed although the lot has room: {status} {body}"
        assert status in (400, 409), (status, body)
        assert body == {"error": f"Slot {slot} is already occupied."}, body
        return None

    parked_now = {}
    successes = 0
    for i, out in enumerate(results):
        got1 = check_assign(out["a1"], firsts[i], plan[i])
        if got1:
            successes += 1
            status, body = out["r1"]
            assert status == 200, body
            assert body["message"] == f"{firsts[i]} released from slot {got1}.", body
        got2 = check_assign(out["a2"], seconds[i], plan[i])
        if got2:
            successes += 1
            parked_now[seconds[i]] = got2
    assert successes >= n // 2  # every slot-less assign succeeds at least
    # Each contested slot that anyone asked for ends up with at most one car.
    contested_now = [s for s in parked_now.values() if s in CONTESTED]
    assert len(contested_now) == len(set(contested_now))

    # The database holds exactly the successful assigns; the open ones are the second wave's.
    rows = db_query(servers[0], "SELECT r.vehicle_number, s.slot_number, r.exit_at FROM records r "
                                "JOIN slots s ON s.id = r.slot_id WHERE r.vehicle_number LIKE ?",
                    (f"M{round_no}_%{tag}",))
    assert len(rows) == successes
    assert {v: s for v, s, exit_at in rows if exit_at is None} == parked_now
    assert len(set(parked_now.values())) == len(parked_now)
    check_invariants(servers[0])
    check_api_consistency(servers[1])

    # Release the rest in parallel, each through the server that did not park it.
    numbers = list(parked_now)
    index = {v: i for i, v in enumerate(seconds)}
    jobs = [(lambda c=pairs[index[v]][1 - homes[index[v]]], v=v:
             answer(c.post("/release", json={"vehicle_number": v}))) for v in numbers]
    outs = run_parallel(jobs) if jobs else []
    for (status, body), number in zip(outs, numbers):
        assert status == 200 and body["message"] == f"{number} released from slot {parked_now[number]}.", body
    assert db_query(servers[1], "SELECT COUNT(*) FROM records WHERE exit_at IS NULL") == [(0,)]
    check_invariants(servers[1])
    check_api_consistency(servers[0])


# ---------------------------------------------------------------- reservation races across servers
def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


@pytest.mark.parametrize("round_no", [0, 1, 2])
def test_parallel_reservations_across_servers(servers, owners, round_no):
    """32 owners book overlapping windows on one slot, half through each server;
    owners 0-7 also book the same window on a private slot through the other
    server; owners 8-11 send one identical request to each server."""
    on1, on2, vehicles = owners
    by_server = [on1, on2]
    shared = ["D2", "D3", "D4"][round_no]
    private = [f"{'EFG'[round_no]}{k}" for k in range(2, 10)]
    rnd = random.Random(4000 + round_no)
    base = day_at(1 + round_no, 8)  # a day of its own per round: the same vehicles book every round
    windows = []
    for _ in range(32):
        start = base + timedelta(minutes=rnd.randrange(0, 180))
        windows.append((start, start + timedelta(minutes=rnd.randrange(60, 121))))

    # (owner index, slot, window, server index)
    attempts = [(i, shared, windows[i], i % 2) for i in range(32)]
    attempts += [(i, private[i], windows[i], 1 - i % 2) for i in range(8)]
    attempts += [(i, shared, windows[i], 1 - i % 2) for i in range(8, 12)]

    def job(i, slot, window, srv):
        body = {"vehicle_number": vehicles[i], "slot_number": slot, "entry_time": fmt_req(window[0]),
                "exit_time": fmt_req(window[1]), "vehicle_type_id": 3}
        return lambda: answer(by_server[srv][i].post("/reservations", json=body))

    results = run_parallel([job(*a) for a in attempts])

    won = []  # (vehicle, slot, (start_epoch, end_epoch))
    lost = []
    for (i, slot, window, _), (status, body) in zip(attempts, results):
        span = (epoch(window[0]), epoch(window[1]))
        if status == 200:
            assert body["message"] == f"Reservation created for {vehicles[i]} at slot {slot}.", body
            hours = -(-(span[1] - span[0]) // 3600)
            assert body["amount"] == hours * 3.0, body
            won.append((vehicles[i], slot, span))
        else:
            assert status == 409, (status, body)
            lost.append((vehicles[i], slot, span, body["error"]))

    for a in range(len(won)):
        for b in range(a + 1, len(won)):
            va, sa, wa = won[a]
            vb, sb, wb = won[b]
            if sa == sb or va == vb:
                assert not overlaps(wa, wb), (won[a], won[b])

    # Every refusal is explained by a success it overlaps.
    for vehicle, slot, span, error in lost:
        if error == f"Slot {slot} is already reserved during that window.":
            assert any(s == slot and overlaps(w, span) for _, s, w in won), (vehicle, slot, span)
        elif error == f"{vehicle} already has a reservation that overlaps that time window.":
            assert any(v == vehicle and overlaps(w, span) for v, _, w in won), (vehicle, slot, span)
        else:
            raise AssertionError(f"unexpected refusal: {error!r}")

    for i in range(8):  # the same window on two slots through two servers: exactly one
        assert sum(1 for v, _, _ in won if v == vehicles[i]) == 1, vehicles[i]
    for i in range(8, 12):  # the identical request on both servers: at most one
        assert sum(1 for v, _, _ in won if v == vehicles[i]) <= 1, vehicles[i]
    assert any(s == shared for _, s, _ in won)

    rows = db_query(servers[1], "SELECT r.vehicle_number, s.slot_number, r.start_at, r.end_at "
                                "FROM reservations r JOIN slots s ON s.id = r.slot_id "
                                "WHERE s.slot_number IN (%s)" % ",".join("?" * (1 + len(private))),
                    (shared, *private))
    assert sorted((v, s, (a, b)) for v, s, a, b in rows) == sorted(won)
    check_invariants(servers[0])
    check_api_consistency(servers[1])


# ---------------------------------------------------------------- live events across servers
def test_each_servers_stream_carries_every_servers_changes_once(servers):
    s1, s2 = servers
    g1, g2 = s1.guest(), s2.guest()
    streams = [EventStream(s1.base, g1.token), EventStream(s2.base, g2.token)]
    try:
        owner = s2.owner()
        mine = add_vehicle(owner)
        n1, n2 = plate("X1"), plate("X2")
        actions = [  # (client, path, body, expected event), alternating servers
            (g1, "/assign", {"vehicle_number": n1, "vehicle_type_id": 3}, ("assigned", n1)),
            (g2, "/assign", {"vehicle_number": n2, "vehicle_type_id": 3}, ("assigned", n2)),
            (g2, "/release", {"vehicle_number": n1}, ("released", n1)),
            (g1, "/release", {"vehicle_number": n2}, ("released", n2)),
        ]
        expected = []
        for client, path, body, (kind, number) in actions:
            got = expect_ok(client.post(path, json=body))
            slot = got["slot_number"]
            sent = time.monotonic()
            for stream in streams:
                stream.wait_for(timeout=EVENT_DELAY, type=kind, vehicle_number=number, slot_number=slot)
            assert time.monotonic() - sent < EVENT_DELAY
            expected.append({"type": kind, "vehicle_number": number, "slot_number": slot})

        # A reservation made through server 1 by an owner registered on server 2.
        start = day_at(4, 9)
        expect_ok(session_on(owner, s1).post("/reservations", json={
            "vehicle_number": mine, "slot_number": "D12", "entry_time": fmt_req(start),
            "exit_time": fmt_req(start + timedelta(hours=1))}))
        for stream in streams:
            stream.wait_for(timeout=EVENT_DELAY, type="reserved", vehicle_number=mine, slot_number="D12")
        expected.append({"type": "reserved", "vehicle_number": mine, "slot_number": "D12"})

        time.sleep(1.0)  # a duplicate (local delivery plus NOTIFY) would have arrived by now
        ours = {n1, n2, mine}
        for stream in streams:
            seen = [e for e in stream.matching() if e["vehicle_number"] in ours]
            assert seen == expected, f"{stream.base}: {seen}"
            ids = [i for i in stream.ids() if i is not None]
            assert len(ids) == len(stream.matching()), "an event without an id"
            assert ids == sorted(set(ids)), ids
    finally:
        for stream in streams:
            stream.close()


# ---------------------------------------------------------------- sessions across servers
def test_a_session_works_on_every_server(servers):
    s1, s2 = servers
    o1 = s1.owner(name="Roaming Owner")
    o2 = session_on(o1, s2)
    me1 = expect_ok(o1.get("/auth/me"))
    assert me1["logged_in"] is True and me1["owner_name"] == "Roaming Owner", me1
    assert expect_ok(o2.get("/auth/me")) == me1

    a = add_vehicle(o1)
    b = add_vehicle(o2)
    for c in (o1, o2):
        listed = {v["vehicle_number"] for v in expect_ok(c.get("/owner/vehicles"))}
        assert listed == {a, b}, listed
    # A car parked through one server is the owner's on the other.
    slot = expect_ok(o1.post("/assign", json={"vehicle_number": a}))["slot_number"]
    released = expect_ok(o2.post("/release", json={"vehicle_number": a}))
    assert released["slot_number"] == slot

    # A guest session too.
    g2 = s2.guest()
    assert expect_ok(session_on(g2, s1).get("/auth/me"))["guest"] is True

    # A login on server 2 with the password registered on server 1 works on server 1.
    again = s2.client()
    expect_ok(again.post("/auth/login", json={"identifier": o1.email, "password": o1.password}))
    assert expect_ok(session_on(again, s1).get("/auth/me"))["owner_name"] == "Roaming Owner"

    # Logging out on server 2 ends the session on server 1 as well.
    assert expect_ok(o2.post("/auth/logout"))["message"] == "Logged out."
    assert expect_ok(o1.get("/auth/me")) == {"logged_in": False}
    expect_error(o1.get("/owner/vehicles"), 401, "Login required.")
    # ... and only that session: the one from the later login still works.
    assert expect_ok(session_on(again, s1).get("/auth/me"))["owner_name"] == "Roaming Owner"


# ---------------------------------------------------------------- auto-release once
@pytest.mark.parametrize("busy", [False, True], ids=["timers-only", "with-traffic"])
def test_auto_release_closes_a_walk_in_once(servers, busy):
    """Reservations that begin two seconds from now are written straight into the
    database under six walk-ins (parked through both servers), so that both
    servers' one-second timers — and, with traffic, requests on both servers
    that apply due releases first — reach them at the same moment."""
    s1, s2 = servers
    slots = [f"{'FG'[busy]}{k}" for k in range(12, 18)]
    g = [s1.guest(), s2.guest()]
    streams = [EventStream(s1.base, g[0].token), EventStream(s2.base, g[1].token)]
    stop = threading.Event()
    hammers = []
    try:
        numbers = [plate("AR") for _ in slots]
        for k, (number, slot) in enumerate(zip(numbers, slots)):
            got = expect_ok(g[k % 2].post("/assign", json={"vehicle_number": number, "slot_number": slot,
                                                           "vehicle_type_id": 3}))
            assert got["slot_number"] == slot
        owner = s1.owner()
        owner_id = expect_ok(owner.get("/auth/me"))["owner_id"]

        if busy:
            def hammer(c):
                while not stop.is_set():
                    answer(c.get("/slots"))
            for k in range(6):
                t = threading.Thread(target=hammer, args=(servers[k % 2].guest(),), daemon=True)
                t.start()
                hammers.append(t)

        start = int(time.time()) + 2
        db = s1.db()
        try:
            db.execute("INSERT INTO reservations (vehicle_number, slot_id, vehicle_type_id, owner_id, start_at, "
                       "end_at, amount_cents, billed_hours, created_at) "
                       "SELECT 'RES' || s.slot_number, s.id, 3, ?, ?, ?, 300, 1, ? FROM slots s "
                       "WHERE s.slot_number IN (%s)" % ",".join("?" * len(slots)),
                       (owner_id, start, start + 3600, start - 2, *slots))
        finally:
            db.close()

        def all_closed():
            rows = db_query(s1, "SELECT COUNT(*) FROM records WHERE exit_at IS NOT NULL AND vehicle_number IN "
                                "(%s)" % ",".join("?" * len(numbers)), numbers)
            return rows[0][0] == len(numbers)
        wait_until(all_closed, timeout=8, interval=0.2, what="every walk-in auto-released")
        for number, slot in zip(numbers, slots):
            for stream in streams:
                stream.wait_for(timeout=EVENT_DELAY, type="auto-released", vehicle_number=number, slot_number=slot)
        time.sleep(1.5)  # room for a second release (or its announcement) to show up
        stop.set()
        for t in hammers:
            t.join(10)
            assert not t.is_alive()

        for number, slot in zip(numbers, slots):
            rows = db_query(s2, "SELECT entry_at, exit_at, billed_hours, amount_cents FROM records "
                                "WHERE vehicle_number = ?", (number,))
            assert len(rows) == 1, rows
            entry_at, exit_at, hours, cents = rows[0]
            assert entry_at < start and exit_at == start and (hours, cents) == (1, 300), rows
            audits = db_query(s2, "SELECT COUNT(*) FROM audit_log WHERE action = 'auto-release' AND detail = ?",
                              (f"{number} from {slot}",))
            assert audits == [(1,)], f"{number} auto-released {audits[0][0]} times"
            for stream in streams:
                got = stream.matching(type="auto-released", vehicle_number=number)
                assert got == [{"type": "auto-released", "vehicle_number": number, "slot_number": slot}], (
                    f"{stream.base}: {got}")
        for client in g:  # one on each server
            lot = {s["slot_number"]: s for s in expect_ok(client.get("/slots"))}
            assert all(lot[s]["is_occupied"] is False and lot[s]["is_reserved"] is True for s in slots), lot
        check_invariants(s1)
        check_api_consistency(s2)
    finally:
        stop.set()
        for stream in streams:
            stream.close()
