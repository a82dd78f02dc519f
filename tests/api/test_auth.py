"""/auth/*: register, login, logout, guest, me; cookies; cross-site refusal."""

import re

import requests

from conftest import (COOKIE, PASSWORD, add_vehicle, expect_error, expect_ok, plate, uid,
                      unique_email, unique_phone)


def me(client):
    return expect_ok(client.get("/auth/me"))


def me_with_token(server, token):
    r = requests.get(server.base + "/auth/me", headers={"Cookie": f"{COOKIE}={token}"}, timeout=30)
    return expect_ok(r)


# ---------------------------------------------------------------- register
def test_register_creates_owner_session(server):
    c = server.client()
    email = unique_email()
    body = expect_ok(c.post("/auth/register", json={"owner_name": "Ann Lee", "email": email,
                                                    "password": PASSWORD}), 201)
    assert body["message"] == "Welcome, Ann Lee!"
    assert body["owner_name"] == "Ann Lee"
    info = me(c)
    assert info["logged_in"] is True and info["guest"] is False
    assert info["owner_name"] == "Ann Lee"
    assert isinstance(info["owner_id"], int)


def test_register_with_phone_only(server):
    c = server.client()
    phone = unique_phone()
    body = expect_ok(c.post("/auth/register", json={"owner_name": "Phone Only", "phone_number": phone,
                                                    "password": PASSWORD}), 201)
    assert body["message"] == "Welcome, Phone Only!" and body["owner_name"] == "Phone Only"
    assert me(c)["guest"] is False


def test_register_validation(anon):
    email = unique_email()
    cases = [
        ({"email": email, "password": PASSWORD}, "Name is required."),
        ({"owner_name": "", "email": email, "password": PASSWORD}, "Name is required."),
        ({"owner_name": "Bob", "password": PASSWORD}, "Provide at least an email or phone number."),
        ({"owner_name": "Bob", "email": "", "phone_number": "", "password": PASSWORD},
         "Provide at least an email or phone number."),
        ({"owner_name": "Bob", "email": email, "password": "12345"},
         "Password must be at least 6 characters."),
        ({"owner_name": "Bob", "email": email}, "Password must be at least 6 characters."),
        ({"owner_name": "Bob", "email": "not-an-email", "password": PASSWORD}, "Invalid email address."),
        ({"owner_name": "Bob", "email": "a@", "password": PASSWORD}, "Invalid email address."),
        ({"owner_name": "Bob", "email": "@example.com", "password": PASSWORD}, "Invalid email address."),
    ]
    for body, message in cases:
        expect_error(anon.post("/auth/register", json=body), 400, message)
    # Nothing was created by the refused attempts.
    expect_error(anon.post("/auth/login", json={"identifier": email, "password": PASSWORD}), 401,
                 "Invalid credentials.")


def test_register_duplicates(server):
    email, phone = unique_email(), unique_phone()
    server.owner(email=email, phone=phone)
    c = server.client()
    expect_error(c.post("/auth/register", json={"owner_name": "X", "email": email, "password": PASSWORD}),
                 409, "Email already registered.")
    # Same email, different case and padding: still the same address.
    expect_error(c.post("/auth/register", json={"owner_name": "X", "email": f"  {email.upper()} ",
                                                "password": PASSWORD}), 409, "Email already registered.")
    expect_error(c.post("/auth/register", json={"owner_name": "X", "phone_number": phone,
                                                "password": PASSWORD}), 409,
                 "Phone number already registered.")
    assert me(c) == {"logged_in": False}


def test_email_is_trimmed_and_lower_cased(server):
    local = "Foo" + uid(12)
    raw = f"  {local}@X-Example.COM "
    owner = server.owner(name="Foo", email=raw)
    c = server.client()
    body = expect_ok(c.post("/auth/login", json={"identifier": f"{local.lower()}@x-example.com",
                                                 "password": PASSWORD}))
    assert body["message"] == "Welcome back, Foo!" and body["owner_name"] == "Foo"
    assert expect_ok(owner.get("/owner/profile"))["email"] == f"{local.lower()}@x-example.com"


# ---------------------------------------------------------------- login
def test_login_by_email_and_by_phone(server):
    email, phone = unique_email(), unique_phone()
    server.owner(name="Carla", email=email, phone=phone)
    for ident in (email, phone, email.upper()):
        c = server.client()
        body = expect_ok(c.post("/auth/login", json={"identifier": ident, "password": PASSWORD}))
        assert body["message"] == "Welcome back, Carla!"
        assert body["owner_name"] == "Carla"
        info = me(c)
        assert info["logged_in"] is True and info["guest"] is False and info["owner_name"] == "Carla"


def test_login_errors(server):
    email = unique_email()
    server.owner(email=email)
    c = server.client()
    for body in ({}, {"identifier": email}, {"password": PASSWORD}, {"identifier": "", "password": ""},
                 {"identifier": email, "password": ""}):
        expect_error(c.post("/auth/login", json=body), 400, "Credentials required.")
    expect_error(c.post("/auth/login", json={"identifier": email, "password": "wrong-password"}), 401,
                 "Invalid credentials.")
    expect_error(c.post("/auth/login", json={"identifier": unique_email(), "password": PASSWORD}), 401,
                 "Invalid credentials.")
    expect_error(c.post("/auth/login", json={"identifier": unique_phone(), "password": PASSWORD}), 401,
                 "Invalid credentials.")
    assert me(c) == {"logged_in": False}


# ---------------------------------------------------------------- guest / me
def test_guest_session(server):
    c = server.client()
    assert me(c) == {"logged_in": False}
    body = expect_ok(c.post("/auth/guest"))
    assert body["message"] == "Continuing as guest."
    info = me(c)
    assert info["logged_in"] is True and info["guest"] is True and info["owner_name"] == "Guest"
    assert "owner_id" not in info or info["owner_id"] is None


def test_me_without_session(anon):
    assert me(anon) == {"logged_in": False}


def test_me_with_garbage_cookie(server):
    assert me_with_token(server, "not-a-real-token") == {"logged_in": False}
    assert me_with_token(server, "") == {"logged_in": False}


# ---------------------------------------------------------------- tokens and logout
def test_every_login_register_guest_sets_a_new_token(server):
    c = server.client()
    expect_ok(c.post("/auth/guest"))
    t_guest = c.token
    assert t_guest
    expect_ok(c.post("/auth/guest"))
    t_guest2 = c.token
    assert t_guest2 and t_guest2 != t_guest

    email = unique_email()
    expect_ok(c.post("/auth/register", json={"owner_name": "Rot", "email": email, "password": PASSWORD}), 201)
    t_reg = c.token
    assert t_reg and t_reg not in (t_guest, t_guest2)
    expect_ok(c.post("/auth/login", json={"identifier": email, "password": PASSWORD}))
    t_login = c.token
    assert t_login and t_login not in (t_guest, t_guest2, t_reg)
    assert me(c)["owner_name"] == "Rot"


def test_logout_invalidates_the_token(server):
    owner = server.owner(name="Leaving")
    token = owner.token
    assert me_with_token(server, token)["owner_name"] == "Leaving"
    body = expect_ok(owner.post("/auth/logout"))
    assert body["message"] == "Logged out."
    assert me(owner) == {"logged_in": False}
    # The old cookie value no longer authenticates, even if a client kept it.
    assert me_with_token(server, token) == {"logged_in": False}
    r = requests.get(server.base + "/owner/profile", headers={"Cookie": f"{COOKIE}={token}"}, timeout=30)
    expect_error(r, 401, "Login required.")


def test_logout_of_guest_and_without_session(server):
    g = server.guest()
    token = g.token
    expect_ok(g.post("/auth/logout"))
    assert me_with_token(server, token) == {"logged_in": False}
    r = g.get("/records")
    assert r.status_code == 401
    body = expect_ok(server.client().post("/auth/logout"))
    assert body["message"] == "Logged out."


def _set_cookie_for_session(r):
    headers = r.raw.headers.getlist("Set-Cookie") if hasattr(r.raw.headers, "getlist") else \
        [r.headers.get("Set-Cookie", "")]
    mine = [h for h in headers if h.strip().startswith(COOKIE + "=")]
    assert mine, f"no {COOKIE} cookie set: {headers}"
    return mine[-1]


def test_cookie_attributes(server):
    c = server.client()
    responses = [c.post("/auth/guest")]
    email = unique_email()
    responses.append(c.post("/auth/register", json={"owner_name": "Cookie", "email": email,
                                                    "password": PASSWORD}))
    responses.append(c.post("/auth/login", json={"identifier": email, "password": PASSWORD}))
    for r in responses:
        assert r.status_code in (200, 201), r.text
        header = _set_cookie_for_session(r)
        attrs = [a.strip().lower() for a in header.split(";")[1:]]
        assert "httponly" in attrs, header
        assert "samesite=lax" in attrs, header
        assert "path=/" in attrs, header
        value = header.split(";")[0].split("=", 1)[1]
        assert len(value) >= 16, "session token looks too short to be unguessable"


# ---------------------------------------------------------------- cross-site requests
EVIL = {"Origin": "http://evil.example"}


def test_cross_site_origin_is_refused(server):
    owner = server.owner()
    number = add_vehicle(owner)
    g = server.guest()
    guest_number = plate("CS")

    expect_error(g.post("/assign", json={"vehicle_number": guest_number, "vehicle_type_id": 3},
                        headers=EVIL), 403, "Cross-site request refused.")
    expect_error(owner.post("/owner/vehicles", json={"vehicle_number": plate("CS"), "vehicle_type_id": 3},
                            headers=EVIL), 403, "Cross-site request refused.")
    expect_error(owner.delete(f"/owner/vehicles/{number}", headers=EVIL), 403, "Cross-site request refused.")
    expect_error(owner.put("/owner/profile", json={"owner_name": "Hijacked", "email": owner.email},
                           headers=EVIL), 403, "Cross-site request refused.")
    expect_error(server.client().post("/auth/login", json={"identifier": owner.email, "password": PASSWORD},
                                      headers=EVIL), 403, "Cross-site request refused.")
    # None of the refused requests had an effect.
    vehicles = [v["vehicle_number"] for v in expect_ok(owner.get("/owner/vehicles"))]
    assert vehicles == [number]
    assert expect_ok(owner.get("/owner/profile"))["owner_name"] == owner.owner_name
    assert not [r for r in expect_ok(g.get("/records")) if r["vehicle_number"] == guest_number]


def test_same_origin_is_accepted(server):
    same = {"Origin": server.base}
    g = server.guest()
    number = plate("SO")
    r = g.post("/assign", json={"vehicle_number": number, "vehicle_type_id": 3}, headers=same)
    body = expect_ok(r)
    assert re.fullmatch(rf"{number} assigned to slot [A-G][0-9]+\.", body["message"]), body
    expect_ok(g.post("/release", json={"vehicle_number": number}, headers=same))
    owner = server.owner()
    expect_ok(owner.post("/owner/vehicles", json={"vehicle_number": plate("SO"), "vehicle_type_id": 3},
                         headers=same), 201)
