"""SQL statements per page: the pupil's home and timeline, for 5 entries and for 300.

    python bench/query_counts.py [-v]

The issue: "The pupil's home and timeline use the same number of SQL queries for a pupil with
5 entries as for one with 300." Each pupil signs in through the real form with the Flask test
client; the page is requested once to warm up, then once more with every statement the engine
sends counted (tests/querycount.py, as in tests/queries/test_query_counts.py). ``-v`` prints
the statements of the 300-entry pupil.
"""

from __future__ import annotations

import argparse
import sys

import _setup  # first: puts the repository root on sys.path

# isort: split
from passport import create_app
from passport.extensions import db
from tests.querycount import count_queries

SIZES = (5, 300)
PAGES = (_setup.HOME, _setup.TIMELINE)
TODAY = "2026-11-23"


def _count(engine, client, url: str) -> list[str]:
    with count_queries(engine) as statements:
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url}: HTTP {response.status_code}")
    return list(statements)


def run(verbose: bool = False) -> dict:
    """Count the statements; returns {"counts": {url: {entries: n}}, "equal": {url: bool}}."""
    from datetime import date

    counts: dict[str, dict[int, int]] = {url: {} for url in PAGES}
    statements: dict[str, list[str]] = {}
    with _setup.temp_dir() as tmp:
        app = create_app(_setup.bench_config(_setup.sqlite_url(tmp), FIXED_TODAY=TODAY))
        _setup.upgrade_schema(app)
        users = _setup.seed(app, list(SIZES), date.fromisoformat(TODAY))
        with app.app_context():
            engine = db.engine
        # Requests run outside any app context of ours: each gets its own, as in production.
        for n in SIZES:
            client = _setup.login_test_client(app, users[n])
            for url in PAGES:
                _count(engine, client, url)  # warm: first-request work is not the page's cost
                found = _count(engine, client, url)
                counts[url][n] = len(found)
                if n == max(SIZES):
                    statements[url] = found
        engine.dispose()
    equal = {url: len(set(by_size.values())) == 1 for url, by_size in counts.items()}
    return {"counts": counts, "equal": equal, "statements": statements if verbose else {}}


def report(result: dict) -> None:
    print("SQL statements per request (signed-in pupil, warm, SQLite)")
    header = f"  {'page':<22}" + "".join(f"{f'{n} entries':>13}" for n in SIZES) + "   same?"
    print(header)
    for url, by_size in result["counts"].items():
        row = "".join(f"{by_size[n]:>13}" for n in SIZES)
        print(f"  {url:<22}{row}   {'yes' if result['equal'][url] else 'NO'}")
    for url, found in result["statements"].items():
        print(f"\n  statements for {url}, {max(SIZES)} entries:")
        for i, statement in enumerate(found, 1):
            print(f"    {i}. {' '.join(statement.split())[:150]}")
    verdict = "PASS" if all(result["equal"].values()) else "FAIL"
    print(f"  {verdict}: same number of queries for {SIZES[0]} and {SIZES[1]} entries on both pages")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print the statements too")
    args = parser.parse_args(argv)
    result = run(verbose=args.verbose)
    report(result)
    return 0 if all(result["equal"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
