"""Shared fixtures and helpers for the dockpoint API tests.

Every test talks HTTP to the real `dockpoint serve` binary, started on port 0
with a throw-away database: a SQLite file by default, or a fresh database in
the PostgreSQL cluster named by DOCKPOINT_TEST_PG_URL when
DOCKPOINT_TEST_BACKEND=postgresql (scripts/test.sh runs the suite both ways). Test modules import the helpers below with
`from conftest import ...` (pytest puts this folder on sys.path).
"""

import os
import pathlib
import queue
import re
import signal
import sqlite3
import subprocess
import threading
import time
import uuid
from contextlib import closing
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import requests

TESTS_DIR = pathlib.Path(__file__).resolve().parent
REPO = TESTS_DIR.parent.parent
BIN = os.environ.get("DOCKPOINT_BIN", str(REPO / "build" / "dev" / "dockpoint"))

BACKEND = os.environ.get("DOCKPOINT_TEST_BACKEND", "sqlite")
PG_URL = os.environ.get("DOCKPOINT_TEST_PG_URL", "")  # postgresql://USER@HOST:PORT
if BACKEND not in ("sqlite", "postgresql") or (BACKEND == "postgresql" and not PG_URL):
    raise RuntimeError("DOCKPOINT_TEST_BACKEND must be sqlite, or postgresql with DOCKPOINT_TEST_PG_URL")

TZ_NAME = "Europe/Berlin"
ZONE = ZoneInfo(TZ_NAME)
START_TIMEOUT = 15.0
STOP_TIMEOUT = 20.0
REQUEST_TIMEOUT = 30.0
PASSWORD = "secret123"
COOKIE = "dockpoint_session"

LISTEN_RE = re.compile(r"listening on http://([0-9.]+):(\d+)")

# Vehicle types seeded on first run: id -> (name, rate in cents).
VEHICLE_TYPES = {
    1: ("Bicycle", 100),
    2: ("Motorcycle", 200),
    3: ("Car", 300),
    4: ("Van", 300),
    5: ("Truck", 400),
    6: ("Bus", 400),
}

# --------------------------------------------------------------------------
# The seeded lot, computed independently of the server.
# --------------------------------------------------------------------------
ROWS = [("A", 16), ("B", 16), ("C", 16), ("D", 16), ("E", 20), ("F", 20), ("G", 20)]


def slot_type_of(row, col, ncols):
    if col == 1 or col == ncols:
        return "Handicapped"
    if row in ("A", "B") and 5 <= col <= 12:
        return "EV"
    return "Regular"


ALL_SLOTS = [f"{row}{col}" for row, n in ROWS for col in range(1, n + 1)]
SLOT_TYPES = {f"{row}{col}": slot_type_of(row, col, n) for row, n in ROWS for col in range(1, n + 1)}
REGULAR_SLOTS = [s for s in ALL_SLOTS if SLOT_TYPES[s] == "Regular"]
SPECIAL_SLOTS = [s for s in ALL_SLOTS if SLOT_TYPES[s] != "Regular"]


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------
def uid(n=8):
    return uuid.uuid4().hex[:n].upper()


def plate(prefix="T"):
    """A fresh, unique vehicle number (upper case, well under 32 chars)."""
    return f"{prefix}{uid(10)}"


def unique_email():
    return f"{uuid.uuid4().hex}@example.com"


def unique_phone():
    return "0151" + str(uuid.uuid4().int)[:9]


def hours_billed(seconds):
    """ceil(seconds / 3600); a duration of zero or less bills nothing."""
    if seconds <= 0:
        return 0
    return -(-int(seconds) // 3600)


def local_now():
    return datetime.now(ZONE)


def fmt_req(dt):
    """Request / next_res_* format: YYYY-MM-DDTHH:MM."""
    return dt.strftime("%Y-%m-%dT%H:%M")


def fmt_list(dt):
    """Listing format: YYYY-MM-DD HH:MM."""
    return dt.strftime("%Y-%m-%d %H:%M")


def from_epoch(ts):
    return datetime.fromtimestamp(ts, tz=timezone.utc).astimezone(ZONE)


def epoch(dt):
    return int(dt.timestamp())


def wall(y, mo, d, h, mi=0):
    return datetime(y, mo, d, h, mi, tzinfo=ZONE)


def day_at(days_ahead, hour, minute=0):
    """Local wall time `days_ahead` days from today at hour:minute."""
    d = (local_now() + timedelta(days=days_ahead)).date()
    return wall(d.year, d.month, d.day, hour, minute)


def current_minute():
    """The current local minute (seconds zeroed). Avoids the last two seconds
    of a minute so that a request built from it still lands in that minute."""
    now = local_now()
    if now.second >= 58:
        time.sleep(60.2 - now.second - now.microsecond / 1e6)
        now = local_now()
    return now.replace(second=0, microsecond=0)


def _last_sunday(year, month):
    d = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
    while d.weekday() != 6:
        d -= timedelta(days=1)
    return d


def next_dst_days():
    """(spring-forward day, fall-back day) of Europe/Berlin, both at least two
    days in the future, so reservations on them are allowed."""
    today = local_now().date()
    year = today.year
    spring = _last_sunday(year, 3)
    if spring <= today + timedelta(days=2):
        spring = _last_sunday(year + 1, 3)
    fall = _last_sunday(year, 10)
    if fall <= today + timedelta(days=2):
        fall = _last_sunday(year + 1, 10)
    return spring, fall


def expect_ok(r, status=200):
    assert r.status_code == status, (
        f"{r.request.method} {r.request.url}: expected {status}, got {r.status_code}: {r.text[:500]}")
    assert r.headers.get("Content-Type", "").startswith("application/json"), r.headers
    return r.json()


def expect_error(r, status, message=None):
    """Assert an error response: the status, a JSON body {"error": sentence} and,
    when given, the exact sentence. Returns the sentence."""
    assert r.status_code == status, (
        f"{r.request.method} {r.request.url}: expected {status}, got {r.status_code}: {r.text[:500]}")
    assert r.headers.get("Content-Type", "").startswith("application/json"), (r.headers, r.text[:200])
    body = r.json()
    assert isinstance(body, dict) and set(body) == {"error"}, body
    assert isinstance(body["error"], str) and body["error"].strip(), body
    if message is not None:
        assert body["error"] == message, f"expected {message!r}, got {body['error']!r}"
    return body["error"]


def expect_4xx(r):
    assert 400 <= r.status_code < 500, (
        f"{r.request.method} {r.request.url}: expected 4xx, got {r.status_code}: {r.text[:500]}")
    return expect_error(r, r.status_code)


# --------------------------------------------------------------------------
# HTTP client bound to one server
# --------------------------------------------------------------------------
class Client(requests.Session):
    """A requests.Session that prefixes relative paths with the server URL,
    always uses a timeout and refuses any 5xx answer outright."""

    def __init__(self, base):
        super().__init__()
        self.base = base

    def request(self, method, url, *args, **kwargs):
        if url.startswith("/"):
            url = self.base + url
        kwargs.setdefault("timeout", REQUEST_TIMEOUT)
        r = super().request(method, url, *args, **kwargs)
        if r.status_code >= 500:
            raise AssertionError(f"server answered {r.status_code} to {method} {url}: {r.text[:500]}")
        return r

    @property
    def token(self):
        return self.cookies.get(COOKIE)


# --------------------------------------------------------------------------
# Running the binary
# --------------------------------------------------------------------------
def clean_env(extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKPOINT_")}
    if extra:
        env.update(extra)
    return env


def default_serve_args(db_path, time_zone=TZ_NAME, database_url=None):
    url = database_url or f"sqlite://{db_path}"
    return ["serve", "--host", "127.0.0.1", "--port", "0", "--database", url,
            "--time-zone", time_zone, "--log-level", "warn"]


def new_pg_database():
    """Creates an empty database in the test cluster; returns its URL."""
    import psycopg2  # only needed for the PostgreSQL run
    name = f"dp_{uid(12).lower()}"
    con = psycopg2.connect(f"{PG_URL}/postgres")
    con.autocommit = True
    with closing(con), con.cursor() as cur:
        cur.execute(f"CREATE DATABASE {name}")
    return f"{PG_URL}/{name}"


class PgConnection:
    """psycopg2 behind the sqlite3 calls the tests use (execute/fetchall, '?' marks)."""

    def __init__(self, url):
        import psycopg2
        self.con = psycopg2.connect(url)
        self.con.autocommit = True

    def execute(self, sql, params=()):
        cur = self.con.cursor()
        if params:
            cur.execute(sql.replace("%", "%%").replace("?", "%s"), tuple(params))
        else:
            cur.execute(sql)
        return cur

    def close(self):
        self.con.close()


def run_cli(args, env=None, timeout=20, cwd=None):
    """Run the binary to completion (for commands that must exit by themselves)."""
    try:
        return subprocess.run([BIN, *args], env=clean_env(env), cwd=cwd, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`dockpoint {' '.join(args)}` did not exit within {timeout} s")


class Server:
    def __init__(self, workdir, db_path=None, args=None, extra_args=(), env=None, database_url=None):
        self.workdir = pathlib.Path(workdir)
        self.db_path = pathlib.Path(db_path) if db_path else self.workdir / "test.db"
        # A server of its own gets a database of its own on PostgreSQL too; an
        # explicit file path (a test about the SQLite file) keeps SQLite.
        if database_url is None and BACKEND == "postgresql" and db_path is None and args is None:
            database_url = new_pg_database()
        self.database_url = database_url
        self.args = (list(args) if args is not None
                     else default_serve_args(self.db_path, database_url=database_url))
        self.args += list(extra_args)
        self.env = clean_env(env)
        self.proc = None
        self.stdout_lines = []
        self.stderr_chunks = []
        self.host = None
        self.port = None

    # -- life cycle ---------------------------------------------------------
    def start(self):
        self.stdout_lines, self.stderr_chunks = [], []
        lines = queue.Queue()
        self.proc = subprocess.Popen([BIN, *self.args], env=self.env, cwd=self.workdir,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, bufsize=1)

        def pump_stdout(stream):
            for line in stream:
                self.stdout_lines.append(line)
                lines.put(line)
            lines.put(None)

        def pump_stderr(stream):
            for chunk in stream:
                self.stderr_chunks.append(chunk)

        threading.Thread(target=pump_stdout, args=(self.proc.stdout,), daemon=True).start()
        threading.Thread(target=pump_stderr, args=(self.proc.stderr,), daemon=True).start()

        deadline = time.monotonic() + START_TIMEOUT
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self._kill()
                pytest.fail(f"dockpoint did not print 'listening on' within {START_TIMEOUT} s;\n"
                            f"stdout: {''.join(self.stdout_lines)}\nstderr: {self.stderr}")
            try:
                line = lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                rc = self.proc.wait(timeout=5)
                time.sleep(0.1)
                pytest.fail(f"dockpoint exited ({rc}) before listening;\nstderr: {self.stderr}")
            m = LISTEN_RE.search(line)
            if m:
                self.host, self.port = m.group(1), int(m.group(2))
                return self

    def stop(self):
        """SIGTERM and wait; returns the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._kill()
                pytest.fail(f"dockpoint did not exit within {STOP_TIMEOUT} s of SIGTERM")
        return self.proc.returncode

    def _kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    @property
    def stderr(self):
        return "".join(self.stderr_chunks)

    # -- talking to it ------------------------------------------------------
    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def client(self):
        return Client(self.base)

    def guest(self):
        c = self.client()
        body = expect_ok(c.post("/auth/guest"))
        assert body["message"] == "Continuing as guest.", body
        return c

    def owner(self, name=None, email=None, phone=None, password=PASSWORD):
        c = self.client()
        name = name or f"Owner {uid(6)}"
        body = {"owner_name": name, "password": password}
        if email is None and phone is None:
            email = unique_email()
        if email is not None:
            body["email"] = email
        if phone is not None:
            body["phone_number"] = phone
        got = expect_ok(c.post("/auth/register", json=body), 201)
        assert got["owner_name"] == name, got
        c.owner_name, c.email, c.phone, c.password = name, email, phone, password
        return c

    def db(self):
        if self.database_url and self.database_url.startswith("postgresql://"):
            return PgConnection(self.database_url)
        return open_db_ro(self.db_path)


def open_db_ro(path):
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)


def db_query(srv, sql, params=()):
    with closing(srv.db()) as con:
        return con.execute(sql, params).fetchall()


def add_vehicle(client, number=None, type_id=3):
    number = number or plate("V")
    body = expect_ok(client.post("/owner/vehicles", json={"vehicle_number": number,
                                                         "vehicle_type_id": type_id}), 201)
    assert body["message"] == f"{number} registered.", body
    return number


def assign(client, number, slot=None, type_id=3):
    body = {"vehicle_number": number}
    if slot is not None:
        body["slot_number"] = slot
    if type_id is not None:
        body["vehicle_type_id"] = type_id
    return client.post("/assign", json=body)


def assigned_slot(r, number):
    """Check a successful /assign answer and return the slot it names."""
    body = expect_ok(r)
    m = re.fullmatch(re.escape(number) + r" assigned to slot ([A-Z][0-9]+)\.", body["message"])
    assert m, body
    if "slot_number" in body:
        assert body["slot_number"] == m.group(1), body
    return m.group(1)


def reserve(client, number, slot, start, end, type_id=3):
    body = {"vehicle_number": number, "slot_number": slot,
            "entry_time": fmt_req(start) if isinstance(start, datetime) else start,
            "exit_time": fmt_req(end) if isinstance(end, datetime) else end}
    if type_id is not None:
        body["vehicle_type_id"] = type_id
    return client.post("/reservations", json=body)


def slots_by_number(client):
    return {s["slot_number"]: s for s in expect_ok(client.get("/slots"))}


def records_of(client, number, path="/records"):
    return [r for r in expect_ok(client.get(path)) if r["vehicle_number"] == number]


# --------------------------------------------------------------------------
# Invariants
# --------------------------------------------------------------------------
def check_db_invariants(srv):
    with closing(srv.db()) as con:
        rows = con.execute("SELECT slot_id, COUNT(*) FROM records WHERE exit_at IS NULL "
                           "GROUP BY slot_id HAVING COUNT(*) > 1").fetchall()
        assert rows == [], f"slots with two open records: {rows}"
        rows = con.execute("SELECT vehicle_number, COUNT(*) FROM records WHERE exit_at IS NULL "
                           "GROUP BY vehicle_number HAVING COUNT(*) > 1").fetchall()
        assert rows == [], f"vehicles with two open records: {rows}"
        rows = con.execute("SELECT a.id, b.id FROM reservations a JOIN reservations b "
                           "ON a.id < b.id AND a.slot_id = b.slot_id "
                           "AND a.start_at < b.end_at AND b.start_at < a.end_at").fetchall()
        assert rows == [], f"overlapping reservations of one slot: {rows}"
        rows = con.execute("SELECT a.id, b.id FROM reservations a JOIN reservations b "
                           "ON a.id < b.id AND a.vehicle_number = b.vehicle_number "
                           "AND a.start_at < b.end_at AND b.start_at < a.end_at").fetchall()
        assert rows == [], f"overlapping reservations of one vehicle: {rows}"
        rows = con.execute("SELECT r.id, r.entry_at, r.exit_at, r.amount_cents, r.billed_hours, "
                           "vt.hourly_rate_cents FROM records r "
                           "JOIN vehicle_types vt ON vt.id = r.vehicle_type_id "
                           "WHERE r.exit_at IS NOT NULL").fetchall()
        for rid, entry, exit_, amount, billed, rate in rows:
            hours = hours_billed(exit_ - entry)
            assert exit_ >= entry, f"record {rid} exits before it enters"
            assert billed == hours and amount == hours * rate, (
                f"record {rid}: {exit_ - entry} s billed {billed} h / {amount} cents, "
                f"expected {hours} h / {hours * rate}")
        rows = con.execute("SELECT r.id, r.start_at, r.end_at, r.amount_cents, r.billed_hours, "
                           "vt.hourly_rate_cents FROM reservations r "
                           "JOIN vehicle_types vt ON vt.id = r.vehicle_type_id").fetchall()
        for rid, start, end, amount, billed, rate in rows:
            hours = hours_billed(end - start)
            assert billed == hours and amount == hours * rate, (
                f"reservation {rid}: {end - start} s billed {billed} h / {amount} cents")


def check_api_consistency(srv):
    c = srv.guest()
    slots = expect_ok(c.get("/slots"))
    records = expect_ok(c.get("/records"))
    occupied = {s["slot_number"] for s in slots if s["is_occupied"]}
    open_walkins = [r for r in records
                    if r["booking_type"] == "Walk-in" and r["exit_time"] == "Still parked"]
    open_slots = {r["slot_number"] for r in open_walkins}
    assert len(open_slots) == len(open_walkins), "two open records share a slot in /records"
    assert occupied == open_slots, (f"occupied but no open record: {sorted(occupied - open_slots)}; "
                                    f"open record but free: {sorted(open_slots - occupied)}")


def check_invariants(srv):
    check_db_invariants(srv)
    check_api_consistency(srv)


# --------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A fresh server (and database) for each test module."""
    srv = Server(tmp_path_factory.mktemp("dockpoint")).start()
    yield srv
    rc = srv.stop()
    assert rc == 0, f"server exited with {rc} on SIGTERM; stderr:\n{srv.stderr}"


@pytest.fixture
def guest(server):
    return server.guest


@pytest.fixture
def owner(server):
    return server.owner


@pytest.fixture
def anon(server):
    """A client without any session."""
    return server.client()


@pytest.fixture
def server_factory(tmp_path_factory):
    """Start extra servers: server_factory(extra_args=[...], env={...},
    db_path=..., args=[...full argument list...], start=True)."""
    started = []

    def make(extra_args=(), env=None, db_path=None, args=None, start=True, database_url=None):
        workdir = tmp_path_factory.mktemp("dockpoint-extra")
        srv = Server(workdir, db_path=db_path, args=args, extra_args=extra_args, env=env,
                     database_url=database_url)
        started.append(srv)
        return srv.start() if start else srv

    yield make
    for srv in started:
        if srv.proc is not None and srv.proc.poll() is None:
            srv.stop()


# --------------------------------------------------------------------------
# Backend-specific tests
# --------------------------------------------------------------------------
def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: exercises the SQLite file itself "
                            "(paths, backup, the CLI's sqlite:// handling)")
    config.addinivalue_line("markers", "postgresql_only: needs the PostgreSQL test cluster")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BACKEND == "postgresql" and item.get_closest_marker("sqlite_only"):
            item.add_marker(pytest.mark.skip(reason="about the SQLite file; runs in the SQLite pass"))
        if BACKEND == "sqlite" and item.get_closest_marker("postgresql_only"):
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL; runs in the PostgreSQL pass"))
