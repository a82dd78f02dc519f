"""The command line: --version, --help, start-up errors, environment variables,
persistence across restarts, graceful SIGTERM."""

import json
import re
import signal
import socket
import subprocess
import time

import pytest
import requests

from conftest import (COOKIE, PASSWORD, TZ_NAME, add_vehicle, assign, assigned_slot, check_invariants, day_at,
                      db_query, expect_ok, plate, reserve, run_cli, unique_email)

# The CLI tests name SQLite files; PostgreSQL start-up errors are in test_postgresql.py.
pytestmark = pytest.mark.sqlite_only


def nonblank_lines(text):
    return [line for line in text.splitlines() if line.strip()]


def test_version():
    p = run_cli(["--version"])
    assert p.returncode == 0, p.stderr
    assert re.search(r"\d+\.\d+", p.stdout), p.stdout


def test_help_mentions_serve():
    p = run_cli(["--help"])
    assert p.returncode == 0, p.stderr
    assert "serve" in p.stdout + p.stderr


def test_bad_port_is_one_error_line(tmp_path):
    p = run_cli(["serve", "--port", "notanumber", "--database", f"sqlite://{tmp_path}/x.db"], cwd=tmp_path)
    assert p.returncode != 0
    lines = nonblank_lines(p.stderr)
    assert len(lines) == 1, p.stderr
    assert "port" in lines[0].lower() or "notanumber" in lines[0], lines


def test_unusable_database_path(tmp_path):
    p = run_cli(["serve", "--port", "0", "--database", "sqlite:///nonexistent-dir/x.db",
                 "--time-zone", TZ_NAME], cwd=tmp_path)
    assert p.returncode != 0
    assert "listening on" not in p.stdout
    lines = nonblank_lines(p.stderr)
    assert lines, "no error printed"
    text = p.stderr.lower()
    assert "nonexistent-dir" in text or "database" in text, p.stderr


def test_unknown_time_zone(tmp_path):
    p = run_cli(["serve", "--port", "0", "--database", f"sqlite://{tmp_path}/x.db",
                 "--time-zone", "Mars/Olympus"], cwd=tmp_path)
    assert p.returncode != 0
    assert "listening on" not in p.stdout
    assert "Mars/Olympus" in p.stderr or "zone" in p.stderr.lower(), p.stderr


def test_environment_variables_instead_of_flags(server_factory, tmp_path):
    db = tmp_path / "from-env.db"
    srv = server_factory(args=["serve", "--time-zone", TZ_NAME, "--log-level", "warn"],
                         env={"DOCKPOINT_PORT": "0", "DOCKPOINT_DATABASE": f"sqlite://{db}"},
                         db_path=db)
    assert srv.port and srv.port != 8080
    o = srv.owner(name="Env Owner")
    assert db.exists()
    assert db_query(srv, "SELECT owner_name FROM owners WHERE email = ?", (o.email,)) == [("Env Owner",)]
    assert len(expect_ok(o.get("/slots"))) == 124


def test_data_persists_across_restart(server_factory, tmp_path):
    db = tmp_path / "persist.db"
    srv = server_factory(db_path=db)
    email = unique_email()
    o = srv.owner(name="Persistent", email=email)
    v = add_vehicle(o, type_id=4)
    expect_ok(assign(o, v))
    expect_ok(o.post("/release", json={"vehicle_number": v}))
    expect_ok(reserve(o, v, "E7", day_at(3, 10), day_at(3, 12)))
    g = srv.guest()
    parked = plate("PR")
    slot = assigned_slot(assign(g, parked, "E8"), parked)
    records_before = expect_ok(g.get("/records"))
    old_token = o.token
    assert srv.stop() == 0, srv.stderr

    srv.start()
    c = srv.client()
    body = expect_ok(c.post("/auth/login", json={"identifier": email, "password": PASSWORD}))
    assert body["message"] == "Welcome back, Persistent!"
    assert [x["vehicle_number"] for x in expect_ok(c.get("/owner/vehicles"))] == [v]
    assert sorted(r["booking_type"] for r in expect_ok(c.get("/owner/records"))) == ["Reservation", "Walk-in"]
    assert expect_ok(c.get("/records")) == records_before
    slots = {s["slot_number"]: s for s in expect_ok(c.get("/slots"))}
    assert slots[slot]["is_occupied"] is True
    assert slots["E7"]["next_res_start"] is not None
    # Sessions live in the database, so the old cookie still works.
    r = requests.get(srv.base + "/auth/me", headers={"Cookie": f"{COOKIE}={old_token}"}, timeout=30)
    assert expect_ok(r)["owner_name"] == "Persistent"
    check_invariants(srv)


def _raw_request(port, method, path, body):
    data = json.dumps(body).encode()
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.sendall(f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
              f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n".encode() + data)
    return s


def _read_all(s):
    chunks = []
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        s.close()
    return b"".join(chunks)


def test_sigterm_lets_in_flight_requests_finish(server_factory, tmp_path):
    db = tmp_path / "term.db"
    srv = server_factory(db_path=db)
    # Registrations hash a password (tens of ms each on a small pool), so a
    # batch of them is still being worked on when the signal arrives.
    emails = [unique_email() for _ in range(12)]
    socks = [_raw_request(srv.port, "POST", "/auth/register",
                          {"owner_name": f"T{i}", "email": e, "password": PASSWORD})
             for i, e in enumerate(emails)]
    time.sleep(0.15)
    srv.proc.send_signal(signal.SIGTERM)
    answers = [_read_all(s) for s in socks]
    try:
        rc = srv.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        raise AssertionError("server did not exit after SIGTERM")
    assert rc == 0, srv.stderr
    for raw in answers:
        assert raw.startswith(b"HTTP/1.1 201"), raw[:200]
    # What was answered was committed.
    srv.start()
    for e in emails:
        expect_ok(srv.client().post("/auth/login", json={"identifier": e, "password": PASSWORD}))


def test_serve_defaults_host_and_prints_port(server_factory):
    srv = server_factory(args=["serve", "--port", "0", "--database", "sqlite://defaults.db",
                               "--time-zone", TZ_NAME])
    assert srv.host == "127.0.0.1"
    assert (srv.workdir / "defaults.db").exists()
    assert len(expect_ok(srv.client().get("/slots"))) == 124
