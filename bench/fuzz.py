"""The fuzzer of issue 7 item 2 with a larger budget: every rule of ``app.url_map`` as five
sessions (anonymous, pupil, tutor, careers leader, employer link), CSRF off and then on.

    python bench/fuzz.py [--per-rule 20] [--seed 1] [--seeds 3]

Prints requests sent, rules covered of the total, responses by status class and the 5xx count
(target 0), and each 5xx with its request. The generator is tests/fuzzing.py (the suite runs
the same one with a small budget: tests/test_fuzz.py). Exits 1 when any response was a 5xx.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time

import _setup  # first: puts the repository root on sys.path

TARGET_5XX = 0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-rule", type=int, default=20, help="requests per rule, method and session")
    parser.add_argument("--seed", type=int, default=1, help="first seed")
    parser.add_argument("--seeds", type=int, default=3, help="how many seeds, one after another")
    return parser.parse_args(argv)


def run(args=None) -> dict:
    from tests import fuzzing
    from tests.conftest import make_test_app

    args = args or parse_args([])
    report = fuzzing.Report()
    started = time.perf_counter()
    with _setup.temp_dir() as directory:
        url = _setup.sqlite_url(directory)
        app = make_test_app(url)
        _setup.upgrade_schema(app)
        logging.disable(logging.ERROR)  # the 5xx are counted and printed below
        try:
            world = fuzzing.build_world(app)
            for seed in range(args.seed, args.seed + args.seeds):
                fuzzing.fuzz(app, world, per_rule=args.per_rule, seed=seed, report=report)
            guarded = make_test_app(url, WTF_CSRF_ENABLED=True)
            fuzzing.fuzz(guarded, world, per_rule=max(1, args.per_rule // 4), seed=args.seed + 100,
                         report=report)
        finally:
            logging.disable(logging.NOTSET)
    return {
        "requests": report.requests,
        "covered": len(report.covered),
        "total": report.total_rules,
        "by_class": report.by_class(),
        "five_xx": report.five_xx,
        "failures": report.failures,
        "seconds": time.perf_counter() - started,
    }


def report(result: dict) -> None:
    print(f"requests sent:       {result['requests']} in {result['seconds']:.0f} s")
    print(f"rules covered:       {result['covered']} of {result['total']}")
    print("responses by class:  " + ", ".join(f"{k} {v}" for k, v in result["by_class"].items()))
    print(f"5xx (or raised):     {result['five_xx']} (target {TARGET_5XX})")
    for method, path, body, what in result["failures"][:30]:
        print(f"  {method} {path[:100]} body={body[:120]} -> {what[:200]}")


def main(argv=None) -> int:
    result = run(parse_args(argv))
    report(result)
    return 0 if result["five_xx"] <= TARGET_5XX else 1


if __name__ == "__main__":
    sys.exit(main())
