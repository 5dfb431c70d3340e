"""The QR token scheme: forged, expired, replayed, other-event and malformed tokens are refused
(issue: Events and QR verification, "Abuse"); malformed input never raises anything else."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from passport.domain import tokens as t

KEY = t.derive_key("server-secret", "checkin", "event-secret-1")
OTHER_KEY = t.derive_key("server-secret", "checkin", "event-secret-2")
CODE = "FAIR2026ab"


def check(token_text, *, key=KEY, at_slot=1000, tolerance=2, first=900, last=1100):
    t.check_checkin(
        key,
        t.parse_checkin(token_text),
        at_slot=at_slot,
        tolerance=tolerance,
        first_slot=first,
        last_slot=last,
    )


def test_a_fresh_token_checks_out_and_carries_no_personal_data():
    token = t.checkin_token(KEY, CODE, 1000)
    check(token)
    code, slot, mac = token.split(".")
    assert (code, slot) == (CODE, "1000") and len(mac) == 16


def test_the_url_form_is_accepted():
    check("https://passport.example.sch.uk/c/" + t.checkin_token(KEY, CODE, 999))


@pytest.mark.parametrize(
    ("slot", "at_slot", "problem"),
    [
        pytest.param(998, 1000, None, id="two-slots-old-still-fine"),
        pytest.param(997, 1000, t.TokenProblem.EXPIRED, id="photo-of-an-old-code"),
        pytest.param(1003, 1000, t.TokenProblem.TOO_EARLY, id="from-the-future"),
        pytest.param(899, 899, t.TokenProblem.OUTSIDE_EVENT, id="before-the-event"),
        pytest.param(1101, 1101, t.TokenProblem.OUTSIDE_EVENT, id="after-the-event"),
    ],
)
def test_time_checks(slot, at_slot, problem):
    token = t.checkin_token(KEY, CODE, slot)
    if problem is None:
        check(token, at_slot=at_slot)
    else:
        with pytest.raises(t.TokenError) as refused:
            check(token, at_slot=at_slot)
        assert refused.value.problem is problem
        assert str(refused.value)  # a message a pupil can act on


def test_another_events_token_is_forged_for_this_event():
    with pytest.raises(t.TokenError) as refused:
        check(t.checkin_token(OTHER_KEY, CODE, 1000))
    assert refused.value.problem is t.TokenProblem.FORGED


def test_changing_the_slot_breaks_the_mac():
    code, _, mac = t.checkin_token(KEY, CODE, 990).split(".")
    with pytest.raises(t.TokenError) as refused:
        check(f"{code}.1000.{mac}")
    assert refused.value.problem is t.TokenProblem.FORGED


@given(st.text(max_size=200))
def test_any_text_is_either_a_token_or_malformed(text):
    try:
        parsed = t.parse_checkin(text)
    except t.TokenError as error:
        assert error.problem is t.TokenProblem.MALFORMED
    else:
        with pytest.raises(t.TokenError):
            t.check_checkin(KEY, parsed, at_slot=parsed.slot, tolerance=2, first_slot=0, last_slot=10**13)


@given(
    st.integers(min_value=0, max_value=10**10),
    st.text(alphabet="abcdefABCDEF0123456789_-", min_size=16, max_size=16),
)
def test_a_guessed_mac_is_forged(slot, mac):
    real = t.checkin_token(KEY, CODE, slot).split(".")[2]
    if mac == real:
        return
    with pytest.raises(t.TokenError) as refused:
        t.check_checkin(
            KEY, t.CheckinToken(CODE, slot, mac), at_slot=slot, tolerance=0, first_slot=0, last_slot=10**11
        )
    assert refused.value.problem is t.TokenProblem.FORGED


def test_typed_codes_are_short_unambiguous_and_match_only_near_their_slot():
    code = t.typed_code(KEY, 1000)
    assert len(code) == 6 and set(code) <= set(t.TYPED_ALPHABET)
    assert t.matching_slot(KEY, code.lower()[:3] + " " + code[3:], at_slot=1001, tolerance=2) == 1000
    assert t.matching_slot(KEY, code, at_slot=1003, tolerance=2) is None
    assert t.matching_slot(OTHER_KEY, code, at_slot=1000, tolerance=2) is None
    assert t.typed_code(KEY, 1001) != code


@given(st.text(max_size=50))
def test_typed_input_never_raises(text):
    assert t.matching_slot(KEY, text, at_slot=1000, tolerance=2) in (None, *range(998, 1003))


PASS_KEY = t.derive_key("server-secret", "pass", "v1")


def test_a_pupil_pass_checks_out_until_it_expires():
    token = t.pass_token(PASS_KEY, "r4nd0mPassId", 2_000_000_000)
    pass_id, expires, mac = t.parse_pass("https://x.example/p/" + token)
    assert pass_id == "r4nd0mPassId"
    t.check_pass(PASS_KEY, pass_id, expires, mac, now=1_999_999_999)
    with pytest.raises(t.TokenError) as refused:
        t.check_pass(PASS_KEY, pass_id, expires, mac, now=2_000_000_001)
    assert refused.value.problem is t.TokenProblem.EXPIRED
    with pytest.raises(t.TokenError) as forged:
        t.check_pass(PASS_KEY, pass_id, expires + 3600, mac, now=0)
    assert forged.value.problem is t.TokenProblem.FORGED


@given(st.text(max_size=200))
def test_any_text_is_either_a_pass_or_malformed(text):
    try:
        pass_id, expires, mac = t.parse_pass(text)
    except t.TokenError as error:
        assert error.problem is t.TokenProblem.MALFORMED
    else:
        with pytest.raises(t.TokenError):
            t.check_pass(PASS_KEY, pass_id, expires, mac, now=0)
