"""Helpers for the security and hostile-input tests: raw sockets, reading HTTP
responses byte for byte, and looking at the server process (/proc)."""

import contextlib
import json
import re
import socket
import time

from conftest import PASSWORD, unique_email

# --------------------------------------------------------------------------
# Raw HTTP
# --------------------------------------------------------------------------


def connect(port, timeout=5.0):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.settimeout(timeout)
    return s


def read_until_closed(sock, timeout=5.0, limit=4 * 1024 * 1024):
    """Everything the server sends until it closes the connection, and whether
    it did close (False: still open after `timeout` seconds of silence)."""
    sock.settimeout(timeout)
    data = b""
    try:
        while len(data) < limit:
            chunk = sock.recv(65536)
            if not chunk:
                return data, True
            data += chunk
    except socket.timeout:
        return data, False
    except (ConnectionResetError, BrokenPipeError):
        return data, True
    return data, False


def exchange(port, payload, timeout=5.0):
    """Send raw bytes, then read until the server closes or goes quiet.
    Returns (parsed responses, raw bytes, closed)."""
    with contextlib.closing(connect(port, timeout)) as s:
        try:
            s.sendall(payload)
        except (ConnectionResetError, BrokenPipeError):
            pass
        data, closed = read_until_closed(s, timeout)
    return parse_responses(data), data, closed


class RawResponse:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-cased name -> list of values
        self.body = body

    def header(self, name):
        values = self.headers.get(name.lower())
        return values[0] if values else None

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"<{self.status} {self.body[:80]!r}>"


_STATUS_RE = re.compile(rb"HTTP/1\.[01] (\d{3}) [^\r\n]*")


def parse_responses(data, head_only=False):
    """The complete HTTP/1.x responses at the start of `data` (Content-Length
    framed, as dockpoint frames all but event streams)."""
    responses = []
    while data:
        end = data.find(b"\r\n\r\n")
        if end < 0:
            break
        head, rest = data[:end].decode("latin-1").split("\r\n"), data[end + 4:]
        m = _STATUS_RE.fullmatch(head[0].encode("latin-1"))
        assert m, f"not an HTTP status line: {head[0]!r}"
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
        length = 0 if head_only else int(headers.get("content-length", ["0"])[0])
        if len(rest) < length:
            break
        responses.append(RawResponse(int(m.group(1)), headers, rest[:length]))
        data = rest[length:]
    return responses


def request_bytes(method, path, body=None, headers=None, host="127.0.0.1"):
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    body_bytes = b""
    if body is not None:
        body_bytes = body if isinstance(body, bytes) else json.dumps(body).encode()
        lines.append("Content-Type: application/json")
        lines.append(f"Content-Length: {len(body_bytes)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body_bytes


def answered_quickly(srv, path="/lot", timeout=2.0):
    """One ordinary request on a new connection; True if it got a 200 in time."""
    try:
        with contextlib.closing(connect(srv.port, timeout)) as s:
            s.sendall(request_bytes("GET", path, headers={"Connection": "close"}))
            data, _ = read_until_closed(s, timeout)
        responses = parse_responses(data)
        return bool(responses) and responses[0].status == 200
    except OSError:
        return False


def open_idle_connections(port, count, partial=b""):
    """`count` connected sockets that send nothing (or only `partial`)."""
    sockets = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        if partial:
            s.sendall(partial)
        sockets.append(s)
    return sockets


def closed_by_server(sock, wait=0.0):
    """True if the server has closed this socket (EOF or reset)."""
    sock.settimeout(wait if wait > 0 else 0.0001)
    try:
        return sock.recv(1) == b""
    except (socket.timeout, BlockingIOError):
        return False
    except (ConnectionResetError, BrokenPipeError):
        return True


def close_all(sockets):
    for s in sockets:
        with contextlib.suppress(OSError):
            s.close()


# --------------------------------------------------------------------------
# The server process
# --------------------------------------------------------------------------


def proc_status(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def rss_kib(pid):
    return proc_status(pid, "VmRSS")


def open_fds(pid):
    import os
    return len(os.listdir(f"/proc/{pid}/fd"))


def cpu_seconds(pid):
    """User + system CPU time the process has used."""
    import os
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def open_file_limits(pid):
    """(soft, hard) 'Max open files' of a process."""
    with open(f"/proc/{pid}/limits") as f:
        for line in f:
            if line.startswith("Max open files"):
                soft, hard = line.split()[3:5]
                return int(soft), int(hard)
    raise KeyError("Max open files")


def wait_until(predicate, timeout, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


# --------------------------------------------------------------------------
# Cookies and logins
# --------------------------------------------------------------------------


def set_cookie_headers(r):
    """Every Set-Cookie header of a requests response."""
    return r.raw.headers.getlist("Set-Cookie")


def register(client, password=PASSWORD, email=None):
    email = email or unique_email()
    r = client.post("/auth/register", json={"owner_name": "Throttled", "email": email,
                                            "password": password})
    assert r.status_code == 201, r.text
    return email


def login(client, identifier, password, headers=None):
    return client.post("/auth/login", json={"identifier": identifier, "password": password},
                       headers=headers or {})
