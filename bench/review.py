"""Server time of the staff review pages, warm, against /healthz in the same run.

    python bench/review.py [--requests 30] [--pupils 1500] [--entries 20]

The issue: "The tutor matrix for 30 pupils with 200 entries each, and a careers leader's
school-wide view over 1,500 pupils: the same number of SQL queries whatever the number of
pupils and entries, and server time per page (target under 150 ms and 300 ms, measured warm,
with the ratio to /healthz in the same run)."

One school on a throwaway SQLite file (the real migrations), seeded with bulk inserts: 1,500
pupils in 50 tutor groups of Years 7 to 11, one group of 30 with 200 entries each, the others
with --entries each. The careers leader signs in through the real form (Flask test client,
in-process: the server's own time, no network). Each page is requested once cold (no progress
cached), then --requests times warm, interleaved with /healthz over three rounds; the table
gives the median wall time, CPU time and statements per request.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from datetime import timedelta

import _setup  # first: puts the repository root on sys.path

# isort: split
from passport import create_app
from passport.domain.kinds import EntryKind
from passport.domain.kinds import KINDS
from passport.extensions import db
from tests.querycount import count_queries

TODAY = "2026-11-23"
TARGET_MS = {"matrix": 150.0, "school": 300.0}


def seed(app, pupils: int, entries: int) -> tuple[str, int]:
    """The school; returns (the leader's username, the big group's id)."""
    from passport.models import Entry
    from passport.models import Pupil
    from passport.models import Role
    from passport.models import TutorGroup
    from passport.models import User
    from passport.models.record_version import BUMPED
    from sqlalchemy import insert
    from sqlalchemy import select
    from tests import factories

    kinds = list(EntryKind)
    with app.app_context():
        school = factories.make_school("Bench Review Academy", "benchrev")
        leader = factories.make_staff(school, Role.CAREERS_LEADER, password=_setup.PASSWORD)
        groups = []
        for year in range(7, 12):
            for letter in "ABCDEFGHIJ":
                groups.append(TutorGroup(school_id=school.id, name=f"{year}{letter}", year_group=year))
        db.session.add_all(groups)
        db.session.commit()
        per_group = pupils // len(groups)
        # New pupils: nothing is cached for them yet, so no record version needs a bump.
        options = {"record_version": BUMPED}
        db.session.execute(insert(User), [
            {"school_id": school.id, "username": f"br.{i}", "role": Role.PUPIL, "first_name": "Pupil",
             "last_name": f"N{i:04d}"} for i in range(pupils)
        ])
        ids = list(db.session.scalars(select(User.id).where(User.username.like("br.%")).order_by(User.id)))
        db.session.execute(insert(Pupil), [
            {"id": uid, "school_id": school.id, "upn": f"B{i:012d}",
             "date_of_birth": date(2025 - groups[i // per_group].year_group - 5, 3, 1),
             "year_group": groups[i // per_group].year_group, "tutor_group_id": groups[i // per_group].id,
             "pass_id": f"bench{i:08d}"}
            for i, uid in enumerate(ids)
        ], execution_options=options)
        big = groups[len(groups) // 2]  # a Year 9 group
        rows = []
        for i, uid in enumerate(ids):
            n = 200 if groups[i // per_group] is big else entries
            for k in range(n):
                kind = kinds[(k + i) % len(kinds)]
                subtypes = KINDS[kind].subtypes
                rows.append({
                    "school_id": school.id, "pupil_id": uid, "kind": kind,
                    "subtype": subtypes[k % len(subtypes)][0] if subtypes else None,
                    "occurred_on": date(2021, 9, 1) + timedelta(days=(k * 37 + i) % 1900),
                    "organisation": f"Organisation {k % 37}", "created_by_id": uid, "is_stem": k % 5 == 0,
                })
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(Entry), rows[start:start + 5000], execution_options=options)
        db.session.commit()
        result = leader.username, big.id
        db.session.remove()
    return result


def _time(client, path: str, n: int) -> tuple[float, float]:
    """Median wall ms and mean CPU ms per request over ``n``."""
    walls = []
    cpu0 = time.process_time()
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get(path)
        walls.append(1000 * (time.perf_counter() - t0))
        if response.status_code != 200:
            raise RuntimeError(f"GET {path}: HTTP {response.status_code}")
        response.close()
    return statistics.median(walls), 1000 * (time.process_time() - cpu0) / n


def run(requests: int = 30, pupils: int = 1500, entries: int = 20) -> dict:
    with _setup.temp_dir() as tmp:
        app = create_app(_setup.bench_config(_setup.sqlite_url(tmp), FIXED_TODAY=TODAY))
        _setup.upgrade_schema(app)
        t0 = time.perf_counter()
        username, group_id = seed(app, pupils, entries)
        seeded = time.perf_counter() - t0
        with app.app_context():
            engine = db.engine
        client = _setup.login_test_client(app, username)
        anonymous = app.test_client()
        pages = {"matrix": f"/staff/groups/{group_id}", "school": "/staff/school"}
        result: dict = {"pupils": pupils, "entries": entries, "seconds_to_seed": seeded, "pages": {}}
        for name, path in pages.items():
            with count_queries(engine) as cold_statements:
                t0 = time.perf_counter()
                assert client.get(path).status_code == 200
                cold_ms = 1000 * (time.perf_counter() - t0)
            with count_queries(engine) as warm_statements:
                assert client.get(path).status_code == 200
            result["pages"][name] = {"path": path, "cold_ms": cold_ms, "cold_queries": len(cold_statements),
                                     "warm_queries": len(warm_statements), "wall": [], "cpu": []}
        healthz = {"wall": [], "cpu": []}
        for _ in range(3):  # interleaved, so a busy moment of the machine hits every page alike
            w, c = _time(anonymous, "/healthz", requests * 10)
            healthz["wall"].append(w)
            healthz["cpu"].append(c)
            for page in result["pages"].values():
                w, c = _time(client, page["path"], requests)
                page["wall"].append(w)
                page["cpu"].append(c)
        result["healthz_ms"] = min(healthz["wall"])
        result["healthz_cpu_ms"] = min(healthz["cpu"])
        for page in result["pages"].values():
            page["warm_ms"] = min(page["wall"])
            page["warm_cpu_ms"] = min(page["cpu"])
            page["ratio"] = result["healthz_ms"] / page["warm_ms"]
        engine.dispose()
    return result


def report(result: dict) -> None:
    print(f"Staff review pages, in-process (Flask test client), SQLite; {result['pupils']} pupils, "
          f"one group of 30 with 200 entries, the rest {result['entries']} each "
          f"(seeded in {result['seconds_to_seed']:.1f} s)")
    head = f"{'warm':>9}{'CPU':>9}{'cold':>10}{'SQL warm/cold':>15}{'/healthz ratio':>16}"
    print(f"  {'page':<34}{head}  target")
    print(f"  {'/healthz':<34}{result['healthz_ms']:>7.2f}ms{result['healthz_cpu_ms']:>7.2f}ms")
    for name, page in result["pages"].items():
        verdict = "PASS" if page["warm_ms"] < TARGET_MS[name] else "FAIL"
        times = f"{page['warm_ms']:>7.1f}ms{page['warm_cpu_ms']:>7.1f}ms{page['cold_ms']:>8.0f}ms"
        print(f"  {page['path']:<34}{times}"
              f"{page['warm_queries']:>8}/{page['cold_queries']:<6}{page['ratio']:>16.4f}  "
              f"< {TARGET_MS[name]:.0f} ms {verdict}")
    print("  warm: median wall time per request, best of 3 rounds; cold: the first request, with no progress "
          "cached (every pupil computed and stored)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="warm requests per page per round")
    parser.add_argument("--pupils", type=int, default=1500)
    parser.add_argument("--entries", type=int, default=20, help="entries of each pupil outside the big group")
    args = parser.parse_args(argv)
    result = run(args.requests, args.pupils, args.entries)
    report(result)
    return 0 if all(p["warm_ms"] < TARGET_MS[n] for n, p in result["pages"].items()) else 1


if __name__ == "__main__":
    sys.exit(main())
