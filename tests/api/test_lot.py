"""Lot-wide read endpoints and general HTTP behaviour (404/405/413, JSON)."""

import pytest
import requests

from conftest import (ALL_SLOTS, SLOT_TYPES, VEHICLE_TYPES, expect_error, expect_ok)


def test_vehicle_types_by_id(anon):
    types = expect_ok(anon.get("/vehicle-types"))
    assert [t["id"] for t in types] == [1, 2, 3, 4, 5, 6]
    for t in types:
        name, cents = VEHICLE_TYPES[t["id"]]
        assert t["type_name"] == name
        assert t["hourly_rate"] == cents / 100
        assert isinstance(t["hourly_rate"], (int, float)) and not isinstance(t["hourly_rate"], bool)


def test_slots_seeded_lot(anon):
    slots = expect_ok(anon.get("/slots"))
    assert len(slots) == 124
    assert [s["slot_number"] for s in slots] == ALL_SLOTS  # natural order: A1, A2, ..., A10, ..., G20
    for s in slots:
        assert s["slot_type"] == SLOT_TYPES[s["slot_number"]], s
        assert s["is_occupied"] is False, s
        assert s["is_reserved"] is False, s
        assert s["next_res_start"] is None and s["next_res_end"] is None, s
    counts = {}
    for s in slots:
        counts[s["slot_type"]] = counts.get(s["slot_type"], 0) + 1
    assert counts == {"Handicapped": 14, "EV": 16, "Regular": 94}


def test_slot_types_spot_checks(anon):
    by = {s["slot_number"]: s["slot_type"] for s in expect_ok(anon.get("/slots"))}
    for n in ("A1", "A16", "B1", "B16", "C1", "C16", "D1", "D16", "E1", "E20", "F1", "F20", "G1", "G20"):
        assert by[n] == "Handicapped", n
    for n in ("A5", "A8", "A12", "B5", "B12"):
        assert by[n] == "EV", n
    for n in ("A2", "A4", "A13", "B4", "B13", "C5", "C12", "D8", "E16", "G19"):
        assert by[n] == "Regular", n


def test_slots_and_types_need_no_session(server):
    r = requests.get(server.base + "/slots", timeout=30)
    assert r.status_code == 200
    r = requests.get(server.base + "/vehicle-types", timeout=30)
    assert r.status_code == 200


def test_records_require_a_session(server, anon):
    expect_error(anon.get("/records"), 401)
    g = server.guest()
    assert isinstance(expect_ok(g.get("/records")), list)
    o = server.owner()
    assert isinstance(expect_ok(o.get("/records")), list)


def test_parking_endpoints_require_a_session(anon):
    expect_error(anon.post("/assign", json={"vehicle_number": "NOSESS1", "vehicle_type_id": 3}), 401)
    expect_error(anon.post("/release", json={"vehicle_number": "NOSESS1"}), 401)


@pytest.mark.parametrize("path", ["/nope", "/api/slots", "/slots/A1", "/owner/vehicle", "/auth",
                                  "/reservations/other", "/auth/me/x"])
def test_unknown_path_is_404(anon, path):
    expect_error(anon.get(path), 404, "Not found.")


@pytest.mark.parametrize("method,path", [
    ("DELETE", "/slots"), ("POST", "/slots"), ("POST", "/vehicle-types"), ("GET", "/assign"),
    ("GET", "/release"), ("PUT", "/auth/login"), ("GET", "/auth/logout"), ("GET", "/auth/register"),
    ("PATCH", "/owner/profile"), ("GET", "/reservations/preview"), ("DELETE", "/records"),
    ("POST", "/auth/me"),
])
def test_wrong_method_is_405(anon, method, path):
    expect_error(anon.request(method, path), 405, "Method not allowed.")


def test_body_too_large_is_413(server):
    g = server.guest()
    payload = '{"vehicle_number": "BIG1", "padding": "' + "x" * (70 * 1024) + '"}'
    r = g.post("/assign", data=payload, headers={"Content-Type": "application/json"})
    expect_error(r, 413, "Request body too large.")
    r = server.client().post("/auth/login", data=payload, headers={"Content-Type": "application/json"})
    expect_error(r, 413, "Request body too large.")
    # The server is still fine afterwards, and nothing was parked.
    assert not [x for x in expect_ok(g.get("/records")) if x["vehicle_number"] == "BIG1"]


def test_body_just_under_limit_is_not_413(server):
    g = server.guest()
    payload = '{"vehicle_number": "' + "x" * (60 * 1024) + '"}'
    r = g.post("/assign", data=payload, headers={"Content-Type": "application/json"})
    expect_error(r, 400)


def test_responses_are_json(server):
    g = server.guest()
    for path in ("/slots", "/vehicle-types", "/records", "/auth/me"):
        r = g.get(path)
        assert r.status_code == 200
        assert r.headers["Content-Type"].startswith("application/json"), (path, r.headers)


@pytest.mark.parametrize("path", ["/slots", "/vehicle-types", "/lot", "/auth/me", "/records", "/events"])
def test_head_is_get_without_the_body(server, path):
    g = server.guest()
    got = g.get(path, stream=path == "/events")
    head = g.request("HEAD", path, timeout=5)
    assert head.status_code == got.status_code == 200, (path, head.status_code, head.text[:200])
    assert head.content == b""
    assert head.headers["Content-Type"] == got.headers["Content-Type"]
    if path != "/events":
        assert int(head.headers["Content-Length"]) == len(got.content)
    got.close()


def test_a_wrong_method_names_head_beside_get(anon):
    r = anon.request("DELETE", "/slots")
    expect_error(r, 405, "Method not allowed.")
    assert r.headers["Allow"] == "GET, HEAD"
