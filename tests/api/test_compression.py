"""GET /slots gzipped for clients that take it, once the map is big enough to gain from it."""

import gzip
import sqlite3
import time
from contextlib import closing

import pytest
import requests

from conftest import PgConnection, Server, expect_ok

EXTRA_SLOTS = 600  # the seeded 124 slots make about 12 KB; these make it well over 32 KiB


@pytest.fixture(scope="module")
def big_server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("dockpoint-big-map")).start()
    # Another program adds slots (the server has no endpoint for it).
    con = PgConnection(srv.database_url) if srv.database_url else sqlite3.connect(srv.db_path, timeout=10)
    with closing(con):
        for i in range(1, EXTRA_SLOTS + 1):
            con.execute("INSERT INTO slots (slot_number, slot_type_id, row_label, column_index) "
                        "VALUES (?, 1, 'Z', ?)", (f"Z{i:03d}", i))
        if isinstance(con, sqlite3.Connection):
            con.commit()
    # The server notices another program's write within a fraction of a second.
    deadline = time.monotonic() + 5
    while len(expect_ok(srv.client().get("/slots"))) != 124 + EXTRA_SLOTS:
        assert time.monotonic() < deadline, "the added slots never showed"
        time.sleep(0.05)
    yield srv
    assert srv.stop() == 0


def raw_slots(srv, accept_encoding):
    """The response to GET /slots with the body exactly as sent."""
    r = requests.get(srv.base + "/slots", headers={"Accept-Encoding": accept_encoding}, stream=True,
                     timeout=10)
    body = r.raw.read(decode_content=False)
    return r, body


def test_a_big_map_is_gzipped_for_a_client_that_takes_it(big_server):
    plain, plain_body = raw_slots(big_server, "identity")
    assert plain.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert plain.headers["Vary"] == "Accept-Encoding"
    assert len(plain_body) > 32 * 1024
    for twice in range(2):  # made once, then sent from what was kept
        zipped, zipped_body = raw_slots(big_server, "gzip, deflate, br")
        assert zipped.status_code == 200, twice
        assert zipped.headers["Content-Encoding"] == "gzip"
        assert zipped.headers["Vary"] == "Accept-Encoding"
        assert int(zipped.headers["Content-Length"]) == len(zipped_body)
        assert gzip.decompress(zipped_body) == plain_body
        assert len(zipped_body) * 5 < len(plain_body), (len(zipped_body), len(plain_body))


@pytest.mark.parametrize("header, gzipped", [
    ("gzip", True), ("GZIP", True), ("x-gzip", True), ("*", True), ("br;q=1, gzip;q=0.5", True),
    ("gzip;q=0", False), ("gzip; q=0.000", False), ("gzip;q=abc", False), ("deflate, br", False),
    ("", False), ("gzipx", False), (", ;;, gzip;level=9", True),
])
def test_accept_encoding_is_read_as_rfc_9110_says(big_server, header, gzipped):
    r, body = raw_slots(big_server, header)
    assert r.status_code == 200
    assert (r.headers.get("Content-Encoding") == "gzip") is gzipped, header
    text = gzip.decompress(body) if gzipped else body
    assert text.startswith(b"[{")


def test_a_small_map_is_sent_as_it_is(server):
    r, body = raw_slots(server, "gzip")
    assert r.status_code == 200
    assert "Content-Encoding" not in r.headers
    assert r.headers["Vary"] == "Accept-Encoding"
    assert len(body) < 32 * 1024
