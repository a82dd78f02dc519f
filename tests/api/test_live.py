"""The live event stream (/events), vehicle status lookups and the lot clock."""

import json
import queue
import threading
import time
from datetime import datetime

import socket

from conftest import (TZ_NAME, add_vehicle, assign, assigned_slot, day_at, expect_error, expect_ok,
                      plate, reserve)


class Stream:
    """A raw-socket SSE reader, so a test can hang up at once (requests cannot
    close a streaming response while another thread reads it)."""

    def __init__(self, server, client):
        host, port = server.base.removeprefix("http://").split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        cookie = "; ".join(f"{c.name}={c.value}" for c in client.cookies)
        self.sock.sendall(f"GET /events HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {cookie}\r\n"
                          "Accept: text/event-stream\r\n\r\n".encode())
        self.file = self.sock.makefile("rb")
        status = self.file.readline().decode()
        assert status.startswith("HTTP/1.1 200"), status
        headers = {}
        while (line := self.file.readline().decode().strip()):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        assert headers["content-type"].startswith("text/event-stream"), headers
        self.events = queue.Queue()
        self.raw = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        try:
            for line in self.file:
                line = line.decode().rstrip("\n")
                self.raw.append(line)
                if line.startswith("data: "):
                    self.events.put(json.loads(line[len("data: "):]))
        except (OSError, ValueError):  # hung up
            pass
        self.events.put(None)

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


def open_stream(server, client):
    stream = Stream(server, client)
    return stream, stream.events, stream.raw


def next_event(events, timeout=5):
    event = events.get(timeout=timeout)
    assert event is not None, "the stream closed"
    return event


def test_events_need_a_session(anon):
    expect_error(anon.get("/events"), 401, "Login required.")


def test_each_change_is_announced_after_commit(server, guest, owner):
    guest, owner = guest(), owner()
    r, events, raw = open_stream(server, guest)
    try:
        number = plate("EV")
        slot = assigned_slot(assign(guest, number, slot="D4"), number)
        assert next_event(events) == {"type": "assigned", "vehicle_number": number, "slot_number": "D4"}
        expect_ok(guest.post("/release", json={"vehicle_number": number}))
        assert next_event(events) == {"type": "released", "vehicle_number": number, "slot_number": slot}

        mine = add_vehicle(owner)
        start, end = day_at(1, 9), day_at(1, 10)
        expect_ok(reserve(owner, mine, "D5", start, end))
        assert next_event(events) == {"type": "reserved", "vehicle_number": mine, "slot_number": "D5"}

        # A refused request announces nothing: the next event is the next real change.
        expect_error(guest.post("/release", json={"vehicle_number": number}), 404)
        other = plate("EV")
        assigned_slot(assign(guest, other, slot="D6"), other)
        assert next_event(events)["vehicle_number"] == other
        assert raw[0] == "retry: 2000"
        ids = [int(line[4:]) for line in raw if line.startswith("id: ")]
        assert ids == sorted(ids) and len(set(ids)) == len(ids)
    finally:
        r.close()


def test_every_open_stream_gets_every_event(server, guest):
    guest = guest()
    streams = [open_stream(server, guest) for _ in range(5)]
    try:
        number = plate("FAN")
        assigned_slot(assign(guest, number, slot="D8"), number)
        for _, events, _ in streams:
            assert next_event(events)["vehicle_number"] == number
    finally:
        for r, _, _ in streams:
            r.close()


def test_vehicle_status_shows_slot_type_and_running_bill(server, guest):
    guest = guest()
    number = plate("ST")
    assigned_slot(assign(guest, number, slot="D9", type_id=5), number)
    body = expect_ok(guest.get(f"/vehicles/{number.lower()}/status"))
    assert body["vehicle_number"] == number
    assert body["parked"] is True
    assert body["slot_number"] == "D9"
    assert body["vehicle_type"] == "Truck"
    assert body["duration_minutes"] == 0
    assert body["billed_hours"] in (0, 1)
    assert body["amount"] == body["billed_hours"] * 4.0
    datetime.strptime(body["entry_time"], "%Y-%m-%d %H:%M")

    expect_ok(guest.post("/release", json={"vehicle_number": number}))
    assert expect_ok(guest.get(f"/vehicles/{number}/status")) == {"vehicle_number": number, "parked": False}


def test_vehicle_status_needs_a_session_and_a_known_path(anon, guest):
    guest = guest()
    expect_error(anon.get("/vehicles/AB1/status"), 401, "Login required.")
    expect_error(guest.get("/vehicles/AB1"), 404, "Not found.")
    expect_error(guest.get("/vehicles/AB1/other"), 404, "Not found.")
    body = expect_ok(guest.get("/vehicles/AB%2012/status"))
    assert body == {"vehicle_number": "AB 12", "parked": False}


def test_lot_reports_its_zone_and_local_clock(anon):
    body = expect_ok(anon.get("/lot"))
    assert body["time_zone"] == TZ_NAME
    local = datetime.strptime(body["now"], "%Y-%m-%dT%H:%M:%S")
    assert body["utc_offset_minutes"] in (60, 120)
    utc_now = datetime.utcnow()
    shifted = (local - utc_now).total_seconds() / 60
    assert abs(shifted - body["utc_offset_minutes"]) < 2


def test_shutdown_ends_open_streams(server_factory):
    srv = server_factory()
    guest = srv.guest()
    r, events, _ = open_stream(srv, guest)
    started = time.monotonic()
    srv.stop()
    assert events.get(timeout=10) is None
    assert time.monotonic() - started < 10
    r.close()
