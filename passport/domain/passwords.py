"""What makes a password acceptable (NCSC password guidance; OWASP ASVS 4.0 V2.1).

Pure: the deny-list is passed in (``load_common_passwords`` reads the one shipped in
``passport/data/``). The rules, each with its reason:

- at least ``PASSWORD_MIN`` (8) characters and at most ``PASSWORD_MAX`` (128): NCSC "minimum
  length", ASVS V2.1.1/V2.1.2; spaces count, so passphrases are welcome (V2.1.3, no
  truncation, no composition rules: V2.1.9);
- not only spaces;
- not on the deny-list of common passwords, compared lower-case, also once the digits and
  symbols typed after a common word are taken off ("Sunshine2026!"): NCSC "deny-lists",
  ASVS V2.1.7;
- not the username and not the school's name. We refuse a password that *contains* the
  username or the whole school name (spaces and punctuation ignored), and one that is a
  distinctive word of the school's name plus digits or symbols ("Oakfield1!"): these are the
  first guesses of a classmate, who knows both. A plain substring test on every word of the
  school's name would refuse honest passphrases ("academy"), so generic words are left out.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache
from pathlib import Path

PASSWORD_MIN = 8
PASSWORD_MAX = 128
DENY_LIST = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt"
# Words of a school's name that say nothing about this school.
GENERIC_WORDS = frozenset(
    "academy school college high community primary secondary grammar trust church saint "
    "catholic england technology studies sixth form upper lower middle park demo".split()
)
_SQUASH = re.compile(r"[^0-9a-z]+")
_DECORATION = re.compile(r"[\W\d_]+$")


def _squash(text: str) -> str:
    return _SQUASH.sub("", text.lower())


@cache
def load_common_passwords(path: Path = DENY_LIST) -> frozenset[str]:
    """The shipped deny-list, lower-case (read once per process)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(
    password: str, *, username: str = "", school_name: str = "", common: Collection[str] = ()
) -> str | None:
    """Why ``password`` may not be used, in words for the person choosing it; None if it may."""
    if len(password) < PASSWORD_MIN or len(password) > PASSWORD_MAX:
        return f"Use at least {PASSWORD_MIN} characters (and no more than {PASSWORD_MAX})."
    if not password.strip():
        return "Your password cannot be only spaces."
    lowered = password.strip().lower()
    if lowered in common or _DECORATION.sub("", lowered) in common:
        return "That password is one of the most common ones, so it is easy to guess. Choose another."
    squashed = _squash(password)
    local = username.lower().split("@")[0]
    names = {_squash(local), _squash(_DECORATION.sub("", local))}
    if any(len(name) >= 4 and name in squashed for name in names) or _squash(username) == squashed:
        return "Your password cannot be your username, or contain it."
    school = _squash(school_name)
    words = {w for w in re.split(r"[^0-9a-z]+", school_name.lower()) if len(w) >= 4} - GENERIC_WORDS
    if (school and school in squashed) or _DECORATION.sub("", lowered) in words:
        return "Your password cannot be your school's name. Choose something only you would think of."
    return None
