"""`dockpoint backup` of a live database: taken under write traffic, the copy is
consistent, a server starts on it, and every change the server acknowledged
before the backup began is in it. A backup that cannot be written fails with
one clear line."""

import sqlite3
import threading
import time
from contextlib import closing

import pytest

from conftest import (PASSWORD, add_vehicle, check_invariants, day_at, expect_ok, plate, reserve,
                      run_cli)

# `dockpoint backup` copies SQLite files (PostgreSQL has pg_dump).
pytestmark = pytest.mark.sqlite_only


class Traffic:
    """Guests parking and releasing, an owner reserving, in parallel threads;
    every acknowledged change is noted with the moment its answer arrived."""

    def __init__(self, srv, threads=4):
        self.srv = srv
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.parked = []    # (ack time, vehicle number)
        self.released = []  # (ack time, vehicle number)
        self.reserved = []  # (ack time, reservation id)
        self.errors = []
        self.threads = [threading.Thread(target=self.walk_ins, daemon=True) for _ in range(threads)]
        self.threads.append(threading.Thread(target=self.reservations, daemon=True))

    def note(self, table, item):
        with self.lock:
            table.append((time.monotonic(), item))

    def walk_ins(self):
        try:
            g = self.srv.guest()
            while not self.stop.is_set():
                number = plate("BK")
                r = g.post("/assign", json={"vehicle_number": number, "vehicle_type_id": 3})
                if r.status_code != 200:
                    continue  # lot full for a moment: fine
                self.note(self.parked, number)
                if len(self.parked) % 3:
                    expect_ok(g.post("/release", json={"vehicle_number": number}))
                    self.note(self.released, number)
        except Exception as e:  # noqa: BLE001 - reported by the test
            self.errors.append(repr(e))

    def reservations(self):
        try:
            owner = self.srv.owner()
            vehicle = add_vehicle(owner)
            day = 10
            while not self.stop.is_set():
                r = reserve(owner, vehicle, "F7", day_at(day, 8), day_at(day, 9))
                body = expect_ok(r)
                self.note(self.reserved, body["id"])
                day += 1
        except Exception as e:  # noqa: BLE001
            self.errors.append(repr(e))

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(30)

    def acknowledged_before(self, moment):
        with self.lock:
            return ([n for t, n in self.parked if t < moment],
                    [n for t, n in self.released if t < moment],
                    [i for t, i in self.reserved if t < moment])


def test_backup_under_write_traffic_is_consistent_and_complete(server_factory, tmp_path):
    srv = server_factory()
    copy = tmp_path / "copy.db"
    with Traffic(srv) as traffic:
        time.sleep(1.5)  # let the traffic build up a history
        began = time.monotonic()
        result = run_cli(["backup", str(copy), "--database", f"sqlite://{srv.db_path}"], timeout=60)
        time.sleep(0.5)  # and keep writing for a moment after
    assert not traffic.errors, traffic.errors
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"backed up {srv.db_path} to {copy}", result.stdout
    parked, released, reserved = traffic.acknowledged_before(began)
    assert len(parked) >= 20 and reserved, (len(parked), len(reserved))

    with closing(sqlite3.connect(f"file:{copy}?mode=ro", uri=True)) as con:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        numbers = {row[0] for row in con.execute("SELECT vehicle_number FROM records")}
        closed = {row[0] for row in con.execute(
            "SELECT vehicle_number FROM records WHERE exit_at IS NOT NULL")}
        reservation_ids = {row[0] for row in con.execute("SELECT id FROM reservations")}
    missing = [n for n in parked if n not in numbers]
    assert not missing, f"acknowledged walk-ins missing from the backup: {missing[:5]}"
    still_open = [n for n in released if n not in closed]
    assert not still_open, f"acknowledged releases missing from the backup: {still_open[:5]}"
    assert set(reserved) <= reservation_ids

    # Restore: a server on the copy starts, sees the same history, and holds the invariants.
    restored = server_factory(db_path=copy)
    check_invariants(restored)
    g = restored.guest()
    listed = {r["vehicle_number"] for r in expect_ok(g.get("/records"))}
    assert set(parked) <= listed
    # It works on: a vehicle parked before the backup can be released there.
    open_ones = [n for n in parked if n not in released]
    if open_ones:
        expect_ok(g.post("/release", json={"vehicle_number": open_ones[0]}))
    check_invariants(restored)
    figures.update(acknowledged_walk_ins=len(parked), acknowledged_releases=len(released),
                   acknowledged_reservations=len(reserved), rows_in_copy=len(numbers))


def test_backup_of_a_stopped_database_round_trips(server_factory, tmp_path):
    srv = server_factory()
    owner = srv.owner()
    number = add_vehicle(owner)
    expect_ok(reserve(owner, number, "D4", day_at(2, 10), day_at(2, 12)))
    assert srv.stop() == 0
    copy = tmp_path / "stopped-copy.db"
    result = run_cli(["backup", str(copy), "--database", f"sqlite://{srv.db_path}"])
    assert result.returncode == 0, result.stderr
    restored = server_factory(db_path=copy)
    c = restored.client()
    expect_ok(c.post("/auth/login", json={"identifier": owner.email, "password": PASSWORD}))
    assert [v["vehicle_number"] for v in expect_ok(c.get("/owner/vehicles"))] == [number]
    assert len(expect_ok(c.get("/owner/records"))) == 1


@pytest.fixture(scope="module")
def live_db(tmp_path_factory):
    from conftest import Server
    srv = Server(tmp_path_factory.mktemp("dockpoint-backup")).start()
    yield srv
    assert srv.stop() == 0


@pytest.mark.parametrize("target", ["missing-dir/copy.db", "a-directory", "not-a-database"])
def test_unwritable_backup_target_is_one_error_line(live_db, tmp_path, target):
    (tmp_path / "a-directory").mkdir()
    (tmp_path / "not-a-database").write_text("precious text, not SQLite\n")
    path = tmp_path / target
    result = run_cli(["backup", str(path), "--database", f"sqlite://{live_db.db_path}"])
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dockpoint: error: "), result.stderr
    assert result.stdout == ""
    if target != "not-a-database":
        assert str(path) in lines[0], lines[0]
    else:
        assert (tmp_path / "not-a-database").read_text() == "precious text, not SQLite\n"
    # The live server did not notice.
    expect_ok(live_db.client().get("/slots"))


def test_backup_of_a_missing_database_does_not_create_one(tmp_path):
    # A typo in --database must not back up (and leave behind) a fresh empty lot silently.
    result = run_cli(["backup", str(tmp_path / "copy.db"), "--database",
                      f"sqlite://{tmp_path / 'no-such-dir' / 'x.db'}"])
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (tmp_path / "copy.db").exists()


figures = {}


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    print(f"\nbackup figures: {figures}")
