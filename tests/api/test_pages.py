"""Pages, static assets, ETags and path traversal."""

import http.client
import os
from urllib.parse import urlparse

import pytest

from conftest import expect_ok

PAGES = ["/", "/login.html", "/profile.html", "/vehicles.html"]


def get(client, path, **kw):
    return client.get(path, allow_redirects=False, **kw)


def assert_redirects_to_login(r):
    assert r.status_code == 302, (r.request.url, r.status_code, r.text[:200])
    assert urlparse(r.headers["Location"]).path == "/login.html", r.headers["Location"]


def assert_html(r):
    assert r.status_code == 200, (r.request.url, r.status_code, r.text[:200])
    assert r.headers["Content-Type"].startswith("text/html"), r.headers
    assert "<html" in r.text.lower() or "<!doctype html" in r.text.lower()


def raw_get(server, path, headers=None):
    """GET with the path sent byte for byte (no client-side normalisation)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.putrequest("GET", path, skip_host=False, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def test_dashboard_redirects_without_session(anon):
    assert_redirects_to_login(get(anon, "/"))


def test_dashboard_for_guest_and_owner(server):
    assert_html(get(server.guest(), "/"))
    assert_html(get(server.owner(), "/"))


def test_login_page_is_public(anon):
    assert_html(get(anon, "/login.html"))


@pytest.mark.parametrize("page", ["/profile.html", "/vehicles.html"])
def test_owner_pages(server, page):
    assert_redirects_to_login(get(server.client(), page))
    assert_redirects_to_login(get(server.guest(), page))
    assert_html(get(server.owner(), page))


@pytest.mark.parametrize("path,ctype", [("/static/css/console.css", "text/css"),
                                        ("/static/js/api.js", "text/javascript")])
def test_static_assets_with_etag(anon, path, ctype):
    r = get(anon, path)
    assert r.status_code == 200, (path, r.status_code)
    assert r.headers["Content-Type"].split(";")[0].strip() == ctype, r.headers
    assert len(r.content) > 0
    etag = r.headers.get("ETag")
    assert etag, r.headers
    again = get(anon, path, headers={"If-None-Match": etag})
    assert again.status_code == 304, again.status_code
    assert again.content == b""
    other = get(anon, path, headers={"If-None-Match": '"definitely-not-the-etag"'})
    assert other.status_code == 200 and other.content == r.content


def test_missing_static_file_is_404(anon):
    assert get(anon, "/static/css/nope.css").status_code == 404
    assert get(anon, "/static/").status_code in (403, 404)


TRAVERSALS = [
    "/static/../../etc/passwd",
    "/static/../../../../../../etc/passwd",
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
    "/static/..%2f..%2fetc%2fpasswd",
    "/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/static/..%5c..%5cetc%5cpasswd",
    "/static/..\\..\\etc\\passwd",
    "/static/css/../../../../etc/passwd",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/css/console.css%00.js",
    "/static/%00",
    "/static/css/%00/../../etc/passwd",
    "/../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/static/%252e%252e/%252e%252e/etc/passwd",
    "/static/....//....//etc/passwd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_is_refused(server, path):
    status, body = raw_get(server, path)
    assert status in (400, 404), (path, status, body[:200])
    assert b"root:" not in body


@pytest.fixture(scope="module")
def custom_root(tmp_path_factory, server_factory_module):
    """A server with --web-root pointing at a directory we control; a secret
    file sits beside the root and a symlink inside points at it."""
    base = tmp_path_factory.mktemp("webroot")
    root = base / "root"
    (root / "static" / "css").mkdir(parents=True)
    (root / "static" / "js").mkdir(parents=True)
    for page in ("index.html", "login.html", "profile.html", "vehicles.html"):
        (root / page).write_text(f"<!doctype html><html><body>custom {page}</body></html>")
    (root / "static" / "css" / "console.css").write_text("body { color: #123456; }\n")
    (root / "static" / "js" / "api.js").write_text("export const custom = 42;\n")
    (base / "secret.txt").write_text("TOP-SECRET-CONTENT\n")
    os.symlink(base / "secret.txt", root / "static" / "leak.txt")
    os.symlink(base, root / "static" / "up")
    srv = server_factory_module(extra_args=["--web-root", str(root)])
    return srv


@pytest.fixture(scope="module")
def server_factory_module(tmp_path_factory):
    from conftest import Server
    started = []

    def make(extra_args=()):
        srv = Server(tmp_path_factory.mktemp("dockpoint-web"), extra_args=extra_args).start()
        started.append(srv)
        return srv

    yield make
    for srv in started:
        assert srv.stop() == 0, srv.stderr


def test_custom_web_root_is_served(custom_root):
    c = custom_root.client()
    r = get(c, "/static/css/console.css")
    assert r.status_code == 200 and r.text == "body { color: #123456; }\n"
    assert r.headers["Content-Type"].startswith("text/css")
    r = get(c, "/login.html")
    assert r.status_code == 200 and "custom login.html" in r.text
    expect_ok(c.post("/auth/guest"))
    r = get(c, "/")
    assert r.status_code == 200 and "custom index.html" in r.text


@pytest.mark.parametrize("path", TRAVERSALS + [
    "/static/../../secret.txt",
    "/static/%2e%2e/%2e%2e/secret.txt",
    "/static/..%2f..%2fsecret.txt",
    "/static/css/..%2f..%2f..%2fsecret.txt",
    "/../secret.txt",
    "/%2e%2e/secret.txt",
])
def test_custom_web_root_refuses_traversal(custom_root, path):
    status, body = raw_get(custom_root, path)
    assert status in (400, 404), (path, status, body[:200])
    assert b"TOP-SECRET" not in body and b"root:" not in body


@pytest.mark.parametrize("path", ["/static/leak.txt", "/static/up/secret.txt"])
def test_custom_web_root_does_not_follow_symlinks_out(custom_root, path):
    status, body = raw_get(custom_root, path)
    assert status in (403, 404), (path, status, body[:200])
    assert b"TOP-SECRET" not in body
