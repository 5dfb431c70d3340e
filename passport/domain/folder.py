"""Rules of the leavers' folder (issue 9; requirements item 27; 002 B3, Park Campus PRU: "A
record of functional skills they have developed; CV; Experiences of work and reflections; A
letter from the principal; All certificates and references").

Plain values only: the principal's letter's merge fields, and what an upload may be.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

# The merge fields of the principal's letter, with what each says (the edit page lists them).
LETTER_FIELDS: dict[str, str] = {
    "first_name": "the pupil's first name",
    "full_name": "the pupil's first and last name",
    "school": "the school's name",
    "year_group": "the pupil's year group, e.g. 11",
    "leaving_year": "this school year, e.g. 2026–27",
    "activities": "how many activities their folder lists",
    "verified": "how many of them the school verified",
}

DEFAULT_LETTER = "\n\n".join((
    "Dear {first_name},",
    "As you leave {school}, I want to congratulate you on everything you have done to prepare for"
    " your next steps. This folder brings together your record: the skills you have built, the"
    " {activities} activities you took part in ({verified} of them checked by the school), your CV,"
    " and your certificates and references.",
    "Keep it safe and use it: when you apply for college, an apprenticeship, a job or university,"
    " it shows what you have done and what you can do.",
    "We wish you every success.",
))

DEFAULT_SIGNED_BY = "The Principal"
DEFAULT_SIGNER_ROLE = "Principal"

_FIELD = re.compile(r"\{([^{}]*)\}")


class LetterProblem(ValueError):
    """The letter's template cannot be filled in; the message says why, for the form."""


def check_letter(template: str) -> None:
    """Raise LetterProblem if ``template`` names a field that does not exist or has a brace
    that does not close, so a typo is caught when the leader saves, not in 200 folders."""
    try:
        fields = [
            (name, spec, conv)
            for _, name, spec, conv in string.Formatter().parse(template)
            if name is not None
        ]
    except ValueError:
        raise LetterProblem(
            "A { or } is not closed. Use {first_name} for a merge field, or write {{ and }} for a brace."
        ) from None
    names = [name for name, _, _ in fields]
    # "{first_name:>99999}" or "{first_name!r}" would pad or quote: a field is its name alone.
    dressed = [name for name, spec, conv in fields if spec or conv]
    if dressed:
        raise LetterProblem(
            f"Write a merge field as its name in braces alone, like {{{dressed[0] or 'first_name'}}}."
        )
    unknown = sorted({n for n in names if n not in LETTER_FIELDS})
    if unknown:
        raise LetterProblem(
            f"There is no merge field {{{unknown[0]}}}. The fields are: "
            + ", ".join(f"{{{f}}}" for f in LETTER_FIELDS)
            + "."
        )


def fill_letter(template: str, values: dict[str, object]) -> list[str]:
    """The letter's paragraphs (split at blank lines) with the fields filled in. The template
    was checked when saved; the values are plain text, escaped where they are printed."""
    text = template.format_map({name: values[name] for name in LETTER_FIELDS})
    return [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]


# --- uploads: certificates and references --------------------------------------------------

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_DOCUMENTS = 30
MAX_PDF_PAGES = 10
# Images are re-encoded no larger than this on their long side (a certificate at ~200 dpi on A4).
MAX_IMAGE_SIDE = 2400
MAX_IMAGE_PIXELS = 40_000_000  # refuse decompression bombs before decoding


@dataclass(frozen=True)
class Sniffed:
    media_type: str
    label: str


_SIGNATURES: tuple[tuple[bytes, Sniffed], ...] = (
    (b"%PDF-", Sniffed("application/pdf", "PDF")),
    (b"\x89PNG\r\n\x1a\n", Sniffed("image/png", "PNG image")),
    (b"\xff\xd8\xff", Sniffed("image/jpeg", "JPEG image")),
)

ACCEPTED = "a PDF, or a photo or scan as a JPEG or PNG image"


def sniff(head: bytes) -> Sniffed | None:
    """What a file is, from its first bytes: never from its name or the browser's claim."""
    for magic, kind in _SIGNATURES:
        if head.startswith(magic):
            return kind
    return None
