"""The public proof page's sentences (issue 7 item 9): every combination of the statement's name
parts says each part once ("Northbrook Academy (demo) (demo)" and "Apex Apprenticeships, with
Apex Apprenticeships" were seen), leaves no gap for an empty part, and ends in one full stop."""

from __future__ import annotations

import itertools
import re

import pytest
from passport.verify.wording import proof_sentence
from passport.verify.wording import school_line
from passport.verify.wording import what_line

EVENTS = [None, "", "Year 9 careers fair", "Apex Apprenticeships", "Apex Apprenticeships open day"]
ORGANISATIONS = ["", "Arup", "Apex Apprenticeships", "apex apprenticeships "]
KINDS = [None, "Meeting an employer"]
ACTIVITIES = [None, "", "Talk", "Meeting an employer"]
WHO = ["Amy J.", "This pupil", ""]


def _once(part: str | None, sentence: str) -> bool:
    part = " ".join((part or "").split()).casefold()
    return not part or sentence.casefold().count(part) >= 1


@pytest.mark.parametrize(
    ("event", "organisation", "kind", "activity", "who"),
    list(itertools.product(EVENTS, ORGANISATIONS, KINDS, ACTIVITIES, WHO)),
)
def test_every_combination_says_each_part_once_and_reads_as_one_sentence(
    event, organisation, kind, activity, who
):
    sentence = proof_sentence(
        who=who, day="15 January 2026", organisation=organisation, event=event, kind=kind, activity=activity
    )
    # Nothing said twice: no part follows itself, and no "X, with X".
    for part in filter(None, [event, organisation, activity, kind]):
        clean = " ".join(part.split())
        assert not re.search(rf"{re.escape(clean)}\W+{re.escape(clean)}", sentence, re.IGNORECASE), sentence
    if event and organisation:
        assert sentence.casefold().count(" ".join(organisation.split()).casefold()) == 1, sentence
    # Nothing lost: the organisation and the event are in it.
    assert _once(organisation, sentence) and _once(event, sentence), sentence
    # No gaps or doubled punctuation from an empty part; one full stop at the end.
    assert "  " not in sentence and " ," not in sentence and ",," not in sentence, sentence
    assert "with on" not in sentence and ": :" not in sentence and sentence.count(":") <= 1, sentence
    assert sentence.endswith(" on 15 January 2026.") and not sentence.endswith(".."), sentence
    assert sentence.startswith(who or "This pupil"), sentence


@pytest.mark.parametrize(
    ("name", "code", "expected"),
    [
        ("Northbrook Academy (demo)", "demo", "Northbrook Academy (demo)"),
        ("Oakfield Academy", "oak", "Oakfield Academy (oak)"),
        ("Oak Academy", "OAK", "Oak Academy"),
        ("Oakfield Academy", "", "Oakfield Academy"),
        ("", "oak", "oak"),
    ],
)
def test_the_school_code_is_shown_once(name, code, expected):
    assert school_line(name, code) == expected


@pytest.mark.parametrize(
    ("kind", "activity", "expected"),
    [
        ("Meeting an employer", "Talk", "Meeting an employer: Talk"),
        ("Meeting an employer", "Meeting an employer", "Meeting an employer"),
        ("Meeting an employer", None, "Meeting an employer"),
        (None, "Talk", "Talk"),
    ],
)
def test_what_says_the_kind_and_activity_once(kind, activity, expected):
    assert what_line(kind, activity) == expected


def test_the_issue_examples():
    assert proof_sentence(
        who="Amy J.", day="1 May 2026", organisation="Apex Apprenticeships", event="Apex Apprenticeships"
    ) == "Amy J. attended Apex Apprenticeships on 1 May 2026."
    assert proof_sentence(
        who="Amy J.", day="1 May 2026", organisation="Arup", event="Year 9 careers fair"
    ) == "Amy J. attended Year 9 careers fair, with Arup, on 1 May 2026."
