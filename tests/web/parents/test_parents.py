"""Parents and carers (issue 10): letters with link codes, signing up, linking more children
across the trust's schools, unlinking, and the read-only entitlement view (requirements items
24, 29, 30, 44; 001 ¶21; 004 §6)."""

from __future__ import annotations

import re
from datetime import date
from datetime import datetime
from datetime import timedelta

import pytest
from passport.domain.kinds import EntryKind
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import ParentLink
from passport.models import Role
from passport.operations import entries
from passport.operations import guidance
from passport.operations import verification
from sqlalchemy import func
from sqlalchemy import select

from tests import factories
from tests.page_text import without_random_values
from tests.querycount import count_queries

TODAY = "2026-03-10"
CODE = re.compile(r'class="letter-code">([A-Z0-9]{4}-[A-Z0-9]{4})<')
SIGN_UP = {
    "first_name": "Pam",
    "last_name": "Jones",
    "email": "pam@example.com",
    "password": "meadow lantern violin",
    "confirm": "meadow lantern violin",
}


@pytest.fixture(autouse=True)
def _pinned_day(app):
    app.config["FIXED_TODAY"] = TODAY
    app.config["FIXED_NOW"] = f"{TODAY}T12:00:00"


@pytest.fixture
def group(school):
    tutor = factories.make_staff(school, Role.TUTOR)
    return factories.make_group(school, "9A", 9, tutor=tutor)


@pytest.fixture
def leader(school):
    return factories.make_staff(school, Role.CAREERS_LEADER)


@pytest.fixture
def amy(school, group):
    return factories.make_pupil(
        school, first_name="Amy", last_name="Jones", group=group, sen_support=True, looked_after=True
    )


def _letters_for_group(client, auth, group) -> tuple[str, list[str]]:
    auth.login(group.tutor.username)
    response = client.post(f"/staff/groups/{group.id}/parent-letters")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data(as_text=True)
    auth.logout()
    return body, CODE.findall(body)


def test_a_tutor_prints_letters_and_a_parent_signs_up_with_one(client, auth, group, amy):
    body, codes = _letters_for_group(client, auth, group)
    assert "Dear parent or carer of <strong>Amy Jones</strong>" in body and len(codes) == 1
    response = client.post("/parents/start", data={**SIGN_UP, "code": codes[0]})
    assert response.status_code == 303
    page = client.get(response.headers["Location"], follow_redirects=True)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "<h1>Amy's careers entitlement</h1>" in text
    assert "Year 9 (this year)" in text and "Year 8" in text
    parent = db.session.scalar(select(ParentLink)).parent
    assert parent.role == Role.PARENT and parent.username == "pam@example.com"
    assert parent.password_hash and "meadow" not in parent.password_hash


def test_a_code_works_once(client, auth, group, amy):
    _body, (code,) = _letters_for_group(client, auth, group)
    assert client.post("/parents/start", data={**SIGN_UP, "code": code}).status_code == 303
    client.post("/logout")
    again = client.post("/parents/start", data={**SIGN_UP, "email": "other@example.com", "code": code})
    assert again.status_code == 422
    assert "has been used" in again.get_data(as_text=True)


def test_an_expired_code_is_refused_with_what_was_typed_kept(app, client, auth, group, amy):
    _body, (code,) = _letters_for_group(client, auth, group)
    later = datetime.fromisoformat(f"{TODAY}T12:00:00") + timedelta(
        days=app.config["PARENT_CODE_DAYS"], minutes=1
    )
    app.config["FIXED_NOW"] = later.isoformat()
    response = client.post("/parents/start", data={**SIGN_UP, "code": code})
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "That code has expired" in text
    assert 'value="pam@example.com"' in text and 'value="Pam"' in text
    assert "meadow lantern violin" not in text  # never sent back
    assert db.session.scalar(select(func.count()).select_from(ParentLink)) == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"code": "AAAA-BBBB"}, "does not match a letter"),
        ({"email": "not-an-email"}, "like name@example.com"),
        ({"confirm": "something else"}, "The two passwords are different"),
        ({"password": "short", "confirm": "short"}, "at least 8"),
        ({"first_name": "   "}, "Enter your first name"),
    ],
)
def test_bad_sign_up_answers_422_with_the_problem_and_creates_nothing(
    client, auth, group, amy, change, message
):
    _body, (code,) = _letters_for_group(client, auth, group)
    response = client.post("/parents/start", data={**SIGN_UP, "code": code, **change})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ParentLink)) == 0


def test_an_email_already_used_cannot_sign_up_again(client, amy):
    factories.make_parent(amy, email="pam@example.com")
    code = factories.link_code(amy)
    response = client.post("/parents/start", data={**SIGN_UP, "code": code})
    assert response.status_code == 422 and "already an account with this email" in response.get_data(
        as_text=True
    )


def test_wrong_codes_are_slowed(client, amy):
    for _ in range(12):
        response = client.post("/parents/start", data={**SIGN_UP, "code": "AAAA-BBBB"})
    assert "Too many wrong codes" in response.get_data(as_text=True)


def test_a_parent_links_a_child_at_another_school_of_the_trust_and_sees_both(client, auth, school, amy):
    other = factories.make_school("Riverside High", "riv")
    ben = factories.make_pupil(other, first_name="Ben", last_name="Jones", year_group=7)
    parent = factories.make_parent(amy)
    auth.login(parent.username)
    response = client.post("/parents/link", data={"code": factories.link_code(ben)})
    assert response.status_code == 303
    home = client.get("/parents/").get_data(as_text=True)
    assert "Amy Jones" in home and "Ben Jones" in home and "Riverside High" in home
    ben_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ben's careers entitlement" in ben_page and "Year 7 (this year)" in ben_page
    again = client.post("/parents/link", data={"code": factories.link_code(ben)})
    assert again.status_code == 422 and "already linked" in again.get_data(as_text=True)


def test_a_parent_never_opens_another_parents_child(client, auth, school, amy):
    zoe = factories.make_pupil(school, first_name="Zoe", last_name="Other")
    factories.make_parent(zoe)
    zoes_link = db.session.scalar(select(ParentLink).where(ParentLink.pupil_id == zoe.id))
    parent = factories.make_parent(amy)
    auth.login(parent.username)
    response = client.get(f"/parents/children/{zoes_link.id}")
    assert response.status_code == 404 and "Zoe" not in response.get_data(as_text=True)
    # Nor any pupil or staff page (passport/access.py).
    assert client.get("/passport/").status_code == 403
    assert client.get("/staff/").status_code == 403


def test_the_pupil_sees_who_is_linked(client, auth, amy):
    parent = factories.make_parent(amy, first_name="Pam")
    auth.login(amy.user.username)
    text = client.get("/account").get_data(as_text=True)
    assert parent.display_name in text and "never see your reflections" in text


def test_the_careers_leader_unlinks_and_the_parent_loses_the_child_at_once(client, auth, group, leader, amy):
    parent = factories.make_parent(amy)
    link = db.session.scalar(select(ParentLink))
    url = f"/staff/groups/{group.id}/pupils/{amy.id}/parents/{link.id}/unlink"
    auth.login(group.tutor.username)
    assert client.post(url).status_code == 403  # only the careers leader unlinks
    auth.logout()
    auth.login(leader.username)
    page = client.get(f"/staff/groups/{group.id}/pupils/{amy.id}").get_data(as_text=True)
    assert parent.display_name in page and "Unlink" in page
    assert client.post(url).status_code == 303
    assert db.session.scalar(select(func.count()).select_from(ParentLink)) == 0
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "parent_unlinked")) is not None
    auth.logout()
    auth.login(parent.username)
    assert client.get(f"/parents/children/{link.id}").status_code == 404


def _record(amy, leader):
    """A verified employer talk with a private reflection, a self-reported workplace visit, and a
    guidance interview with an action."""
    talk = factories.make_entry(
        amy, organisation="Arup", occurred_on=date(2025, 10, 2), description="PRIVATE DESCRIPTION"
    )
    verification.verify_entry(talk, leader)
    entries.save_reflection(talk, amy.user, {"next": "MY SECRET REFLECTION"}, 0, shared=True)
    factories.make_entry(
        amy, EntryKind.WORKPLACE_EXPERIENCE, organisation="Leeds Library", occurred_on=date(2026, 1, 20)
    )
    return guidance.record_interview(
        amy,
        leader,
        guidance.InterviewData(
            held_on=date(2026, 2, 2),
            adviser_name="Jo Adviser",
            adviser_level6=True,
            advice="ADVICE TEXT",
            actions=(guidance.ActionData("Visit the open evening", guidance.ActionOwner.PUPIL),),
        ),
    )


def test_the_parent_sees_done_items_with_their_activity_and_never_private_data(client, auth, leader, amy):
    """Item 30; 004 §6: entitlement, verified activities, shared plans, links; no reflections,
    tutor-only data or sensitive flags (item 38)."""
    interview = _record(amy, leader)
    guidance.set_tutor_consent(interview, amy.user, True)  # shared with the tutor, not the parents
    parent = factories.make_parent(amy)
    auth.login(parent.username)
    text = without_random_values(client.get("/parents/", follow_redirects=True).get_data(as_text=True))
    assert "Meeting an employer: Arup" in text and "confirmed by school" in text
    assert "Leeds Library" in text and "not yet confirmed by school" in text
    for private in (
        "PRIVATE DESCRIPTION",
        "MY SECRET REFLECTION",
        "ADVICE TEXT",
        "SEN",
        "looked after",
        "Looked after",
        amy.upn,
    ):
        assert private not in text, private
    assert "nationalcareers.service.gov.uk" in text and "ucas.com" in text


def test_guidance_shows_to_parents_only_when_the_pupil_shares_it_and_sharing_is_logged(
    client, auth, leader, amy
):
    """Item 24; 002 B8: action plans shared with parents; sharing is logged."""
    interview = _record(amy, leader)
    parent = factories.make_parent(amy)
    auth.login(amy.user.username)
    page = client.get("/passport/guidance").get_data(as_text=True)
    assert "Can your parents or carers see" in page
    assert client.post(
        f"/passport/guidance/{interview.id}/parents", data={f"p{interview.id}-share": "yes"}
    ).status_code in (302, 303)
    auth.logout()
    auth.login(parent.username)
    text = client.get("/parents/", follow_redirects=True).get_data(as_text=True)
    assert "ADVICE TEXT" in text and "Visit the open evening" in text
    auth.logout()
    auth.login(amy.user.username)
    client.post(f"/passport/guidance/{interview.id}/parents", data={f"p{interview.id}-share": "no"})
    auth.logout()
    auth.login(parent.username)
    assert "ADVICE TEXT" not in client.get("/parents/", follow_redirects=True).get_data(as_text=True)
    logged = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("guidance_%parents"))
    ).all()
    assert logged == ["guidance_shared_with_parents", "guidance_unshared_with_parents"]


def test_the_careers_leader_changes_the_words_and_the_tie_holds(client, auth, leader, amy):
    """Item 29: staff-authored statements, still ticked from the record."""
    factories.make_entry(amy, organisation="Arup", occurred_on=date(2025, 10, 2))
    parent = factories.make_parent(amy)
    auth.login(leader.username)
    assert client.get("/staff/entitlement").status_code == 200
    words = "This year you will meet an employer at our Spring fair."
    assert (
        client.post(
            "/staff/entitlement/defaults/y9_employer", data={"y9_employer-wording": words}
        ).status_code
        == 303
    )
    client.post("/staff/entitlement/defaults/y9_lmi", data={"y9_lmi-wording": "", "y9_lmi-hidden": "y"})
    own = "By the end of Year 9 you will have volunteered twice."
    added = client.post(
        "/staff/entitlement/items",
        data={
            "new-year_group": "9",
            "new-wording": own,
            "new-tie": "activity",
            "new-activity_kind": "volunteering",
            "new-needed": "2",
        },
    )
    assert added.status_code == 303
    auth.logout()
    auth.login(parent.username)
    text = client.get("/parents/", follow_redirects=True).get_data(as_text=True)
    section = text[text.index(words) - 300 : text.index(words)]
    assert "Done" in section  # the Arup talk still ticks the changed item
    assert "jobs, pay and where the work" not in text  # hidden
    assert own in text


def test_bad_entitlement_input_keeps_what_was_typed(client, auth, leader):
    auth.login(leader.username)
    long = "x" * 301
    response = client.post("/staff/entitlement/defaults/y9_employer", data={"y9_employer-wording": long})
    assert response.status_code == 422 and long in response.get_data(as_text=True)
    missing = client.post(
        "/staff/entitlement/items",
        data={
            "new-year_group": "9",
            "new-wording": "Our fair",
            "new-tie": "criterion",
            "new-criterion_key": "nope",
        },
    )
    text = missing.get_data(as_text=True)
    assert missing.status_code == 422 and "Choose a criterion." in text and "Our fair" in text
    assert client.post("/staff/entitlement/defaults/not_a_key", data={}).status_code == 404


def test_another_schools_leader_changes_only_their_own_statements(client, auth, leader, amy):
    other_leader = factories.make_staff(factories.make_school("Riverside High", "riv"), Role.CAREERS_LEADER)
    auth.login(other_leader.username)
    client.post("/staff/entitlement/defaults/y9_employer", data={"y9_employer-wording": "RIVERSIDE WORDS"})
    auth.logout()
    auth.login(amy.user.username)
    assert "RIVERSIDE WORDS" not in client.get("/passport/").get_data(as_text=True)


def test_the_pupil_sees_this_years_statement_on_home(client, auth, amy):
    """Issue 10 item 4: the same statement for the pupil."""
    factories.make_entry(amy, organisation="Arup", occurred_on=date(2025, 10, 2))
    auth.login(amy.user.username)
    text = client.get("/passport/").get_data(as_text=True)
    assert "What Year 9 brings you" in text and "Meeting an employer: Arup" in text


def test_the_parent_view_takes_the_same_queries_whatever_the_record(client, auth, leader, amy):
    parent = factories.make_parent(amy)
    auth.login(parent.username)
    link = db.session.scalar(select(ParentLink))
    counts = []
    for extra in (2, 40):
        for n in range(extra):
            factories.make_entry(
                amy, organisation=f"Org {n}", occurred_on=date(2025, 9, 1) + timedelta(days=n)
            )
        client.get(f"/parents/children/{link.id}")  # the progress cache is filled once per record version
        with count_queries(db.engine) as statements:
            assert client.get(f"/parents/children/{link.id}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def _pdf_text(data: bytes) -> tuple[int, str]:
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_the_printed_statement_is_one_page_read_back_and_the_same_each_time(
    client, auth, leader, amy, tmp_path
):
    """Issue 10 item 4: a one-page PDF per pupil, for the parent and the pupil; never reflections."""
    _record(amy, leader)
    parent = factories.make_parent(amy)
    link = db.session.scalar(select(ParentLink))
    auth.login(parent.username)
    first = client.get(f"/parents/children/{link.id}/entitlement.pdf")
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    assert first.headers["Cache-Control"] == "no-store"
    pages, text = _pdf_text(first.data)
    assert pages == 1
    assert "careers entitlement, Year 9" in text and "Meeting an employer: Arup" in text
    assert "confirmed by school" in text
    for private in ("MY SECRET REFLECTION", "PRIVATE DESCRIPTION", "ADVICE TEXT"):
        assert private not in text
    assert client.get(f"/parents/children/{link.id}/entitlement.pdf").data == first.data
    auth.logout()
    auth.login(amy.user.username)
    mine = client.get("/passport/entitlement.pdf")
    assert mine.status_code == 200 and mine.data == first.data
    (tmp_path / "statement.pdf").write_bytes(first.data)
    import subprocess

    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", tmp_path / "statement.pdf", "/tmp/statement-page"], check=True
    )


def test_the_local_authority_choice_is_the_parents_before_16_and_the_pupils_from_16(
    app, client, auth, leader, amy
):
    """Item 36; 001 ¶37: only basic information is shared "if a pupil aged 16 or over, or the
    parent/carer of a pupil aged under 16, has instructed them not to share"."""
    parent = factories.make_parent(amy)
    link = db.session.scalar(select(ParentLink))
    auth.login(amy.user.username)  # Amy is 13 on 10 March 2026: not hers to choose yet
    assert "your parent or carer makes this choice" in client.get("/account").get_data(as_text=True)
    assert client.post("/passport/la-sharing", data={"share": "basic"}).status_code == 403
    auth.logout()
    auth.login(parent.username)
    bad = client.post(f"/parents/children/{link.id}/la-sharing", data={"share": "maybe"})
    assert bad.status_code == 422 and "Not a valid choice" in bad.get_data(as_text=True)
    assert client.post(f"/parents/children/{link.id}/la-sharing", data={"share": "basic"}).status_code == 303
    db.session.refresh(amy)
    assert amy.la_basic_only and amy.la_choice_by == "parent"
    auth.logout()
    auth.login(leader.username)
    listed = client.get("/staff/la-sharing").get_data(as_text=True)
    assert "Jones, Amy" in listed and "a parent or carer" in listed
    auth.logout()
    # On her 16th birthday (1 May 2028) the choice passes to Amy.
    app.config["FIXED_TODAY"] = "2028-05-01"
    auth.login(parent.username)
    assert client.post(f"/parents/children/{link.id}/la-sharing", data={"share": "all"}).status_code == 403
    auth.logout()
    auth.login(amy.user.username)
    assert client.post("/passport/la-sharing", data={"share": "all"}).status_code == 303
    db.session.refresh(amy)
    assert not amy.la_basic_only and amy.la_choice_by == "pupil"
