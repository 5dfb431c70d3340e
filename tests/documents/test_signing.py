"""Signed statements: they check out as made, and any change to any part is caught."""

from __future__ import annotations

import json
from datetime import date
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from passport.documents import signing
from passport.documents.signing import StatementError
from passport.documents.signing import StatementProblem

SECRET = "test-secret-key"
KID = "kid-oak-000000001"
OTHER_KID = "kid-elm-000000002"


def payload(**overrides) -> dict:
    values = {
        "school_name": "Oakfield Academy",
        "school_code": "oak",
        "entry_uuid": "5b2f8c4e-0d1a-4c8e-9a57-1f2e3d4c5b6a",
        "kind": "Meeting an employer",
        "activity": "Careers fair",
        "organisation": "Arup",
        "occurred_on": date(2026, 3, 10),
        "event_title": "Year 9 careers fair",
        "method": "employer",
        "verified_at": datetime(2026, 3, 10, 10, 32, 5, 123456),
        "pupil_name": "Amy J.",
        **overrides,
    }
    return signing.payload_for(**values)


def public(kid: str = KID, secret: str = SECRET) -> str:
    return signing.public_key_text(signing.private_key(secret, kid))


def signed(body: dict | None = None, kid: str = KID) -> str:
    return signing.sign(body or payload(), signing.private_key(SECRET, kid), kid)


def check(text: str, key: str | None = None, school_code: str = "oak", revoked: bool = False) -> dict:
    return signing.verify(signing.parse(text), key or public(), school_code=school_code, revoked=revoked)


def problem_of(callable_) -> StatementProblem:
    with pytest.raises(StatementError) as caught:
        callable_()
    return caught.value.problem


def reencoded(statement: str, change) -> str:
    """The statement with its payload decoded, changed by ``change`` and encoded again, keeping
    the original signature (what a forger without the key can do)."""
    body, signature, kid = statement.split(".")
    data = json.loads(signing.unb64url(body))
    change(data)
    return f"{signing.b64url(signing.canonical(data))}.{signature}.{kid}"


def test_a_statement_checks_out_and_says_exactly_what_was_signed():
    statement = signed()
    assert check(statement) == {
        "v": 1,
        "school": {"name": "Oakfield Academy", "code": "oak"},
        "entry": "5b2f8c4e-0d1a-4c8e-9a57-1f2e3d4c5b6a",
        "kind": "Meeting an employer",
        "activity": "Careers fair",
        "organisation": "Arup",
        "date": "2026-03-10",
        "event": "Year 9 careers fair",
        "method": "employer",
        "verified_at": "2026-03-10T10:32:05Z",
        "pupil": "Amy J.",
    }
    # The URL that carries it works too, and signing is deterministic (one link per fact set).
    assert check(f"https://passport.example.sch.uk/verify/{statement}") == check(statement)
    assert signed() == statement


def test_optional_facts_are_left_out_not_nulled():
    body = payload(pupil_name=None, event_title=None, activity=None)
    assert {"pupil", "event", "activity"}.isdisjoint(body)
    assert check(signed(body))["organisation"] == "Arup"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("v", 2),
        ("entry", "00000000-0000-4000-8000-000000000000"),
        ("kind", "Experience of a workplace"),
        ("activity", "Mock interview"),
        ("organisation", "Arup Group"),
        ("date", "2026-03-11"),
        ("event", "Year 10 careers fair"),
        ("method", "staff"),
        ("verified_at", "2026-03-10T10:32:06Z"),
        ("pupil", "Amy Jones"),
        ("extra", "anything added"),
    ],
)
def test_changing_any_field_breaks_the_signature(field, value):
    def change(data):
        data[field] = value

    assert problem_of(lambda: check(reencoded(signed(), change))) is StatementProblem.TAMPERED


@pytest.mark.parametrize(("field", "value"), [("name", "Elm Academy"), ("code", "elm")])
def test_changing_the_school_breaks_the_signature(field, value):
    def change(data):
        data["school"][field] = value

    tampered = reencoded(signed(), change)
    assert problem_of(lambda: check(tampered)) is StatementProblem.TAMPERED
    assert problem_of(lambda: check(tampered, school_code=value)) is StatementProblem.TAMPERED


def test_removing_a_field_breaks_the_signature():
    tampered = reencoded(signed(), lambda d: d.pop("pupil"))
    assert problem_of(lambda: check(tampered)) is StatementProblem.TAMPERED


def test_a_changed_signature_is_tampered():
    body, signature, kid = signed().split(".")
    raw = bytearray(signing.unb64url(signature))
    raw[0] ^= 1
    changed = f"{body}.{signing.b64url(bytes(raw))}.{kid}"
    assert problem_of(lambda: check(changed)) is StatementProblem.TAMPERED


def test_a_statement_under_another_schools_key_or_kid_does_not_check_out():
    statement = signed()
    # Checked against another key (say the kid was swapped for another school's).
    assert problem_of(lambda: check(statement, key=public(OTHER_KID))) is StatementProblem.TAMPERED
    # The kid is signed too: pointing it at another key is caught even with the right key.
    body, signature, _kid = statement.split(".")
    assert problem_of(lambda: check(f"{body}.{signature}.{OTHER_KID}")) is StatementProblem.TAMPERED
    # A genuine statement of school "oak" presented under a key of school "elm".
    assert problem_of(lambda: check(statement, school_code="elm")) is StatementProblem.TAMPERED


def test_a_revoked_key_is_reported_only_for_genuine_statements():
    assert problem_of(lambda: check(signed(), revoked=True)) is StatementProblem.REVOKED_KEY
    forged = reencoded(signed(), lambda d: d.update(organisation="Forged Ltd"))
    assert problem_of(lambda: check(forged, revoked=True)) is StatementProblem.TAMPERED


def test_keys_are_derived_never_stored_and_differ_by_kid_and_secret():
    assert public() == public()
    assert public() != public(OTHER_KID)
    assert public() != public(secret="another-secret")
    assert len(signing.unb64url(public())) == 32
    assert signing.new_kid() != signing.new_kid()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not a statement",
        "a.b",
        "a.b.c.d",
        "eyJ2IjoxfQ.c2ln.short",
        "eyJ2IjoxfQ.!!!.kid-oak-000000001",
        "eyJ2IjoxfQ.c2lnbmF0dXJl.kid-oak-000000001",  # a signature of the wrong length
        ".".join(["A" * 3000, "A" * 86, KID]),  # too long to be ours
    ],
)
def test_malformed_statements_are_refused_as_malformed(text):
    assert problem_of(lambda: signing.parse(text)) is StatementProblem.MALFORMED


@given(st.text(max_size=400))
def test_any_text_is_refused_cleanly(text):
    try:
        statement = signing.parse(text)
    except StatementError as error:
        assert error.problem is StatementProblem.MALFORMED
        return
    assert problem_of(lambda: signing.verify(statement, public(), school_code="oak")) in {
        StatementProblem.TAMPERED
    }


@given(st.binary(max_size=300), st.binary(min_size=64, max_size=64))
def test_any_payload_bytes_with_a_wrong_signature_are_tampered(body, signature):
    text = f"{signing.b64url(body) or 'A'}.{signing.b64url(signature)}.{KID}"
    assert problem_of(lambda: check(text)) is StatementProblem.TAMPERED


@pytest.mark.parametrize(
    ("choice", "shown"),
    [("none", None), ("first_name", "Amy J."), ("full_name", "Amy Jones")],
)
def test_the_pupils_name_is_shared_as_they_chose(choice, shown):
    assert signing.shared_name("Amy", "Jones", choice) == shown


def test_canonical_json_is_sorted_compact_utf8():
    assert signing.canonical({"b": "é", "a": 1}) == '{"a":1,"b":"é"}'.encode()
