"""The "what we hold about you" page (requirements item 38) describes every kind of pupil data
the models hold: a new table or column of pupil data fails here until it is described in
passport/queries/held_data.py; and who can see each kind comes from passport/access.py."""

from __future__ import annotations

import pytest
from passport import access
from passport.extensions import db
from passport.queries import held_data

# Where a pupil's data hangs from: a table holds pupil data if it references one of these
# (directly or through another such table), or is one of them.
ROOTS = {"pupils", "users"}


def pupil_tables() -> set[str]:
    tables = {t.name: t for t in db.metadata.sorted_tables}
    found = set(ROOTS)
    grew = True
    while grew:
        grew = False
        for name, table in tables.items():
            if name in found:
                continue
            if {fk.column.table.name for fk in table.foreign_keys} & found:
                found.add(name)
                grew = True
    # Sign-in throttling is keyed by username, with no foreign key.
    return found | {"login_throttles"}


def described() -> dict[str, set[str]]:
    columns: dict[str, set[str]] = {}
    for kind in held_data.for_pupils():
        for table, names in kind.columns.items():
            columns.setdefault(table, set()).update(names)
    return columns


def test_item_38_every_column_of_pupil_data_is_described(app):
    tables = {t.name: t for t in db.metadata.sorted_tables}
    covered = described()
    missing = {
        name: sorted({c.name for c in tables[name].columns} - covered.get(name, set()))
        for name in sorted(pupil_tables() - held_data.NOT_PUPIL_DATA.keys())
    }
    assert {name: cols for name, cols in missing.items() if cols} == {}, (
        "describe these in passport/queries/held_data.py (what, who can see it, how long)"
    )


def test_item_38_the_page_names_no_column_or_table_that_does_not_exist(app):
    tables = {t.name: {c.name for c in t.columns} for t in db.metadata.sorted_tables}
    for table, names in described().items():
        assert table in tables, table
        assert names <= tables[table], (table, names - tables[table])
    assert set(held_data.NOT_PUPIL_DATA) <= pupil_tables()


def test_a_new_pupil_table_undescribed_fails_the_check(app):
    """The check can fail: a table hanging off pupils that the page does not describe."""
    import sqlalchemy as sa

    scratch = sa.MetaData()
    sa.Table("pupils", scratch, sa.Column("id", sa.Integer, primary_key=True))
    table = sa.Table("pupil_secrets", scratch, sa.Column("pupil_id", sa.ForeignKey("pupils.id")))
    assert "pupils" in {fk.column.table.name for fk in table.foreign_keys}
    assert "pupil_secrets" not in described()


@pytest.mark.parametrize(
    ("title", "capability"),
    [
        ("Extra help and support", access.SEE_SENSITIVE | access.SEE_INTERVIEW_CONTEXT),
        ("Your passport entries", access.RECORD_READERS),
        ("Who looked at your record", access.LEADER),
    ],
)
def test_item_38_who_can_see_it_is_the_access_table(title, capability):
    (kind,) = [k for k in held_data.for_pupils() if k.title == title]
    for role, words in held_data.ROLE_WORDS.items():
        assert (words.lower() in kind.who.lower()) is (role in capability), (title, role)


def test_item_38_guidance_says_the_tutor_sees_it_only_if_the_pupil_says_yes():
    (kind,) = [k for k in held_data.for_pupils() if k.title == "Your careers guidance"]
    assert kind.who.startswith("You, the careers leader and your careers adviser.")
    assert "Your tutor only if you say yes" in kind.who
