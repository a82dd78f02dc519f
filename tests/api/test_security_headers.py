"""Security headers on pages, assets and API answers; the Content-Security-Policy
of the built-in and of a custom console; Secure session cookies behind an HTTPS
proxy."""

import pytest

from conftest import PASSWORD, expect_ok, unique_email
from security_helpers import exchange, set_cookie_headers

PAGES = ["/", "/index.html", "/login.html", "/profile.html", "/vehicles.html"]


def get(client, path):
    return client.get(path, allow_redirects=False)


def directives(csp):
    """'a x; b y z' -> {'a': ['x'], 'b': ['y', 'z']}"""
    out = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            out[words[0].lower()] = words[1:]
    return out


@pytest.mark.parametrize("path", PAGES)
def test_built_in_pages(server, path):
    r = get(server.owner(), path)
    assert r.status_code == 200, (path, r.status_code)
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Referrer-Policy"] == "same-origin"
    csp = directives(r.headers["Content-Security-Policy"])
    assert csp["frame-ancestors"] == ["'none'"], csp
    # Scripts only from our own origin: no inline script, no eval.
    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts == ["'self'"], csp
    assert "'unsafe-inline'" not in r.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in r.headers["Content-Security-Policy"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"], csp


@pytest.mark.parametrize("path", ["/", "/profile.html"])
def test_redirects_carry_nosniff_and_no_store(anon, path):
    r = get(anon, path)
    assert r.status_code == 302
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/static/css/console.css", "/static/js/api.js",
                                  "/static/img/favicon.svg"])
def test_static_assets_are_nosniff(anon, path):
    r = get(anon, path)
    assert r.status_code == 200
    assert r.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("method,path", [("GET", "/slots"), ("GET", "/auth/me"),
                                         ("GET", "/owner/profile"), ("GET", "/nope"),
                                         ("POST", "/assign"), ("DELETE", "/slots")])
def test_api_answers_are_nosniff_and_not_cached(anon, method, path):
    r = anon.request(method, path)
    assert r.headers["Content-Type"].startswith("application/json")
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Cache-Control"] == "no-store"


def test_transport_errors_are_nosniff_and_not_cached(server):
    responses, raw, _ = exchange(server.port, b"GET /lot HTTP/1.1\r\n\r\n")
    assert responses and responses[0].status == 400, raw[:200]
    assert responses[0].header("x-content-type-options") == "nosniff"
    assert responses[0].header("cache-control") == "no-store"


# --------------------------------------------------------------------------
# A custom console (--web-root)
# --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def web_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("console")
    (root / "static").mkdir()
    for page in ("index.html", "login.html", "profile.html", "vehicles.html"):
        (root / page).write_text(f"<!doctype html><html><body><script>var page = '{page}';"
                                 f"</script></body></html>")
    (root / "static" / "app.js").write_text("export {};\n")
    return root


def test_custom_console_without_a_policy_gets_none(server_factory, web_root):
    srv = server_factory(extra_args=["--web-root", str(web_root)])
    r = get(srv.client(), "/login.html")
    assert r.status_code == 200 and "var page" in r.text
    assert "Content-Security-Policy" not in r.headers, r.headers
    # Framing stays forbidden, and the other headers stay.
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "same-origin"
    assert get(srv.client(), "/static/app.js").headers["X-Content-Type-Options"] == "nosniff"


def test_custom_console_gets_exactly_the_given_policy(server_factory, web_root):
    policy = "default-src 'self'; script-src 'self' 'unsafe-inline'"
    srv = server_factory(extra_args=["--web-root", str(web_root),
                                     "--content-security-policy", policy])
    c = srv.client()
    expect_ok(c.post("/auth/guest"))
    for path in ("/login.html", "/"):
        r = get(c, path)
        assert r.status_code == 200
        assert r.headers["Content-Security-Policy"] == policy
        assert r.headers["X-Frame-Options"] == "DENY"


# --------------------------------------------------------------------------
# Secure cookies
# --------------------------------------------------------------------------
def session_cookies(r):
    return [h for h in set_cookie_headers(r) if h.startswith("dockpoint_session=")]


def cookie_flags(header):
    return {part.strip().lower() for part in header.split(";")[1:]}


def every_cookie_answer(srv, headers):
    """guest, register, login and logout answers, all with `headers`."""
    c = srv.client()
    email = unique_email()
    answers = [c.post("/auth/guest", headers=headers),
               c.post("/auth/register", json={"owner_name": "Sec", "email": email,
                                              "password": PASSWORD}, headers=headers),
               c.post("/auth/login", json={"identifier": email, "password": PASSWORD},
                      headers=headers),
               c.post("/auth/logout", headers=headers)]
    for r in answers:
        assert r.status_code in (200, 201), r.text
        assert len(session_cookies(r)) == 1, set_cookie_headers(r)
    return [session_cookies(r)[0] for r in answers]


def test_cookies_are_not_secure_over_plain_http(server):
    for cookie in every_cookie_answer(server, {}):
        assert "secure" not in cookie_flags(cookie), cookie
        assert {"httponly", "samesite=lax", "path=/"} <= cookie_flags(cookie), cookie


def test_forwarded_proto_is_ignored_without_trust_proxy(server):
    for cookie in every_cookie_answer(server, {"X-Forwarded-Proto": "https"}):
        assert "secure" not in cookie_flags(cookie), cookie


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    from conftest import Server
    srv = Server(tmp_path_factory.mktemp("dockpoint-proxied"), extra_args=["--trust-proxy"]).start()
    yield srv
    assert srv.stop() == 0, srv.stderr


@pytest.mark.parametrize("proto", ["https", "HTTPS", "https, http"])
def test_secure_cookies_behind_an_https_proxy(proxied, proto):
    for cookie in every_cookie_answer(proxied, {"X-Forwarded-Proto": proto,
                                                "X-Forwarded-For": "203.0.113.20"}):
        assert "secure" in cookie_flags(cookie), cookie
        assert {"httponly", "samesite=lax", "path=/"} <= cookie_flags(cookie), cookie


@pytest.mark.parametrize("headers", [{}, {"X-Forwarded-Proto": "http"},
                                     {"X-Forwarded-Proto": "http, https"}])
def test_plain_http_behind_the_proxy_is_not_secure(proxied, headers):
    for cookie in every_cookie_answer(proxied, headers):
        assert "secure" not in cookie_flags(cookie), cookie


def test_env_variable_turns_trust_proxy_on(server_factory):
    srv = server_factory(env={"DOCKPOINT_TRUST_PROXY": "true"})
    r = srv.client().post("/auth/guest", headers={"X-Forwarded-Proto": "https"})
    assert "secure" in cookie_flags(session_cookies(r)[0])
