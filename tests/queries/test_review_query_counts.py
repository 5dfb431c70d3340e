"""The tutor's matrix and the school-wide view cost the same number of SQL statements whatever
the number of pupils and entries, with the progress cache cold (first read) and warm (issue 8,
"Figures")."""

from __future__ import annotations

import itertools
from datetime import date
from datetime import timedelta

import pytest
from passport.domain.kinds import EntryKind
from passport.domain.kinds import KINDS
from passport.extensions import db
from passport.models import Entry
from passport.models import PupilProgress
from passport.models import Role
from sqlalchemy import func
from sqlalchemy import select

from tests import factories
from tests.querycount import count_queries

KINDS_CYCLE = list(EntryKind)


def add_pupils(school, group, pupils: int, entries: int, year_group: int = 9) -> None:
    """``pupils`` pupils in ``group``, each with ``entries`` entries of every kind, as ORM rows
    added at once (fast; the record version listener still sees them)."""
    seq = itertools.count()
    for _ in range(pupils):
        pupil = factories.make_pupil(school, group=group, year_group=year_group, password=None)
        for i in range(entries):
            kind = KINDS_CYCLE[i % len(KINDS_CYCLE)]
            subtypes = KINDS[kind].subtypes
            db.session.add(Entry(
                school_id=school.id, pupil_id=pupil.id, kind=kind,
                subtype=subtypes[i % len(subtypes)][0] if subtypes else None,
                occurred_on=date(2023, 9, 1) + timedelta(days=(next(seq) * 7) % 900),
                organisation=f"Organisation {i}", created_by_id=pupil.id, is_stem=i % 5 == 0,
            ))
        db.session.commit()


def counts(client, url: str) -> tuple[int, int]:
    """(cold, warm): statements of the first request, with no cached progress, and the next."""
    db.session.execute(PupilProgress.__table__.delete())
    db.session.commit()
    runs = []
    for _ in range(2):
        with count_queries(db.engine) as statements:
            assert client.get(url).status_code == 200
        runs.append(len(statements))
    return runs[0], runs[1]


def signed_in_leader(app, school):
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    client = app.test_client()
    client.post("/login", data={"username": leader.username, "password": factories.PASSWORD})
    return client


@pytest.mark.parametrize("url", ["matrix", "matrix, verified only"])
def test_the_matrix_costs_the_same_for_3_by_5_and_30_by_200(app, school, url):
    leader_client = signed_in_leader(app, school)
    small = factories.make_group(school, "9A")
    large = factories.make_group(school, "9B")
    add_pupils(school, small, 3, 5)
    add_pupils(school, large, 30, 200)
    assert db.session.scalar(select(func.count()).select_from(Entry)) == 3 * 5 + 30 * 200
    query = "?verified=1" if "verified" in url else ""
    found = [counts(leader_client, f"/staff/groups/{g.id}{query}") for g in (small, large)]
    assert found[0] == found[1]
    cold, warm = found[0]
    assert warm < cold  # the warm page reads no entries at all
    assert warm <= 8


def test_the_school_view_costs_the_same_for_20_and_200_pupils(app, school):
    large = factories.make_school("Elm Park", "elm")
    for where, n in ((school, 20), (large, 200)):
        for year in (7, 9, 11):
            group = factories.make_group(where, f"{year}A", year_group=year)
            add_pupils(where, group, n // 4 if year != 9 else n - 2 * (n // 4), 10, year_group=year)
    found = [counts(signed_in_leader(app, where), "/staff/school") for where in (school, large)]
    assert found[0] == found[1]
    cold, warm = found[0]
    assert warm < cold
    assert warm <= 8
