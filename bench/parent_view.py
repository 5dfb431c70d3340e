"""The parent's view of a child's entitlement (issue 10): SQL statements and server time.

    python bench/parent_view.py [--requests 50]

The issue: "The parent's view for a child with 150 entries: a fixed number of SQL queries, and
server time per page with the ratio to /healthz in the same run."

A throwaway SQLite file (the real migrations); a Year 10 pupil with 5 entries and another with
150 (every kind, over four school years), each with a linked parent signed in through the real
form (Flask test client, in-process: the server's own time). Each child's page is requested
once cold, once to count statements warm, then --requests times interleaved with /healthz over
three rounds: median wall time per request.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from datetime import date
from datetime import timedelta

import _setup  # first: puts the repository root on sys.path
import review  # its timing loop: median wall ms per request

# isort: split
from passport import create_app
from passport.domain.kinds import EntryKind
from passport.extensions import db
from tests.querycount import count_queries

TODAY = "2026-11-23"


def seed(app, sizes: tuple[int, ...]) -> list[tuple[str, int]]:
    """(parent's username, link id) per child, one child per size of record."""
    from passport.models import ParentLink
    from sqlalchemy import select
    from tests import factories

    kinds = [k for k in EntryKind if k != EntryKind.GUIDANCE_INTERVIEW]
    out = []
    with app.app_context():
        school = factories.make_school("Bench Parents Academy", "benchpar")
        for size in sizes:
            pupil = factories.make_pupil(school, year_group=10, dob=date(2011, 3, 1))
            for k in range(size):
                factories.make_entry(
                    pupil,
                    kinds[k % len(kinds)],
                    organisation=f"Organisation {k % 23}",
                    occurred_on=date(2023, 9, 4) + timedelta(days=(k * 7) % 1150),
                )
            parent = factories.make_parent(
                pupil, email=f"parent{size}@bench.example", password=_setup.PASSWORD
            )
            link = db.session.scalar(select(ParentLink.id).where(ParentLink.parent_id == parent.id))
            out.append((parent.username, link))
        db.session.remove()
    return out


def run(requests: int = 50) -> dict:
    sizes = (5, 150)
    with _setup.temp_dir() as tmp:
        app = create_app(_setup.bench_config(_setup.sqlite_url(tmp), FIXED_TODAY=TODAY))
        _setup.upgrade_schema(app)
        children = seed(app, sizes)
        with app.app_context():
            engine = db.engine
        anonymous = app.test_client()
        rows = {}
        for size, (username, link) in zip(sizes, children, strict=True):
            client = _setup.login_test_client(app, username)
            path = f"/parents/children/{link}"
            with count_queries(engine) as cold:
                assert client.get(path).status_code == 200
            with count_queries(engine) as warm:
                assert client.get(path).status_code == 200
            rows[size] = {
                "client": client,
                "path": path,
                "cold_queries": len(cold),
                "warm_queries": len(warm),
                "ms": [],
            }
        healthz = []
        for _ in range(3):
            healthz.append(review._time(anonymous, "/healthz", requests * 5)[0])
            for row in rows.values():
                row["ms"].append(review._time(row["client"], row["path"], requests)[0])
    base = statistics.median(healthz)
    return {
        "healthz_ms": base,
        "pages": {
            size: {
                "cold_queries": r["cold_queries"],
                "warm_queries": r["warm_queries"],
                "ms": statistics.median(r["ms"]),
                "ratio": statistics.median(r["ms"]) / base,
            }
            for size, r in rows.items()
        },
    }


def report(result: dict) -> bool:
    print(f"/healthz median: {result['healthz_ms']:.2f} ms")
    print(f"{'entries':>8} {'cold SQL':>9} {'warm SQL':>9} {'median ms':>10} {'x healthz':>10}")
    for size, page in result["pages"].items():
        cells = (
            f"{page['cold_queries']:>9} {page['warm_queries']:>9} {page['ms']:>10.1f} {page['ratio']:>10.1f}"
        )
        print(f"{size:>8} {cells}")
    counts = {p["warm_queries"] for p in result["pages"].values()}
    fixed = len(counts) == 1
    print(f"fixed number of statements (warm) whatever the record: {'PASS' if fixed else 'FAIL'}")
    return fixed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args(argv)
    return 0 if report(run(args.requests)) else 1


if __name__ == "__main__":
    sys.exit(main())
