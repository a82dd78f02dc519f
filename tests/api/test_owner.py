"""/owner/*: profile, vehicles (login required)."""

import pytest

from conftest import (PASSWORD, add_vehicle, assign, day_at, expect_error, expect_ok, plate, reserve,
                      uid, unique_email, unique_phone)

OWNER_ENDPOINTS = [
    ("GET", "/owner/profile", None),
    ("PUT", "/owner/profile", {"owner_name": "X", "email": "x@example.com"}),
    ("GET", "/owner/vehicles", None),
    ("POST", "/owner/vehicles", {"vehicle_number": "LOGIN1", "vehicle_type_id": 3}),
    ("DELETE", "/owner/vehicles/LOGIN1", None),
    ("GET", "/owner/records", None),
]


@pytest.mark.parametrize("method,path,body", OWNER_ENDPOINTS)
def test_login_required(server, method, path, body):
    for client in (server.client(), server.guest()):
        r = client.request(method, path, json=body) if body is not None else client.request(method, path)
        expect_error(r, 401, "Login required.")


# ---------------------------------------------------------------- profile
def test_get_profile(server):
    email, phone = unique_email(), unique_phone()
    o = server.owner(name="Dana", email=email, phone=phone)
    prof = expect_ok(o.get("/owner/profile"))
    assert prof["owner_name"] == "Dana"
    assert prof["email"] == email
    assert prof["phone_number"] == phone
    o2 = server.owner(name="NoPhone")
    assert expect_ok(o2.get("/owner/profile"))["phone_number"] is None


def test_update_profile_fields(server):
    o = server.owner(name="Before")
    new_email, new_phone = unique_email(), unique_phone()
    body = expect_ok(o.put("/owner/profile", json={"owner_name": "After", "email": f" {new_email.upper()} ",
                                                   "phone_number": new_phone}))
    assert body["message"] == "Profile updated."
    prof = expect_ok(o.get("/owner/profile"))
    assert prof == {**prof, "owner_name": "After", "email": new_email, "phone_number": new_phone}
    assert expect_ok(o.get("/auth/me"))["owner_name"] == "After"
    c = server.client()
    expect_error(c.post("/auth/login", json={"identifier": o.email, "password": PASSWORD}), 401,
                 "Invalid credentials.")
    expect_ok(c.post("/auth/login", json={"identifier": new_email, "password": PASSWORD}))
    expect_ok(server.client().post("/auth/login", json={"identifier": new_phone, "password": PASSWORD}))


def test_update_profile_keeping_own_email_is_fine(server):
    o = server.owner(name="Same")
    body = expect_ok(o.put("/owner/profile", json={"owner_name": "Same Again", "email": o.email}))
    assert body["message"] == "Profile updated."


def test_change_password(server):
    o = server.owner()
    expect_error(o.put("/owner/profile", json={"owner_name": o.owner_name, "email": o.email,
                                               "password": "newpass123", "old_password": "wrong-one"}),
                 403, "Current password is incorrect.")
    expect_error(o.put("/owner/profile", json={"owner_name": o.owner_name, "email": o.email,
                                               "password": "short", "old_password": PASSWORD}),
                 400, "Password must be at least 6 characters.")
    # Neither refused attempt changed anything.
    expect_ok(server.client().post("/auth/login", json={"identifier": o.email, "password": PASSWORD}))
    body = expect_ok(o.put("/owner/profile", json={"owner_name": o.owner_name, "email": o.email,
                                                   "password": "newpass123", "old_password": PASSWORD}))
    assert body["message"] == "Profile updated."
    expect_error(server.client().post("/auth/login", json={"identifier": o.email, "password": PASSWORD}),
                 401, "Invalid credentials.")
    expect_ok(server.client().post("/auth/login", json={"identifier": o.email, "password": "newpass123"}))


def test_update_profile_validation(server):
    o = server.owner()
    cases = [
        ({"email": o.email}, "Name is required."),
        ({"owner_name": "", "email": o.email}, "Name is required."),
        ({"owner_name": "N"}, "Provide at least an email or phone number."),
        ({"owner_name": "N", "email": "", "phone_number": ""}, "Provide at least an email or phone number."),
        ({"owner_name": "N", "email": "nope"}, "Invalid email address."),
    ]
    for body, message in cases:
        expect_error(o.put("/owner/profile", json=body), 400, message)
    prof = expect_ok(o.get("/owner/profile"))
    assert prof["owner_name"] == o.owner_name and prof["email"] == o.email


def test_update_profile_conflicts(server):
    other_email, other_phone = unique_email(), unique_phone()
    server.owner(email=other_email, phone=other_phone)
    o = server.owner()
    expect_error(o.put("/owner/profile", json={"owner_name": "N", "email": other_email}), 409,
                 "Email already in use.")
    expect_error(o.put("/owner/profile", json={"owner_name": "N", "email": other_email.upper()}), 409,
                 "Email already in use.")
    expect_error(o.put("/owner/profile", json={"owner_name": "N", "email": o.email,
                                               "phone_number": other_phone}), 409, "Phone already in use.")
    prof = expect_ok(o.get("/owner/profile"))
    assert prof["email"] == o.email and prof["owner_name"] == o.owner_name


# ---------------------------------------------------------------- vehicles
def test_add_and_list_vehicles_sorted(server):
    o = server.owner()
    tag = uid(6)
    numbers = [f"Z{tag}", f"A{tag}", f"M{tag}"]
    add_vehicle(o, numbers[0], 5)
    add_vehicle(o, numbers[1], 1)
    add_vehicle(o, numbers[2], 3)
    listed = expect_ok(o.get("/owner/vehicles"))
    assert [v["vehicle_number"] for v in listed] == sorted(numbers)
    by_number = {v["vehicle_number"]: v for v in listed}
    assert by_number[f"A{tag}"]["vehicle_type_id"] == 1
    assert by_number[f"A{tag}"]["type_name"] == "Bicycle"
    assert by_number[f"A{tag}"]["hourly_rate"] == 1.0
    assert by_number[f"M{tag}"]["type_name"] == "Car"
    assert by_number[f"M{tag}"]["hourly_rate"] == 3.0
    assert by_number[f"Z{tag}"]["vehicle_type_id"] == 5
    assert by_number[f"Z{tag}"]["type_name"] == "Truck"
    assert by_number[f"Z{tag}"]["hourly_rate"] == 4.0
    # Another owner sees none of them.
    assert expect_ok(server.owner().get("/owner/vehicles")) == []


def test_add_vehicle_normalises_number_and_accepts_digit_string_type(server):
    o = server.owner()
    tag = uid(6).lower()
    body = expect_ok(o.post("/owner/vehicles", json={"vehicle_number": f"  ab {tag} ", "vehicle_type_id": "4"}),
                     201)
    number = f"AB {tag.upper()}"
    assert body["message"] == f"{number} registered."
    listed = expect_ok(o.get("/owner/vehicles"))
    assert [(v["vehicle_number"], v["vehicle_type_id"], v["type_name"]) for v in listed] == [(number, 4, "Van")]


def test_add_vehicle_errors(server):
    o = server.owner()
    n = plate()
    expect_error(o.post("/owner/vehicles", json={"vehicle_type_id": 3}), 400, "Vehicle number required.")
    expect_error(o.post("/owner/vehicles", json={"vehicle_number": "   ", "vehicle_type_id": 3}), 400,
                 "Vehicle number required.")
    expect_error(o.post("/owner/vehicles", json={"vehicle_number": n}), 400, "Vehicle type required.")
    expect_error(o.post("/owner/vehicles", json={"vehicle_number": n, "vehicle_type_id": 99}), 400,
                 "Invalid vehicle type.")
    expect_error(o.post("/owner/vehicles", json={"vehicle_number": n, "vehicle_type_id": 0}), 400,
                 "Invalid vehicle type.")
    expect_error(o.post("/owner/vehicles", json={"vehicle_number": n, "vehicle_type_id": "abc"}), 400,
                 "vehicle_type_id must be an integer.")
    assert expect_ok(o.get("/owner/vehicles")) == []


def test_add_vehicle_already_registered(server):
    o = server.owner()
    n = add_vehicle(o)
    expect_error(o.post("/owner/vehicles", json={"vehicle_number": n, "vehicle_type_id": 3}), 409,
                 f"{n} is already registered.")
    expect_error(o.post("/owner/vehicles", json={"vehicle_number": n.lower(), "vehicle_type_id": 1}), 409,
                 f"{n} is already registered.")
    other = server.owner()
    expect_error(other.post("/owner/vehicles", json={"vehicle_number": n, "vehicle_type_id": 3}), 409,
                 f"{n} is already registered.")
    assert expect_ok(other.get("/owner/vehicles")) == []


def test_delete_vehicle(server):
    o = server.owner()
    n = add_vehicle(o)
    body = expect_ok(o.delete(f"/owner/vehicles/{n.lower()}"))
    assert body["message"] == f"{n} removed."
    assert expect_ok(o.get("/owner/vehicles")) == []
    expect_error(o.delete(f"/owner/vehicles/{n}"), 404, "Vehicle not found.")
    # Once removed it can be registered again (here by someone else).
    add_vehicle(server.owner(), n)


def test_delete_vehicle_with_space_percent_encoded(server):
    o = server.owner()
    tag = uid(5)
    n = add_vehicle(o, f"AB {tag}")
    body = expect_ok(o.delete(f"/owner/vehicles/AB%20{tag}"))
    assert body["message"] == f"{n} removed."
    assert expect_ok(o.get("/owner/vehicles")) == []


def test_delete_vehicle_errors(server):
    o = server.owner()
    other = server.owner()
    theirs = add_vehicle(other)
    expect_error(o.delete(f"/owner/vehicles/{plate('NX')}"), 404, "Vehicle not found.")
    expect_error(o.delete(f"/owner/vehicles/{theirs}"), 403, "Not your vehicle.")
    assert [v["vehicle_number"] for v in expect_ok(other.get("/owner/vehicles"))] == [theirs]


def test_delete_vehicle_while_parked(server):
    o = server.owner()
    n = add_vehicle(o)
    expect_ok(assign(o, n))
    expect_error(o.delete(f"/owner/vehicles/{n}"), 409, f"{n} is still parked.")
    expect_ok(o.post("/release", json={"vehicle_number": n}))
    body = expect_ok(o.delete(f"/owner/vehicles/{n}"))
    assert body["message"] == f"{n} removed."


def test_delete_vehicle_with_upcoming_reservation(server):
    o = server.owner()
    n = add_vehicle(o)
    expect_ok(reserve(o, n, "G5", day_at(2, 10), day_at(2, 11)))
    expect_error(o.delete(f"/owner/vehicles/{n}"), 409, f"{n} has upcoming reservations.")
    assert [v["vehicle_number"] for v in expect_ok(o.get("/owner/vehicles"))] == [n]
