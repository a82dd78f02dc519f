"""PostgreSQL going away under a running server, and start-up errors.

The restart test stops the suite's own PostgreSQL cluster (the one in
DOCKPOINT_TEST_PG_DIR, which scripts/test.sh always sets) with
scripts/pg-cluster.sh and starts it again, so it must not run beside other
tests (pytest runs modules one after the other; under pytest-xdist it refuses).
Whatever happens, the cluster is running again when the test ends.
"""

import os
import threading
import time

import pytest
import requests

from conftest import (COOKIE, PG_URL, REQUEST_TIMEOUT, check_invariants, db_query, default_serve_args, expect_ok,
                      new_pg_database, run_cli, uid)
from multi_server_helpers import (PG_DIR, UNAVAILABLE, EventStream, pg_cluster, pg_cluster_port, pg_is_up,
                                  wait_until)

pytestmark = pytest.mark.postgresql_only

SECRET = "s3cret"          # trust authentication ignores it; it must never be printed
TRAFFIC_TIMEOUT = 10.0     # no request may take longer, outage or not
OUTAGE = 2.5               # seconds PostgreSQL stays down
RECOVERY = 3.0             # seconds after PostgreSQL is back by which every request succeeds


def with_password(url, password=SECRET):
    """postgresql://USER@HOST:PORT/DB -> postgresql://USER:PASSWORD@HOST:PORT/DB"""
    scheme, rest = url.split("://", 1)
    user, host = rest.split("@", 1)
    return f"{scheme}://{user}:{password}@{host}"


def serve_args(url, log_level):
    args = default_serve_args(None, database_url=url)
    args[args.index("--log-level") + 1] = log_level
    return args


class Cluster:
    """The suite's PostgreSQL cluster, stopped and started by scripts/pg-cluster.sh."""

    def __init__(self):
        self.stopped_at = self.started_at = None

    def stop(self):
        pg_cluster("stop")
        self.stopped_at = time.monotonic()

    def start(self):
        pg_cluster("restart")
        self.started_at = time.monotonic()


@pytest.fixture
def cluster():
    if not PG_DIR:
        pytest.fail("DOCKPOINT_TEST_PG_DIR is not set: the restart test needs the data directory of the "
                    "cluster in DOCKPOINT_TEST_PG_URL (scripts/test.sh sets both)")
    if os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.skip("stops the shared PostgreSQL cluster, so it cannot run beside other tests")
    port = pg_cluster_port()
    assert PG_URL.rstrip("/").endswith(f":{port}"), (
        f"DOCKPOINT_TEST_PG_DIR ({PG_DIR}, port {port}) is not the cluster of DOCKPOINT_TEST_PG_URL ({PG_URL})")
    assert pg_is_up(), "the test cluster is not running"
    c = Cluster()
    try:
        yield c
    finally:
        if not pg_is_up():
            pg_cluster("restart")
        wait_until(pg_is_up, timeout=30, what="the test cluster accepting connections again")


class Traffic:
    """Threads that each park a car (any slot) and release it, over and over,
    recording every answer. A 503 must be the JSON sentence; an assign answered
    503 may or may not have happened (the connection may have died during
    COMMIT), and so may a release: a later 404 for it is then fine."""

    def __init__(self, srv, threads=8):
        self.srv = srv
        self.tag = uid(4)
        self.stop_flag = threading.Event()
        self.lock = threading.Lock()
        self.log = []              # (start, end, op, plate, status)
        self.problems = []         # anything other than 200/503/explained 404, or a hang
        self.acked_assign = {}     # plate -> slot
        self.acked_release = set()
        self.doubtful_assign = set()
        self.sessions = []
        for _ in range(threads):
            s = requests.Session()
            expect_ok(s.post(srv.base + "/auth/guest", timeout=REQUEST_TIMEOUT))
            assert s.cookies.get(COOKIE)
            self.sessions.append(s)
        self.threads = [threading.Thread(target=self._run, args=(k,), daemon=True) for k in range(threads)]

    def start(self):
        for t in self.threads:
            t.start()
        return self

    def stop(self):
        self.stop_flag.set()
        for t in self.threads:
            t.join(TRAFFIC_TIMEOUT * 3)
            assert not t.is_alive(), "a traffic thread hung"

    def _call(self, s, op, plate):
        started = time.monotonic()
        try:
            r = s.post(f"{self.srv.base}/{op}", json={"vehicle_number": plate, "vehicle_type_id": 3},
                       timeout=TRAFFIC_TIMEOUT)
        except requests.RequestException as exc:
            with self.lock:
                self.problems.append(f"{op} {plate}: no answer within {TRAFFIC_TIMEOUT} s ({exc!r})")
            return None, None
        ended = time.monotonic()
        with self.lock:
            self.log.append((started, ended, op, plate, r.status_code))
        body = None
        if r.headers.get("Content-Type", "").startswith("application/json"):
            body = r.json()
        if r.status_code == 503 and body != UNAVAILABLE:
            with self.lock:
                self.problems.append(f"{op} {plate}: 503 {r.text[:200]!r} {r.headers.get('Content-Type')}")
        return r.status_code, body

    def _run(self, k):
        s = self.sessions[k]
        seq = 0
        while not self.stop_flag.is_set():
            seq += 1
            plate = f"PR{k}N{seq}{self.tag}"
            status, body = self._call(s, "assign", plate)
            if status == 503:
                with self.lock:
                    self.doubtful_assign.add(plate)
                time.sleep(0.05)
                continue
            if status != 200:
                if status is not None:
                    with self.lock:
                        self.problems.append(f"assign {plate}: {status} {body}")
                time.sleep(0.05)
                continue
            with self.lock:
                self.acked_assign[plate] = body["slot_number"]
            maybe_done = False
            while True:  # release it, however long the outage lasts
                status, body = self._call(s, "release", plate)
                if status == 200:
                    with self.lock:
                        self.acked_release.add(plate)
                    break
                if status == 404 and maybe_done:
                    break  # an earlier release answered 503 did commit
                if status == 503:
                    maybe_done = True
                elif status is not None:
                    with self.lock:
                        self.problems.append(f"release {plate}: {status} {body}")
                    break
                time.sleep(0.05)

    def answers(self, since=None, until=None):
        """Statuses of requests started in [since, until)."""
        with self.lock:
            return [st for start, _, _, _, st in self.log
                    if (since is None or start >= since) and (until is None or start < until)]

    def answers_between_ends(self, since, until):
        """Statuses of requests answered in [since, until)."""
        with self.lock:
            return [st for _, end, _, _, st in self.log if since <= end < until]


def test_requests_answer_503_during_an_outage_and_recover_after_it(server_factory, cluster):
    url = new_pg_database()
    srv = server_factory(args=serve_args(with_password(url), "info"), database_url=url)
    watcher = requests.Session()
    expect_ok(watcher.post(srv.base + "/auth/guest", timeout=REQUEST_TIMEOUT))
    stream = EventStream(srv.base, watcher.cookies.get(COOKIE))
    traffic = Traffic(srv).start()
    try:
        time.sleep(1.0)
        assert 200 in traffic.answers(), f"no traffic got through before the outage: {traffic.problems}"

        cluster.stop()
        time.sleep(OUTAGE)
        # During the outage: quick 503s with the sentence, never a 500.
        during = traffic.answers(since=cluster.stopped_at + 0.2)
        assert during and set(during) == {503}, sorted(set(during))
        for path in ("/slots", "/records", "/auth/me", "/events"):
            started = time.monotonic()
            r = watcher.get(srv.base + path, timeout=TRAFFIC_TIMEOUT)
            assert r.status_code == 503 and r.json() == UNAVAILABLE, (path, r.status_code, r.text[:200])
            assert r.headers["Content-Type"].startswith("application/json"), r.headers
            assert time.monotonic() - started < 2.0, f"GET {path} took {time.monotonic() - started:.1f} s"
        # What needs no database still works.
        assert watcher.get(srv.base + "/lot", timeout=TRAFFIC_TIMEOUT).status_code == 200
        assert watcher.get(srv.base + "/static/js/live.js", timeout=TRAFFIC_TIMEOUT).status_code == 200
        assert srv.proc.poll() is None, "dockpoint exited when PostgreSQL went away"

        cluster.start()
        first_ok = wait_until(
            lambda: 200 in traffic.answers_between_ends(cluster.started_at, float("inf")) and time.monotonic(),
            timeout=RECOVERY, interval=0.05, what="a request succeeding after PostgreSQL came back")
        time.sleep(RECOVERY + 1.0)
        late = traffic.answers(since=cluster.started_at + RECOVERY)
        assert late and set(late) == {200}, (
            f"{RECOVERY} s after PostgreSQL came back: {sorted(set(late))}")
    finally:
        traffic.stop()
    print(f"first success {first_ok - cluster.started_at:.2f} s after PostgreSQL was back; "
          f"{len(traffic.answers())} requests, {traffic.answers().count(503)} answered 503")

    assert traffic.problems == []
    for start, end, op, plate, status in traffic.log:
        assert end - start < TRAFFIC_TIMEOUT, (op, plate, status, end - start)

    # Nothing acknowledged was lost: every acknowledged assign has its record,
    # every acknowledged release closed it, and nothing appeared unasked.
    rows = db_query(srv, "SELECT r.vehicle_number, s.slot_number, r.exit_at FROM records r "
                         "JOIN slots s ON s.id = r.slot_id WHERE r.vehicle_number LIKE ?", (f"PR%{traffic.tag}",))
    in_db = {v: (slot, exit_at) for v, slot, exit_at in rows}
    assert len(in_db) == len(rows)
    for plate, slot in traffic.acked_assign.items():
        assert plate in in_db, f"acknowledged assign of {plate} is not in the database"
        assert in_db[plate][0] == slot, (plate, in_db[plate], slot)
    for plate in traffic.acked_release:
        assert in_db[plate][1] is not None, f"acknowledged release of {plate} is not in the database"
    unexplained = set(in_db) - set(traffic.acked_assign) - traffic.doubtful_assign
    assert not unexplained, f"records nobody was told about: {sorted(unexplained)}"
    still_open = {v for v, (_, exit_at) in in_db.items() if exit_at is None}
    assert still_open <= traffic.doubtful_assign, sorted(still_open - traffic.doubtful_assign)
    check_invariants(srv)

    # The stream opened before the outage is still open and carries events again
    # once the listener is back on PostgreSQL.
    def listening():
        return db_query(srv, "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                             "AND query = 'LISTEN dockpoint_events'")[0][0] >= 1
    wait_until(listening, timeout=5, what="the event listener reconnecting")
    plate = f"AFTER{traffic.tag}"
    r = watcher.post(srv.base + "/assign", json={"vehicle_number": plate}, timeout=REQUEST_TIMEOUT)
    slot = expect_ok(r)["slot_number"]
    try:
        stream.wait_for(timeout=2.0, type="assigned", vehicle_number=plate, slot_number=slot)
    finally:
        stream.close()

    assert SECRET not in srv.stderr, "the database password appeared in the server's log"
    assert "lost the PostgreSQL connection" in srv.stderr or "cannot reach PostgreSQL" in srv.stderr, srv.stderr
    assert srv.stop() == 0, srv.stderr


# ---------------------------------------------------------------- start-up
def one_error_line(done):
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode != 0, (done.returncode, done.stdout, done.stderr)
    assert "listening on" not in done.stdout
    assert len(lines) == 1 and lines[0].startswith("dockpoint: error: "), done.stderr
    return lines[0]


@pytest.mark.parametrize("command", ["serve", "migrate"])
def test_unreachable_database_is_one_clear_error(command):
    extra = ["--port", "0"] if command == "serve" else []
    line = one_error_line(run_cli([command, *extra, "--database", "postgresql://postgres@127.0.0.1:1/nope"]))
    assert "PostgreSQL" in line and "127.0.0.1" in line and "port 1" in line, line


@pytest.mark.parametrize("url", [
    "postgresql://postgres:s3cret@127.0.0.1:1/nope",
    "postgresql://postgres:s3cret@[bad/nope",
    "postgresql://postgres@[bad/nope?password=s3cret",
], ids=["unreachable", "malformed", "malformed-query"])
def test_a_failed_start_never_prints_the_password(url):
    done = run_cli(["serve", "--port", "0", "--database", url])
    line = one_error_line(done)
    assert SECRET not in done.stderr + done.stdout, line


def test_the_password_in_the_url_never_reaches_the_log(server_factory):
    url = with_password(new_pg_database())
    srv = server_factory(args=serve_args(url, "debug"), database_url=url)
    g = requests.Session()
    expect_ok(g.post(srv.base + "/auth/guest", timeout=REQUEST_TIMEOUT))
    expect_ok(g.post(srv.base + "/assign", json={"vehicle_number": "PW1"}, timeout=REQUEST_TIMEOUT))
    expect_ok(g.post(srv.base + "/release", json={"vehicle_number": "PW1"}, timeout=REQUEST_TIMEOUT))
    assert srv.stop() == 0
    assert "postgres:***@" in srv.stderr, srv.stderr  # the URL is logged, redacted
    assert SECRET not in srv.stderr + "".join(srv.stdout_lines), srv.stderr


def test_a_password_given_as_a_query_parameter_never_reaches_the_log(server_factory):
    url = new_pg_database() + f"?password={SECRET}"
    srv = server_factory(args=serve_args(url, "info"), database_url=url)
    assert srv.stop() == 0
    assert SECRET not in srv.stderr, srv.stderr
