"""Hostile and malformed input: always a 4xx JSON error, never a 5xx, and the
database stays consistent."""

import pytest

from conftest import (PASSWORD, add_vehicle, check_invariants, day_at, expect_4xx, expect_error, expect_ok,
                      fmt_req, plate, uid, unique_email)

# endpoint key -> (method, path, who, fields)
ENDPOINTS = {
    "register": ("POST", "/auth/register", "anon", ["owner_name", "email", "phone_number", "password"]),
    "login": ("POST", "/auth/login", "anon", ["identifier", "password"]),
    "profile": ("PUT", "/owner/profile", "owner", ["owner_name", "email", "phone_number", "password",
                                                   "old_password"]),
    "vehicles": ("POST", "/owner/vehicles", "owner", ["vehicle_number", "vehicle_type_id"]),
    "assign": ("POST", "/assign", "guest", ["vehicle_number", "slot_number", "vehicle_type_id"]),
    "assign-owner": ("POST", "/assign", "owner", ["vehicle_number", "slot_number", "vehicle_type_id"]),
    "release": ("POST", "/release", "guest", ["vehicle_number"]),
    "preview": ("POST", "/reservations/preview", "anon", ["entry_time", "exit_time", "vehicle_type_id"]),
    "reservations": ("POST", "/reservations", "owner", ["vehicle_number", "slot_number", "entry_time",
                                                        "exit_time", "vehicle_type_id"]),
}

# Bodies that are not a JSON object at all: 400 with an error that mentions JSON.
NOT_AN_OBJECT = [
    b"",
    b" ",
    b"{",
    b"}",
    b"null",
    b"[]",
    b"[1, 2]",
    b'[{"vehicle_number": "AB1"}]',
    b'"just a string"',
    b"42",
    b"-0.5e10",
    b"true",
    b'{"a":',
    b'{"vehicle_number": "AB1",}',
    b"{'vehicle_number': 'AB1'}",
    b'{"vehicle_number": NaN}',
    b'{"vehicle_number": Infinity}',
    b'{"vehicle_number": "AB1"} trailing',
    b"\xff\xfe\x00g\x00a\x00r\x00b\x00",
    b"[" * 5000 + b"]" * 5000,
    b"\x00",
]

# Any other hostile raw body: some 4xx.
OTHER_RAW = [
    b'{"a":' * 3000 + b"1" + b"}" * 3000,
    b'{"vehicle_number": [], "vehicle_number": {"x": 1}}',
    b'{"": "", "\\u0000": null}',
    b'{"vehicle_number": 1e999}',
    b'{"vehicle_type_id": 123456789012345678901234567890}',
    b'{"vehicle_number": "' + b"\\u0041" * 3000 + b'"}',
    b'{"vehicle_number": "\xff\xfe"}',
    b'{"vehicle_number": "\\ud800"}',
    b'{"vehicle_number": "\\udc00\\ud800"}',
]

# Values put into every field of an endpoint at once.
HOSTILE_VALUES = [
    "x" * 5000,
    "\u00e9" * 600,
    "\U0001F697" * 40,
    "\u0000",
    "A\u0000B",
    "\n",
    "\ud800",
    "\u202e\u200b",
    "NaN",
    "-1",
    "0",
    "1180591620717411303424",
    "<script>alert(1)</script>",
    "'; DROP TABLE records; --",
    None,
    [],
    [[[[[]]]]],
    {},
    {"nested": {"deeper": [1, 2, {"x": None}]}},
    2 ** 70,
    -(2 ** 70),
    -1,
    0,
    1.5,
    1e308,
    True,
    False,
]


@pytest.fixture(scope="module")
def actors(server):
    return {"anon": server.client(), "guest": server.guest(), "owner": server.owner()}


def send(actors, key, **kw):
    method, path, who, _ = ENDPOINTS[key]
    return actors[who].request(method, path, **kw)


@pytest.mark.parametrize("key", list(ENDPOINTS))
@pytest.mark.parametrize("raw", NOT_AN_OBJECT, ids=lambda b: repr(b[:24]))
def test_not_a_json_object(actors, key, raw):
    r = send(actors, key, data=raw, headers={"Content-Type": "application/json"})
    err = expect_error(r, 400)
    assert "json" in err.lower(), err


@pytest.mark.parametrize("key", list(ENDPOINTS))
def test_no_body_at_all(actors, key):
    err = expect_error(send(actors, key), 400)
    assert "json" in err.lower(), err


@pytest.mark.parametrize("key", list(ENDPOINTS))
@pytest.mark.parametrize("raw", OTHER_RAW, ids=lambda b: repr(b[:24]))
def test_other_hostile_raw_bodies(actors, key, raw):
    expect_4xx(send(actors, key, data=raw, headers={"Content-Type": "application/json"}))


@pytest.mark.parametrize("key", list(ENDPOINTS))
@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=lambda v: repr(v)[:24])
def test_hostile_field_values(actors, key, value):
    fields = ENDPOINTS[key][3]
    expect_4xx(send(actors, key, json={f: value for f in fields}))


@pytest.mark.parametrize("path", ["/auth/guest", "/auth/logout"])
@pytest.mark.parametrize("raw", NOT_AN_OBJECT[:12] + OTHER_RAW[:2], ids=lambda b: repr(b[:24]))
def test_bodies_on_endpoints_without_fields(server, path, raw):
    r = server.client().post(path, data=raw, headers={"Content-Type": "application/json"})
    assert r.status_code < 500
    assert r.headers["Content-Type"].startswith("application/json")
    r.json()


@pytest.mark.parametrize("suffix", ["%00", "%F0%9F%9A%97", "A" * 3000, "%ZZ", "..%2F..%2Fslots", "%20%20",
                                    "AB%0A12", "%C3%28", "%2e%2e"])
def test_hostile_vehicle_paths(actors, suffix):
    expect_4xx(actors["owner"].delete(f"/owner/vehicles/{suffix}"))


# ---------------------------------------------------------------- precise validation
def test_string_fields_must_be_strings(server, actors):
    g, o, anon = actors["guest"], actors["owner"], actors["anon"]
    v = add_vehicle(o)
    start = fmt_req(day_at(1, 10))
    cases = [
        (g, "POST", "/assign", {"vehicle_number": 123, "vehicle_type_id": 3}, "vehicle_number"),
        (g, "POST", "/assign", {"vehicle_number": "STR1", "slot_number": 5, "vehicle_type_id": 3}, "slot_number"),
        (g, "POST", "/release", {"vehicle_number": ["A"]}, "vehicle_number"),
        (o, "POST", "/owner/vehicles", {"vehicle_number": {"a": 1}, "vehicle_type_id": 3}, "vehicle_number"),
        (anon, "POST", "/auth/register", {"owner_name": 7, "email": unique_email(), "password": PASSWORD},
         "owner_name"),
        (anon, "POST", "/auth/register", {"owner_name": "N", "email": 5, "password": PASSWORD}, "email"),
        (anon, "POST", "/auth/register", {"owner_name": "N", "email": unique_email(), "phone_number": 4915100,
                                          "password": PASSWORD}, "phone_number"),
        (anon, "POST", "/auth/register", {"owner_name": "N", "email": unique_email(), "password": 12345678},
         "password"),
        (anon, "POST", "/auth/login", {"identifier": 5, "password": PASSWORD}, "identifier"),
        (anon, "POST", "/auth/login", {"identifier": "a@b.example", "password": True}, "password"),
        (anon, "POST", "/reservations/preview", {"entry_time": 20310101, "exit_time": "2031-01-01T10:00"},
         "entry_time"),
        (o, "POST", "/reservations", {"vehicle_number": v, "slot_number": "E9", "entry_time": start,
                                      "exit_time": [], "vehicle_type_id": 3}, "exit_time"),
        (o, "PUT", "/owner/profile", {"owner_name": "N", "email": o.email, "password": "newpass123",
                                      "old_password": 1}, "old_password"),
    ]
    mismatches = []
    for client, method, path, body, field in cases:
        r = client.request(method, path, json=body)
        got = (r.status_code, r.json())
        want = (400, {"error": f"{field} must be a string."})
        if got != want:
            mismatches.append(f"{method} {path} with {field}={body[field]!r}: got {got}")
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.parametrize("bad", ["abc", 1.5, True, [], {}, "1.5", "3a"], ids=repr)
def test_vehicle_type_id_must_be_an_integer(actors, bad):
    g, o, anon = actors["guest"], actors["owner"], actors["anon"]
    msg = "vehicle_type_id must be an integer."
    expect_error(assign(g, plate("VT"), bad), 400, msg)
    expect_error(o.post("/owner/vehicles", json={"vehicle_number": plate("VT"), "vehicle_type_id": bad}), 400, msg)
    expect_error(anon.post("/reservations/preview", json={"entry_time": "2031-01-01T10:00",
                                                          "exit_time": "2031-01-01T11:00", "vehicle_type_id": bad}),
                 400, msg)


@pytest.mark.parametrize("bad", [2 ** 70, -(2 ** 70), -1, 0, 7, "99999999999999999999999", "0"], ids=repr)
def test_out_of_range_vehicle_type_ids(actors, bad):
    g, o = actors["guest"], actors["owner"]
    expect_error(assign(g, plate("VR"), bad), 400)
    expect_error(o.post("/owner/vehicles", json={"vehicle_number": plate("VR"), "vehicle_type_id": bad}), 400)


def assign(client, number, type_id):
    return client.post("/assign", json={"vehicle_number": number, "vehicle_type_id": type_id})


def test_vehicle_number_length(actors):
    o, g = actors["owner"], actors["guest"]
    ok = "L" + uid(31)
    assert len(ok) == 32
    add_vehicle(o, ok)
    too_long = "M" + uid(32)
    assert len(too_long) == 33
    expect_error(o.post("/owner/vehicles", json={"vehicle_number": too_long, "vehicle_type_id": 3}), 400)
    expect_error(assign(g, too_long, 3), 400)
    expect_error(g.post("/release", json={"vehicle_number": too_long}), 400)


def test_slot_number_length(actors):
    g = actors["guest"]
    expect_error(g.post("/assign", json={"vehicle_number": plate("SL"), "slot_number": "A" + "1" * 10,
                                         "vehicle_type_id": 3}), 400)


def test_vehicle_number_control_characters(actors):
    o, g = actors["owner"], actors["guest"]
    for bad in ("AB\x0012", "AB\x0112", "AB\t12", "AB\n12", "AB\x1b12", "AB\x7f12"):
        expect_error(o.post("/owner/vehicles", json={"vehicle_number": bad, "vehicle_type_id": 3}), 400)
        expect_error(assign(g, bad, 3), 400)
    names = [x["vehicle_number"] for x in expect_ok(g.get("/records"))]
    assert not [n for n in names if any(ord(ch) < 32 or ord(ch) == 127 for ch in n)]


def email_of_length(n):
    local = "u" + uid(32).lower()  # 33 chars
    domain_len = n - len(local) - 1
    labels = []
    while domain_len > 0:
        take = min(63, domain_len)
        if domain_len - take == 1:  # avoid an empty label
            take -= 1
        labels.append(take)
        domain_len -= take + 1
    domain = ".".join("d" * k for k in labels[:-1]) + "." + "c" * labels[-1] if len(labels) > 1 else "c" * labels[0]
    email = f"{local}@{domain}"
    assert len(email) == n, (len(email), n)
    return email


def register(anon_factory, **fields):
    body = {"owner_name": "Len", "password": PASSWORD}
    body.update(fields)
    if "email" not in body and "phone_number" not in body:
        body["email"] = unique_email()
    return anon_factory().post("/auth/register", json=body)


def test_owner_field_lengths(server):
    new = server.client
    expect_ok(register(new, owner_name="N" * 100), 201)
    expect_error(register(new, owner_name="N" * 101), 400)
    e254 = email_of_length(254)
    expect_ok(register(new, email=e254), 201)
    expect_ok(server.client().post("/auth/login", json={"identifier": e254, "password": PASSWORD}))
    expect_error(register(new, email=email_of_length(255)), 400)
    expect_error(register(new, phone_number="1" * 33), 400)
    expect_error(register(new, phone_number="+" + "1" * 32), 400)


def test_password_length_in_bytes(server):
    new = server.client
    for pw in ("p" * 1024, "\u00e9" * 512):
        email = unique_email()
        expect_ok(register(new, email=email, password=pw), 201)
        expect_ok(server.client().post("/auth/login", json={"identifier": email, "password": pw}))
        expect_error(server.client().post("/auth/login", json={"identifier": email, "password": pw[:-1]}), 401)
    for pw in ("p" * 1025, "\u00e9" * 513):
        expect_error(register(new, email=unique_email(), password=pw), 400)


def test_database_is_consistent_after_the_abuse(server, actors):
    for c in actors.values():
        assert c.get("/slots").status_code == 200
    check_invariants(server)
