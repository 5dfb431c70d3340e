"""Sign-in answer times: an unknown username against a known one with a wrong password.

    python bench/signin_timing.py [-n 30]

Issue 7, item 4: "Answer times for an unknown username and a wrong password are the same (no
enumeration by timing)." A real app (production settings, SQLite, real migrations) with one
pupil; a Flask test client posts the sign-in form N times each way, alternating, each
request in its own application context as in production. The throttle is set high so that
every attempt really checks a password (both answers are 401). Prints both medians and their
ratio (target 1 ± 0.2).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import _setup  # first: puts the repository root on sys.path

# isort: split
from passport import create_app
from passport.extensions import db

TARGET = (0.8, 1.2)


def run(tries: int = 30) -> dict:
    """Time ``tries`` sign-ins of each kind; returns medians (ms), the ratio and the verdict."""
    from tests import factories

    with _setup.temp_dir() as tmp:
        app = create_app(_setup.bench_config(
            _setup.sqlite_url(tmp), LOGIN_MAX_FAILURES=10**6, LOGIN_IP_MAX_FAILURES=10**6,
            WTF_CSRF_ENABLED=False,  # the token is not what is timed
        ))
        _setup.upgrade_schema(app)
        with app.app_context():
            school = factories.make_school("Bench School", "bench")
            username = factories.make_pupil(school, first_name="Timed").user.username
        client = app.test_client()
        times: dict[str, list[float]] = {"unknown": [], "wrong": []}
        names = {"unknown": "no.such.pupil", "wrong": username}
        # One unmeasured attempt of each: the first builds the dummy hash and warms caches.
        for kind in list(names) * (tries + 1):
            started = time.perf_counter()
            response = client.post("/login", data={"username": names[kind], "password": "not it at all"})
            elapsed = time.perf_counter() - started
            if response.status_code != 401:
                raise RuntimeError(f"{kind}: HTTP {response.status_code}, expected 401")
            times[kind].append(elapsed)
        with app.app_context():
            db.engine.dispose()
    medians = {kind: statistics.median(values[1:]) * 1000 for kind, values in times.items()}
    ratio = medians["unknown"] / medians["wrong"]
    return {"tries": tries, "median_ms": medians, "ratio": ratio, "ok": TARGET[0] <= ratio <= TARGET[1]}


def report(result: dict) -> None:
    m = result["median_ms"]
    print(f"Sign-in answer time, median of {result['tries']} tries each (test client, SQLite, scrypt)")
    print(f"  unknown username:             {m['unknown']:8.1f} ms")
    print(f"  known username, wrong password: {m['wrong']:6.1f} ms")
    print(f"  ratio unknown / wrong:        {result['ratio']:8.3f}   (target {TARGET[0]}-{TARGET[1]})")
    print(f"  {'PASS' if result['ok'] else 'FAIL'}: no enumeration of usernames by answer time")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--tries", type=int, default=30, help="sign-ins of each kind")
    args = parser.parse_args(argv)
    report(run(args.tries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
