"""Events through their operations: what they store, what they refuse, what they audit; and
the queries other parts build on (active events, check-in URLs)."""

from datetime import datetime
from datetime import timedelta

import pytest
from passport.domain import tokens
from passport.domain.events import ContentItem
from passport.domain.events import EventKind
from passport.domain.kinds import EntryKind
from passport.domain.kinds import ProviderType
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Role
from passport.models._base import utcnow
from passport.operations import events as ops
from passport.queries import events as q
from sqlalchemy import select

from tests import factories

START = datetime(2026, 6, 15, 8, 0)
END = datetime(2026, 6, 15, 11, 0)


@pytest.fixture
def leader(school):
    return factories.make_staff(school, Role.CAREERS_LEADER)


def data(**kw) -> ops.EventData:
    values = {"kind": EventKind.CAREERS_FAIR, "title": "Fair", "starts_at": START, "ends_at": END,
              "year_groups": (9,), **kw}
    return ops.EventData(**values)


def audits(action: str) -> list[AuditEvent]:
    rows = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return list(db.session.scalars(rows))


@pytest.mark.parametrize(
    ("kw", "entry_kind", "subtype"),
    [
        pytest.param({"kind": EventKind.CAREERS_FAIR}, EntryKind.EMPLOYER_ENCOUNTER, "fair", id="fair"),
        pytest.param({"kind": EventKind.EMPLOYER_TALK}, EntryKind.EMPLOYER_ENCOUNTER, "talk", id="talk"),
        pytest.param(
            {"kind": EventKind.MOCK_INTERVIEWS}, EntryKind.EMPLOYER_ENCOUNTER, "mock_interview", id="mock"
        ),
        pytest.param(
            {"kind": EventKind.WORKPLACE_VISIT}, EntryKind.WORKPLACE_EXPERIENCE, "workplace_visit", id="visit"
        ),
        pytest.param(
            {"kind": EventKind.PROVIDER_VISIT, "provider_type": ProviderType.UNIVERSITY},
            EntryKind.PROVIDER_ENCOUNTER, "university", id="university-visit",
        ),
        pytest.param(
            {"kind": EventKind.PROVIDER_ACCESS, "provider_type": ProviderType.UTC},
            EntryKind.PROVIDER_ENCOUNTER, "utc", id="provider-access",
        ),
        pytest.param(
            {"kind": EventKind.OTHER, "other_kind": EntryKind.CURRICULUM_LEARNING},
            EntryKind.CURRICULUM_LEARNING, None, id="other-no-subtype",
        ),
        pytest.param(
            {"kind": EventKind.OTHER, "other_kind": EntryKind.EMPLOYER_ENCOUNTER, "other_subtype": "alumni"},
            EntryKind.EMPLOYER_ENCOUNTER, "alumni", id="other-with-subtype",
        ),
    ],
)
def test_an_event_records_the_entry_its_attendance_makes(school, leader, kw, entry_kind, subtype):
    event = ops.create_event(school, leader, data(**kw))
    assert (event.entry_kind, event.entry_subtype) == (entry_kind, subtype)
    assert [a.detail for a in audits("event_created")] == [{"kind": kw["kind"].value}]


def test_create_stores_the_facts_with_random_codes(school, leader):
    event = ops.create_event(
        school, leader,
        data(
            title="  Y10 fair ", place=" Hall ", online=True, is_stem=True,
            sectors=("construction", "health_care"), year_groups=(10, 9, 10), description=" Bring a CV ",
        ),
    )
    other = ops.create_event(school, leader, data())
    assert (event.title, event.place, event.description) == ("Y10 fair", "Hall", "Bring a CV")
    assert (event.online, event.is_stem) == (True, True)
    assert event.sector_list == ["construction", "health_care"]
    assert event.year_group_list == [9, 10]
    assert (event.starts_at, event.ends_at) == (START, END)
    assert event.created_by_id == leader.id and event.school_id == school.id
    assert event.public_code != other.public_code and event.checkin_secret != other.checkin_secret
    assert len(event.public_code) >= 6


def test_only_provider_events_keep_the_provider_questions(school, leader):
    fair = ops.create_event(
        school, leader,
        data(provider_type=ProviderType.UTC, whole_year_invited=True, in_school_hours=False),
    )
    assert (fair.provider_type, fair.whole_year_invited, fair.in_school_hours) == (None, False, True)
    session = ops.create_event(
        school, leader,
        data(kind=EventKind.PROVIDER_ACCESS, provider_type=ProviderType.UTC, whole_year_invited=True,
             in_school_hours=False),
    )
    assert (session.provider_type, session.whole_year_invited) == ("utc", True)
    assert session.in_school_hours is False


def access(**kw) -> ops.EventData:
    return data(kind=EventKind.PROVIDER_ACCESS, provider_type=ProviderType.FE_COLLEGE, **kw)


def test_a_provider_access_session_stores_its_content_items_once_in_order(school, leader):
    """Requirements item 13; 004 §15: the checklist of the four content items."""
    session = ops.create_event(
        school, leader,
        access(content_items=(ContentItem.QUESTIONS, ContentItem.PROVIDER_AND_OFFER, ContentItem.QUESTIONS)),
    )
    assert session.content_items == "provider_and_offer,questions"
    assert session.content_item_list == ["provider_and_offer", "questions"]
    assert ops.create_event(school, leader, access()).content_item_list == []


def test_updating_a_session_changes_its_content_items_and_audits_it(school, leader):
    """Requirements item 13; 004 §15."""
    session = ops.create_event(school, leader, access(content_items=(ContentItem.CAREERS,)))
    ops.update_event(session, leader, access(content_items=tuple(ContentItem)))
    assert session.content_item_list == [item.value for item in ContentItem]
    assert audits("event_updated")[0].detail == {"changed": ["content_items"]}
    # Another kind of event has no checklist: changing the kind clears it.
    ops.update_event(session, leader, data(content_items=(ContentItem.CAREERS,)))
    assert session.content_items == ""


def test_only_provider_access_sessions_keep_content_items(school, leader):
    """Requirements item 13: the checklist belongs to provider-access sessions only."""
    for kw in ({}, {"kind": EventKind.PROVIDER_VISIT, "provider_type": ProviderType.UNIVERSITY}):
        event = ops.create_event(school, leader, data(content_items=(ContentItem.CAREERS,), **kw))
        assert event.content_items == ""


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        pytest.param(
            {"kind": EventKind.PROVIDER_ACCESS, "provider_type": ProviderType.UTC,
             "content_items": ("careers", "homework")},
            "'homework' is not one of the four content items", id="unknown-content-item",
        ),
        pytest.param({"ends_at": START}, "after the start", id="no-length"),
        pytest.param({"ends_at": START - timedelta(minutes=1)}, "after the start", id="backwards"),
        pytest.param({"ends_at": START + timedelta(hours=14, seconds=1)}, "14 hours", id="too-long"),
        pytest.param({"kind": EventKind.PROVIDER_ACCESS}, "provider type", id="provider-without-type"),
        pytest.param({"kind": EventKind.OTHER}, "kind of entry", id="other-without-entry-kind"),
    ],
)
def test_create_refuses_what_cannot_be_an_event(school, leader, kw, message):
    with pytest.raises(ops.InvalidEvent, match=message):
        ops.create_event(school, leader, data(**kw))
    db.session.rollback()
    assert audits("event_created") == []


def test_update_changes_the_facts_and_audits_which(school, leader):
    event = ops.create_event(school, leader, data())
    ops.update_event(event, leader, data(title="New title", ends_at=END + timedelta(hours=1)))
    assert (event.title, event.ends_at) == ("New title", END + timedelta(hours=1))
    assert audits("event_updated")[0].detail == {"changed": ["title", "ends_at"]}
    with pytest.raises(ops.InvalidEvent):
        ops.update_event(event, leader, data(ends_at=START))


def test_cancelling_is_final_and_once(school, leader):
    event = ops.create_event(school, leader, data())
    ops.cancel_event(event, leader)
    first = event.cancelled_at
    ops.cancel_event(event, leader)
    assert event.cancelled_at == first is not None
    assert len(audits("event_cancelled")) == 1
    for change in (
        lambda: ops.update_event(event, leader, data(title="x")),
        lambda: ops.add_organisation(event, leader, "Acme"),
        lambda: ops.rotate_checkin_secret(event, leader),
    ):
        with pytest.raises(ops.Cancelled):
            change()


def test_verifier_links_are_random_and_can_be_revoked_and_reissued(school, leader):
    event = ops.create_event(school, leader, data())
    acme = ops.add_organisation(event, leader, "  Acme Ltd ", "construction")
    bravo = ops.add_organisation(event, leader, "Bravo", "")
    assert (acme.name, acme.sector, bravo.sector) == ("Acme Ltd", "construction", None)
    assert acme.verifier_secret != bravo.verifier_secret and len(acme.verifier_secret) >= 24
    assert acme.school_id == school.id and acme.event_id == event.id

    old = acme.verifier_secret
    ops.revoke_verifier_link(acme, leader)
    revoked_at = acme.revoked_at
    assert revoked_at is not None and acme.verifier_secret == old
    ops.revoke_verifier_link(acme, leader)
    assert acme.revoked_at == revoked_at and len(audits("verifier_link_revoked")) == 1

    ops.reissue_verifier_link(acme, leader)
    assert acme.revoked_at is None and acme.verifier_secret not in (old, bravo.verifier_secret)
    # No audit row ever holds a secret.
    for row in db.session.scalars(select(AuditEvent)):
        assert old not in str(row.detail) and acme.verifier_secret not in str(row.detail)


def test_rotating_the_checkin_secret_makes_old_codes_forged(school, leader, app):
    event = ops.create_event(school, leader, data())
    old_key = q.checkin_key(event)
    token = tokens.parse_checkin(tokens.checkin_token(old_key, event.public_code, 100))
    ops.rotate_checkin_secret(event, leader)
    new_key = q.checkin_key(event)
    assert new_key != old_key
    with pytest.raises(tokens.TokenError) as refused:
        tokens.check_checkin(new_key, token, at_slot=100, tolerance=2, first_slot=0, last_slot=10**9)
    assert refused.value.problem is tokens.TokenProblem.FORGED
    assert len(audits("checkin_secret_rotated")) == 1


def test_active_events_are_this_schools_uncancelled_events_on_now(school, leader):
    now = utcnow()
    hour = timedelta(hours=1)
    on = ops.create_event(school, leader, data(title="On", starts_at=now - hour, ends_at=now + hour))
    ops.create_event(school, leader, data(title="Later", starts_at=now + hour, ends_at=now + 2 * hour))
    ops.create_event(school, leader, data(title="Done", starts_at=now - 2 * hour, ends_at=now - hour))
    off = ops.create_event(school, leader, data(title="Off", starts_at=now - hour, ends_at=now + hour))
    ops.cancel_event(off, leader)
    elm = factories.make_school("Elm", "elm")
    factories.make_event(elm, starts_at=now - hour, ends_at=now + hour)
    assert q.active_events(school.id, now) == [on]
    lists = q.events_of(school.id, now)
    assert [e.title for e in lists.upcoming] == ["On", "Off", "Later"]
    assert [e.title for e in lists.past] == ["Done"]


def test_checkin_url_carries_a_valid_token_for_the_slot(app, school, leader):
    event = ops.create_event(school, leader, data())
    at = datetime(2026, 6, 15, 9, 0, 10)
    slot_seconds = app.config["CHECKIN_SLOT_SECONDS"]
    with app.test_request_context(base_url="https://school.example"):
        url, token, typed = q.checkin_url(event, at)
    assert url == f"https://school.example/c/{token}"
    parsed = tokens.parse_checkin(url)
    assert parsed.event_code == event.public_code
    slot = tokens.slot_at((at - datetime(1970, 1, 1)).total_seconds(), slot_seconds)  # ``at`` is naive UTC
    assert parsed.slot == slot
    key = q.checkin_key(event)
    tokens.check_checkin(key, parsed, at_slot=slot, tolerance=0, first_slot=slot, last_slot=slot)
    assert typed == tokens.typed_code(key, slot)
    # The next slot has another token and another typed code.
    _, later_token, later_typed = q.checkin_url(event, at + timedelta(seconds=slot_seconds))
    assert later_token != token and later_typed != typed


def test_public_url_wins_over_the_request_host(app, school, leader):
    event = ops.create_event(school, leader, data())
    organisation = ops.add_organisation(event, leader, "Acme")
    app.config["PUBLIC_URL"] = "https://passport.oak.example/"
    with app.test_request_context(base_url="http://10.0.0.5:8000"):
        assert q.checkin_url(event, START)[0].startswith("https://passport.oak.example/c/")
        assert q.verifier_url(organisation) == f"https://passport.oak.example/v/{organisation.verifier_secret}"
