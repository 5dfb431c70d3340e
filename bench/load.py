"""Throughput and latency under gunicorn: the pupil's home page against /healthz, same run.

    python bench/load.py [--duration 10] [--warmup 2] [--clients 20] [--entries 150]
                         [--config NAME ...] [--no-profile]

The issue: "Under a production WSGI server on this machine, 20 concurrent clients on the home
page of a pupil with 150 entries: aim for at least 0.3 of the requests per second of a trivial
endpoint of the same app measured in the same run, with p95 under 50 ms."

For each gunicorn configuration (--config, default: all of CONFIGS) it starts gunicorn on
127.0.0.1 on a free port against ``wsgi:app`` with the environment production uses
(DATABASE_URL, SECRET_KEY, SESSION_COOKIE_SECURE=0 for plain http), signs the pupil in through
the login form (CSRF token from ``<meta name="csrf-token">``), and drives --clients concurrent
keep-alive connections for --warmup + --duration seconds at /healthz, then at /passport/.

The load generator runs in its own process (this script with --client): one thread per
connection over raw sockets (a minimal HTTP/1.1 reader, cheaper per request than http.client).
It reports its own CPU time; the server's CPU time is read from /proc for the gunicorn master
and its workers, so the table shows where the machine's two cores went.

The database is a throwaway SQLite file; with BENCH_DATABASE_URL set (a PostgreSQL URL) the
best configuration is also run against that database (new rows with random names are added
to it; nothing is deleted). Finally a handful of home-page requests are profiled in-process
(cProfile) to show what the page costs. Temporary files and gunicorn are cleaned up on every
exit, including Ctrl-C and SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

import _setup  # first: puts the repository root on sys.path

HOST = "127.0.0.1"
TARGET_RATIO = 0.3
TARGET_P95_MS = 50.0
CLK_TCK = os.sysconf("SC_CLK_TCK")

# name -> gunicorn arguments. Two cores: two processes, so both cores run Python at once (one
# process's threads share a GIL). gthread keeps connections alive; sync closes after each
# response (gunicorn's sync worker does not do keep-alive), so clients reconnect every time.
CONFIGS: dict[str, list[str]] = {
    "gthread-2x4": ["-k", "gthread", "--workers", "2", "--threads", "4"],
    "sync-2": ["-k", "sync", "--workers", "2"],
    "gthread-4x2": ["-k", "gthread", "--workers", "4", "--threads", "2"],
}
DEFAULT_CONFIGS = ["gthread-2x4", "sync-2", "gthread-4x2"]


# --- the load generator (runs in a child process: ``load.py --client SPEC``) ---------------


class _Closed(Exception):
    pass


def _read_response(sock: socket.socket, buf: bytearray) -> tuple[int, bool]:
    """Read one HTTP/1.1 response; return (status, keep_alive). ``buf`` holds leftover bytes."""
    while (end := buf.find(b"\r\n\r\n")) < 0:
        chunk = sock.recv(65536)
        if not chunk:
            raise _Closed
        buf += chunk
    head = bytes(buf[:end]).split(b"\r\n")
    del buf[: end + 4]
    status = int(head[0].split(b" ", 2)[1])
    length, chunked, close = None, False, head[0].startswith(b"HTTP/1.0")
    for line in head[1:]:
        name, _, value = line.partition(b":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value
        elif name == b"connection":
            close = value == b"close" or (close and value != b"keep-alive")
    if chunked:
        while True:
            while (eol := buf.find(b"\r\n")) < 0:
                buf += _recv(sock)
            size = int(bytes(buf[:eol]).split(b";")[0], 16)
            while len(buf) < eol + 2 + size + 2:
                buf += _recv(sock)
            del buf[: eol + 2 + size + 2]
            if size == 0:
                break
    elif length is not None:
        while len(buf) < length:
            buf += _recv(sock)
        del buf[:length]
    else:  # body until the connection closes
        while chunk := sock.recv(65536):
            pass
        buf.clear()
        close = True
    return status, not close


def _recv(sock: socket.socket) -> bytes:
    chunk = sock.recv(65536)
    if not chunk:
        raise _Closed
    return chunk


@dataclass
class _Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    bad_status: dict[int, int] = field(default_factory=dict)
    connects: int = 0


def _client_thread(port: int, request: bytes, start: float, end: float, tally: _Tally) -> None:
    sock = None
    buf = bytearray()
    while (t0 := time.perf_counter()) < end:
        try:
            if sock is None:
                sock = socket.create_connection((HOST, port), timeout=10)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                tally.connects += 1
                buf.clear()
            sock.sendall(request)
            status, keep = _read_response(sock, buf)
        except (OSError, _Closed, ValueError, IndexError):
            if t0 >= start:
                tally.errors += 1
            if sock is not None:
                sock.close()
            sock = None
            time.sleep(0.001)
            continue
        t1 = time.perf_counter()
        if start <= t0 and t1 <= end:
            if status == 200:
                tally.latencies.append(t1 - t0)
            else:
                tally.bad_status[status] = tally.bad_status.get(status, 0) + 1
        if not keep:
            sock.close()
            sock = None
    if sock is not None:
        sock.close()


def client_main(spec: dict) -> None:
    """Drive the load; print "READY <warmup>" when threads start, then one JSON line."""
    lines = [
        f"GET {spec['path']} HTTP/1.1",
        f"Host: {HOST}:{spec['port']}",
        "User-Agent: passport-bench",
        "Accept: text/html,*/*",
        "Accept-Encoding: identity",
    ]
    if spec.get("cookie"):
        lines.append(f"Cookie: {spec['cookie']}")
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    now = time.perf_counter()
    start = now + spec["warmup"]
    end = start + spec["duration"]
    tallies = [_Tally() for _ in range(spec["clients"])]
    threads = [
        threading.Thread(target=_client_thread, args=(spec["port"], request, start, end, t), daemon=True)
        for t in tallies
    ]
    for thread in threads:
        thread.start()
    print("READY", flush=True)
    time.sleep(max(0.0, start - time.perf_counter()))
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    time.sleep(max(0.0, end - time.perf_counter()))
    usage1 = resource.getrusage(resource.RUSAGE_SELF)
    for thread in threads:
        thread.join(timeout=15)
    latencies = sorted(x for t in tallies for x in t.latencies)
    bad: dict[str, int] = {}
    for t in tallies:
        for code, n in t.bad_status.items():
            bad[str(code)] = bad.get(str(code), 0) + n
    cpu = (usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime)
    print(json.dumps({
        "ok": len(latencies),
        "errors": sum(t.errors for t in tallies) + sum(bad.values()),
        "bad_status": bad,
        "connects": sum(t.connects for t in tallies),
        "latencies": latencies,
        "client_cpu_s": cpu,
    }), flush=True)


# --- measuring the server ------------------------------------------------------------------


def _proc_cpu_s(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                found.append(int(entry.name))
    return found


def _server_cpu_s(master: int) -> float:
    return _proc_cpu_s(master) + sum(_proc_cpu_s(p) for p in _children(master))


def _machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies over all cores, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


def drive(port: int, path: str, cookie: str | None, clients: int, duration: float, warmup: float,
          master_pid: int) -> dict:
    """Run the load generator process against ``path``; return the figures."""
    spec = {"port": port, "path": path, "cookie": cookie, "clients": clients,
            "duration": duration, "warmup": warmup}
    child = subprocess.Popen(
        [sys.executable, __file__, "--client", json.dumps(spec)],
        stdout=subprocess.PIPE, text=True, preexec_fn=_die_with_parent,
    )
    try:
        assert child.stdout is not None
        if child.stdout.readline().strip() != "READY":
            raise RuntimeError("the load generator did not start")
        time.sleep(warmup)
        server0, machine0 = _server_cpu_s(master_pid), _machine_busy()
        time.sleep(duration)
        server1, machine1 = _server_cpu_s(master_pid), _machine_busy()
        out, _ = child.communicate(timeout=duration + 30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    if child.returncode != 0:
        raise RuntimeError(f"the load generator failed (exit {child.returncode})")
    data = json.loads(out.strip().splitlines()[-1])
    lat = data.pop("latencies")
    # All cores' busy share, as % of one core (200% = both cores of two fully busy).
    busy = (os.cpu_count() or 1) * (machine1[0] - machine0[0]) / max(1, machine1[1] - machine0[1])
    server_cpu = server1 - server0
    return {
        **data,
        "rps": data["ok"] / duration,
        "p50_ms": _percentile(lat, 0.50) * 1000,
        "p95_ms": _percentile(lat, 0.95) * 1000,
        "p99_ms": _percentile(lat, 0.99) * 1000,
        "mean_ms": (statistics.fmean(lat) * 1000) if lat else float("nan"),
        "server_cpu_pct": 100 * server_cpu / duration,
        "client_cpu_pct": 100 * data["client_cpu_s"] / duration,
        "machine_busy_pct": 100 * busy,
        "other_cpu_pct": max(0.0, 100 * (busy - (server_cpu + data["client_cpu_s"]) / duration)),
        "server_cpu_ms_per_req": (1000 * server_cpu / data["ok"]) if data["ok"] else float("nan"),
        "client_cpu_ms_per_req": (1000 * data["client_cpu_s"] / data["ok"]) if data["ok"] else float("nan"),
    }


# --- gunicorn ------------------------------------------------------------------------------


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM if this script dies, even by SIGKILL (Linux)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Gunicorn:
    """gunicorn serving ``wsgi:app`` in its own process group; stopped on exit, whatever happens."""

    def __init__(self, args: list[str], database_url: str, secret: str, log: Path):
        self.port = free_port()
        self.log = log
        env = dict(os.environ)
        env.update({
            "DATABASE_URL": database_url,
            "SECRET_KEY": secret,
            "SESSION_COOKIE_SECURE": "0",
            "PUBLIC_URL": f"http://{HOST}:{self.port}",
            "PYTHONUNBUFFERED": "1",
        })
        self.command = [
            sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{self.port}", "--chdir", str(_setup.ROOT),
            "--log-level", "warning", "--error-logfile", str(log),
            *(["--worker-tmp-dir", "/dev/shm"] if Path("/dev/shm").is_dir() else []),
            *args, "wsgi:app",
        ]
        self.env = env
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        with open(self.log.with_suffix(".out"), "wb") as out:  # the child keeps its own copy
            self.proc = subprocess.Popen(
                self.command, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True, preexec_fn=_die_with_parent,
            )
        try:
            return self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self) -> Gunicorn:
        assert self.proc is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                status, _, _ = http_request(self.port, "GET", "/healthz")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer /healthz within 30 s:\n{self.log_tail()}")

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the group this script started, nothing else
            proc.wait()

    def log_tail(self) -> str:
        lines = []
        for path in (self.log.with_suffix(".out"), self.log):
            try:
                lines += path.read_text(errors="replace").splitlines()
            except OSError:
                pass
        return "\n".join(lines[-20:]) or "(no output)"


def http_request(port: int, method: str, path: str, body: dict | None = None,
                 cookie: str | None = None) -> tuple[int, dict, str]:
    """One request over http.client; returns (status, {cookie name: value} set, text)."""
    import http.client

    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        headers = {"Cookie": cookie} if cookie else {}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        text = response.read().decode(errors="replace")
        cookies = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, cookies, text
    finally:
        conn.close()


def sign_in(port: int, username: str) -> str:
    """Sign in through the form like a browser; return the Cookie header for the session."""
    status, cookies, page = http_request(port, "GET", "/login")
    if status != 200:
        raise RuntimeError(f"GET /login: HTTP {status}")
    token = _setup.csrf_from(page)
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    status, new, _ = http_request(
        port, "POST", "/login",
        {"csrf_token": token, "username": username, "password": _setup.PASSWORD}, cookie,
    )
    if status != 303 or "session" not in new:
        raise RuntimeError(f"sign-in failed: HTTP {status}")
    cookies.update(new)
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    status, _, _ = http_request(port, "GET", _setup.HOME, cookie=cookie)
    if status != 200:
        raise RuntimeError(f"GET {_setup.HOME} after sign-in: HTTP {status}")
    return cookie


def bench_server(name: str, database_url: str, secret: str, username: str, tmp: Path,
                 args: argparse.Namespace) -> dict:
    """Start gunicorn with configuration ``name``; measure /healthz then /passport/."""
    print(f"  [{name}] gunicorn {' '.join(CONFIGS[name])} wsgi:app on {_setup.redact(database_url)} ...",
          flush=True)
    with Gunicorn(CONFIGS[name], database_url, secret, tmp / f"gunicorn-{name}.log") as server:
        assert server.proc is not None
        cookie = sign_in(server.port, username)
        healthz = drive(server.port, "/healthz", None, args.clients, args.duration, args.warmup,
                        server.proc.pid)
        home = drive(server.port, _setup.HOME, cookie, args.clients, args.duration, args.warmup,
                     server.proc.pid)
    ratio = home["rps"] / healthz["rps"] if healthz["rps"] else float("nan")
    cpu_ratio = healthz["server_cpu_ms_per_req"] / home["server_cpu_ms_per_req"]
    return {
        "config": name,
        "args": CONFIGS[name],
        "database": "postgres" if database_url.startswith("postgres") else database_url.split(":")[0],
        "healthz": healthz,
        "home": home,
        "ratio": ratio,
        "server_cpu_ratio": cpu_ratio,
        "ok": ratio >= TARGET_RATIO and home["p95_ms"] < TARGET_P95_MS and home["errors"] == 0,
    }


# --- where the home page's time goes (in-process, cProfile) ---------------------------------

# (label, path fragment, function): the cumulative time of these, per request.
PROFILE_POINTS = [
    ("whole request (Flask wsgi_app)", "flask/app.py", "wsgi_app"),
    ("user loader (1 SELECT users)", "passport/auth/__init__.py", "load_user"),
    ("load_pupil (1 SELECT pupils)", "passport/pupil/views.py", "load_pupil"),
    ("entries_of (SELECT entries + selectin)", "passport/queries/pupils.py", "entries_of"),
    ("progress_of (the Gatsby rules)", "passport/queries/pupils.py", "progress_of"),
    ("render_template (Jinja, whole page)", "flask/templating.py", "render_template"),
    ("csrf_token() in base.html", "flask_wtf/csrf.py", "generate_csrf"),
    ("session cookie open", "flask/sessions.py", "open_session"),
    ("session cookie save (re-signed)", "flask/sessions.py", "save_session"),
    ("DB driver: execute the statements", "sqlalchemy/engine/default.py", "do_execute"),
    ("DB driver: fetch the rows", "", "fetch"),
]


def _matches(filename: str, name: str, fragment: str, func: str) -> bool:
    if not fragment:  # a C method of the DB driver: "<method 'fetchall' of 'sqlite3.Cursor' objects>"
        return filename == "~" and name.startswith(f"<method '{func}") and "Cursor" in name
    return name == func and fragment in filename


def _area(filename: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0]
    if "/templates/" in filename:
        return "templates (compiled Jinja code)"
    if "/passport/" in filename:
        return "passport (app code)"
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins and C calls"
    return "stdlib"


FLOOR = "/passport/_bench_floor"


def profile(database_url: str, username: str, requests: int = 40) -> dict:
    """CPU per request in-process (Flask test client), and a cProfile of the home page.

    Besides /healthz, /passport/ and /passport/timeline it times a "floor": a pupil page that
    returns an empty body. It is added to this in-process app only (endpoint ``pupil.*`` so the
    pupil blueprint's guard and load_pupil run): the cost of any signed-in pupil request.
    """
    import cProfile
    import pstats

    from passport import access
    from passport import create_app
    from passport.extensions import db

    app = create_app(_setup.bench_config(database_url))
    app.add_url_rule(FLOOR, endpoint="pupil._bench_floor", view_func=lambda: "")
    # Every endpoint must be in the access table, or the guard refuses it (403).
    access.ENDPOINTS.setdefault("pupil._bench_floor", access.PUPIL)
    client = _setup.login_test_client(app, username)
    pages = {"/healthz": 400, FLOOR: 200, _setup.HOME: requests, _setup.TIMELINE: requests}
    for path in pages:
        for _ in range(5):
            response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"GET {path}: HTTP {response.status_code}")

    anonymous = app.test_client()  # /healthz without the session cookie, as in the load test

    def cpu_ms(path: str, n: int) -> float:
        c = anonymous if path == "/healthz" else client
        t0 = time.process_time()  # CPU time: steadier than wall time on a shared machine
        for _ in range(n):
            c.get(path).close()
        return 1000 * (time.process_time() - t0) / n

    rounds: dict[str, list[float]] = {path: [] for path in pages}
    for _ in range(3):  # interleaved, so a busy moment of the machine hits every page alike
        for path, n in pages.items():
            rounds[path].append(cpu_ms(path, n))
    cpu = {path: min(values) for path, values in rounds.items()}

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(_setup.HOME).close()
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(tt for (_, _, tt, _, _) in stats.values())
    points = []
    for label, fragment, func in PROFILE_POINTS:
        cum = sum(v[3] for (fn, _, name), v in stats.items() if _matches(fn, name, fragment, func))
        points.append((label, 100 * cum / total))
    areas: dict[str, float] = {}
    for (fn, _, _), v in stats.items():
        areas[_area(fn)] = areas.get(_area(fn), 0.0) + v[2]
    top = sorted(stats.items(), key=lambda kv: kv[1][2], reverse=True)[:8]
    with app.app_context():
        db.engine.dispose()
    return {
        "cpu_ms": cpu,
        "points": points,
        "areas": sorted(((a, 100 * t / total) for a, t in areas.items()), key=lambda x: -x[1])[:7],
        "top": [
            (f"{Path(fn).parent.name}/{Path(fn).name}:{line} {name}" if fn != "~" else name,
             100 * v[2] / total, v[1] // requests)
            for (fn, line, name), v in top
        ],
    }


# --- the whole benchmark ---------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict:
    """Seed, run every configuration, profile; returns the figures (see report())."""
    from passport import create_app

    results = []
    secret = secrets.token_urlsafe(32)
    loadavg = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    with _setup.temp_dir() as tmp:
        url = _setup.sqlite_url(tmp)
        t0 = time.perf_counter()
        app = create_app(_setup.bench_config(url, SECRET_KEY=secret))
        _setup.upgrade_schema(app)
        username = _setup.seed(app, [args.entries], _setup.london_today())[args.entries]
        print(f"  seeded a pupil with {args.entries} entries on SQLite in {time.perf_counter() - t0:.1f} s",
              flush=True)
        for name in args.config:
            results.append(bench_server(name, url, secret, username, tmp, args))
        best = max(results, key=lambda r: r["home"]["rps"])
        pg_url = os.environ.get("BENCH_DATABASE_URL")
        if pg_url:
            pg_app = create_app(_setup.bench_config(pg_url, SECRET_KEY=secret))
            _setup.upgrade_schema(pg_app)
            t0 = time.perf_counter()
            pg_user = _setup.seed(pg_app, [args.entries], _setup.london_today())[args.entries]
            print(f"  seeded a pupil with {args.entries} entries on {_setup.redact(pg_url)} in "
                  f"{time.perf_counter() - t0:.1f} s", flush=True)
            results.append(bench_server(best["config"], pg_url, secret, pg_user, tmp, args))
        prof = profile(url, username) if args.profile else None
    return {
        "clients": args.clients, "duration": args.duration, "warmup": args.warmup,
        "entries": args.entries, "cores": os.cpu_count(), "loadavg": loadavg,
        "results": results, "best": best["config"], "profile": prof,
        "other_cpu_pct": statistics.fmean(
            m["other_cpu_pct"] for r in results for m in (r["healthz"], r["home"])
        ),
        "ok": best["ok"],
    }


def report(result: dict) -> None:
    print(
        f"\nLoad: {result['clients']} concurrent keep-alive clients, {result['warmup']:g} s warm-up + "
        f"{result['duration']:g} s measured per endpoint; pupil with {result['entries']} entries; "
        f"{result['cores']} cores; load average before: {result['loadavg']}"
    )
    print(f"  {'config':<12}{'db':<8}{'endpoint':<11}{'rps':>7}{'p50':>8}{'p95':>8}{'p99':>8}{'err':>5}"
          f"{'conns':>7}  {'server CPU':>11}  {'client CPU':>11}  {'other':>5}")
    for r in result["results"]:
        for label, m in (("/healthz", r["healthz"]), (_setup.HOME, r["home"])):
            print(
                f"  {r['config']:<12}{r['database']:<8}{label:<11}{m['rps']:>7.0f}{m['p50_ms']:>6.1f}ms"
                f"{m['p95_ms']:>6.1f}ms{m['p99_ms']:>6.1f}ms{m['errors']:>5}{m['connects']:>7}"
                f"  {m['server_cpu_pct']:>4.0f}% {m['server_cpu_ms_per_req']:>5.2f}"
                f"  {m['client_cpu_pct']:>4.0f}% {m['client_cpu_ms_per_req']:>5.2f}"
                f"  {m['other_cpu_pct']:>4.0f}%"
            )
        verdict = "PASS" if r["ok"] else "FAIL"
        print(
            f"  {'':<12}=> {verdict}: home/healthz = {r['ratio']:.3f} (target >= {TARGET_RATIO}), home p95 "
            f"{r['home']['p95_ms']:.1f} ms (target < {TARGET_P95_MS:g}); server CPU per request "
            f"healthz/home = {r['server_cpu_ratio']:.3f}"
        )
    # Closed loop: mean latency = clients / rps (Little's law). p95 is typically ~1.4x the mean
    # here, so p95 < target needs about this many requests per second:
    needed_rps = 1.4 * result["clients"] / (TARGET_P95_MS / 1000)
    cpu_budget_ms = 1000 * (result["cores"] or 1) / needed_rps
    print(
        "  CPU columns: % of one core over the measured window, then CPU ms per request. 'other' is CPU\n"
        "  used on this machine by processes outside the benchmark (it competes with the server).\n"
        f"  With {result['clients']} closed-loop clients mean latency = clients / rps (Little's law), so a "
        f"p95 under {TARGET_P95_MS:g} ms\n  needs about {needed_rps:.0f} rps or more: at most "
        f"{cpu_budget_ms:.1f} ms of CPU per request, all {result['cores']} cores counted."
    )
    print(f"  best configuration for the home page: {result['best']}")
    other = result["other_cpu_pct"]
    if other > 25:
        print(
            f"  WARNING: other processes used {other:.0f}% of a core on average while this ran (of "
            f"{100 * (result['cores'] or 1)}%):\n  the server had less than the whole machine, so rps are "
            "low and latencies high. Run again on a quiet machine."
        )
    prof = result["profile"]
    if prof:
        cpu = prof["cpu_ms"]
        print("\nWhere the home page's time goes (in-process, Flask test client, same SQLite database)")
        print("  CPU per request, best of 3 rounds, and /healthz's CPU divided by it (the ratio the"
              " server could reach if CPU were all that counted):")
        labels = {"/healthz": "/healthz", FLOOR: "signed-in pupil page, empty body (floor)",
                  _setup.HOME: f"{_setup.HOME} (home)", _setup.TIMELINE: _setup.TIMELINE}
        for path, ms in cpu.items():
            print(f"    {labels[path]:<44}{ms:>7.2f} ms   ratio {cpu['/healthz'] / ms:.2f}")
        print("  share of the home page's time under cProfile (inclusive, nested: they overlap):")
        for label, pct in prof["points"]:
            print(f"    {label:<44}{pct:>6.0f}%")
        print("  self time by package: " + ", ".join(f"{a} {pct:.0f}%" for a, pct in prof["areas"]))
        print("  top functions by self time (share, calls per request):")
        for name, pct, calls in prof["top"]:
            print(f"    {name[:72]:<72}{pct:>5.1f}% {calls:>6}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds per endpoint")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds first")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--entries", type=int, default=150)
    parser.add_argument("--config", action="append", choices=sorted(CONFIGS),
                        help=f"gunicorn configuration(s) to run (default: {' '.join(DEFAULT_CONFIGS)})")
    parser.add_argument("--no-profile", dest="profile", action="store_false")
    return parser


def parse_args(argv: list[str]) -> argparse.Namespace:
    args = build_parser().parse_args(argv)
    args.config = args.config or list(DEFAULT_CONFIGS)
    return args


def on_sigterm(signum, frame):
    raise KeyboardInterrupt  # unwind through the finally blocks: gunicorn stops, temp files go


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--client"]:
        client_main(json.loads(argv[1]))
        return 0
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, on_sigterm)
    result = run(args)
    report(result)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
