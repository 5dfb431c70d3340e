"""Every write that can change a pupil's progress bumps their record version in its own
transaction, and the cached progress read after it equals a fresh computation from the whole
record (issue 8, "Figures": progress computed once per change of the record)."""

from __future__ import annotations

import json
import random
import re
import uuid
from datetime import date
from datetime import timedelta
from pathlib import Path

import pytest
from passport.domain.kinds import EntryKind
from passport.extensions import db
from passport.models import Entry
from passport.models import Pupil
from passport.models import PupilProgress
from passport.models import Role
from passport.models.record_version import UnversionedBulkWrite
from passport.operations import checkin as checkin_ops
from passport.operations import employer as employer_ops
from passport.operations import entries as entry_ops
from passport.operations import guidance as guidance_ops
from passport.operations import imports as import_ops
from passport.operations import staff_admin
from passport.operations import verification as verification_ops
from passport.queries import pupils as pupil_q
from sqlalchemy import select
from sqlalchemy import update

from tests import factories
from tests.checkin_helpers import FAIR_STARTS
from tests.checkin_helpers import make_checkin_event
from tests.checkin_helpers import token_at
from tests.operations.test_imports import row
from tests.verifier_helpers import make_fair
from tests.verifier_helpers import org_named

TODAY = date(2026, 3, 10)


def version_of(pupil_id: int) -> int:
    return db.session.scalar(select(Pupil.record_version).where(Pupil.id == pupil_id))


def cached(pupil):
    """The progress through the cache, as the pages read it (fresh session state)."""
    db.session.expire_all()
    return pupil_q.progress_for(pupil, TODAY)


def fresh(pupil):
    """The progress computed from the whole record now, bypassing the cache."""
    db.session.expire_all()
    return pupil_q.progress_of(pupil, pupil_q.entries_of(pupil), TODAY)


@pytest.fixture
def leader(school):
    return factories.make_staff(school, Role.CAREERS_LEADER)


@pytest.fixture
def adviser(school):
    return factories.make_staff(school, Role.CAREERS_ADVISER)


def _create(pupil, **_):
    factories.make_entry(pupil, EntryKind.WORKPLACE_EXPERIENCE, occurred_on=date(2025, 7, 1))


def _entry(pupil) -> Entry:
    return factories.make_entry(pupil, EntryKind.EMPLOYER_ENCOUNTER, occurred_on=date(2025, 10, 1))


def _edit(pupil, entry, **_):
    data = factories.entry_data(
        EntryKind.EMPLOYER_ENCOUNTER, occurred_on=date(2024, 10, 1), skills=("teamwork",)
    )
    entry_ops.update_entry(entry, pupil.user, data, entry.version)


def _delete(pupil, entry, **_):
    entry_ops.delete_entry(entry, pupil.user)


def _verify(pupil, entry, leader, **_):
    verification_ops.verify_entry(entry, leader)


def _reject(pupil, entry, leader, **_):
    verification_ops.reject_entry(entry, leader, "No such event on that day.")


def _undo(pupil, entry, leader, **_):
    verification_ops.verify_entry(entry, leader)
    before = version_of(pupil.id)
    verification_ops.undo_decision(entry, leader, "Wrong pupil.")
    assert version_of(pupil.id) == before + 1


def _checkin(pupil, school, **_):
    fair = make_checkin_event(school)
    at = FAIR_STARTS + timedelta(minutes=30)
    checkin_ops.claim_attendance(
        pupil, pupil.user, token=token_at(fair, at), scanned_at=at, received_at=at, op=uuid.uuid4()
    )


def _employer(pupil, school, **_):
    employer_ops.confirm_pupil(org_named(make_fair(school), "Arup"), pupil, "Good questions", uuid.uuid4())


def _interview(pupil, adviser, **_):
    data = guidance_ops.InterviewData(
        held_on=date(2026, 2, 1), adviser_name="Sam Patel", adviser_level6=True, advice="Look at colleges.",
        further_offered=True, considering_university=True,
    )
    guidance_ops.record_interview(pupil, adviser, data)


def _field(pupil, **_):
    pupil.date_of_birth = date(2011, 9, 1)  # an admin's correction of a field the rules read
    db.session.commit()


WRITES = {
    "create an entry": _create,
    "edit an entry (and its skills)": _edit,
    "delete an entry": _delete,
    "verify": _verify,
    "reject": _reject,
    "undo a verification": _undo,
    "check in at an event": _checkin,
    "an employer confirms": _employer,
    "an adviser records an interview": _interview,
    "a field the rules read changes": _field,
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_each_write_path_bumps_the_version_and_the_cache_follows(write, school, pupil, leader, adviser):
    entry = _entry(pupil)
    assert cached(pupil) == fresh(pupil)  # warm: a cache row for the version before
    before = version_of(pupil.id)
    write(pupil, entry=entry, leader=leader, adviser=adviser, school=school)
    assert version_of(pupil.id) > before
    assert cached(pupil) == fresh(pupil)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_after_any_sequence_of_writes_the_cache_equals_a_fresh_computation(seed, pupil, leader, adviser):
    """Property-style: random writes of every kind, the cache compared after each one."""
    rng = random.Random(seed)
    kinds = [EntryKind.EMPLOYER_ENCOUNTER, EntryKind.WORKPLACE_EXPERIENCE, EntryKind.LABOUR_MARKET_INFO,
             EntryKind.GUIDANCE_INTERVIEW]
    for _ in range(12):
        entries = pupil_q.entries_of(pupil)
        choice = rng.choice(["create", "create", "edit", "delete", "verify", "reject", "interview"])
        if choice == "create" or not entries:
            factories.make_entry(pupil, rng.choice(kinds), occurred_on=date(2025, rng.randrange(1, 13), 1),
                                 is_stem=rng.random() < 0.5)
        elif choice == "interview":
            _interview(pupil, adviser)
        else:
            entry = rng.choice(entries)
            if choice == "edit" and entry.verification.value == "self_reported":
                data = factories.entry_data(entry.kind, occurred_on=date(2024, rng.randrange(1, 13), 1))
                entry_ops.update_entry(entry, pupil.user, data, entry.version)
            elif choice == "delete":
                entry_ops.delete_entry(entry, pupil.user)
            elif choice == "verify" and entry.verification.value == "self_reported":
                verification_ops.verify_entry(entry, leader)
            elif choice == "reject" and entry.verification.value == "self_reported":
                verification_ops.reject_entry(entry, leader, "Not on our list.")
        assert cached(pupil) == fresh(pupil), choice


def test_a_sync_batch_bumps_the_version_and_the_cache_follows(app, client, auth, pupil):
    with app.app_context():
        assert cached(pupil) == fresh(pupil)
        before = version_of(pupil.id)
    auth.login(pupil.user.username)
    key = str(uuid.uuid4())
    item = {"op": key, "action": "entry.create", "entry": key, "base_version": None, "fields": {
        "kind": "employer_encounter", "subtype": "fair", "occurred_on": "2026-02-10",
        "organisation": "Arup", "client_uuid": key, "skills": []}}
    response = client.post("/passport/sync", data=json.dumps({"owner": str(pupil.id), "items": [item]}),
                           content_type="application/json", headers={"Accept": "application/json"})
    assert response.get_json()["results"][0]["status"] == "applied"
    assert version_of(pupil.id) == before + 1
    assert cached(pupil) == fresh(pupil)
    assert cached(pupil).get("b5_year_9").status.value == "met"


def test_mis_import_of_a_new_year_group_bumps_the_version(school):
    import_ops.import_pupils(school, None, [row(1)])
    pupil = db.session.scalar(select(Pupil))
    factories.make_entry(pupil, EntryKind.EMPLOYER_ENCOUNTER, occurred_on=date(2025, 10, 1))
    assert cached(pupil) == fresh(pupil)
    before = version_of(pupil.id)
    import_ops.import_pupils(school, None, [row(1, year=10)])
    assert version_of(pupil.id) == before + 1
    assert cached(pupil) == fresh(pupil)


def test_a_change_the_rules_do_not_read_leaves_the_version_alone(pupil):
    entry = _entry(pupil)
    before = version_of(pupil.id)
    entry_ops.save_reflection(entry, pupil.user, {"next": "Ask about apprenticeships."}, 0)
    pupil.share_name = "none"
    db.session.commit()
    assert version_of(pupil.id) == before


def test_a_settings_change_makes_every_cached_progress_stale(school, pupil, leader):
    """Requirements item 45: the school's settings change the rules, so the cache follows."""
    factories.make_entry(pupil, EntryKind.LABOUR_MARKET_INFO, occurred_on=date(2025, 10, 1))
    assert [c.key for c in cached(pupil).criteria][0] == "b2_lmi"
    version = school.settings.version
    staff_admin.update_settings(leader, school, {"lmi_by_age": None})
    assert school.settings.version == version + 1
    assert "b2_lmi" not in {c.key for c in cached(pupil).criteria}
    assert cached(pupil) == fresh(pupil)


def test_the_next_day_recomputes(school, pupil):
    """A deadline passing overnight turns due into missed with no write at all: the Year 9
    pupil (born 2012-05-01) has until 2026-04-30 to find out about jobs and pay (001 table B2)."""
    assert pupil_q.progress_for(pupil, TODAY).get("b2_lmi").status.value == "due"
    assert pupil_q.progress_for(pupil, date(2026, 5, 1)).get("b2_lmi").status.value == "overdue"
    stored = db.session.scalar(select(PupilProgress.computed_for).where(PupilProgress.pupil_id == pupil.id))
    assert stored == date(2026, 5, 1)


def test_a_bulk_update_of_a_table_the_rules_read_is_refused_without_a_bump(pupil):
    with pytest.raises(UnversionedBulkWrite):
        db.session.execute(update(Entry).where(Entry.pupil_id == pupil.id).values(is_stem=True))
    db.session.rollback()


# Core statements on the tables the rules read never reach the flush listener; each must bump
# the pupils' versions itself (models.record_version.bump_pupils) and say so.
GUARDED_NAMES = (
    r"(Entry|Pupil|GuidanceInterview|SchoolSettings)(\.__table__)?|entries|pupils|guidance_interviews"
)
BULK = re.compile(rf"\b(update|delete|insert)\(\s*({GUARDED_NAMES})\b|\b(UPDATE|DELETE FROM|INSERT INTO)\s+"
                  r"(entries|pupils|guidance_interviews|school_settings)\b")


def test_the_scan_finds_a_bulk_statement():
    assert BULK.search("db.session.execute(update(Entry), [")
    assert BULK.search('text("UPDATE pupils SET year_group = 10")')
    assert not BULK.search("delete(UserSession).where(...)")


def test_every_bulk_statement_on_those_tables_in_passport_bumps_the_version():
    root = Path(__file__).resolve().parents[2] / "passport"
    unmarked = []
    for path in root.rglob("*.py"):
        if path.name == "record_version.py":
            continue
        lines = path.read_text().splitlines()
        for n, line in enumerate(lines):
            if BULK.search(line) and not any("BUMPED" in near for near in lines[n:n + 6]):
                unmarked.append(f"{path.relative_to(root)}:{n + 1}: {line.strip()}")
    assert unmarked == []
