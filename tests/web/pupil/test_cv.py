"""The pupil's CV builder and its downloads (issue 9 item 1; requirements item 26: "CV builder
from selected logged entries, with 100- and 250-word achievement descriptions" [002 B3, B6];
item 21: the CV as JSON Resume). Today is pinned at 2026-03-10 (tests/conftest.py)."""

from __future__ import annotations

import json
import uuid
from io import BytesIO

import pytest
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Cv
from passport.models import Role
from passport.operations.verification import verify_entry
from pypdf import PdfReader
from sqlalchemy import func
from sqlalchemy import select

from tests import factories

CONTACT = "sam.referee@example.org 07700 900123"


def text(response) -> str:
    return response.get_data(as_text=True)


def pdf_text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


@pytest.fixture
def signed_in(client, auth, pupil):
    auth.login(pupil.user.username)
    return client


def form(**overrides) -> dict:
    data = {
        "op": str(uuid.uuid4()),
        "version": "0",
        "statement": "I am a hard-working Year 9 pupil who wants to be an engineer.",
        "achievements_100": "I built a model bridge.",
        "achievements_250": "On my placement at Acme I built a model bridge and tested it.",
        "education": "GCSE Maths (predicted 7)\n\nGCSE English Language (predicted 6)\n",
        "jobs": "Paper round, since 2025",
        "volunteering": "Food bank helper",
        "interests": "Football\nCoding",
        "referee_1_name": "Sam Patel",
        "referee_1_relationship": "my tutor",
        "referee_1_contact": CONTACT,
    }
    data.update(overrides)
    return data


def saved_cv() -> Cv | None:
    return db.session.scalar(select(Cv))


def test_a_pupil_saves_their_cv_and_sees_it_in_the_builder(signed_in, pupil):
    """Requirements item 26 [002 B3, B6]: statement, achievements, lists and referees saved."""
    page = signed_in.get("/passport/cv")
    assert page.status_code == 200
    assert 'data-offline-form' in text(page) and 'hx-post="/passport/cv/preview"' in text(page)
    entry = factories.make_entry(pupil, organisation="Acme Ltd")
    response = signed_in.post("/passport/cv", data=form(entries=[str(entry.client_uuid)]))
    assert response.status_code == 303 and response.headers["Location"].endswith("/passport/cv")
    cv = saved_cv()
    assert cv.pupil_id == pupil.id and cv.version == 1
    assert cv.education == "GCSE Maths (predicted 7)\n\nGCSE English Language (predicted 6)"
    assert cv.entry_uuids == [str(entry.client_uuid)]
    assert cv.referees == [{"name": "Sam Patel", "relationship": "my tutor", "contact": CONTACT}]
    page = text(signed_in.get("/passport/cv"))
    assert "I built a model bridge." in page and CONTACT in page  # the pupil's own form keeps it
    preview = page.split('id="cv-preview"', 1)[1]
    assert "References available on request." in preview and CONTACT not in preview
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "cv_saved"))
    assert audit.actor_id == pupil.id and "bridge" not in json.dumps(audit.detail)


def test_saving_twice_with_one_op_saves_once_and_a_stale_version_is_a_conflict(signed_in, hx, auth, pupil):
    """Requirements item 17: a double tap saves once; an old version never overwrites."""
    data = form()
    signed_in.post("/passport/cv", data=data)
    signed_in.post("/passport/cv", data=data)
    assert saved_cv().version == 1
    saves = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "cv_saved")
    assert db.session.scalar(saves) == 1
    stale = signed_in.post("/passport/cv", data=form(statement="An older draft", version="0"))
    assert stale.status_code == 409
    body = text(stale)
    assert "changed somewhere else" in body and "An older draft" in body  # both kept in view
    assert saved_cv().statement.startswith("I am a hard-working")


@pytest.mark.parametrize(
    ("field", "limit", "words"),
    [("achievements_100", 100, 101), ("achievements_250", 250, 251), ("statement", 300, 330)],
)
def test_002_b6_word_limits_are_enforced_with_the_text_kept(signed_in, hx, field, limit, words):
    """002 B6: "100 and 250-word descriptions of what they achieved": over the limit is refused
    with the count, the text kept, 422 for htmx, nothing saved."""
    typed = " ".join(f"word{n}" for n in range(words))
    response = signed_in.post("/passport/cv", data=form(**{field: typed}))
    assert response.status_code == 422
    body = text(response)
    assert f"to {limit} words or fewer. It has {words} words" in body
    assert typed in body
    assert saved_cv() is None
    fragment = hx.post("/passport/cv", data=form(**{field: typed}))
    assert fragment.status_code == 422
    assert fragment.get_data(as_text=True).lstrip().startswith('<div id="cv-builder"')
    assert typed in fragment.get_data(as_text=True)


def test_002_b6_exactly_the_limit_is_accepted(signed_in):
    """002 B6: 100 words is a 100-word description."""
    response = signed_in.post("/passport/cv", data=form(achievements_100=" ".join(["word"] * 100)))
    assert response.status_code == 303


def test_a_referee_without_a_name_and_too_many_lines_are_refused_in_plain_words(signed_in):
    response = signed_in.post("/passport/cv", data=form(
        referee_1_name="  ", interests="\n".join(f"hobby {n}" for n in range(25))))
    assert response.status_code == 422
    body = text(response)
    assert "Write the name of referee 1, or clear their details." in body
    assert "Keep interests to 20 lines or fewer. It has 25." in body
    too_many = signed_in.post("/passport/cv", data=form(entries=[str(uuid.uuid4()) for _ in range(41)]))
    assert too_many.status_code == 422 and "Choose up to 40 things to show." in text(too_many)
    assert saved_cv() is None


def test_htmx_save_answers_the_builder_with_the_message(signed_in):
    """One URL, two renderings: htmx gets the builder fragment with a fresh op and version."""
    response = signed_in.post("/passport/cv", data=form(), headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = text(response)
    assert body.lstrip().startswith('<div id="cv-builder"') and "Your CV is saved." in body
    assert 'name="version" type="hidden" value="1"' in body


def test_the_preview_renders_what_is_typed_and_saves_nothing(signed_in, pupil):
    """The live preview is the PDF's fragment with the typed text; nothing saved."""
    entry = factories.make_entry(pupil, organisation="Rolls-Royce", skills=("teamwork", "listening"))
    other = factories.make_entry(pupil, organisation="Greggs", skills=("teamwork",))
    response = signed_in.post("/passport/cv/preview", data=form(
        statement="Typed <b>just now</b>", entries=[str(entry.client_uuid), str(other.client_uuid)]))
    assert response.status_code == 200
    body = text(response)
    assert "Typed &lt;b&gt;just now&lt;/b&gt;" in body
    assert "Rolls-Royce" in body and "Greggs" in body
    assert "Teamwork <span class=\"cv-count\">(shown in 2 activities)" in body
    assert "Listening <span class=\"cv-count\">(shown in 1 activity)" in body
    assert CONTACT not in body
    assert "<html" not in body and "<h1" not in body
    assert saved_cv() is None


def test_verified_entries_are_marked_with_their_proof_link(signed_in, pupil, school):
    """Issue 9 item 1: verified entries marked "Verified by the school", with the public proof."""
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    entry = factories.make_entry(pupil, organisation="Rolls-Royce")
    verify_entry(entry, leader)
    plain = factories.make_entry(pupil, organisation="Greggs")
    signed_in.post("/passport/cv", data=form(entries=[str(entry.client_uuid), str(plain.client_uuid)]))
    builder = text(signed_in.get("/passport/cv"))
    assert builder.count('<span class="tag tag-done">Verified by the school</span>') == 1
    document = signed_in.get("/passport/cv.json").get_json()
    [verified] = [p for p in document["projects"] if "Rolls-Royce" in p["name"]]
    assert verified["highlights"] == ["Verified by the school"]
    path = "/verify/" + verified["url"].split("/verify/", 1)[1]
    assert path in builder  # the preview links the same proof
    public = signed_in.get(path)
    assert public.status_code == 200 and "Rolls-Royce" in text(public)
    [unverified] = [p for p in document["projects"] if "Greggs" in p["name"]]
    assert "url" not in unverified and "highlights" not in unverified


def test_the_pdf_downloads_without_the_referee_contact(signed_in, pupil):
    """Requirements item 26: a referee's contact details never leave the CV builder."""
    entry = factories.make_entry(pupil, organisation="Rolls-Royce")
    signed_in.post("/passport/cv", data=form(entries=[str(entry.client_uuid)]))
    response = signed_in.get("/passport/cv.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Cache-Control"] == "no-store"
    content, pages = pdf_text(response.data)
    assert pages == 1
    for words in ("Amy Jones", "Personal statement", "engineer", "Rolls-Royce", "GCSE Maths (predicted 7)",
                  "Sam Patel, my tutor", "References available on request."):
        assert words in content
    assert "sam.referee" not in content and "07700" not in content
    assert signed_in.get("/passport/cv.pdf").data == response.data  # the same CV, the same bytes


def test_user_text_is_printed_literally_and_injects_nothing(signed_in):
    """Issue 9 item 5: user text can never inject HTML or CSS into a document."""
    nasty = '<b>x</b> </style><style>body{display:none}</style> <img src="http://example.com/t.png">'
    signed_in.post("/passport/cv", data=form(statement=nasty))
    response = signed_in.get("/passport/cv.pdf")
    assert response.status_code == 200  # render_pdf raises BlockedFetch if anything was fetched
    content, pages = pdf_text(response.data)
    assert "<b>x</b>" in content and "</style>" in content and "display:none" in content
    assert "Personal statement" in content  # the page was not hidden by the pupil's "style"


def test_an_empty_cv_gives_a_sensible_pdf_and_json(signed_in):
    content, pages = pdf_text(signed_in.get("/passport/cv.pdf").data)
    assert pages == 1 and "Amy Jones" in content and "Nothing on this CV yet" in content
    document = signed_in.get("/passport/cv.json").get_json()
    assert document["basics"] == {"name": "Amy Jones"} and document["work"] == []


def test_a_huge_cv_stays_readable(signed_in, pupil):
    """Issue 9 item 5: hundreds of entries and long text still give a sensible document."""
    chosen = [str(factories.make_entry(pupil, organisation=f"Employer {n}",
                                       description="A long description. " * 30).client_uuid)
              for n in range(40)]
    long_words = " ".join(["averyveryverylongwordwithoutanyspacesatallreally"] * 80)
    signed_in.post("/passport/cv", data=form(entries=chosen, achievements_100=long_words,
                                             interests="\n".join(f"Interest {n}" for n in range(20))))
    assert saved_cv().version == 1
    content, pages = pdf_text(signed_in.get("/passport/cv.pdf").data)
    assert 2 < pages < 20  # many entries: many pages, each laid out (no overflowing line)
    assert "Employer 0" in content and "Employer 39" in content


def test_another_pupil_cannot_read_or_write_this_cv(client, auth, pupil, school):
    """A pupil sees only their own record: the CV URLs name no pupil, so another pupil's
    session reads and writes only their own CV."""
    other = factories.make_pupil(school, first_name="Ben", last_name="Smith")
    auth.login(pupil.user.username)
    entry = factories.make_entry(pupil, organisation="Rolls-Royce")
    client.post("/passport/cv", data=form(entries=[str(entry.client_uuid)]))
    auth.logout()
    auth.login(other.user.username)
    assert "engineer" not in text(client.get("/passport/cv"))
    assert b"engineer" not in client.get("/passport/cv.json").data
    content, _ = pdf_text(client.get("/passport/cv.pdf").data)
    assert "Amy" not in content and "Ben Smith" in content
    # Ben ticks Amy's entry: it is not his, so it is not kept.
    client.post("/passport/cv", data=form(statement="Ben's CV", entries=[str(entry.client_uuid)]))
    ben = db.session.get(Cv, other.id)
    assert ben.entry_uuids == [] and db.session.get(Cv, pupil.id).statement.startswith("I am")


@pytest.mark.parametrize("role", [Role.TUTOR, Role.CAREERS_LEADER])
@pytest.mark.parametrize(("method", "path"), [("get", "/passport/cv"), ("post", "/passport/cv"),
                                              ("post", "/passport/cv/preview"), ("get", "/passport/cv.pdf"),
                                              ("get", "/passport/cv.json")])
def test_staff_cannot_use_the_pupil_cv_endpoints(client, auth, school, role, method, path):
    staff = factories.make_staff(school, role)
    auth.login(staff.username)
    response = getattr(client, method)(path, data=form() if method == "post" else None)
    assert response.status_code == 403
    assert saved_cv() is None


def test_signed_out_the_cv_is_not_served(client):
    for path in ("/passport/cv", "/passport/cv.pdf", "/passport/cv.json"):
        response = client.get(path)
        assert response.status_code in (302, 401) and b"%PDF" not in response.data


def sync(client, owner, *items):
    response = client.post("/passport/sync", data=json.dumps({"owner": str(owner), "items": list(items)}),
                           content_type="application/json", headers={"Accept": "application/json"})
    assert response.status_code == 200, response.data
    return [r["status"] for r in response.get_json()["results"]], response.get_json()["results"]


def cv_item(op=None, base_version=0, **fields):
    data = form(**fields)
    data.pop("entries", None)
    data.update(op=op or str(uuid.uuid4()), version=str(base_version))
    return {"op": data["op"], "action": "cv.save", "entry": None, "base_version": base_version,
            "fields": data}


def test_a_cv_saved_offline_is_saved_once_when_replayed(signed_in, pupil):
    """Requirements item 17: the outbox's replay of a CV save applies once per op."""
    item = cv_item(statement="Written on the bus")
    assert sync(signed_in, pupil.id, item)[0] == ["applied"]
    assert sync(signed_in, pupil.id, item)[0] == ["duplicate"]
    cv = saved_cv()
    assert (cv.version, cv.statement) == (1, "Written on the bus")


def test_an_offline_cv_save_against_an_older_version_is_a_conflict_and_a_bad_one_invalid(signed_in, pupil):
    """docs/offline.md, the conflict rule: nothing overwritten; the saved text comes back."""
    signed_in.post("/passport/cv", data=form(statement="Saved on the laptop"))
    statuses, results = sync(signed_in, pupil.id, cv_item(statement="Written on the phone", base_version=0),
                             cv_item(achievements_100=" ".join(["w"] * 101), base_version=1))
    assert statuses == ["conflict", "invalid"]
    assert results[0]["current"]["statement"] == "Saved on the laptop"
    assert "100 words or fewer" in results[1]["message"]
    assert saved_cv().statement == "Saved on the laptop"
