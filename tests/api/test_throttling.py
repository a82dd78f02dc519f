"""Login throttling: 5 failed logins for one identifier, or 20 from one client
address, within 15 minutes make further attempts 429 with a Retry-After, and
the password is not even checked then. The window itself is unit-tested
(tests/unit/domain/login_throttle_test.cpp); here we hit the limits."""

import re
import time

import pytest

from conftest import PASSWORD, expect_error, expect_ok, unique_email
from security_helpers import login, register

WINDOW = 15 * 60
MESSAGE = re.compile(r"Too many login attempts\. Try again in (\d+) seconds?\.")


def expect_throttled(r):
    message = expect_error(r, 429)
    m = MESSAGE.fullmatch(message)
    assert m, message
    retry_after = r.headers.get("Retry-After")
    assert retry_after is not None and retry_after.isdigit(), r.headers
    assert int(retry_after) == int(m.group(1)), (retry_after, message)
    assert 0 < int(retry_after) <= WINDOW
    return int(retry_after)


def fail_login(client, identifier, headers=None):
    expect_error(login(client, identifier, "wrong-password", headers), 401, "Invalid credentials.")


@pytest.fixture(scope="module")
def throttled_server(server_factory_module):
    return server_factory_module()


@pytest.fixture(scope="module")
def server_factory_module(tmp_path_factory):
    from conftest import Server
    started = []

    def make(extra_args=()):
        srv = Server(tmp_path_factory.mktemp("dockpoint-throttle"), extra_args=extra_args).start()
        started.append(srv)
        return srv

    yield make
    for srv in started:
        assert srv.stop() == 0, srv.stderr


def test_five_failures_for_an_identifier(throttled_server):
    srv = throttled_server
    c = srv.client()
    email = register(c)
    for _ in range(5):
        fail_login(srv.client(), email)
    # The sixth attempt is refused, even with the right password, and in any spelling.
    started = time.monotonic()
    wait = expect_throttled(login(srv.client(), email, PASSWORD))
    assert WINDOW - 60 <= wait <= WINDOW, wait
    expect_throttled(login(srv.client(), "  " + email.upper() + " ", PASSWORD))
    for _ in range(10):
        expect_throttled(login(srv.client(), email, "wrong-password"))
    figures["throttled_answers_s"] = round((time.monotonic() - started) / 12, 4)
    # The session that already existed is untouched, and other accounts log in.
    assert expect_ok(c.get("/auth/me"))["logged_in"] is True
    other = register(srv.client())
    expect_ok(login(srv.client(), other, PASSWORD))


def test_a_success_resets_the_identifier(throttled_server):
    srv = throttled_server
    email = register(srv.client())
    for _ in range(3):
        for _ in range(4):
            fail_login(srv.client(), email)
        expect_ok(login(srv.client(), email, PASSWORD))


def test_missing_credentials_do_not_count(throttled_server):
    srv = throttled_server
    email = register(srv.client())
    for _ in range(8):
        expect_error(login(srv.client(), email, ""), 400, "Credentials required.")
    expect_ok(login(srv.client(), email, PASSWORD))


def test_twenty_failures_from_one_address(server_factory_module):
    """Guessing across many identifiers from one address: after 20 failures,
    every login from that address waits, whatever the identifier. Without
    --trust-proxy a forged X-Forwarded-For changes nothing."""
    srv = server_factory_module()
    email = register(srv.client())
    for i in range(20):
        fail_login(srv.client(), f"guess{i}@example.com",
                   headers={"X-Forwarded-For": f"198.51.100.{i}"})
    expect_throttled(login(srv.client(), email, PASSWORD))
    expect_throttled(login(srv.client(), email, PASSWORD, {"X-Forwarded-For": "203.0.113.9"}))
    expect_throttled(login(srv.client(), unique_email(), "anything"))
    # Only logins are limited: the rest of the API answers as usual.
    expect_ok(srv.client().post("/auth/guest"))
    expect_ok(srv.client().get("/slots"))
    figures["address_limit"] = 20


def test_behind_a_trusted_proxy_each_client_address_counts(server_factory_module):
    srv = server_factory_module(extra_args=["--trust-proxy"])
    email = register(srv.client())
    attacker = {"X-Forwarded-For": "203.0.113.7, 10.0.0.1"}
    for i in range(20):
        fail_login(srv.client(), f"guess{i}@example.com", headers=attacker)
    expect_throttled(login(srv.client(), email, PASSWORD, attacker))
    # The proxy's other clients are not locked out with the attacker.
    expect_ok(login(srv.client(), email, PASSWORD, {"X-Forwarded-For": "203.0.113.8"}))
    expect_ok(login(srv.client(), email, PASSWORD, {"X-Forwarded-For": "2001:db8::8"}))
    # A garbled X-Forwarded-For falls back to the peer address, which is not limited.
    expect_ok(login(srv.client(), email, PASSWORD, {"X-Forwarded-For": "not-an-address"}))


figures = {}


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    print(f"\nthrottling figures: {figures}")
