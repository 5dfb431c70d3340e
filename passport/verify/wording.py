"""The public proof page's sentences, built from a signed statement's parts.

The parts come from different places (the school's name, the event's title, the organisation a
pupil or an employer typed, the kind and activity labels) and often overlap: a demo school is
called "Northbrook Academy (demo)" with the code "demo"; a provider's visit is an event named
"Apex Apprenticeships" with the organisation "Apex Apprenticeships". Each sentence says every
part once: a part already said (inside another) is left out. Plain values only: no Flask.
"""

from __future__ import annotations

import re


def _said(part: str | None, text: str) -> bool:
    """Whether ``part`` is already in ``text`` (ignoring case and outer spaces)."""
    return bool(part) and part.strip().casefold() in text.casefold()


def _clean(part: str | None) -> str:
    return " ".join((part or "").split())


def school_line(name: str | None, code: str | None) -> str:
    """The school, with its code in brackets unless the name already carries it as a word
    ("Northbrook Academy (demo)" with code "demo"; "Oakfield Academy" with "oak" gets it)."""
    name, code = _clean(name), _clean(code)
    if not code or re.search(rf"(?<!\w){re.escape(code)}(?!\w)", name, re.IGNORECASE):
        return name or code
    return f"{name} ({code})" if name else code


def what_line(kind: str | None, activity: str | None) -> str:
    """"Meeting an employer: Talk", or the kind alone when the activity says nothing more."""
    kind, activity = _clean(kind), _clean(activity)
    if not activity or _said(activity, kind):
        return kind
    if not kind or _said(kind, activity):
        return activity
    return f"{kind}: {activity}"


def proof_sentence(
    *,
    who: str,
    day: str,
    organisation: str | None,
    event: str | None = None,
    kind: str | None = None,
    activity: str | None = None,
) -> str:
    """The one sentence the page leads with, e.g. "Amy J. attended Year 9 careers fair, with
    Arup, on 15 January 2026." Each part is said once and empty parts leave no gap."""
    who, day = _clean(who) or "This pupil", _clean(day)
    organisation, event = _clean(organisation), _clean(event)
    if event:
        sentence = f"{who} attended {event}"
        if organisation and not _said(organisation, event):
            sentence += f", with {organisation},"
    else:
        what = _clean(activity) or _clean(kind) or "An activity"  # one label: no "a: b: c"
        sentence = f"{who}: {what}"
        if organisation and not _said(organisation, what):
            sentence += f" with {organisation}"
    if day:
        sentence += f" on {day}"
    return sentence.rstrip(",") + "."
