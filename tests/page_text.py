"""Pages without their random values, for tests that look for what must *not* be on a page.

A page carries values that are random on every run: the CSRF token (in a meta tag and in every
form), an op uuid per form, signed pass and check-in tokens. Any of them can spell a short
string such as "SEN", "9A" or "Amy" by chance, so a check that "SEN" is not on the page fails
about once in a few thousand runs for no fault of the code. Take those values out first; what
is left is every word the page says and every attribute it carries.
"""

from __future__ import annotations

import re

UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# A run of base64url characters (and the dots and colons of a signed token) long enough to be
# a token. Words and sentences have spaces; a run is taken out only if it also looks random.
RUN = re.compile(r"[A-Za-z0-9_\-.:=]{16,}")


def looks_random(run: str) -> bool:
    """A digit, a '-' or '_' or an upper-case letter after the first: not a word."""
    return any(c.isdigit() or c in "-_" for c in run) or any(c.isupper() for c in run[1:])


def without_random_values(page: str) -> str:
    page = UUID.sub("", page)
    return RUN.sub(lambda m: "" if looks_random(m.group()) else m.group(), page)
