#!/usr/bin/env python3
"""The dockpoint benchmark driver (bench/run.sh builds, then runs this).

Starts the server on a fresh database in a temporary directory, prepares
sessions through the API, loads each scenario with wrk at each connection
count, and prints a markdown report: the machine, the run, a table of
results and the issue's targets beside what was measured. See
bench/README.md. This measures; it asserts nothing.
"""

import argparse
import datetime
import hashlib
import http.client
import json
import os
import platform
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LUA = os.path.join(HERE, "lua")
CLK_TCK = os.sysconf("SC_CLK_TCK")
HOUR = 3600


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- the server -------------------------------------------------------------

class Server:
    """One dockpoint process on one database; knows its CPU time and memory."""

    def __init__(self, binary, db_path, log_path, wrapper=()):
        self.binary, self.db_path, self.log_path = binary, db_path, log_path
        self.wrapper = list(wrapper)  # e.g. valgrind and its options (bench/profile.py)
        self.proc = None
        self.port = None

    def start(self):
        """Starts the server; returns the wall time from exec to `listening on` in ms."""
        log_file = open(self.log_path, "a")
        started = time.monotonic()
        self.proc = subprocess.Popen(
            self.wrapper + [self.binary, "serve", "--port", "0", "--database", "sqlite://" + self.db_path,
             "--time-zone", "UTC", "--log-level", "warn"],
            stdout=subprocess.PIPE, stderr=log_file, text=True)
        line = self.proc.stdout.readline()
        elapsed_ms = (time.monotonic() - started) * 1000
        log_file.close()
        match = re.match(r"listening on http://([^\s]+):(\d+)", line)
        if not match:
            self.proc.kill()
            raise SystemExit(f"the server did not start (said {line!r}); see {self.log_path}")
        self.port = int(match.group(2))
        return elapsed_ms

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def cpu_times(self):
        """(utime, stime) of the server in seconds."""
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) / CLK_TCK, int(fields[12]) / CLK_TCK

    def cpu_seconds(self):
        return sum(self.cpu_times())

    def memory_kib(self, field):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0

    def wait_idle(self, limit_s=120):
        """Waits until the server stops burning CPU (requests that wrk abandoned
        at the end of a run are still being answered)."""
        deadline = time.monotonic() + limit_s
        last = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.25)
            now = self.cpu_seconds()
            if now - last <= 1.0 / CLK_TCK:
                return
            last = now

    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def call(self, method, path, body=None, cookie=None, timeout=60):
        """One request; returns (status, parsed JSON or text, session cookie set or None)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = {}
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(body)
        if cookie:
            headers["Cookie"] = cookie
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read().decode()
        conn.close()
        set_cookie = None
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("dockpoint_session="):
                set_cookie = value.split(";", 1)[0]
        try:
            data = json.loads(data)
        except ValueError:
            pass
        return response.status, data, set_cookie


def expect(result, what):
    status, data, _ = result
    if not 200 <= status < 300:
        raise SystemExit(f"preparing the benchmark: {what} answered {status} {data}")
    return result


# --- wrk runs ---------------------------------------------------------------

class Runner:
    def __init__(self, args, workdir):
        self.args, self.workdir = args, workdir
        self.rows = []

    def wrk(self, server, lot, scenario, script, env, connections):
        """One wrk run; appends a row of results and returns it."""
        args = self.args
        env = dict(os.environ, BENCH_LUA=LUA, BENCH_THREADS=str(args.threads), **env)
        command = ["wrk", f"-t{args.threads}", f"-c{connections}", f"-d{args.duration}s",
                   "--timeout", f"{args.timeout}s", "-s", os.path.join(LUA, script), server.url()]
        server.wait_idle()
        user_before, sys_before = server.cpu_times()
        wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        log(f"{lot}: {scenario} at {connections} connections, {args.duration} s")
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        server.wait_idle()
        user_after, sys_after = server.cpu_times()
        cpu = (user_after - user_before) + (sys_after - sys_before)
        line = next((l for l in done.stdout.splitlines() if l.startswith("BENCH_JSON ")), None)
        if done.returncode != 0 or line is None:
            raise SystemExit(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        r = json.loads(line[len("BENCH_JSON "):])
        seconds = r["duration_us"] / 1e6
        non_2xx = r["status_errors"]
        if r["statuses"]:  # scripts that look at responses count every non-2xx themselves
            non_2xx = sum(n for s, n in r["statuses"].items() if not 200 <= int(s) < 300)
        # Each connection has one request in flight when wrk stops; the server
        # still answers it, and that CPU is in cpu_after, so count it too.
        served = r["requests"] + connections
        wrk_cpu = (wrk_after.ru_utime + wrk_after.ru_stime) - (wrk_before.ru_utime + wrk_before.ru_stime)
        row = {
            "lot": lot, "scenario": scenario, "connections": connections,
            "requests": r["requests"], "seconds": seconds,
            "rps_2xx": (r["requests"] - non_2xx) / seconds,
            "p50_ms": r["p50_us"] / 1000, "p99_ms": r["p99_us"] / 1000, "max_ms": r["max_us"] / 1000,
            "cpu_us_per_req": cpu * 1e6 / served,
            "cpu_sys_share": (sys_after - sys_before) / cpu if cpu > 0 else 0.0,
            "wrk_cpu_us_per_req": wrk_cpu * 1e6 / max(1, r["requests"]),
            "non_2xx": non_2xx,
            "socket_errors": r["connect_errors"] + r["read_errors"] + r["write_errors"],
            "timeouts": r["timeouts"],
            "peak_rss_mib": server.memory_kib("VmHWM") / 1024,
            "rss_mib": server.memory_kib("VmRSS") / 1024,
            "bytes_per_req": r["bytes"] / max(1, r["requests"]),
            "statuses": r["statuses"], "sample_error": r["sample_error"],
        }
        if non_2xx:
            log(f"  {non_2xx} non-2xx responses, e.g. {r['sample_error'] or '(see the server log)'}")
        self.rows.append(row)
        return row

    def data_file(self, name, lines):
        path = os.path.join(self.workdir, name)
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        return path


def future_window(hours_ahead, length_minutes=150):
    start = (int(time.time()) // HOUR + hours_ahead) * HOUR
    fmt = "%Y-%m-%dT%H:%M"
    utc = datetime.timezone.utc
    return (datetime.datetime.fromtimestamp(start, utc).strftime(fmt),
            datetime.datetime.fromtimestamp(start + length_minutes * 60, utc).strftime(fmt))


def read_scenarios(server, runner, lot, cookie):
    entry, exit_ = future_window(48)
    preview = json.dumps({"entry_time": entry, "exit_time": exit_, "vehicle_type_id": 3})
    scenarios = [
        ("GET /slots", {"BENCH_PATH": "/slots"}),
        ("GET /vehicle-types", {"BENCH_PATH": "/vehicle-types"}),
        ("POST /reservations/preview",
         {"BENCH_METHOD": "POST", "BENCH_PATH": "/reservations/preview", "BENCH_BODY": preview}),
    ]
    if lot == "big":
        deep = runner.args.deep_offset

        def cursor_pages(name, listing, offset):
            """A data file of 1,000 distinct pages after cursors found at offset."""
            _, rows, _ = expect(server.call("GET", f"{listing}?limit=2000&offset={offset}", cookie=cookie),
                                f"GET {listing} (cursors)")
            return runner.data_file(name, [f"{listing}?limit=50&before={r['cursor']}" for r in rows[::2]])

        # Cursors spread over 500,000 rows, made from the file (every 500th
        # walk-in): 50,000 distinct rows, far more than the server keeps
        # rendered, so these pages are read and rendered cold.
        with closing(sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True)) as db:
            spread = [f"/records?limit=50&before={entry}-w{rid}" for entry, rid in db.execute(
                "SELECT entry_at, id FROM (SELECT entry_at, id, row_number() OVER "
                "(ORDER BY entry_at DESC, id DESC) AS n FROM records) "
                "WHERE n % 500 = 0 AND n <= 500000")]
        spread_pages = runner.data_file("spread-cursor-pages.txt", spread)
        deep_offsets = runner.data_file("deep-offsets.txt",
                                        [f"/records?limit=50&offset={deep + 50 * i}" for i in range(200)])
        # A repeated page is kept and sent from memory (as to many consoles
        # after a change); rotating over distinct pages makes every request read.
        scenarios += [
            # As a browser asks for it: the map gzipped.
            ("GET /slots (Accept-Encoding: gzip)",
             {"BENCH_PATH": "/slots", "BENCH_ACCEPT_ENCODING": "gzip, deflate, br"}),
            ("GET /records?limit=50 (newest page, kept)",
             {"BENCH_PATH": "/records?limit=50&offset=0", "BENCH_COOKIE": cookie}),
            (f"GET /records?limit=50&before= (1,000 distinct cursors at depth {deep:,}, rows seen before)",
             {"BENCH_DATA": cursor_pages("cursor-pages.txt", "/records", deep), "BENCH_COOKIE": cookie},
             "paths.lua"),
            ("GET /records?limit=50&before= (1,000 cursors spread over 500,000 rows, cold)",
             {"BENCH_DATA": spread_pages, "BENCH_COOKIE": cookie}, "paths.lua"),
            (f"GET /records?limit=50&offset= (200 distinct offsets from {deep:,})",
             {"BENCH_DATA": deep_offsets, "BENCH_COOKIE": cookie}, "paths.lua"),
            ("GET /owner/records?limit=50 (newest page, kept)",
             {"BENCH_PATH": "/owner/records?limit=50", "BENCH_COOKIE": cookie}),
            ("GET /owner/records?limit=50&before= (1,000 distinct cursors, rows seen before)",
             {"BENCH_DATA": cursor_pages("owner-cursor-pages.txt", "/owner/records", 0),
              "BENCH_COOKIE": cookie}, "paths.lua"),
        ]
    for name, env, *script in scenarios:
        script = script[0] if script else "static.lua"
        if "BENCH_PATH" not in env:
            with open(env["BENCH_DATA"]) as f:
                env = dict(env, BENCH_PATH=f.readline().strip())
        method = env.get("BENCH_METHOD", "GET")
        body = json.loads(env["BENCH_BODY"]) if "BENCH_BODY" in env else None
        expect(server.call(method, env["BENCH_PATH"], body, env.get("BENCH_COOKIE")), name)
        for c in runner.args.connections:
            runner.wrk(server, lot, name, script, env, c)


def release_leftovers(server, cookie, prefix):
    """Releases the walk-ins a run left parked (its last assigns)."""
    _, records, _ = expect(server.call("GET", "/records?limit=500", cookie=cookie), "GET /records")
    for r in records:
        if r["exit_time"] == "Still parked" and r["vehicle_number"].startswith(prefix):
            expect(server.call("POST", "/release", {"vehicle_number": r["vehicle_number"]}, cookie),
                   "releasing a leftover walk-in")


# --- the two lots -----------------------------------------------------------

def small_lot(args, runner, workdir, results):
    server = Server(args.binary, os.path.join(workdir, "small.db"), os.path.join(workdir, "small.log"))
    results["small_startup_ms"] = server.start()
    results["small_db"] = server.db_path
    try:
        _, _, guest = expect(server.call("POST", "/auth/guest"), "POST /auth/guest")
        read_scenarios(server, runner, "small", guest)

        # Walk-in cycle: guests only, so no password hashing happens before it.
        guests = [expect(server.call("POST", "/auth/guest"), "POST /auth/guest")[2]
                  for _ in range(max(args.connections))]
        guest_file = runner.data_file("guests.txt", guests)
        for c in args.connections:
            prefix = f"W{c}T"
            runner.wrk(server, "small", "walk-in cycle (assign + release)", "walkin.lua",
                       {"BENCH_DATA": guest_file, "BENCH_PREFIX": prefix}, c)
            release_leftovers(server, guest, prefix)
        results["small_peak_rss_before_owners_mib"] = server.memory_kib("VmHWM") / 1024

        # Owners: registering hashes a password (Argon2id, 64 MiB), so peak RSS jumps here.
        _, slots, _ = expect(server.call("GET", "/slots"), "GET /slots")
        slot_numbers = [s["slot_number"] for s in slots]
        lines = []
        owners = args.owners
        per_owner = max(1, len(slot_numbers) // owners)
        log(f"registering {owners} owners with {per_owner} vehicles each")
        for o in range(owners):
            _, _, cookie = expect(server.call("POST", "/auth/register", {
                "owner_name": f"Bench Owner {o}", "email": f"bench{o}@example.com",
                "password": f"bench-password-{o}"}), "POST /auth/register")
            for v in range(per_owner):
                i = o * per_owner + v
                number = f"BR{o:03d}V{v:02d}"
                expect(server.call("POST", "/owner/vehicles",
                                   {"vehicle_number": number, "vehicle_type_id": 1 + i % 6}, cookie),
                       "POST /owner/vehicles")
                lines.append(f"{cookie} {number} {slot_numbers[i]}")
        results["small_peak_rss_after_owners_mib"] = server.memory_kib("VmHWM") / 1024
        owner_file = runner.data_file("owners.txt", lines)
        for n, c in enumerate(args.connections):
            # Runs start 60 days apart, well clear of each other's windows.
            base = (int(time.time()) // HOUR + 24 + n * 60 * 24) * HOUR
            runner.wrk(server, "small", "POST /reservations (distinct windows)", "reserve.lua",
                       {"BENCH_DATA": owner_file, "BENCH_BASE": str(base)}, c)
    finally:
        server.stop()


def big_lot(args, runner, workdir, results):
    db_path = os.path.join(workdir, "big.db")
    log(f"generating the big lot (scale {args.scale})")
    generated = subprocess.run(
        [sys.executable, os.path.join(HERE, "generate_big_lot.py"), db_path, "--dockpoint", args.binary,
         "--scale", str(args.scale)], check=True, capture_output=True, text=True)
    lot = json.loads(generated.stdout.strip().splitlines()[-1])
    results["big_lot"] = lot
    server = Server(args.binary, db_path, os.path.join(workdir, "big.log"))
    startups = []
    for _ in range(3):
        startups.append(server.start())
        server.stop()
    results["big_startup_ms"] = startups
    results["big_startup_ms_median"] = sorted(startups)[1]
    server.start()
    try:
        read_scenarios(server, runner, "big", "dockpoint_session=" + lot["owner_session_token"])
        results["big_peak_rss_mib"] = server.memory_kib("VmHWM") / 1024
    finally:
        server.stop()


def fsync_probe(directory, count=200):
    """Latency of one small durable write in the database's directory: the floor
    under every commit with synchronous=FULL. Like a WAL in steady state, it
    overwrites pages of a file that already exists (no size change), then fdatasync."""
    path = os.path.join(directory, "fsync-probe")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    times = []
    try:
        os.write(fd, b"\0" * (64 * 4096))
        os.fsync(fd)
        for i in range(count):
            started = time.perf_counter()
            os.pwrite(fd, b"x" * 4096, (i % 64) * 4096)
            os.fdatasync(fd)
            times.append(time.perf_counter() - started)
    finally:
        os.close(fd)
        os.unlink(path)
    times.sort()
    return {"p50_ms": times[len(times) // 2] * 1000, "p99_ms": times[int(len(times) * 0.99)] * 1000,
            "mean_ms": sum(times) / len(times) * 1000}


# --- the report -------------------------------------------------------------

def sh(command):
    try:
        return subprocess.run(command, shell=True, capture_output=True, text=True, cwd=ROOT).stdout.strip()
    except OSError:
        return ""


def header(args, workdir, results):
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    commit = sh("git rev-parse --short HEAD") or "unknown"
    changed = sh("git status --porcelain -- src CMakeLists.txt CMakePresets.json cmake web").splitlines()
    if changed:
        # Identify the uncommitted tree, so that two reports can be told apart.
        digest = hashlib.sha256(sh("git diff HEAD -- src CMakeLists.txt CMakePresets.json cmake web").encode())
        for name in sh("git ls-files --others --exclude-standard -- src cmake web").splitlines():
            with open(os.path.join(ROOT, name), "rb") as f:
                digest.update(name.encode() + f.read())
        commit += f" + {len(changed)} uncommitted changes in src/ and the build files (tree digest {digest.hexdigest()[:12]})"
    with open(args.binary, "rb") as f:
        binary_digest = hashlib.sha256(f.read()).hexdigest()[:12]
    built = datetime.datetime.fromtimestamp(os.path.getmtime(args.binary), datetime.timezone.utc)
    cache = {}
    cache_path = os.path.join(os.path.dirname(args.binary), "CMakeCache.txt")
    if os.path.exists(cache_path):
        for line in open(cache_path):
            if "=" in line and ":" in line.split("=", 1)[0]:
                key, value = line.rstrip("\n").split("=", 1)
                cache[key.split(":")[0]] = value
    build = cache.get("CMAKE_BUILD_TYPE", "?")
    flags = (cache.get("CMAKE_CXX_FLAGS", "") + " " + cache.get(f"CMAKE_CXX_FLAGS_{build.upper()}", "")).strip()
    werror = cache.get("DOCKPOINT_WARNINGS_AS_ERRORS", "ON")
    build += f" {flags}" + ("" if werror == "ON" else ", warnings not errors: see bench/README.md, Build")
    with open(os.path.join(ROOT, "src/store/sqlite_store.cpp")) as f:
        source = f.read()
    sync = re.search(r"PRAGMA synchronous\s*=\s*(\w+)", source)
    journal = re.search(r"PRAGMA journal_mode\s*=\s*(\w+)", source)
    fs = sh(f"df -T {workdir} | tail -1 | awk '{{print $2\" on \"$1}}'")
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    return "\n".join([
        f"### dockpoint benchmark, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
        "",
        f"- machine: {os.cpu_count()} CPUs (nproc {sh('nproc')}), {cpu}, Linux {platform.release()}; "
        f"load average before the run {' '.join(load)} (the cores are shared with other work)",
        f"- commit: {commit}; binary {os.path.relpath(args.binary, ROOT)} ({build}; built "
        f"{built:%Y-%m-%d %H:%M} UTC, sha256 {binary_digest}; {sh('c++ --version | head -1')})",
        f"- durability: SQLite journal_mode={journal.group(1) if journal else '?'}, "
        f"synchronous={sync.group(1) if sync else '?'} (every commit waits for an fsync of the WAL); "
        f"database in {workdir} ({fs}); a 4 KiB overwrite + fdatasync there takes "
        f"{results['fsync']['p50_ms']:.2f} ms (p50), {results['fsync']['p99_ms']:.2f} ms (p99) just before "
        f"the run; at that rate one fsync per command would cap writes near "
        f"{1000 / results['fsync']['mean_ms']:,.0f}/s",
        f"- load: {sh('wrk --version 2>&1 | head -1').split(' [')[0]}, -t{args.threads}, "
        f"{args.duration} s per run, timeout {args.timeout} s; wrk runs on the same cores as the server",
    ])


def fmt(x, digits=1):
    if x >= 100:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


def table(rows):
    out = ["| lot | scenario | conns | req/s (2xx) | p50 ms | p99 ms | server CPU µs/req (kernel) | "
           "wrk CPU µs/req | non-2xx | sock err / timeouts | peak RSS MiB |",
           "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for r in rows:
        out.append(f"| {r['lot']} | {r['scenario']} | {r['connections']} | {fmt(r['rps_2xx'])} | "
                   f"{fmt(r['p50_ms'], 2)} | {fmt(r['p99_ms'], 2)} | "
                   f"{fmt(r['cpu_us_per_req'])} ({r['cpu_sys_share']:.0%}) | "
                   f"{fmt(r['wrk_cpu_us_per_req'])} | {r['non_2xx']} | "
                   f"{r['socket_errors']} / {r['timeouts']} | {r['peak_rss_mib']:.1f} |")
    return "\n".join(out)


def targets(rows, results, args):
    top = max(args.connections)

    def find(lot, prefix, c=top):
        return next((r for r in rows if r["lot"] == lot and r["scenario"].startswith(prefix)
                     and r["connections"] == c), None)

    checks = []

    def at_least(what, row, key, goal, unit):
        if row:
            got = row[key]
            verdict = "met" if got >= goal else f"missed: {got / goal:.1%} of target ({goal / got:.1f}x short)" \
                if got > 0 else "missed"
            checks.append((what, f"≥ {goal:,} {unit}", f"{fmt(got)} {unit}", verdict))

    def at_most(what, got, goal, unit):
        if got is not None:
            verdict = "met" if got <= goal else f"missed: {got / goal:.1f}x the limit"
            checks.append((what, f"≤ {goal} {unit}", f"{fmt(got, 2)} {unit}", verdict))

    at_least(f"walk-in cycle req/s at {top} conns (durable)", find("small", "walk-in"), "rps_2xx", 20000, "req/s")
    at_least(f"GET /slots req/s at {top} conns", find("small", "GET /slots"), "rps_2xx", 25000, "req/s")
    at_least(f"GET /vehicle-types req/s at {top} conns", find("small", "GET /vehicle-types"), "rps_2xx", 50000, "req/s")
    at_least(f"POST /reservations/preview req/s at {top} conns", find("small", "POST /reservations/preview"),
             "rps_2xx", 50000, "req/s")
    for r in rows:
        if r["lot"] == "small" and r["connections"] == top:
            at_most(f"p99 at {top} conns: {r['scenario']}", r["p99_ms"], 5, "ms")
    big_slots = find("big", "GET /slots")
    if big_slots:
        at_most(f"big lot GET /slots p99 at {top} conns", big_slots["p99_ms"], 20, "ms")
    big_slots_gzip = find("big", "GET /slots (Accept-Encoding")
    if big_slots_gzip:
        at_most(f"big lot GET /slots p99 at {top} conns, gzip (as browsers ask)", big_slots_gzip["p99_ms"],
                20, "ms")
    for r in rows:
        if r["lot"] == "big" and "records" in r["scenario"] and r["connections"] == top:
            at_most(f"big lot {r['scenario']} p99 at {top} conns", r["p99_ms"], 5, "ms")
    peak = max((r["peak_rss_mib"] for r in rows), default=None)
    at_most("peak RSS, whole run (VmHWM)", peak, 40, "MiB")
    if "small_peak_rss_before_owners_mib" in results:
        at_most("peak RSS, small lot before any password hashing", results["small_peak_rss_before_owners_mib"],
                40, "MiB")
    if "big_peak_rss_mib" in results:
        at_most("peak RSS, big lot (no password hashing)", results["big_peak_rss_mib"], 40, "MiB")
    if "big_startup_ms_median" in results:
        at_most("start-up to `listening` on the big lot (median of 3)", results["big_startup_ms_median"], 300, "ms")
    out = ["| target | goal | measured | verdict |", "|---|---|---|---|"]
    out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in checks]
    return "\n".join(out)


def report(args, workdir, runner, results):
    lines = [header(args, workdir, results), ""]
    if "big_lot" in results:
        lot = results["big_lot"]
        lines.append(
            f"- big lot: {lot['slots']:,} slots, {lot['closed_records']:,} closed records, "
            f"{lot['parked']:,} parked, {lot['reservations']:,} reservations "
            f"({lot['bytes'] / 2**20:.0f} MiB, generated in {lot['seconds']} s); /owner/records is the "
            f"fleet owner's ({lot['fleet_owner_history_rows']:,} rows); start-up to `listening`: "
            + ", ".join(f"{ms:.0f}" for ms in results["big_startup_ms"]) + " ms (warm page cache)")
    if "small_startup_ms" in results:
        lines.append(f"- small lot (fresh database, 124 slots): start-up {results['small_startup_ms']:.0f} ms "
                     "(creates the schema); peak RSS before/after registering owners "
                     f"{results.get('small_peak_rss_before_owners_mib', 0):.1f} / "
                     f"{results.get('small_peak_rss_after_owners_mib', 0):.1f} MiB")
    lines += ["", table(runner.rows), "",
              "req/s counts 2xx responses only; the walk-in cycle's requests are half assigns and half "
              "releases. CPU µs/req = the server's utime+stime over the run (until it is idle again) "
              "divided by the requests it answered (in brackets: the part spent in the kernel); wrk's own CPU is beside it because both share the "
              "cores. Peak RSS is the server's VmHWM at the end of the run (it only grows).",
              "", "#### Targets", "", targets(runner.rows, results, args)]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description="dockpoint benchmark (see bench/README.md)")
    parser.add_argument("--quick", action="store_true",
                        help="3 s per run and a big lot at 1/10 scale (a smoke test of the benchmark)")
    parser.add_argument("--duration", type=int, help="seconds per wrk run (default 10, --quick 3)")
    parser.add_argument("--connections", default="16,64", help="comma-separated (default 16,64)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--timeout", type=int, default=10, help="wrk request timeout in s (default 10)")
    parser.add_argument("--scale", type=float, help="big lot size, 1 = 10,000 slots (default 1, --quick 0.1)")
    parser.add_argument("--owners", type=int, default=31, help="owners registered for POST /reservations")
    parser.add_argument("--only", choices=["small", "big"], help="run one lot only")
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "release", "dockpoint"))
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (databases, logs)")
    parser.add_argument("--output", help="also write the report to this file")
    parser.add_argument("--json", help="also write the raw results to this file")
    args = parser.parse_args()
    args.duration = args.duration or (3 if args.quick else 10)
    args.scale = args.scale or (0.1 if args.quick else 1.0)
    args.connections = [int(c) for c in args.connections.split(",")]
    args.deep_offset = int(500_000 * args.scale)
    args.binary = os.path.abspath(args.binary)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (bench/run.sh installs it)")

    workdir = tempfile.mkdtemp(prefix="dockpoint-bench-")
    log(f"working in {workdir}")
    runner = Runner(args, workdir)
    results = {}
    started = time.monotonic()
    try:
        results["fsync"] = fsync_probe(workdir)
        if args.only in (None, "small"):
            small_lot(args, runner, workdir, results)
        if args.only in (None, "big"):
            big_lot(args, runner, workdir, results)
        text = report(args, workdir, runner, results)
        print(text)
        if args.output:
            with open(args.output, "w") as f:
                f.write(text + "\n")
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"results": results, "rows": runner.rows}, f, indent=1)
        log(f"done in {time.monotonic() - started:.0f} s")
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
