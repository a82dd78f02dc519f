"""Authorization matrix: every endpoint of API.md (plus /events, /lot,
/vehicles/NUM/status and the pages) × {no session, guest, owner A, owner B}.
Each cell is the answer the contract implies, and nobody reads or changes
another owner's vehicles, profile or records."""

import pytest

from conftest import (PASSWORD, add_vehicle, assign, check_invariants, day_at, expect_ok, fmt_req,
                      plate, reserve, uid, unique_email)

ACTORS = ["anon", "guest", "A", "B"]
LOGIN_REQUIRED = "Login required."


class World:
    """Owner A (with vehicles, a walk-in and a reservation), owner B (with a
    vehicle), a guest and an anonymous client, each with its own session."""

    def __init__(self, srv):
        self.srv = srv
        self.a = srv.owner(name="Owner A " + uid(4))
        self.b = srv.owner(name="Owner B " + uid(4))
        self.a_id = expect_ok(self.a.get("/auth/me"))["owner_id"]
        self.b_id = expect_ok(self.b.get("/auth/me"))["owner_id"]
        self.a_car = add_vehicle(self.a, plate("ACAR"))
        self.a_parked = add_vehicle(self.a, plate("APRK"))
        self.a_spare = add_vehicle(self.a, plate("ASPR"))
        self.b_car = add_vehicle(self.b, plate("BCAR"))
        expect_ok(assign(self.a, self.a_parked))
        self.start, self.end = day_at(3, 9), day_at(3, 11)
        expect_ok(reserve(self.a, self.a_car, "C5", self.start, self.end))
        self.a_plates = {self.a_car, self.a_parked, self.a_spare}
        self.clients = {"anon": srv.client(), "guest": srv.guest(), "A": self.a, "B": self.b}

    def fresh(self, actor):
        """A new session of the same kind, for requests that end or replace it."""
        if actor == "anon":
            return self.srv.client()
        if actor == "guest":
            return self.srv.guest()
        owner = self.a if actor == "A" else self.b
        c = self.srv.client()
        expect_ok(c.post("/auth/login", json={"identifier": owner.email, "password": PASSWORD}))
        return c

    def owner_id(self, actor):
        return {"A": self.a_id, "B": self.b_id}.get(actor)


@pytest.fixture(scope="module")
def world(server):
    return World(server)


def error(status, message=None):
    def check(r, w, actor):
        assert r.status_code == status, r.text
        body = r.json()
        assert set(body) == {"error"}, body
        if message is not None:
            expected = message(w) if callable(message) else message
            assert body["error"] == expected, body
    check.status = status
    return check


def ok(status=200, check_body=None):
    def check(r, w, actor):
        assert r.status_code == status, r.text
        if r.headers["Content-Type"].startswith("application/json"):
            body = r.json()
            if check_body:
                assert check_body(body, w, actor) is not False, body
    check.status = status
    return check


def page(r, w, actor):
    assert r.status_code == 200, r.status_code
    assert r.headers["Content-Type"].startswith("text/html")


page.status = 200


def to_login(r, w, actor):
    assert r.status_code == 302, r.status_code
    assert r.headers["Location"].endswith("/login.html")


to_login.status = 302


# ---- body checks -------------------------------------------------------------------------
def me_body(body, w, actor):
    if actor == "anon":
        assert body == {"logged_in": False}
    elif actor == "guest":
        assert body == {"logged_in": True, "guest": True, "owner_name": "Guest"}
    else:
        assert body["logged_in"] is True and body["guest"] is False
        assert body["owner_id"] == w.owner_id(actor)


def profile_body(body, w, actor):
    owner = w.a if actor == "A" else w.b
    assert body["email"] == owner.email and body["owner_name"] == owner.owner_name, body


def vehicles_body(body, w, actor):
    numbers = {v["vehicle_number"] for v in body}
    if actor == "A":
        assert w.b_car not in numbers and {w.a_car, w.a_parked} <= numbers, numbers
    else:
        assert not numbers & w.a_plates and w.b_car in numbers, numbers


def owner_records_body(body, w, actor):
    numbers = {r["vehicle_number"] for r in body}
    if actor == "A":
        assert {w.a_car, w.a_parked} <= numbers, body
    else:
        assert not numbers & w.a_plates, f"owner B sees A's records: {body}"


def all_records_body(body, w, actor):
    numbers = {r["vehicle_number"] for r in body}
    assert {w.a_car, w.a_parked} <= numbers  # the lot's history is shared by every session


def parked_body(body, w, actor):
    assert body["parked"] is True and body["vehicle_number"] == w.a_parked, body


def list_body(body, w, actor):
    assert isinstance(body, list) and body


def lot_body(body, w, actor):
    assert body["time_zone"] == "Europe/Berlin"


# ---- the table ---------------------------------------------------------------------------
# (id, method, path, body, fresh session?, {actor: check}); actors run in the
# order anon, guest, B, A, so A's own change comes after the others' attempts.
def rows():
    anon_401 = error(401, LOGIN_REQUIRED)
    return [
        # auth
        ("me", "GET", "/auth/me", None, False, dict.fromkeys(ACTORS, ok(200, me_body))),
        ("logout", "POST", "/auth/logout", None, True,
         dict.fromkeys(ACTORS, ok(200, lambda b, w, a: b == {"message": "Logged out."}))),
        ("guest", "POST", "/auth/guest", None, True, dict.fromkeys(ACTORS, ok(200))),
        ("login", "POST", "/auth/login", lambda w: {"identifier": w.a.email, "password": PASSWORD},
         True, dict.fromkeys(ACTORS, ok(200, lambda b, w, a: b["owner_name"] == w.a.owner_name))),
        ("register", "POST", "/auth/register",
         lambda w: {"owner_name": "New", "email": unique_email(), "password": PASSWORD}, True,
         dict.fromkeys(ACTORS, ok(201))),
        # owner
        ("profile", "GET", "/owner/profile", None, False,
         {"anon": anon_401, "guest": anon_401, "A": ok(200, profile_body), "B": ok(200, profile_body)}),
        ("profile-update", "PUT", "/owner/profile",
         lambda w: {"owner_name": w.a.owner_name, "email": w.a.email}, False,
         {"anon": anon_401, "guest": anon_401, "B": error(409, "Email already in use."),
          "A": ok(200)}),
        ("vehicles", "GET", "/owner/vehicles", None, False,
         {"anon": anon_401, "guest": anon_401, "A": ok(200, vehicles_body), "B": ok(200, vehicles_body)}),
        ("vehicle-add", "POST", "/owner/vehicles",
         lambda w: {"vehicle_number": plate("NEW"), "vehicle_type_id": 2}, False,
         {"anon": anon_401, "guest": anon_401, "A": ok(201), "B": ok(201)}),
        ("vehicle-add-taken", "POST", "/owner/vehicles",
         lambda w: {"vehicle_number": w.a_car, "vehicle_type_id": 2}, False,
         {"anon": anon_401, "guest": anon_401,
          "A": error(409, lambda w: f"{w.a_car} is already registered."),
          "B": error(409, lambda w: f"{w.a_car} is already registered.")}),
        ("vehicle-delete", "DELETE", lambda w: f"/owner/vehicles/{w.a_spare}", None, False,
         {"anon": anon_401, "guest": anon_401, "B": error(403, "Not your vehicle."),
          "A": ok(200, lambda b, w, a: b == {"message": f"{w.a_spare} removed."})}),
        ("vehicle-delete-parked", "DELETE", lambda w: f"/owner/vehicles/{w.a_parked}", None, False,
         {"anon": anon_401, "guest": anon_401, "B": error(403, "Not your vehicle."),
          "A": error(409, lambda w: f"{w.a_parked} is still parked.")}),
        ("vehicle-delete-unknown", "DELETE", "/owner/vehicles/NOSUCH1", None, False,
         {"anon": anon_401, "guest": anon_401, "A": error(404, "Vehicle not found."),
          "B": error(404, "Vehicle not found.")}),
        ("owner-records", "GET", "/owner/records", None, False,
         {"anon": anon_401, "guest": anon_401, "A": ok(200, owner_records_body),
          "B": ok(200, owner_records_body)}),
        # lot
        ("vehicle-types", "GET", "/vehicle-types", None, False, dict.fromkeys(ACTORS, ok(200, list_body))),
        ("slots", "GET", "/slots", None, False, dict.fromkeys(ACTORS, ok(200, list_body))),
        ("lot", "GET", "/lot", None, False, dict.fromkeys(ACTORS, ok(200, lot_body))),
        ("records", "GET", "/records", None, False,
         {"anon": anon_401, **dict.fromkeys(["guest", "A", "B"], ok(200, all_records_body))}),
        ("vehicle-status", "GET", lambda w: f"/vehicles/{w.a_parked}/status", None, False,
         {"anon": anon_401, **dict.fromkeys(["guest", "A", "B"], ok(200, parked_body))}),
        # parking
        ("assign-others", "POST", "/assign", lambda w: {"vehicle_number": w.a_car, "vehicle_type_id": 3},
         False,
         {"anon": anon_401,
          "guest": error(403, lambda w: f"{w.a_car} is registered to an owner account. "
                                        "Please log in to park it."),
          "B": error(403, lambda w: f"{w.a_car} belongs to another owner."),
          "A": ok(200)}),
        ("release-others", "POST", "/release", lambda w: {"vehicle_number": w.a_parked}, False,
         {"anon": anon_401,
          "guest": error(403, lambda w: f"{w.a_parked} is registered to an owner account. "
                                        "Please log in to release it."),
          "B": error(403, lambda w: f"{w.a_parked} belongs to another owner."),
          "A": ok(200)}),
        ("preview", "POST", "/reservations/preview",
         lambda w: {"entry_time": fmt_req(day_at(5, 9)), "exit_time": fmt_req(day_at(5, 10))},
         False, dict.fromkeys(ACTORS, ok(200, lambda b, w, a: b["amount"] == 1.0))),
        ("reserve-others", "POST", "/reservations",
         lambda w: {"vehicle_number": w.a_car, "slot_number": "C9",
                    "entry_time": fmt_req(day_at(6, 9)), "exit_time": fmt_req(day_at(6, 10))},
         False,
         {"anon": anon_401, "guest": anon_401,
          "B": error(403, lambda w: f"{w.a_car} belongs to another owner."), "A": ok(200)}),
        # live events
        ("events", "GET", "/events", None, False,
         {"anon": anon_401, **dict.fromkeys(["guest", "A", "B"], ok(200))}),
        # pages
        ("page-dashboard", "GET", "/", None, False,
         {"anon": to_login, "guest": page, "A": page, "B": page}),
        ("page-index", "GET", "/index.html", None, False,
         {"anon": to_login, "guest": page, "A": page, "B": page}),
        ("page-login", "GET", "/login.html", None, False, dict.fromkeys(ACTORS, page)),
        ("page-profile", "GET", "/profile.html", None, False,
         {"anon": to_login, "guest": to_login, "A": page, "B": page}),
        ("page-vehicles", "GET", "/vehicles.html", None, False,
         {"anon": to_login, "guest": to_login, "A": page, "B": page}),
        ("static", "GET", "/static/js/api.js", None, False, dict.fromkeys(ACTORS, ok(200))),
    ]


ROWS = rows()
answered = []


@pytest.mark.parametrize("row", ROWS, ids=[r[0] for r in ROWS])
def test_matrix(world, row):
    name, method, path, body, fresh, expected = row
    assert set(expected) == set(ACTORS), name
    for actor in ["anon", "guest", "B", "A"]:
        client = world.fresh(actor) if fresh else world.clients[actor]
        url = path(world) if callable(path) else path
        payload = body(world) if callable(body) else body
        stream = url == "/events"
        r = client.request(method, url, json=payload, allow_redirects=False, stream=stream,
                           timeout=10)
        try:
            expected[actor](r, world, actor)
        except AssertionError as e:
            raise AssertionError(f"{name} as {actor}: {method} {url} -> {r.status_code}: {e}") from e
        finally:
            r.close()
        answered.append((name, actor, r.status_code))


def test_a_sessions_after_logout_and_login_are_what_they_say(world):
    """Logging out ends only the caller's session; logging in as A from B's
    browser makes that browser A's, and B's other session stays B's."""
    b2 = world.fresh("B")
    expect_ok(b2.post("/auth/login", json={"identifier": world.a.email, "password": PASSWORD}))
    assert expect_ok(b2.get("/auth/me"))["owner_id"] == world.a_id
    assert expect_ok(world.b.get("/auth/me"))["owner_id"] == world.b_id
    expect_ok(b2.post("/auth/logout"))
    assert expect_ok(b2.get("/auth/me")) == {"logged_in": False}
    assert expect_ok(world.a.get("/auth/me"))["owner_id"] == world.a_id


def test_nothing_of_a_leaked_to_b_and_nothing_changed(world, server):
    a, b = world.a, world.b
    assert expect_ok(a.get("/owner/profile"))["email"] == a.email
    assert expect_ok(b.get("/owner/profile"))["email"] == b.email
    a_numbers = {v["vehicle_number"] for v in expect_ok(a.get("/owner/vehicles"))}
    assert {world.a_car, world.a_parked} <= a_numbers and world.a_spare not in a_numbers
    b_numbers = {v["vehicle_number"] for v in expect_ok(b.get("/owner/vehicles"))}
    assert not b_numbers & world.a_plates
    b_records = expect_ok(b.get("/owner/records"))
    assert not {r["vehicle_number"] for r in b_records} & world.a_plates, b_records
    # A's bookings: the walk-ins A made, and A's two reservations, nobody else's.
    a_records = expect_ok(a.get("/owner/records"))
    assert {r["vehicle_number"] for r in a_records} <= world.a_plates, a_records
    assert sum(r["booking_type"] == "Reservation" for r in a_records) == 2, a_records
    check_invariants(server)
    figures["cells"] = len(answered)
    figures["refused_cells"] = sum(1 for _, _, status in answered if status >= 300)


figures = {}


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    print(f"\nauthorization matrix: {figures}")
