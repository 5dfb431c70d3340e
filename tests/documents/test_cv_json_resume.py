"""The CV as JSON Resume (issue 9 item 4; requirements item 21: portable records), validated
against the JSON Resume schema 1.2.1 vendored in passport/data/json-resume/ with jsonschema.
A referee's contact details are never in it (requirements item 26)."""

from __future__ import annotations

import json
import uuid

import jsonschema
import pytest
from passport.documents.cv import JSON_RESUME_SCHEMA
from passport.domain.kinds import EntryKind
from passport.models import Role
from passport.operations.verification import verify_entry

from tests import factories

CONTACT = "referee.private@example.org"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(JSON_RESUME_SCHEMA.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


@pytest.fixture
def signed_in(client, auth, pupil):
    auth.login(pupil.user.username)
    return client


def test_a_full_cv_is_valid_json_resume_without_referee_contacts(signed_in, pupil, school, validator):
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    job = factories.make_entry(pupil, EntryKind.PART_TIME_JOB, organisation="Greggs",
                               description="Serving customers")
    placement = factories.make_entry(pupil, EntryKind.WORKPLACE_EXPERIENCE, organisation="Rolls-Royce",
                                     skills=("teamwork", "problem_solving"))
    verify_entry(placement, leader)
    helping = factories.make_entry(pupil, EntryKind.VOLUNTEERING, organisation="Food bank",
                                   skills=("teamwork",))
    talk = factories.make_entry(pupil, organisation="NHS", skills=("listening",))
    signed_in.post("/passport/cv", data={
        "op": str(uuid.uuid4()), "version": "0",
        "statement": "I want to be an engineer.", "achievements_100": "Short.", "achievements_250": "Longer.",
        "education": "GCSE Maths", "jobs": "Paper round", "volunteering": "Scouts helper",
        "interests": "Chess\nFootball",
        "referee_1_name": "Sam Patel", "referee_1_relationship": "my tutor", "referee_1_contact": CONTACT,
        "referee_2_name": "Jo Bloggs", "referee_2_contact": "07700 900999",
        "entries": [str(e.client_uuid) for e in (job, placement, helping, talk)],
    })
    response = signed_in.get("/passport/cv.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Cache-Control"] == "no-store"
    assert CONTACT not in response.get_data(as_text=True) and "07700" not in response.get_data(as_text=True)
    document = response.get_json()
    errors = sorted(validator.iter_errors(document), key=str)
    assert not errors, errors
    assert document["basics"] == {"name": "Amy Jones", "summary": "I want to be an engineer."}
    # The typed lines first, then the chosen entries oldest first (all on one day here).
    assert [w["name"] for w in document["work"]] == ["Paper round", "Greggs", "Rolls-Royce"]
    [placement_item] = [w for w in document["work"] if w["name"] == "Rolls-Royce"]
    assert placement_item["highlights"] == ["Verified by the school"] and "/verify/" in placement_item["url"]
    assert {v["organization"] for v in document["volunteer"]} == {"Scouts helper", "Food bank"}
    assert document["education"] == [{"institution": "Oakfield Academy", "courses": ["GCSE Maths"]}]
    assert document["skills"][0] == {"name": "Teamwork", "keywords": ["2 entries"]}
    assert [i["name"] for i in document["interests"]] == ["Chess", "Football"]
    assert document["references"] == [
        {"name": "Sam Patel", "reference": "my tutor. References available on request."},
        {"name": "Jo Bloggs", "reference": "References available on request."},
    ]
    assert [p["name"] for p in document["projects"]] == ["Meeting an employer: NHS"]
    assert document["achievements"] == {"words100": "Short.", "words250": "Longer."}
    assert document["meta"]["version"] == "v1" and document["meta"]["lastModified"]


def test_an_empty_cv_is_valid_json_resume(signed_in, validator):
    document = signed_in.get("/passport/cv.json").get_json()
    assert not list(validator.iter_errors(document))
    assert document["meta"] == {"version": "v0", "schemaVersion": "1.2.1"}


def test_the_schema_catches_a_broken_document(validator):
    """The validator can fail: a date JSON Resume does not accept is an error."""
    assert list(validator.iter_errors({"work": [{"name": "x", "startDate": "10/03/2026"}]}))
