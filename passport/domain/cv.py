"""The CV's rules as plain values: word limits, one-per-line lists, the skills summary
(requirements items 26 and 28; 002 B3, B6). No Flask, no database."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

# 002 B6: "100 and 250-word descriptions of what they achieved on their placements for future
# CVs, personal statements and application forms" (requirements item 26).
SHORT_WORDS = 100
LONG_WORDS = 250
STATEMENT_WORDS = 300  # a personal statement on a one- or two-page CV
# Characters: a bound on what is stored, far above any real CV, so a paste never breaks a page.
TEXT_MAX = 4000
LIST_MAX = 3000
LINE_MAX = 200
LIST_LINES = 20
NAME_MAX = 120
CONTACT_MAX = 200
REFEREES = 2
CHOSEN_MAX = 40


def word_count(text: str | None) -> int:
    """Words as a reader counts them: runs of non-space characters ("part-time" is one)."""
    return len((text or "").split())


def words_problem(text: str | None, limit: int, what: str) -> str | None:
    """The message when ``text`` is over ``limit`` words, else None (002 B6)."""
    count = word_count(text)
    if count <= limit:
        return None
    over = count - limit
    return (
        f"Keep your {what} to {limit} words or fewer. It has {count} words, "
        f"{over} {'word' if over == 1 else 'words'} too many."
    )


def lines_of(text: str | None) -> tuple[str, ...]:
    """A one-item-per-line box as its items: each line trimmed, blank lines dropped."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def lines_problem(text: str | None, what: str) -> str | None:
    """The message when a list box has too many lines, or a line too long, else None."""
    items = lines_of(text)
    if len(items) > LIST_LINES:
        return f"Keep {what} to {LIST_LINES} lines or fewer. It has {len(items)}."
    if any(len(item) > LINE_MAX for item in items):
        return f"Keep each line of {what} under {LINE_MAX} characters."
    return None


def skills_summary(tags: Iterable[Iterable[str]], labels: dict[str, str]) -> tuple[tuple[str, int], ...]:
    """Each skill the chosen entries are tagged with, with how many entries show it, most
    first then by name (requirements item 28). ``tags`` holds each entry's skill codes; a code
    with no label (a framework since removed) is left out."""
    counts = Counter(code for codes in tags for code in set(codes) if code in labels)
    return tuple(
        (labels[code], n) for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], labels[kv[0]]))
    )
