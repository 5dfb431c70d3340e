"""The pupil's pages cost the same number of SQL queries whatever the size of the record."""

import random
import uuid
from datetime import date
from datetime import timedelta

import pytest
from passport.domain.kinds import EntryKind
from passport.domain.kinds import KINDS
from passport.extensions import db
from passport.operations import entries as ops

from tests import factories
from tests.querycount import count_queries


def fill(pupil, n: int) -> None:
    rng = random.Random(n)
    kinds = list(EntryKind)
    for i in range(n):
        kind = kinds[i % len(kinds)]
        subtypes = KINDS[kind].subtypes
        entry, _ = ops.record_entry(
            pupil,
            pupil.user,
            factories.entry_data(
                kind,
                subtype=subtypes[i % len(subtypes)][0] if subtypes else None,
                occurred_on=date(2023, 9, 1) + timedelta(days=rng.randrange(900)),
                skills=("teamwork", "listening")[: i % 3],
            ),
            uuid.uuid4(),
        )
        if i % 2:
            ops.save_reflection(entry, pupil.user, {"next": "Something"}, 0)


def queries_for(client, url: str) -> int:
    with count_queries(db.engine) as statements:
        assert client.get(url).status_code == 200
    return len(statements)


@pytest.mark.parametrize("url", ["/passport/", "/passport/timeline"])
def test_pages_use_the_same_number_of_queries_for_5_and_300_entries(app, school, url):
    small = factories.make_pupil(school, first_name="Few")
    large = factories.make_pupil(school, first_name="Many")
    fill(small, 5)
    fill(large, 300)
    cold, warm = [], []
    for pupil in (small, large):
        client = app.test_client()
        client.post("/login", data={"username": pupil.user.username, "password": factories.PASSWORD})
        cold.append(queries_for(client, url))  # the home page computes and stores the progress
        warm.append(queries_for(client, url))  # and then reads it
    assert cold[0] == cold[1] and warm[0] == warm[1], (cold, warm)
    # A small constant, never one per entry: home reads user, cached progress, newest entries,
    # the rows still to reflect on and unread comments, and (issue 10) the school's entitlement
    # items and the entries' plain rows for this year's statement; the timeline user, entries,
    # skills and reflections.
    assert warm[0] <= (7 if url == "/passport/" else 6), warm
