"""The CV's pure rules (passport/domain/cv.py): 002 B6's 100- and 250-word descriptions are
counted as a reader counts words, list boxes are one item per line, and the skills summary
counts the chosen entries (requirements items 26 and 28)."""

import pytest
from passport.domain import cv
from passport.domain.kinds import SKILL_LABELS


@pytest.mark.parametrize(
    ("text", "words"),
    [("", 0), (None, 0), ("   ", 0), ("one", 1), ("part-time job", 2), ("a\nb\tc  d", 4),
     ("I'm  here.  ", 2), ("état café naïve", 3), ("\u00a0word\u2003word", 2)],
)
def test_word_count_counts_runs_of_non_space(text, words):
    assert cv.word_count(text) == words


@pytest.mark.parametrize(("limit", "count", "message"), [
    (100, 100, None),
    (100, 101, "Keep your 100-word description to 100 words or fewer. It has 101 words, 1 word too many."),
    (250, 260, "Keep your 100-word description to 250 words or fewer. It has 260 words, 10 words too many."),
])
def test_002_b6_word_limit_message_says_by_how_much(limit, count, message):
    """002 B6: "100 and 250-word descriptions of what they achieved"."""
    assert cv.words_problem(" ".join(["w"] * count), limit, "100-word description") == message


def test_lines_drop_blanks_and_trim():
    assert cv.lines_of("  GCSE Maths \n\n\r\nGCSE Art\n ") == ("GCSE Maths", "GCSE Art")
    assert cv.lines_problem("\n".join(["x"] * 20), "interests") is None
    too_many = cv.lines_problem("\n".join(["x"] * 21), "interests")
    assert too_many == "Keep interests to 20 lines or fewer. It has 21."
    assert cv.lines_problem("y" * 201, "interests") == "Keep each line of interests under 200 characters."


def test_skills_summary_counts_each_entry_once_most_first_then_by_name():
    """Requirements item 28: skills summarised on the CV from the entries' tags."""
    tags = [["teamwork", "listening"], ["teamwork", "teamwork"], ["speaking", "no_such_skill"], []]
    assert cv.skills_summary(tags, SKILL_LABELS) == (("Teamwork", 2), ("Listening", 1), ("Speaking", 1))
    assert cv.skills_summary([], SKILL_LABELS) == ()
