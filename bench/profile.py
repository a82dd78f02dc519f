#!/usr/bin/env python3
"""Where a scenario's time goes: the server under callgrind for a few requests.

    bench/profile.py SCENARIO [--requests N] [--db BIG_DB] [--scale S] [--keep]

SCENARIO is one of: slots, vehicle-types, preview, walk-in, reserve (small,
fresh lot) or big-slots, records, records-deep, owner-records (big lot; made
by generate_big_lot.py unless --db names a copy of one, which is modified).

The server runs under `valgrind --tool=callgrind` with collection off while it
starts and while sessions are prepared; collection is switched on
(callgrind_control) only around the N sequential requests of the scenario, so
the profile is the requests' and nothing else. Prints callgrind_annotate's top
entries, inclusive and self. Instruction counts, not time: waiting (an fsync,
a lock) does not show here; bench/README.md measures fsyncs separately.
Needs valgrind (apt-get install valgrind).
"""

import argparse
import calendar
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in bench/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the driver: Server, paths)

SMALL = ["slots", "vehicle-types", "preview", "walk-in", "reserve"]
BIG = ["big-slots", "records", "records-deep", "owner-records"]


def main():
    parser = argparse.ArgumentParser(description="profile one scenario under callgrind")
    parser.add_argument("scenario", choices=SMALL + BIG)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--db", help="a big-lot database to use (it is modified: sessions, auto-release)")
    parser.add_argument("--token", help="with --db: a session token of an owner in it "
                        "(generate_big_lot.py prints one)")
    parser.add_argument("--scale", type=float, default=1.0, help="big lot size when generating one")
    parser.add_argument("--binary", default=os.path.join(run.ROOT, "build", "release", "dockpoint"))
    parser.add_argument("--top", type=int, default=25, help="entries shown per listing")
    parser.add_argument("--handler-only", action="store_true",
                        help="count only inside the request handler (default for big-lot scenarios)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    for tool in ("valgrind", "callgrind_control", "callgrind_annotate"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install valgrind")

    args.handler_only = args.handler_only or args.scenario in BIG
    workdir = tempfile.mkdtemp(prefix="dockpoint-profile-")
    out_file = os.path.join(workdir, "callgrind.out")
    token = args.token
    if args.scenario in BIG:
        db = args.db
        if not db:
            db = os.path.join(workdir, "big.db")
            run.log(f"generating a big lot (scale {args.scale})")
            made = subprocess.run([sys.executable, os.path.join(run.HERE, "generate_big_lot.py"), db,
                                   "--dockpoint", args.binary, "--scale", str(args.scale)],
                                  check=True, capture_output=True, text=True)
            token = json.loads(made.stdout.strip().splitlines()[-1])["owner_session_token"]
    else:
        db = os.path.join(workdir, "small.db")

    valgrind = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out_file}"]
    if args.handler_only:
        # Only inside the API's request handler: leaves out the once-a-second
        # background auto-release (tens of ms each on the big lot, many of them
        # during a slow callgrind run) and the I/O thread's HTTP work.
        valgrind += ["--toggle-collect=dockpoint::http::Api::Prepare*",
                     "--toggle-collect=dockpoint::http::Api::Execute*"]
    server = run.Server(os.path.abspath(args.binary), os.path.abspath(db), os.path.join(workdir, "server.log"),
                        wrapper=valgrind)
    server.start()
    try:
        _, _, guest = run.expect(server.call("POST", "/auth/guest"), "POST /auth/guest")
        cookie = "dockpoint_session=" + token if token else guest
        if args.scenario in BIG and not token:
            raise SystemExit("with --db, pass --token (the owner_session_token generate_big_lot.py printed)")
        requests = plan(args.scenario, args.requests, server, cookie)
        subprocess.run(["callgrind_control", "-i", "on", str(server.proc.pid)], check=True,
                       capture_output=True)
        started = time.monotonic()
        bad = 0
        for method, path, body, c in requests:
            status, data, _ = server.call(method, path, body, c, timeout=3600)
            if not 200 <= status < 300:
                bad += 1
                if bad == 1:
                    run.log(f"{method} {path} answered {status} {data}")
        elapsed = time.monotonic() - started
        subprocess.run(["callgrind_control", "-i", "off", str(server.proc.pid)], check=True,
                       capture_output=True)
        run.log(f"{len(requests)} requests ({bad} non-2xx) in {elapsed:.1f} s under callgrind")
    finally:
        server.stop()

    scope = "inside the request handler only" if args.handler_only else "all threads"
    print(f"## callgrind: {args.scenario}, {len(requests)} requests, {scope}\n")
    listing = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", out_file],
                             capture_output=True, text=True).stdout
    entries = parse_listing(listing)
    total = entries[0][0] if entries else 1
    per = total // max(1, len(requests))
    print(f"total {total:,} instructions, {per:,} per request\n")
    print("### top inclusive (share of all instructions)\n")
    shown = 0
    for ir, name in entries:
        if any(name.startswith(p) for p in PLUMBING) or "'" in name:
            continue  # the path down to the handler (always ~100%); recursion levels (miscounted)
        print(f"    {ir / total:6.1%}  {ir // max(1, len(requests)):>12,} Ir/req  {name}")
        shown += 1
        if shown == args.top:
            break
    listing = subprocess.run(["callgrind_annotate", "--threshold=100", out_file],
                             capture_output=True, text=True).stdout
    print("\n### top self\n")
    for ir, name in parse_listing(listing)[1:args.top + 1]:
        print(f"    {ir / total:6.1%}  {ir // max(1, len(requests)):>12,} Ir/req  {name}")
    print()
    if args.keep:
        run.log(f"kept {workdir} ({out_file})")
    else:
        shutil.rmtree(workdir, ignore_errors=True)


# Frames every request passes through on its way to the handler.
PLUMBING = ("boost::asio::", "void boost::asio::", "dockpoint::http::OnPool", "std::_Function_handler",
            "dockpoint::http::{anon}::Dispatch",
            "start_thread", "0x", "(below main)", "PROGRAM TOTALS", "std::thread", "clone")


def short_name(name):
    """callgrind's `file:function [object]`, with template arguments and
    parameter lists elided so that lines stay readable."""
    name = name.split(":", 1)[1] if name.startswith("???:") or name.startswith("./") else name
    obj = ""
    if name.endswith("]") and " [" in name:
        name, obj = name.rsplit(" [", 1)
        obj = " [" + os.path.basename(obj[:-1]) + "]"
    name = name.replace("(anonymous namespace)", "{anon}")
    out, depth = [], 0
    for ch in name:
        if ch in "<(":
            if depth == 0:
                out.append("<…>" if ch == "<" else "(…)")
            depth += 1
        elif ch in ">)":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return ("".join(out) + obj)[:160]


def parse_listing(text):
    """[(instructions, short name)] of a callgrind_annotate listing, in its order."""
    entries = []
    for line in text.splitlines():
        line = line.strip()
        parts = line.split(None, 1)
        if len(parts) < 2 or not parts[0].replace(",", "").isdigit():
            continue
        ir = int(parts[0].replace(",", ""))
        rest = parts[1]
        if rest.startswith("("):
            rest = rest.split(")", 1)[1].strip()
        if "PROGRAM TOTALS" in rest:
            entries.insert(0, (ir, "PROGRAM TOTALS"))
            continue
        entries.append((ir, short_name(rest)))
    return entries


def plan(scenario, n, server, cookie):
    """The requests to profile (and, for writes, their preparation)."""
    entry, exit_ = run.future_window(48)
    if scenario in ("slots", "big-slots"):
        return [("GET", "/slots", None, None)] * n
    if scenario == "vehicle-types":
        return [("GET", "/vehicle-types", None, None)] * n
    if scenario == "preview":
        return [("POST", "/reservations/preview",
                 {"entry_time": entry, "exit_time": exit_, "vehicle_type_id": 3}, None)] * n
    if scenario == "walk-in":
        out = []
        for i in range(n // 2):
            out.append(("POST", "/assign", {"vehicle_number": f"PW{i}", "vehicle_type_id": 3}, cookie))
            out.append(("POST", "/release", {"vehicle_number": f"PW{i}"}, cookie))
        return out
    if scenario == "reserve":
        _, _, owner = run.expect(server.call("POST", "/auth/register", {
            "owner_name": "Profile", "email": "profile@example.com", "password": "profile-password"}),
            "register")
        run.expect(server.call("POST", "/owner/vehicles", {"vehicle_number": "PR1", "vehicle_type_id": 3},
                               owner), "add vehicle")
        base = run.future_window(24)[0]
        start = calendar.timegm(time.strptime(base, "%Y-%m-%dT%H:%M"))
        fmt = lambda t: time.strftime("%Y-%m-%dT%H:%M", time.gmtime(t))  # noqa: E731
        return [("POST", "/reservations", {"vehicle_number": "PR1", "slot_number": "A2",
                                           "entry_time": fmt(start + i * 3600),
                                           "exit_time": fmt(start + i * 3600 + 3600)}, owner)
                for i in range(n)]
    # Distinct pages, so that none is answered from the kept pages.
    if scenario in ("records", "owner-records"):
        listing = "/records" if scenario == "records" else "/owner/records"
        _, rows, _ = run.expect(server.call("GET", f"{listing}?limit={2 * n}", cookie=cookie), "cursors")
        return [("GET", f"{listing}?limit=50&before={r['cursor']}", None, cookie) for r in rows[::2]][:n]
    if scenario == "records-deep":
        return [("GET", f"/records?limit=50&offset={500000 + 50 * i}", None, cookie) for i in range(n)]
    raise ValueError(scenario)


if __name__ == "__main__":
    main()
