"""The careers leader's reports (issue 11, "Figures"): the year report's SQL and server time, and
a whole-school activity export streamed in constant memory.

    python bench/reports.py [--requests 20] [--pupils 1500] [--entries 100]

The issue: "A year report over 1,500 pupils with 100 entries each: a fixed number of SQL queries
whatever the size (test), and server time under 300 ms warm on this machine, with the ratio to
/healthz in the same run; a whole-school activity export of 150,000 rows streamed in constant
memory (print peak memory)."

The school of review.py (a throwaway SQLite file, the real migrations, bulk inserts): 1,500
pupils in Years 7 to 11 with --entries each (one group of 30 with 200). The careers leader signs
in through the real form (Flask test client, in-process: the server's own time). The Year 9
report is requested once cold (no progress cached), then --requests times warm, interleaved
with /healthz over three rounds (median wall time, best round). The export is read as it
streams, and Python's allocations are traced (tracemalloc) while it does: the peak is printed
with the rows and bytes (run with --pupils 150 to compare: constant memory gives about the same
peak for a tenth of the rows); a second, untraced read gives the time.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc

import _setup  # first: puts the repository root on sys.path
import review  # its school and its timing loop

# isort: split
from passport import create_app
from passport.extensions import db
from tests.querycount import count_queries

TARGET_MS = 300.0
PAGE = "/staff/reports?year=9"
EXPORT = "/staff/reports/activities.csv"


def _stream(client, *, trace: bool) -> tuple[int, int, float, float]:
    """(rows, bytes, seconds, peak MB of Python allocations, when traced) for one export, read
    as it comes."""
    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    response = client.get(EXPORT, buffered=False)
    size = lines = 0
    for chunk in response.response:
        data = chunk if isinstance(chunk, bytes) else chunk.encode()
        size += len(data)
        lines += data.count(b"\r\n")
    response.close()
    seconds = time.perf_counter() - t0
    if not trace:
        return lines - 1, size, seconds, 0.0
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return lines - 1, size, seconds, peak / 1e6


def run(requests: int = 20, pupils: int = 1500, entries: int = 100) -> dict:
    with _setup.temp_dir() as tmp:
        app = create_app(_setup.bench_config(_setup.sqlite_url(tmp), FIXED_TODAY=review.TODAY))
        _setup.upgrade_schema(app)
        t0 = time.perf_counter()
        username, _group = review.seed(app, pupils, entries)
        seeded = time.perf_counter() - t0
        with app.app_context():
            engine = db.engine
        client = _setup.login_test_client(app, username)
        anonymous = app.test_client()
        with count_queries(engine) as cold_statements:
            t0 = time.perf_counter()
            assert client.get(PAGE).status_code == 200
            cold_ms = 1000 * (time.perf_counter() - t0)
        with count_queries(engine) as warm_statements:
            assert client.get(PAGE).status_code == 200
        walls, healthz = [], []
        for _ in range(3):
            healthz.append(review._time(anonymous, "/healthz", requests * 10)[0])
            walls.append(review._time(client, PAGE, requests)[0])
        rows, size, seconds, peak = _stream(client, trace=True)
        _rows, _size, seconds, _peak = _stream(client, trace=False)  # the time, untraced
        engine.dispose()
    return {
        "pupils": pupils, "entries": entries, "seconds_to_seed": seeded, "cold_ms": cold_ms,
        "cold_queries": len(cold_statements), "warm_queries": len(warm_statements),
        "warm_ms": min(walls), "healthz_ms": min(healthz), "ratio": min(healthz) / min(walls),
        "export": {"rows": rows, "bytes": size, "seconds": seconds, "peak_mb": peak},
    }


def report(result: dict) -> None:
    print(f"Cohort report and activity export, in-process (Flask test client), SQLite; {result['pupils']} "
          f"pupils, {result['entries']} entries each (seeded in {result['seconds_to_seed']:.1f} s)")
    verdict = "PASS" if result["warm_ms"] < TARGET_MS else "FAIL"
    print(f"  {PAGE}: warm {result['warm_ms']:.1f} ms (target < {TARGET_MS:.0f} ms: {verdict}), cold "
          f"{result['cold_ms']:.0f} ms; SQL {result['warm_queries']} warm / {result['cold_queries']} cold; "
          f"/healthz {result['healthz_ms']:.2f} ms, ratio {result['ratio']:.4f}")
    e = result["export"]
    print(f"  {EXPORT}: {e['rows']:,} rows, {e['bytes'] / 1e6:.1f} MB in {e['seconds']:.1f} s; "
          f"peak Python memory while streaming {e['peak_mb']:.1f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20, help="warm requests per round")
    parser.add_argument("--pupils", type=int, default=1500)
    parser.add_argument("--entries", type=int, default=100)
    args = parser.parse_args(argv)
    result = run(args.requests, args.pupils, args.entries)
    report(result)
    return 0 if result["warm_ms"] < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
