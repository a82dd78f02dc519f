"""nginx in front of two dockpoint servers on one PostgreSQL database, with the
site configuration documented in docs/deployment.md (deploy/nginx/dockpoint.conf,
rendered for test ports by multi_server_helpers.render_site): requests reach
both servers, a session works whichever answers, writes pass the cross-site
check, forwarded headers are nginx's own, and the live event stream passes
through unbuffered and uncompressed."""

import os
import re

import pytest
import requests

from conftest import COOKIE, REPO, Client, add_vehicle, expect_error, expect_ok, new_pg_database, plate
from multi_server_helpers import (NGINX_BIN, NGINX_SITE, EventStream, Nginx, free_port, render_site,
                                  start_servers_on, stop_servers)

pytestmark = pytest.mark.postgresql_only


@pytest.fixture(scope="module")
def lot(tmp_path_factory):
    if not os.access(NGINX_BIN, os.X_OK):
        pytest.fail(f"{NGINX_BIN} is missing: install nginx-light (scripts/install-deps.sh does)")
    servers = start_servers_on(new_pg_database(), 2, tmp_path_factory, extra_args=["--trust-proxy"])
    port = free_port()
    nginx = None
    try:
        nginx = Nginx(tmp_path_factory.mktemp("nginx"), render_site(port, [s.port for s in servers]), port)
        nginx.check_config()
        nginx.start()
        yield nginx, servers
    finally:
        rc = nginx.stop() if nginx else 0
        codes = stop_servers(servers)
    assert rc == 0, f"nginx exited with {rc}:\n{nginx.error_log()}"
    assert codes == [0, 0], codes


def upstreams_of(nginx, method, path, since=0):
    """Upstream addresses of the logged requests with this method and path
    (from line `since` of the access log on)."""
    found = []
    for line in nginx.access_log()[since:]:
        m, uri, _status, upstream = line.split(" ", 3)
        if m == method and uri == path:
            found.append(upstream.removeprefix("upstream="))
    return found


def test_the_site_config_is_accepted_by_nginx(lot):
    nginx, _ = lot
    nginx.check_config()  # `nginx -t` on the rendered, documented file


def test_the_deployment_guide_shows_the_tested_file_verbatim():
    guide = (REPO / "docs" / "deployment.md").read_text()
    blocks = re.findall(r"^```nginx\n(.*?)^```$", guide, flags=re.S | re.M)
    assert NGINX_SITE.read_text() in blocks, "docs/deployment.md must show deploy/nginx/dockpoint.conf verbatim"


def test_a_session_works_whichever_server_answers(lot):
    nginx, servers = lot
    backends = {f"127.0.0.1:{s.port}" for s in servers}
    owner = Client(nginx.base)
    expect_ok(owner.post("/auth/register", json={"owner_name": "Via Nginx", "email": f"{plate('N').lower()}@x.org",
                                                 "password": "secret123"}), 201)
    numbers = [add_vehicle(owner) for _ in range(3)]
    mark = len(nginx.access_log())
    for _ in range(4):
        listed = {v["vehicle_number"] for v in expect_ok(owner.get("/owner/vehicles"))}
        assert listed == set(numbers)
    for _ in range(4):
        me = expect_ok(owner.get("/auth/me"))
        assert me["logged_in"] is True and me["owner_name"] == "Via Nginx", me
    # Round robin: both servers answered this owner's requests.
    assert set(upstreams_of(nginx, "GET", "/owner/vehicles", mark)) == backends, nginx.access_log()[-8:]
    assert set(upstreams_of(nginx, "GET", "/auth/me", mark)) == backends, nginx.access_log()[-8:]

    # Walk-ins in and out through nginx, landing on both servers.
    guest = Client(nginx.base)
    expect_ok(guest.post("/auth/guest"))
    mark = len(nginx.access_log())
    for _ in range(4):  # parked through one server, released through the other
        number = plate("NG")
        slot = expect_ok(guest.post("/assign", json={"vehicle_number": number}))["slot_number"]
        released = expect_ok(guest.post("/release", json={"vehicle_number": number}))
        assert released["slot_number"] == slot
    assert set(upstreams_of(nginx, "POST", "/assign", mark)) | set(upstreams_of(nginx, "POST", "/release", mark)) \
        == backends

    expect_ok(owner.post("/auth/logout"))
    for _ in range(2):  # ended on both servers
        assert expect_ok(owner.get("/auth/me")) == {"logged_in": False}


def test_browser_writes_pass_the_cross_site_check(lot):
    """The browser's Origin names nginx's address, port included: nginx must pass
    that Host on ($http_host) or every write from the console is refused."""
    nginx, _ = lot
    c = Client(nginx.base)
    expect_ok(c.post("/auth/guest", headers={"Origin": nginx.base}))
    number = plate("OR")
    expect_ok(c.post("/assign", json={"vehicle_number": number}, headers={"Origin": nginx.base,
                                                                       "Referer": nginx.base + "/"}))
    expect_error(c.post("/release", json={"vehicle_number": number}, headers={"Origin": "http://evil.example"}),
                 403, "Cross-site request refused.")
    expect_ok(c.post("/release", json={"vehicle_number": number}, headers={"Origin": nginx.base}))


def test_forwarded_headers_are_nginxs_own(lot):
    """The servers trust X-Forwarded-Proto (--trust-proxy); nginx replaces what a
    client sends, so a client on plain HTTP cannot get a `Secure` cookie."""
    nginx, servers = lot
    r = requests.post(servers[0].base + "/auth/guest", headers={"X-Forwarded-Proto": "https"}, timeout=30)
    # First, directly: the flag is on, so the check through nginx below means something.
    assert "secure" in r.headers["Set-Cookie"].lower(), (
        f"--trust-proxy had no effect on a direct request with X-Forwarded-Proto: https: {r.headers['Set-Cookie']}")
    for _ in range(2):
        r = requests.post(nginx.base + "/auth/guest", headers={"X-Forwarded-Proto": "https"}, timeout=30)
        expect_ok(r)
        assert COOKIE in r.headers["Set-Cookie"]
        assert "secure" not in r.headers["Set-Cookie"].lower(), r.headers["Set-Cookie"]


def test_event_stream_through_nginx_is_live_and_uncompressed(lot):
    nginx, servers = lot
    guest = Client(nginx.base)
    expect_ok(guest.post("/auth/guest"))
    # The wrapper turns gzip on for every type: API answers are compressed ...
    r = guest.get("/slots", headers={"Accept-Encoding": "gzip"})
    assert r.headers.get("Content-Encoding") == "gzip", r.headers
    # ... the stream is not, and every event comes through at once.
    streams = [EventStream(nginx.base, guest.token, extra_headers=["Accept-Encoding: gzip"]) for _ in range(2)]
    try:
        for stream in streams:
            assert "content-encoding" not in stream.headers, stream.headers
        mark = len(nginx.access_log())
        numbers = []
        for _ in range(4):  # assigns land on both servers; every stream sees each once
            number = plate("SE")
            slot = expect_ok(guest.post("/assign", json={"vehicle_number": number}))["slot_number"]
            for stream in streams:
                stream.wait_for(timeout=2.0, type="assigned", vehicle_number=number, slot_number=slot)
            numbers.append(number)
        backends = {f"127.0.0.1:{s.port}" for s in servers}
        assert set(upstreams_of(nginx, "POST", "/assign", mark)) == backends
        for number in numbers:
            expect_ok(guest.post("/release", json={"vehicle_number": number}))
            for stream in streams:
                stream.wait_for(timeout=2.0, type="released", vehicle_number=number)
        for stream in streams:
            assert [e["vehicle_number"] for e in stream.matching(type="assigned")] == numbers
            assert stream.raw[0] == "retry: 2000", stream.raw[:3]
    finally:
        for stream in streams:
            stream.close()
