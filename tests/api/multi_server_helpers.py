"""Helpers for the tests that run several `dockpoint serve` processes on one
PostgreSQL database (test_multi_server.py), stop and restart the test cluster
under a running server (test_postgresql_restart.py) or put nginx in front of
two servers (test_nginx.py). All of them need DOCKPOINT_TEST_BACKEND=postgresql.
"""

import json
import os
import pathlib
import socket
import subprocess
import threading
import time
from contextlib import closing

from conftest import COOKIE, PG_URL, REPO, Server

PG_DIR = os.environ.get("DOCKPOINT_TEST_PG_DIR", "")
PG_CLUSTER_SCRIPT = REPO / "scripts" / "pg-cluster.sh"
NGINX_BIN = "/usr/sbin/nginx"
NGINX_SITE = REPO / "deploy" / "nginx" / "dockpoint.conf"
UNAVAILABLE = {"error": "The database is unavailable; please try again shortly."}


# --------------------------------------------------------------------------
# Parallel clients
# --------------------------------------------------------------------------
def run_parallel(jobs, timeout=120):
    """Run each job in its own thread, all released together by a barrier.
    Returns the results in job order; re-raises the first exception."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)
    errors = []

    def runner(i, job):
        try:
            barrier.wait(timeout=60)
            results[i] = job()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=runner, args=(i, job), daemon=True) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + timeout
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
        assert not t.is_alive(), "a client thread hung"
    if errors:
        raise errors[0]
    return results


def answer(r):
    """(status, JSON body) of a non-5xx JSON answer."""
    assert r.status_code < 500, f"{r.request.method} {r.request.url}: {r.status_code} {r.text[:300]}"
    assert r.headers.get("Content-Type", "").startswith("application/json"), r.headers
    return r.status_code, r.json()


def session_on(client, srv):
    """A new client of `srv` presenting `client`'s session cookie (a copy:
    a later Set-Cookie on either side does not affect the other)."""
    c = srv.client()
    c.cookies.set(COOKIE, client.token)
    return c


# --------------------------------------------------------------------------
# Several servers on one database
# --------------------------------------------------------------------------
def start_servers_on(url, count, tmp_path_factory, extra_args=()):
    """`count` servers on the database `url` (module-scoped fixtures cannot use
    the function-scoped server_factory; this does what it does)."""
    servers = []
    try:
        for _ in range(count):
            srv = Server(tmp_path_factory.mktemp("dockpoint-multi"), database_url=url, extra_args=extra_args)
            servers.append(srv.start())
    except BaseException:
        stop_servers(servers)
        raise
    return servers


def stop_servers(servers):
    """SIGTERM each server; returns their exit codes."""
    return [srv.stop() for srv in servers]


# --------------------------------------------------------------------------
# The live event stream, read from a raw socket
# --------------------------------------------------------------------------
class EventStream:
    """GET /events on a raw socket (so a test can hang up at once), through
    dockpoint itself or a proxy: follows chunked transfer coding, records every
    event with the SSE id it came with, and lets a test wait for one."""

    def __init__(self, base, token, extra_headers=(), timeout=30):
        self.base = base
        host, port = base.removeprefix("http://").split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        head = ["GET /events HTTP/1.1", f"Host: {host}:{port}", f"Cookie: {COOKIE}={token}",
                "Accept: text/event-stream", *extra_headers]
        self.sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        self.file = self.sock.makefile("rb")
        self.status_line = self.file.readline().decode().strip()
        self.headers = {}
        while (line := self.file.readline().decode().strip()):
            name, _, value = line.partition(":")
            self.headers[name.strip().lower()] = value.strip()
        assert self.status_line.startswith("HTTP/1.1 200"), (self.status_line, self.headers)
        assert self.headers.get("content-type", "").startswith("text/event-stream"), self.headers
        self.chunked = self.headers.get("transfer-encoding", "").lower() == "chunked"
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        self.events = []  # (sse id or None, event dict, monotonic arrival time)
        self.raw = []     # every line of the stream, as received
        self.closed = False
        self.thread = threading.Thread(target=self._pump, daemon=True)
        self.thread.start()

    def _bytes(self):
        """The body, de-chunked when needed."""
        if not self.chunked:
            while (data := self.file.read1(65536)):
                yield data
            return
        while True:
            size = int(self.file.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                return
            data = self.file.read(size)
            self.file.readline()  # CRLF after the chunk
            yield data

    def _pump(self):
        buffer = b""
        last_id = None
        try:
            for data in self._bytes():
                buffer += data
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    text = line.decode().rstrip("\r")
                    with self.lock:
                        self.raw.append(text)
                        if text.startswith("id: "):
                            last_id = int(text[4:])
                        elif text.startswith("data: "):
                            self.events.append((last_id, json.loads(text[6:]), time.monotonic()))
                            last_id = None
                            self.changed.notify_all()
        except (OSError, ValueError):  # hung up
            pass
        with self.lock:
            self.closed = True
            self.changed.notify_all()

    def matching(self, **fields):
        """Events (dicts) received so far whose fields equal the given ones."""
        with self.lock:
            return [e for _, e, _ in self.events if all(e.get(k) == v for k, v in fields.items())]

    def wait_for(self, timeout=5.0, **fields):
        """The first event with these fields, waiting up to `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                for _, e, _ in self.events:
                    if all(e.get(k) == v for k, v in fields.items()):
                        return e
                left = deadline - time.monotonic()
                if left <= 0 or self.closed:
                    seen = [e for _, e, _ in self.events][-10:]
                    raise AssertionError(f"no event {fields} on the stream of {self.base} within {timeout} s"
                                         f"{' (it closed)' if self.closed else ''}; last seen: {seen}")
                self.changed.wait(left)

    def ids(self):
        with self.lock:
            return [i for i, _, _ in self.events]

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


# --------------------------------------------------------------------------
# The PostgreSQL test cluster (DOCKPOINT_TEST_PG_DIR)
# --------------------------------------------------------------------------
def pg_cluster(action):
    """scripts/pg-cluster.sh stop|restart on the test cluster."""
    done = subprocess.run([str(PG_CLUSTER_SCRIPT), action, PG_DIR], capture_output=True, text=True,
                          timeout=90)
    assert done.returncode == 0, f"pg-cluster.sh {action} failed ({done.returncode}): {done.stderr}"


def pg_cluster_port():
    """The port configured in the cluster directory (the last `port =` line wins)."""
    conf = pathlib.Path(PG_DIR) / "data" / "postgresql.conf"
    ports = [line.split("=", 1)[1].strip() for line in conf.read_text().splitlines()
             if line.startswith("port = ")]
    return int(ports[-1]) if ports else None


def pg_is_up(url=None, timeout=2):
    import psycopg2
    try:
        with closing(psycopg2.connect(url or f"{PG_URL}/postgres", connect_timeout=timeout)):
            return True
    except psycopg2.OperationalError:
        return False


def wait_until(predicate, timeout, interval=0.1, what="condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not reached within {timeout} s")
        time.sleep(interval)


# --------------------------------------------------------------------------
# nginx in front of servers
# --------------------------------------------------------------------------
# deploy/nginx/dockpoint.conf is the documented example, usable as it is; the
# test runs that very text with only these lines pointed at its own ports.
SITE_LISTEN = "listen 80;"
SITE_UPSTREAMS = ("server 127.0.0.1:8081", "server 127.0.0.1:8082")


def render_site(listen_port, upstream_ports, site=NGINX_SITE):
    """The documented site with its `listen 80;` line and upstream server lines
    (matched as whole directives, comments aside) pointed at test ports."""
    lines = pathlib.Path(site).read_text().splitlines(keepends=True)
    targets = [(SITE_LISTEN, SITE_LISTEN, f"listen 127.0.0.1:{listen_port};")]
    targets += [(line, line.split()[1], f"127.0.0.1:{port}")
                for line, port in zip(SITE_UPSTREAMS, upstream_ports, strict=True)]
    for directive, old, new in targets:
        hits = [k for k, line in enumerate(lines)
                if line.strip() == directive or line.strip().startswith(directive + " ")]
        assert len(hits) == 1, (f"{site} must have one `{directive}` line (found {len(hits)}): the nginx test "
                                f"renders the documented file by replacing it")
        lines[hits[0]] = lines[hits[0]].replace(old, new, 1)
    return "".join(lines)


def free_port():
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    """Debian's nginx in the foreground with everything (pid, logs, temp files)
    under `prefix`; the site text is included at http level, as
    /etc/nginx/sites-enabled/* is by Debian's nginx.conf."""

    def __init__(self, prefix, site_text, port):
        self.prefix = pathlib.Path(prefix)
        self.port = port
        self.proc = None
        for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi", "logs"):
            (self.prefix / sub).mkdir(parents=True, exist_ok=True)
        (self.prefix / "site.conf").write_text(site_text)
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers would otherwise drop to nobody
        p = self.prefix
        (self.prefix / "nginx.conf").write_text(f"""{user}worker_processes 1;
error_log {p}/logs/error.log info;
pid {p}/nginx.pid;
events {{ worker_connections 512; }}
http {{
    log_format upstreams '$request_method $request_uri $status upstream=$upstream_addr';
    access_log {p}/logs/access.log upstreams;
    client_body_temp_path {p}/tmp/body;
    proxy_temp_path {p}/tmp/proxy;
    fastcgi_temp_path {p}/tmp/fastcgi;
    uwsgi_temp_path {p}/tmp/uwsgi;
    scgi_temp_path {p}/tmp/scgi;
    # Compression on for everything, as a busy site might have it: the site
    # must still keep its event stream uncompressed.
    gzip on;
    gzip_min_length 1;
    gzip_proxied any;
    gzip_types *;
    include {p}/site.conf;
}}
""")

    def check_config(self):
        done = subprocess.run([NGINX_BIN, "-t", "-c", str(self.prefix / "nginx.conf"), "-p", str(self.prefix),
                               "-e", str(self.prefix / "logs" / "error.log")],
                              capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, f"nginx -t refused the configuration:\n{done.stderr}"

    def start(self, timeout=10):
        self.proc = subprocess.Popen([NGINX_BIN, "-c", str(self.prefix / "nginx.conf"), "-p", str(self.prefix),
                                      "-e", str(self.prefix / "logs" / "error.log"), "-g", "daemon off;"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise AssertionError(f"nginx exited ({self.proc.returncode}): {self.proc.stderr.read()}\n"
                                     f"{self.error_log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise AssertionError(f"nginx did not listen on {self.port} within {timeout} s:\n"
                                         f"{self.error_log()}")
                time.sleep(0.05)

    def stop(self):
        """Fast stop (SIGTERM: open streams are cut, not waited for); returns the exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        return self.proc.returncode

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def access_log(self):
        path = self.prefix / "logs" / "access.log"
        return path.read_text().splitlines() if path.exists() else []

    def error_log(self):
        path = self.prefix / "logs" / "error.log"
        return path.read_text() if path.exists() else ""
