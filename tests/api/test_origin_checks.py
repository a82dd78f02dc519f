"""Cross-site request refusal: a state-changing request whose Origin (or,
lacking one, Referer) names another host than the one addressed is 403
"Cross-site request refused." and has no effect. Reads, same-origin requests
and clients that send neither header are unaffected. (test_auth.py covers a
foreign Origin on the main endpoints; this is the full table.)"""

import pytest

from conftest import PASSWORD, add_vehicle, expect_error, expect_ok, plate

REFUSED = "Cross-site request refused."


def foreign_headers(srv):
    """Headers that must make a write cross-site."""
    port = srv.port
    return {
        "foreign origin": {"Origin": "http://evil.example"},
        "foreign origin, same path": {"Origin": f"http://evil.example:{port}"},
        "same host, other port": {"Origin": f"http://127.0.0.1:{port + 1}"},
        "other loopback name": {"Origin": f"http://localhost:{port}"},
        "origin null": {"Origin": "null"},
        "origin without scheme": {"Origin": f"127.0.0.1:{port}"},
        "origin not a URL": {"Origin": "garbage"},
        "host as userinfo": {"Origin": f"http://127.0.0.1:{port}@evil.example"},
        "host as prefix": {"Origin": f"http://127.0.0.1:{port}.evil.example"},
        "foreign referer": {"Referer": "http://evil.example/page.html"},
        "foreign referer, our path": {"Referer": f"http://evil.example/127.0.0.1:{port}/"},
        "foreign origin beats same referer": {"Origin": "http://evil.example",
                                              "Referer": f"{srv.base}/"},
    }


def same_site_headers(srv):
    return {
        "no headers": {},
        "same origin": {"Origin": srv.base},
        "same origin, https": {"Origin": f"https://127.0.0.1:{srv.port}"},
        "same referer": {"Referer": f"{srv.base}/login.html"},
        "same referer with query": {"Referer": f"{srv.base}/?x=1#frag"},
        "empty origin, same referer": {"Origin": "", "Referer": f"{srv.base}/"},
    }


# Every state-changing endpoint: (method, path builder, body builder, who).
WRITES = [
    ("POST", "/auth/register", "anon"),
    ("POST", "/auth/login", "anon"),
    ("POST", "/auth/logout", "owner"),
    ("POST", "/auth/guest", "anon"),
    ("PUT", "/owner/profile", "owner"),
    ("POST", "/owner/vehicles", "owner"),
    ("DELETE", "/owner/vehicles/{vehicle}", "owner"),
    ("POST", "/assign", "guest"),
    ("POST", "/release", "guest"),
    ("POST", "/reservations/preview", "anon"),
    ("POST", "/reservations", "owner"),
]


@pytest.fixture(scope="module")
def people(server):
    owner = server.owner()
    vehicle = add_vehicle(owner)
    guest = server.guest()
    parked = plate("OR")
    expect_ok(guest.post("/assign", json={"vehicle_number": parked, "vehicle_type_id": 3}))
    return {"owner": owner, "vehicle": vehicle, "guest": guest, "parked": parked,
            "anon": server.client()}


def body_for(path, people):
    return {
        "/auth/register": {"owner_name": "X", "email": "x-cross@example.com", "password": PASSWORD},
        "/auth/login": {"identifier": people["owner"].email, "password": PASSWORD},
        "/owner/profile": {"owner_name": "Hijacked", "email": people["owner"].email},
        "/owner/vehicles": {"vehicle_number": "CROSS1", "vehicle_type_id": 3},
        "/assign": {"vehicle_number": "CROSS2", "vehicle_type_id": 3},
        "/release": {"vehicle_number": people["parked"]},
        "/reservations/preview": {"entry_time": "2030-01-01T10:00", "exit_time": "2030-01-01T11:00"},
        "/reservations": {"vehicle_number": people["vehicle"], "slot_number": "C3",
                          "entry_time": "2030-01-01T10:00", "exit_time": "2030-01-01T11:00"},
    }.get(path)


def send(people, method, path, who, headers):
    path = path.format(vehicle=people["vehicle"])
    client = people[who]
    return client.request(method, path, json=body_for(path, people), headers=headers)


@pytest.mark.parametrize("method,path,who", WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
def test_cross_site_writes_are_refused_and_change_nothing(server, people, method, path, who):
    for name, headers in foreign_headers(server).items():
        r = send(people, method, path, who, headers)
        assert r.status_code == 403, (name, r.status_code, r.text)
        expect_error(r, 403, REFUSED)
        assert "Set-Cookie" not in r.headers, name
    owner = people["owner"]
    assert expect_ok(owner.get("/auth/me"))["logged_in"] is True
    assert [v["vehicle_number"] for v in expect_ok(owner.get("/owner/vehicles"))] == [people["vehicle"]]
    assert expect_ok(owner.get("/owner/profile"))["owner_name"] == owner.owner_name
    assert expect_ok(owner.get("/owner/records")) == []
    status = expect_ok(people["guest"].get(f"/vehicles/{people['parked']}/status"))
    assert status["parked"] is True
    assert expect_ok(people["guest"].get("/vehicles/CROSS2/status"))["parked"] is False


@pytest.mark.parametrize("name", ["no headers", "same origin", "same origin, https", "same referer",
                                  "same referer with query", "empty origin, same referer"])
def test_same_site_writes_are_accepted(server, name):
    headers = same_site_headers(server)[name]
    g = server.guest()
    number = plate("SS")
    r = g.post("/assign", json={"vehicle_number": number, "vehicle_type_id": 3}, headers=headers)
    assert r.status_code == 200, (name, r.text)
    expect_ok(g.post("/release", json={"vehicle_number": number}, headers=headers))
    expect_ok(server.client().post("/auth/guest", headers=headers))


@pytest.mark.parametrize("path", ["/slots", "/vehicle-types", "/lot", "/records", "/auth/me",
                                  "/owner/profile", "/owner/vehicles", "/owner/records", "/",
                                  "/login.html", "/static/css/console.css"])
def test_reads_with_a_foreign_origin_are_answered(server, people, path):
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"},
                    {"Referer": "http://evil.example/"}):
        r = people["owner"].get(path, headers=headers, allow_redirects=False)
        assert r.status_code == 200, (path, headers, r.status_code, r.text[:200])


def test_options_with_a_foreign_origin_is_not_refused_as_cross_site(server):
    r = server.client().options("/assign", headers={"Origin": "http://evil.example"})
    assert r.status_code != 403, r.text
    assert "Access-Control-Allow-Origin" not in r.headers
