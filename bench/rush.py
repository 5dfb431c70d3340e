"""A careers fair rush: 300 pupils check in within 60 seconds, under gunicorn, on SQLite.

    python bench/rush.py [--pupils 300] [--window 60] [--burst 10] [--replay 0.1] [--cap 64]
                         [--seed 1] [--no-burst]

The issue (events and QR verification, "Figures"): "A careers fair rush: 300 pupils check in
within 60 seconds, each syncing one claim and two entries, against the app under its production
server on this machine. Print p50/p95 latency, errors (target 0), and claims lost or doubled
(target 0)."

Set-up, not timed: a temporary SQLite database made by the real migrations; one school, --pupils
Year 9 pupils (``tests/factories.make_pupil``, one password hashed once for all of them with
``operations.people.set_passwords``) and two careers fairs on now, open to Year 9, with two
attending organisations (``tests/checkin_helpers.make_checkin_event``: the real operations).
gunicorn serves ``wsgi:app`` (``-k gthread --workers 2 --threads 4``) with DATABASE_URL,
SECRET_KEY and SESSION_COOKIE_SECURE=0. Every pupil then signs in through the form (GET /login
for the CSRF token, POST /login, GET /api/csrf for the token sync.js sends as X-CSRFToken), four
at a time. Signing in is not part of the rush: each sign-in costs one scrypt hash (about 80 ms
of CPU), which would dominate; pupils sign in before the fair, in a lesson.

The rush: a separate process (``rush.py --client``, spec on stdin) plays the pupils' phones.
Their arrival times are drawn uniformly at random over --window seconds (a Poisson process
conditioned on --pupils arrivals, so they bunch as people do). At its arrival time each phone
"scans" the code on the screen, i.e. takes the token of the current 30 s slot, and sends ONE
``POST /passport/sync`` on a new connection with three items, as sync.js does: a
``checkin.claim`` (token, scanned_at = now, op) and two ``entry.create`` (employer encounters
at the fair's stands, dated today). The token is computed in the generator with
``passport.domain.tokens.checkin_token`` from the event's check-in key
(``queries.events.checkin_key``: HMAC of SECRET_KEY and the event's secret) and its public code,
which is what ``checkin_url`` does for the staff screen; the set-up checks the two agree.
At most --cap phones talk to the server at once (a school Wi-Fi's worth of connections); a
phone that has to wait for a free one is counted in "lag".

--replay of the phones (10 %) retry, half of each kind:

- *lost response*: the first answer is read but treated as lost, and the same batch is sent
  again 0.5-2 s later (the phone's next flush). Every retried item must answer ``duplicate``.
- *racing retry*: the same batch is sent twice at once on two connections (a flush retried while
  the first is still on the server). Each item must be ``applied`` once and ``duplicate`` once,
  or, for a claim that lost the race by a hair, ``applied`` twice for the same entry
  (bench/README.md says why).

Then, for information, the same pupils at a second fair with all arrivals in --burst seconds.

After each phase the database is counted: claims (exactly one per pupil), verified entries made
by claims (one per pupil), created entries (two per pupil, by their ids), receipts, and anything
doubled or lost; and gunicorn's log is searched for tracebacks and "database is locked".
Errors are requests that failed, answered any status but 200, or answered any item other
than ``applied``/``duplicate`` (one error per request, however many of its items). The figures
are p50/p95/p99/max latency of the sync requests (send to last byte), errors, lost/doubled,
achieved rate, and the CPU used by the server, the phones and the rest of the machine. Exits 1
when the rush has errors, lost/doubled records or a traceback in gunicorn's log.

gunicorn, the generator and the temporary directory are removed on every exit, Ctrl-C and
SIGTERM included (load.py's Gunicorn; both children get SIGTERM if this script dies).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import resource
import secrets
import signal
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import UTC
from pathlib import Path

import _setup  # first: puts the repository root on sys.path
import load

HOST = load.HOST
CONFIG = "gthread-2x4"
DOB = date(2013, 3, 15)  # Year 9 in the school year 2026/27
YEAR_GROUP = 9
ORGANISATIONS = ("Arup", "NHS Leeds")
TIMEOUT = 30.0  # seconds a phone waits for an answer
OK_STATUSES = ("applied", "duplicate")


# --- the phones (runs in a child process: ``rush.py --client``, spec on stdin) --------------


def _post(port: int, body: bytes, phone: dict) -> dict:
    """One ``POST /passport/sync`` on a new connection; the answer's status and item results."""
    headers = {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": phone["csrf"],
        "Cookie": phone["cookie"],
    }
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    try:
        conn.request("POST", "/passport/sync", body=body, headers=headers)
        response = conn.getresponse()
        text = response.read()
        t1 = time.perf_counter()
        record: dict = {"t0": t0, "t1": t1, "status": response.status, "items": []}
        if response.status == 200:
            try:
                record["items"] = [
                    {"op": r.get("op"), "status": r.get("status"), "url": r.get("url"),
                     "message": r.get("message")}
                    for r in json.loads(text)["results"]
                ]
            except (ValueError, KeyError, TypeError, AttributeError):
                record["error"] = f"not the protocol's JSON: {text[:120]!r}"
        else:
            record["error"] = f"HTTP {response.status}: {text[:160]!r}"
        return record
    except (OSError, http.client.HTTPException) as exc:
        return {"t0": t0, "t1": time.perf_counter(), "status": 0, "items": [],
                "error": f"{type(exc).__name__}: {exc}"}
    finally:
        conn.close()


def _batch(phone: dict, spec: dict, rng: random.Random) -> tuple[bytes, dict]:
    """Scan the code on the screen now and build the outbox batch sync.js would send."""
    from passport.domain import tokens  # the phones' only use of the app: the token scheme

    now = time.time()
    key = bytes.fromhex(spec["key"])
    slot = tokens.slot_at(now, spec["slot_seconds"])
    token = tokens.checkin_token(key, spec["event_code"], slot)
    scanned_at = datetime.fromtimestamp(now, UTC).isoformat(timespec="milliseconds")
    claim = str(uuid.uuid4())
    creates = [str(uuid.uuid4()), str(uuid.uuid4())]
    items = [{
        "op": claim, "action": "checkin.claim", "base_version": None,
        "fields": {"token": token, "typed": "", "scanned_at": scanned_at, "op": claim},
    }]
    for key_, organisation in zip(creates, ORGANISATIONS, strict=True):
        items.append({
            "op": key_, "action": "entry.create", "entry": key_, "base_version": None,
            "fields": {
                "kind": "employer_encounter", "subtype": "fair", "occurred_on": spec["today"],
                "organisation": organisation, "skills": ["listening", "speaking"][: rng.randint(0, 2)],
                "description": f"Talked to {organisation} at the careers fair about apprenticeships.",
                "client_uuid": key_,
            },
        })
    body = json.dumps({"owner": phone["owner"], "items": items}).encode()
    return body, {"claim": claim, "creates": creates}


def _phone(spec: dict, phone: dict, mode: str, scheduled: float, rng: random.Random,
           inflight: list[int], lock: threading.Lock) -> dict:
    started = time.perf_counter()
    with lock:
        inflight[0] += 1
        inflight[1] = max(inflight[1], inflight[0])
    try:
        body, ops = _batch(phone, spec, rng)
        port = spec["port"]
        if mode == "race":
            second: list[dict] = []
            other = threading.Thread(target=lambda: second.append(_post(port, body, phone)))
            other.start()
            first = _post(port, body, phone)
            other.join(TIMEOUT + 5)
            requests = [first, *(second or [{"t0": 0, "t1": 0, "status": 0, "items": [],
                                               "error": "racing request did not finish"}])]
        else:
            requests = [_post(port, body, phone)]
            if mode == "lost":
                time.sleep(rng.uniform(0.5, 2.0))  # the phone's next flush
                requests.append(_post(port, body, phone))
    finally:
        with lock:
            inflight[0] -= 1
    return {"pupil": phone["id"], "mode": mode, "lag": started - scheduled, "ops": ops, "requests": requests}


def client_main(spec: dict) -> None:
    """Play the phones; print READY, then one JSON line with every request and its results."""
    rng = random.Random(spec["seed"])
    phones = list(spec["phones"])
    rng.shuffle(phones)
    arrivals = sorted(rng.uniform(0, spec["window"]) for _ in phones)
    retried = rng.sample(range(len(phones)), round(spec["replay"] * len(phones)))
    modes = {i: ("lost" if n % 2 == 0 else "race") for n, i in enumerate(retried)}
    inflight, lock = [0, 0], threading.Lock()
    print("READY", flush=True)
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter() + 0.2
    futures = []
    with ThreadPoolExecutor(max_workers=spec["cap"]) as pool:
        for i, (phone, at) in enumerate(zip(phones, arrivals, strict=True)):
            time.sleep(max(0.0, start + at - time.perf_counter()))
            futures.append(pool.submit(
                _phone, spec, phone, modes.get(i, "once"), start + at, random.Random(rng.random()),
                inflight, lock,
            ))
        done = [f.result() for f in futures]
    usage1 = resource.getrusage(resource.RUSAGE_SELF)
    for phone in done:  # times relative to the first arrival, so the parent can read them
        for r in phone["requests"]:
            r["t0"], r["t1"] = r["t0"] - start, r["t1"] - start
    print(json.dumps({
        "phones": done,
        "max_inflight": inflight[1],
        "client_cpu_s": (usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime),
    }), flush=True)


# --- set-up: the school, the pupils, the fairs; sign-in ---------------------------------------


def seed(app, pupils: int) -> dict:
    """A school, ``pupils`` Year 9 pupils with one password, two fairs on now. Returns their ids
    and each fair's code and check-in key (hex), checked against ``checkin_url``."""
    from passport.domain import tokens as token_ops
    from passport.extensions import db
    from passport.models._base import utcnow
    from passport.operations import people
    from passport.queries.events import checkin_key
    from passport.queries.events import checkin_url
    from tests import checkin_helpers
    from tests import factories

    with app.app_context():
        school = factories.make_school("Rush Academy", "rush")
        made = [
            factories.make_pupil(
                school, first_name="Rush", last_name=f"Pupil{i:03d}", dob=DOB, year_group=YEAR_GROUP,
                username=f"rush.{i:03d}", password=None,
            )
            for i in range(pupils)
        ]
        people.set_passwords([p.user for p in made], _setup.PASSWORD, None)  # hashed once
        now = utcnow().replace(microsecond=0)
        events = []
        for title in ("Year 9 careers fair", "Year 9 STEM fair"):
            event = checkin_helpers.make_checkin_event(
                school, starts_at=now - timedelta(hours=1), hours=3, title=title,
                organisations=ORGANISATIONS, year_groups=(YEAR_GROUP,),
            )
            key = checkin_key(event)
            moment = time.time()
            slot = token_ops.slot_at(moment, app.config["CHECKIN_SLOT_SECONDS"])
            if checkin_url(event, moment)[1] != token_ops.checkin_token(key, event.public_code, slot):
                raise RuntimeError("the generator's token differs from checkin_url's")
            events.append({"id": event.id, "title": title, "code": event.public_code, "key": key.hex()})
        result = {
            "usernames": [p.user.username for p in made],
            "slot_seconds": app.config["CHECKIN_SLOT_SECONDS"],
            "events": events,
        }
        db.session.remove()
        db.engine.dispose()
    return result


def _request(port: int, method: str, path: str, cookies: dict, form: dict | None = None
             ) -> tuple[int, str]:
    """One request with the cookies so far; the cookies it sets are added to ``cookies``."""
    import urllib.parse

    conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    try:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode(errors="replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text
    finally:
        conn.close()


def sign_in(port: int, username: str) -> dict:
    """Sign in through the form, then ask /api/csrf as sync.js does: cookie, token, owner."""
    cookies: dict = {}
    status, page = _request(port, "GET", "/login", cookies)
    if status != 200:
        raise RuntimeError(f"GET /login: HTTP {status}")
    form = {"csrf_token": _setup.csrf_from(page), "username": username, "password": _setup.PASSWORD}
    status, _ = _request(port, "POST", "/login", cookies, form)
    if status != 303:
        raise RuntimeError(f"sign-in as {username}: HTTP {status}")
    status, text = _request(port, "GET", "/api/csrf", cookies)
    if status != 200:
        raise RuntimeError(f"GET /api/csrf as {username}: HTTP {status}")
    answer = json.loads(text)
    return {"cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), "csrf": answer["csrf_token"],
            "owner": answer["user"], "id": int(answer["user"])}


# --- one phase: drive the phones, then count ----------------------------------------------------


def count(app) -> dict:
    """Totals in the database now (the server is idle between phases)."""
    from passport.domain.kinds import Verification
    from passport.extensions import db
    from passport.models import AuditEvent
    from passport.models import CheckinClaim
    from passport.models import Entry
    from passport.models import OpReceipt
    from sqlalchemy import func
    from sqlalchemy import select

    with app.app_context():
        def scalar(query):
            return db.session.scalar(query)

        by_event = {
            event_id: {"claims": claims, "pupils": pupils}
            for event_id, claims, pupils in db.session.execute(
                select(CheckinClaim.event_id, func.count(), func.count(func.distinct(CheckinClaim.pupil_id)))
                .group_by(CheckinClaim.event_id)
            )
        }
        verified = {
            event_id: {"entries": n, "pupils": pupils}
            for event_id, n, pupils in db.session.execute(
                select(Entry.event_id, func.count(), func.count(func.distinct(Entry.pupil_id)))
                .where(Entry.event_id.is_not(None), Entry.verification == Verification.VERIFIED,
                       Entry.verification_method == "event_code")
                .group_by(Entry.event_id)
            )
        }
        result = {
            "claims": by_event,
            "verified": verified,
            "other_entries": scalar(select(func.count()).select_from(Entry).where(Entry.event_id.is_(None))),
            "uuids": {str(u) for u in db.session.scalars(select(Entry.client_uuid))},
            "receipts": scalar(select(func.count()).select_from(OpReceipt)),
            "refused": scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == "checkin_refused")),
            "journal_mode": db.session.connection().exec_driver_sql("PRAGMA journal_mode").scalar(),
        }
        db.session.remove()
        db.engine.dispose()
    return result


def _log_problems(server: load.Gunicorn) -> dict:
    text = ""
    for path in (server.log.with_suffix(".out"), server.log):
        try:
            text += path.read_text(errors="replace")
        except OSError:
            pass
    blocks = re.split(r"(?m)^(?=\S.*\n?Traceback \(most recent call last\))", text)
    tracebacks = [b.strip() for b in blocks if "Traceback (most recent call last)" in b]
    return {
        "tracebacks": len(tracebacks),
        "locked": len(re.findall(r"database is locked", text)),
        "errors": sorted({b.splitlines()[-3] if len(b.splitlines()) > 2 else b for b in tracebacks}),
        "first": tracebacks[0] if tracebacks else "",
    }


def _check(phones: list[dict]) -> dict:
    """Classify every request and item answer."""
    requests = [r for p in phones for r in p["requests"]]
    errors: list[str] = []
    statuses: dict[str, int] = {}
    unexpected: list[str] = []
    racing_double_applied = 0
    for p in phones:
        for r in p["requests"]:  # a request with any problem is one error, however many items
            problems = [str(r.get("error") or r["status"])] if r["status"] != 200 or "error" in r else []
            for item in r["items"]:
                statuses[item["status"]] = statuses.get(item["status"], 0) + 1
                if item["status"] not in OK_STATUSES:
                    problems.append(f"item {item['status']}: {item['message']}")
            if problems:
                errors.append(f"pupil {p['pupil']} ({p['mode']}): {'; '.join(problems)}")
        answers = [[i["status"] for i in r["items"]] for r in p["requests"]]
        if len(answers[0]) == 3 and answers[0] != ["applied"] * 3 and p["mode"] != "race":
            unexpected.append(f"pupil {p['pupil']}: first send answered {answers[0]}")
        if p["mode"] == "lost" and len(answers) == 2 and answers[1] and answers[1] != ["duplicate"] * 3:
            unexpected.append(f"pupil {p['pupil']}: the retry after a lost answer got {answers[1]}")
        if p["mode"] == "race" and len(answers) == 2 and all(len(a) == 3 for a in answers):
            for n, pair in enumerate(zip(*answers, strict=True)):
                if sorted(pair) == ["applied", "applied"] and n == 0:
                    racing_double_applied += 1  # the claim: see report()
                elif sorted(pair) != ["applied", "duplicate"]:
                    unexpected.append(f"pupil {p['pupil']}: racing sends of item {n} answered {pair}")
    return {"requests": len(requests), "errors": errors, "statuses": statuses, "unexpected": unexpected,
            "racing_double_applied": racing_double_applied}


def phase(name: str, port: int, master_pid: int, app, event: dict, phones: list[dict], setup: dict,
          args: argparse.Namespace, window: float, before: dict, seed_: int) -> dict:
    """Run the generator for one phase; return its figures and the database check."""
    from passport import clock

    with app.app_context():
        today = clock.today().isoformat()
    spec = {
        "port": port, "window": window, "cap": args.cap, "seed": seed_, "replay": args.replay,
        "slot_seconds": setup["slot_seconds"], "key": event["key"], "event_code": event["code"],
        "today": today, "phones": phones,
    }
    loadavg = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"  [{name}] {len(phones)} pupils over {window:g} s at {event['title']!r} "
          f"(load average {loadavg}) ...", flush=True)
    child = subprocess.Popen(
        [sys.executable, __file__, "--client"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        preexec_fn=load._die_with_parent,
    )
    try:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(json.dumps(spec))
        child.stdin.close()
        if child.stdout.readline().strip() != "READY":
            raise RuntimeError("the phones did not start")
        t0 = time.perf_counter()
        server0, machine0 = load._server_cpu_s(master_pid), load._machine_busy()
        out = child.stdout.read()  # bounded: every request times out after TIMEOUT s
        child.wait(timeout=window + 4 * TIMEOUT)
        elapsed = time.perf_counter() - t0
        server1, machine1 = load._server_cpu_s(master_pid), load._machine_busy()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    if child.returncode != 0:
        raise RuntimeError(f"the phones failed (exit {child.returncode})")
    data = json.loads(out.strip().splitlines()[-1])
    phones_out = data["phones"]
    checked = _check(phones_out)
    latencies = sorted(r["t1"] - r["t0"] for p in phones_out for r in p["requests"] if r["status"] == 200)
    first = min(r["t0"] for p in phones_out for r in p["requests"])
    last = max(r["t1"] for p in phones_out for r in p["requests"])
    cores = os.cpu_count() or 1
    busy = cores * (machine1[0] - machine0[0]) / max(1, machine1[1] - machine0[1])
    server_cpu = server1 - server0

    after = count(app)
    n = len(phones)
    claims = after["claims"].get(event["id"], {"claims": 0, "pupils": 0})
    verified = after["verified"].get(event["id"], {"entries": 0, "pupils": 0})
    claim_ops = [p["ops"]["claim"] for p in phones_out]
    create_ops = [u for p in phones_out for u in p["ops"]["creates"]]
    new_other = after["other_entries"] - before["other_entries"]
    db_check = {
        "claims": claims["claims"],
        "claims_lost": n - claims["pupils"],
        "claims_doubled": claims["claims"] - claims["pupils"],
        "verified": verified["entries"],
        "verified_lost": n - verified["pupils"],
        "verified_doubled": verified["entries"] - verified["pupils"],
        "claim_entries_by_op": sum(op in after["uuids"] for op in claim_ops),
        "created": sum(op in after["uuids"] for op in create_ops),
        "created_lost": sum(op not in after["uuids"] for op in create_ops),
        "created_doubled": new_other - sum(op in after["uuids"] for op in create_ops),
        "expected_created": len(create_ops),
        "receipts": after["receipts"] - before["receipts"],
        "expected_receipts": len(claim_ops) + len(create_ops),
        "refused": after["refused"] - before["refused"],
        "journal_mode": after["journal_mode"],
    }
    lost = db_check["claims_lost"] + db_check["verified_lost"] + db_check["created_lost"]
    doubled = (db_check["claims_doubled"] + db_check["verified_doubled"] + db_check["created_doubled"]
               + max(0, db_check["receipts"] - db_check["expected_receipts"]))
    return {
        "name": name, "pupils": n, "window": window, "cap": args.cap, "replay": args.replay,
        "loadavg": loadavg, "elapsed": elapsed,
        "requests": checked["requests"], "errors": checked["errors"], "statuses": checked["statuses"],
        "unexpected": checked["unexpected"], "racing_double_applied": checked["racing_double_applied"],
        "retries": {m: sum(p["mode"] == m for p in phones_out) for m in ("lost", "race")},
        "p50_ms": load._percentile(latencies, 0.50) * 1000,
        "p95_ms": load._percentile(latencies, 0.95) * 1000,
        "p99_ms": load._percentile(latencies, 0.99) * 1000,
        "max_ms": (latencies[-1] * 1000) if latencies else float("nan"),
        "rate": checked["requests"] / max(1e-9, last - first),
        "span_s": last - first,
        "max_lag_ms": max(p["lag"] for p in phones_out) * 1000,
        "max_inflight": data["max_inflight"],
        "server_cpu_pct": 100 * server_cpu / elapsed,
        "server_cpu_ms_per_request": 1000 * server_cpu / max(1, checked["requests"]),
        "client_cpu_pct": 100 * data["client_cpu_s"] / elapsed,
        "other_cpu_pct": max(0.0, 100 * (busy - (server_cpu + data["client_cpu_s"]) / elapsed)),
        "db": db_check, "lost": lost, "doubled": doubled,
        "ok": not checked["errors"] and not checked["unexpected"] and lost == 0 and doubled == 0,
        "after": after,
    }


# --- the whole benchmark ---------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict:
    """Seed, start gunicorn, sign in, run the rush (and the burst); returns the figures."""
    from passport import create_app

    secret = secrets.token_urlsafe(32)
    loadavg = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    started = time.perf_counter()
    phases = []
    with _setup.temp_dir() as tmp:
        url = _setup.sqlite_url(tmp)
        t0 = time.perf_counter()
        app = create_app(_setup.bench_config(url, SECRET_KEY=secret))
        _setup.upgrade_schema(app)
        setup = seed(app, args.pupils)
        seeded_s = time.perf_counter() - t0
        print(f"  seeded {args.pupils} pupils and 2 fairs on SQLite in {seeded_s:.1f} s", flush=True)
        with load.Gunicorn(load.CONFIGS[CONFIG], url, secret, tmp / "gunicorn.log") as server:
            assert server.proc is not None
            t0 = time.perf_counter()
            with ThreadPoolExecutor(max_workers=4) as pool:
                phones = list(pool.map(lambda u: sign_in(server.port, u), setup["usernames"]))
            signin_s = time.perf_counter() - t0
            print(f"  signed in {len(phones)} pupils in {signin_s:.1f} s (not timed)", flush=True)
            before = count(app)
            rush = phase("rush", server.port, server.proc.pid, app, setup["events"][0], phones, setup, args,
                         args.window, before, args.seed)
            phases.append(rush)
            if args.burst:
                phases.append(phase("burst", server.port, server.proc.pid, app, setup["events"][1], phones,
                                    setup, args, args.burst, rush["after"], args.seed + 1))
            problems = _log_problems(server)
    for p in phases:
        p.pop("after")
    return {
        "config": CONFIG, "args": load.CONFIGS[CONFIG], "cores": os.cpu_count(), "loadavg": loadavg,
        "seeded_s": seeded_s, "signin_s": signin_s, "pupils": args.pupils,
        "phases": phases, "log": problems,
        "took_s": time.perf_counter() - started,
        "ok": phases[0]["ok"] and problems["tracebacks"] == 0,
    }


def report(result: dict) -> None:
    print(
        f"\nCareers fair rush: gunicorn {' '.join(result['args'])} wsgi:app, SQLite "
        f"(journal_mode={result['phases'][0]['db']['journal_mode']}), {result['cores']} cores; "
        f"load average before: {result['loadavg']}"
    )
    print(f"  set-up {result['seeded_s']:.1f} s; {result['pupils']} sign-ins {result['signin_s']:.1f} s, "
          "before the window and not timed (one scrypt hash each, about 80 ms of CPU)")
    print(f"  {'phase':<7}{'pupils':>7}{'in':>5}{'reqs':>6}{'rate/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}"
          f"{'max':>8}{'err':>5}{'lost':>5}{'dbl':>5}{'lag':>8}{'conc':>6}  {'server CPU':>11}"
          f"  {'phones':>6}  {'other':>5}  load avg")
    for p in result["phases"]:
        print(
            f"  {p['name']:<7}{p['pupils']:>7}{p['window']:>4g}s{p['requests']:>6}{p['rate']:>8.1f}"
            f"{p['p50_ms']:>6.0f}ms{p['p95_ms']:>6.0f}ms{p['p99_ms']:>6.0f}ms{p['max_ms']:>6.0f}ms"
            f"{len(p['errors']):>5}{p['lost']:>5}{p['doubled']:>5}{p['max_lag_ms']:>6.0f}ms{p['max_inflight']:>6}"
            f"  {p['server_cpu_pct']:>4.0f}% {p['server_cpu_ms_per_request']:>4.0f}ms"
            f"  {p['client_cpu_pct']:>5.0f}%  {p['other_cpu_pct']:>4.0f}%  {p['loadavg']}"
        )
    print("  reqs: POST /passport/sync requests (one per pupil, two for each retrying pupil);\n"
          "  rate: requests per second from the first send to the last answer;\n"
          "  latency: send to last byte, 200s only;\n"
          "  lag: the longest a phone waited past its arrival time (for one of the cap's connections);\n"
          "  conc: most phones talking at once; CPU: % of one core over the phase (server: gunicorn\n"
          "  master and workers, and server CPU ms per request; other: everything else on the machine,\n"
          "  which competes with the server).")
    for p in result["phases"]:
        d = p["db"]
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(p["statuses"].items()))
        print(f"  [{p['name']}] item answers: {statuses}; retries: {p['retries']['lost']} after a lost "
              f"answer, {p['retries']['race']} racing the original")
        print(f"    claims {d['claims']} (lost {d['claims_lost']}, doubled {d['claims_doubled']}); verified "
              f"entries from claims {d['verified']} (lost {d['verified_lost']}, doubled "
              f"{d['verified_doubled']}; {d['claim_entries_by_op']} carry their claim's op)")
        print(f"    created entries {d['created']}/{d['expected_created']} (lost {d['created_lost']}, "
              f"doubled {d['created_doubled']}); receipts {d['receipts']}/{d['expected_receipts']}; "
              f"refused claims {d['refused']}")
        if p["racing_double_applied"]:
            print(f"    {p['racing_double_applied']} racing claim pair(s) both answered 'applied' for the "
                  "same entry (the loser arrived first; see bench/README.md): one entry each, not doubled")
        for line in (p["errors"] + p["unexpected"])[:8]:
            print(f"    ! {line}")
        extra = len(p["errors"]) + len(p["unexpected"]) - 8
        if extra > 0:
            print(f"    ! ... and {extra} more")
    log = result["log"]
    print(f"  gunicorn's log: {log['tracebacks']} tracebacks, {log['locked']} 'database is locked'")
    if log["tracebacks"]:
        print("    the first, in full:\n    " + log["first"].replace("\n", "\n    "))
    rush = result["phases"][0]
    claims_doubled = rush["db"]["claims_doubled"] + rush["db"]["verified_doubled"]
    verdict = "PASS" if rush["ok"] and not log["tracebacks"] else "FAIL"
    print(
        f"  => {verdict}: {rush['pupils']} pupils in {rush['window']:g} s: p50 {rush['p50_ms']:.0f} ms, "
        f"p95 {rush['p95_ms']:.0f} ms; errors {len(rush['errors'])} (target 0); claims lost "
        f"{rush['db']['claims_lost']}, doubled {claims_doubled}; "
        f"entries lost {rush['db']['created_lost']}, doubled {rush['db']['created_doubled']} (target 0)"
    )
    for p in result["phases"][1:]:
        print(f"  for information, {p['pupils']} pupils in {p['window']:g} s: p50 {p['p50_ms']:.0f} ms, "
              f"p95 {p['p95_ms']:.0f} ms, max {p['max_ms']:.0f} ms; errors {len(p['errors'])}, lost "
              f"{p['lost']}, doubled {p['doubled']}")
    print(f"  took {result['took_s']:.0f} s")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=300)
    parser.add_argument("--window", type=float, default=60.0, help="seconds the arrivals are spread over")
    parser.add_argument("--burst", type=float, default=10.0,
                        help="then the same pupils at a second fair in this many seconds (0: skip)")
    parser.add_argument("--no-burst", dest="burst", action="store_const", const=0.0)
    parser.add_argument("--replay", type=float, default=0.1, help="share of phones that retry their batch")
    parser.add_argument("--cap", type=int, default=64, help="most phones talking to the server at once")
    parser.add_argument("--seed", type=int, default=1)
    return parser


def parse_args(argv: list[str]) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--client"]:
        client_main(json.loads(sys.stdin.read()))
        return 0
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, load.on_sigterm)
    try:
        result = run(args)
    except KeyboardInterrupt:
        print("\ninterrupted; gunicorn, the phones and the temporary files were cleaned up", file=sys.stderr)
        return 130
    report(result)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
