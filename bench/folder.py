"""Leavers' folders: one pupil's, and a year group's through the task queue (issue 9 figures).

    python bench/folder.py [--entries 40] [--pupils 200] [--repeat 5] [--skip-batch]

The issue: "One pupil's leavers' folder with 40 entries: under 1.5 s; a CV: under 0.5 s; a
year group of 200 on this 2-core machine: under 3 minutes, with the web app's p95 on the pupil
home measured while it runs; each as a ratio to a plain one-page WeasyPrint document rendered
in the same run."

1. In-process, on a throwaway SQLite file (the real migrations): a plain one-page document
   (``documents.pdf.render_pdf``), the folder of a pupil with --entries entries (half of them
   verified, so half carry a QR code, every other one with a reflection in the folder), and the
   CV when ``documents.cv`` exists; the median of --repeat renders after one warm-up each.
2. The year group: --pupils Year 11 pupils with 10 entries each. gunicorn (gthread, 2 workers x
   4 threads) serves the app; the worker (``flask passport worker``, TASK_WORKERS=2 processes)
   takes the tasks from Huey on SQLite. The careers leader starts the batch through the real
   form; one client asks for a pupil's home page back to back, first for 5 s with the machine
   idle, then while the batch runs, and the p50/p95 of both are printed with the batch's time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import _setup  # first: puts the repository root on sys.path

# isort: split
from passport import create_app
from passport.extensions import db

import load

TODAY = "2026-11-23"
TARGETS = {"folder": 1.5, "cv": 0.5, "batch": 180.0}


def _median_seconds(fn, repeat: int) -> float:
    fn()  # warm: templates compiled, fonts loaded
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def seed_pupil(app, entries: int) -> int:
    from passport.domain.kinds import Verification
    from passport.models import Entry
    from passport.models import Role
    from passport.operations import folder as folder_ops
    from passport.operations import verification
    from tests import factories

    with app.app_context():
        school = factories.make_school("Bench Folder Academy", f"benchf{os.getpid()}")
        leader = factories.make_staff(school, Role.CAREERS_LEADER, password=_setup.PASSWORD)
        pupil = factories.make_pupil(
            school,
            first_name="Bench",
            last_name="Pupil",
            dob=_setup.DOB,
            year_group=_setup.YEAR_GROUP,
            password=_setup.PASSWORD,
        )
        _setup.fill(pupil, entries, date.fromisoformat(TODAY))
        rows = db.session.scalars(db.select(Entry).where(Entry.pupil_id == pupil.id).order_by(Entry.id)).all()
        for n, entry in enumerate(rows):
            if n % 2 == 0 and entry.verification is not Verification.VERIFIED:
                verification.verify_entry(entry, leader)
        folder_ops.choose_contents(pupil, {e.id for e in rows if e.reflection is not None}, set())
        return pupil.id


def single(args, tmp: Path) -> dict:
    from passport.documents.folder import render_folder_pdf
    from passport.documents.pdf import render_pdf
    from passport.models import Pupil

    app = create_app(
        _setup.bench_config(_setup.sqlite_url(tmp), FIXED_TODAY=TODAY, TASK_QUEUE_URL="memory://")
    )
    _setup.upgrade_schema(app)
    pupil_id = seed_pupil(app, args.entries)
    plain_html = (
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Plain</title>'
        '<link rel="stylesheet" href="static:pdf/document.css"></head><body><h1>A plain page</h1>'
        "<p>One paragraph of text on one A4 page.</p></body></html>"
    )
    figures = {}
    with app.test_request_context("/"):
        static = Path(app.static_folder)
        figures["plain"] = _median_seconds(lambda: render_pdf(plain_html, static_root=static), args.repeat)
        pupil = db.session.get(Pupil, pupil_id)
        pdf = render_folder_pdf(pupil)
        figures["folder_pages"] = len(__import__("pypdf").PdfReader(__import__("io").BytesIO(pdf)).pages)
        figures["folder"] = _median_seconds(lambda: render_folder_pdf(pupil), args.repeat)
        from passport.documents.cv import render_cv_pdf

        figures["cv"] = _median_seconds(lambda: render_cv_pdf(pupil), args.repeat)
    return figures


# --- the year group ------------------------------------------------------------------------


def seed_year(app, pupils: int) -> tuple[str, str]:
    """Returns (the careers leader's username, a pupil's username)."""
    from passport.models import Role
    from tests import factories

    with app.app_context():
        school = factories.make_school("Bench Batch Academy", f"benchb{os.getpid()}")
        leader = factories.make_staff(school, Role.CAREERS_LEADER, password=_setup.PASSWORD)
        first = None
        for n in range(pupils):
            pupil = factories.make_pupil(school, first_name=f"P{n:03d}", year_group=11, password=None)
            _setup.fill(pupil, 10, date.fromisoformat(TODAY), seed=n + 1)
            first = first or pupil
        factories.make_pupil(
            school,
            first_name="Home",
            year_group=10,
            dob=date(2011, 9, 1),
            password=_setup.PASSWORD,
            username="bench.home",
        )
        return leader.username, "bench.home"


def _home_latencies(port: int, cookie: str, stop: threading.Event, out: list[float]) -> None:
    while not stop.is_set():
        start = time.perf_counter()
        status, _, _ = load.http_request(port, "GET", _setup.HOME, cookie=cookie)
        if status == 200:
            out.append((time.perf_counter() - start) * 1000)


def _p(values: list[float], q: float) -> float:
    return load._percentile(sorted(values), q) if values else float("nan")


def batch(args, tmp: Path) -> dict:
    from passport.models import FolderBatchItem
    from passport.models import ItemStatus

    url = _setup.sqlite_url(tmp)
    queue = f"sqlite:///{tmp / 'tasks.sqlite3'}"
    secret = "bench-secret-" + "x" * 40
    app = create_app(_setup.bench_config(url, SECRET_KEY=secret, TASK_QUEUE_URL=queue))
    _setup.upgrade_schema(app)
    print(f"  seeding {args.pupils} Year 11 pupils with 10 entries each ...", flush=True)
    leader, home_user = seed_year(app, args.pupils)
    os.environ["TASK_QUEUE_URL"] = queue  # gunicorn and the worker inherit it
    with load.Gunicorn(load.CONFIGS["gthread-2x4"], url, secret, tmp / "gunicorn.log") as server:
        pupil_cookie = load.sign_in(server.port, home_user)
        idle: list[float] = []
        stop = threading.Event()
        client = threading.Thread(target=_home_latencies, args=(server.port, pupil_cookie, stop, idle))
        client.start()
        time.sleep(5)
        stop.set()
        client.join()

        env = dict(
            os.environ,
            DATABASE_URL=url,
            SECRET_KEY=secret,
            PUBLIC_URL=f"http://127.0.0.1:{server.port}",
            TASK_WORKERS="2",
        )
        worker = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "passport", "passport", "worker"],
            cwd=_setup.ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(tmp / "worker.log", "wb"),
            start_new_session=True,
            preexec_fn=load._die_with_parent,
        )
        try:
            leader_cookie = _sign_in_staff(server.port, leader)
            status, new, page = load.http_request(server.port, "GET", "/staff/folders", cookie=leader_cookie)
            if new:  # the CSRF token's session
                jar = dict(part.split("=", 1) for part in leader_cookie.split("; "))
                jar.update(new)
                leader_cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
            token = _setup.csrf_from(page)
            busy: list[float] = []
            stop = threading.Event()
            client = threading.Thread(target=_home_latencies, args=(server.port, pupil_cookie, stop, busy))
            started = time.perf_counter()
            status, _, _ = load.http_request(
                server.port,
                "POST",
                "/staff/folders/batches",
                {"csrf_token": token, "year_group": "11"},
                leader_cookie,
            )
            if status != 303:
                raise RuntimeError(f"starting the batch: HTTP {status}")
            client.start()
            finished = None
            with app.app_context():
                while time.perf_counter() - started < 900:
                    left = db.session.scalar(
                        db.select(db.func.count())
                        .select_from(FolderBatchItem)
                        .where(FolderBatchItem.status == ItemStatus.WAITING)
                    )
                    failed = db.session.scalar(
                        db.select(db.func.count())
                        .select_from(FolderBatchItem)
                        .where(FolderBatchItem.status == ItemStatus.FAILED)
                    )
                    db.session.remove()
                    if left == 0:
                        finished = time.perf_counter() - started
                        break
                    time.sleep(0.5)
            stop.set()
            client.join()
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    return {
        "batch": finished,
        "failed": failed,
        "idle_p50": _p(idle, 0.5),
        "idle_p95": _p(idle, 0.95),
        "busy_p50": _p(busy, 0.5),
        "busy_p95": _p(busy, 0.95),
        "busy_n": len(busy),
    }


def _sign_in_staff(port: int, username: str) -> str:
    status, cookies, page = load.http_request(port, "GET", "/login")
    token = _setup.csrf_from(page)
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    status, new, _ = load.http_request(
        port,
        "POST",
        "/login",
        {"csrf_token": token, "username": username, "password": _setup.PASSWORD},
        cookie,
    )
    if status != 303:
        raise RuntimeError(f"staff sign-in: HTTP {status}")
    cookies.update(new)
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def run(entries: int = 40, repeat: int = 5) -> dict:
    """The single documents only (run_all.py): the plain page, the folder and the CV."""
    with _setup.temp_dir() as tmp:
        return single(argparse.Namespace(entries=entries, repeat=repeat), tmp)


def report(one: dict, entries: int = 40) -> None:
    plain = one["plain"]
    print(f"\nplain one-page document:     {plain * 1000:8.1f} ms")
    print(
        f"leavers' folder, {entries} entries: {one['folder'] * 1000:8.1f} ms  "
        f"({one['folder_pages']} pages)  ratio {one['folder'] / plain:5.1f}  "
        f"target < {TARGETS['folder']} s: {'PASS' if one['folder'] < TARGETS['folder'] else 'FAIL'}"
    )
    print(
        f"CV:                          {one['cv'] * 1000:8.1f} ms  ratio {one['cv'] / plain:5.1f}  "
        f"target < {TARGETS['cv']} s: {'PASS' if one['cv'] < TARGETS['cv'] else 'FAIL'}"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=40)
    parser.add_argument("--pupils", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-batch", action="store_true")
    args = parser.parse_args(argv)
    with _setup.temp_dir() as tmp:
        (tmp / "one").mkdir()
        one = single(args, tmp / "one")
        report(one, args.entries)
        plain = one["plain"]
        if args.skip_batch:
            return 0
        (tmp / "batch").mkdir()
        figures = batch(args, tmp / "batch")
        took = figures["batch"]
        print(
            f"year group of {args.pupils}:           "
            + (
                f"{took:8.1f} s  ({took / args.pupils * 1000:.0f} ms a folder, "
                f"ratio {took / args.pupils / plain:5.1f} per folder)  failed {figures['failed']}  "
                f"target < {TARGETS['batch']:.0f} s: "
                f"{'PASS' if took < TARGETS['batch'] else 'FAIL'}"
                if took
                else "did not finish in 15 minutes"
            )
        )
        print(
            f"pupil home while idle:       p50 {figures['idle_p50']:6.1f} ms  "
            f"p95 {figures['idle_p95']:6.1f} ms"
        )
        print(
            f"pupil home during the batch: p50 {figures['busy_p50']:6.1f} ms  "
            f"p95 {figures['busy_p95']:6.1f} ms"
            f"  ({figures['busy_n']} requests)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
