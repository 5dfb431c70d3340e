"""The fuzzer in the suite (issue 7, item 2): every rule of ``app.url_map``, every method, as an
anonymous visitor, a pupil, a tutor, a careers leader and an employer's verifier-link session,
with generated URLs and bodies: no response is a 5xx and no sync item fails on the server.
Seeded (tests/fuzzing.py), so a failure repeats; bench/fuzz.py runs it with a larger budget."""

from __future__ import annotations

from tests import fuzzing
from tests.conftest import make_test_app


def _explain(report: fuzzing.Report) -> str:
    lines = [f"{report.five_xx} of {report.requests} requests failed on the server:"]
    lines += [f"  {method} {path[:120]} body={body[:200]} -> {what[:300]}"
              for method, path, body, what in report.failures[:15]]
    return "\n".join(lines)


def _assert_clean_and_complete(app, report: fuzzing.Report) -> None:
    assert report.failures == [], _explain(report)
    every = {(rule.rule, rule.endpoint) for rule in app.url_map.iter_rules()}
    assert every - report.covered == set(), "rules the fuzzer never requested"
    assert report.requests >= len(every) * len(fuzzing.ACTORS)


def test_no_route_answers_5xx_to_generated_input(app):
    """CSRF off (the test settings), so bodies reach the forms, parsers and operations."""
    world = fuzzing.build_world(app)
    report = fuzzing.fuzz(app, world, per_rule=3, seed=7)
    _assert_clean_and_complete(app, report)
    assert report.statuses[200] > 0 and sum(n for code, n in report.statuses.items() if 400 <= code < 500) > 0


def test_no_route_answers_5xx_with_csrf_on(app):
    """The same walk with CSRF on, as in production: the token is sent as X-CSRFToken."""
    world = fuzzing.build_world(app)
    guarded = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"], WTF_CSRF_ENABLED=True)
    report = fuzzing.fuzz(guarded, world, per_rule=1, seed=11)
    _assert_clean_and_complete(guarded, report)
