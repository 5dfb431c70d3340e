"""The verifier session: which organisation's link this browser opened.

Kept in the signed, http-only, SameSite=Lax session cookie under ``verifier_org``, beside (never
instead of) a signed-in user's session. It holds the organisation's id and a fingerprint of its
link, so revoking the link, or replacing it with a new one, ends the session at once.
"""

from __future__ import annotations

from flask import session
from flask_login import current_user

from ..domain import verifier
from ..extensions import db
from ..models import EventOrganisation
from ..models import Role
from ..models._base import utcnow
from ..operations.checkin import late_window
from ..operations.employer import link_facts
from ..operations.employer import link_fingerprint

SESSION_KEY = "verifier_org"


def is_pupil() -> bool:
    """A signed-in pupil is never a verifier: nobody confirms their own encounters."""
    return current_user.is_authenticated and current_user.role == Role.PUPIL


def start(org: EventOrganisation, *, feedback_only: bool = False) -> None:
    """Remember ``org``'s link in this browser (replacing any other organisation's).
    ``feedback_only``: the link was opened after its event, for the organisation's feedback
    only; such a session never confirms a pupil nor sends confirmations saved on a phone."""
    session[SESSION_KEY] = {"org": org.id, "link": link_fingerprint(org), "feedback_only": feedback_only}
    session.permanent = True


def feedback_only() -> bool:
    saved = session.get(SESSION_KEY)
    return isinstance(saved, dict) and saved.get("feedback_only") is True


def organisation() -> EventOrganisation | None:
    """The organisation whose link this browser opened, while that link is still the one the
    school issued; None for a pupil. Whether the event is on is the caller's question."""
    saved = session.get(SESSION_KEY)
    if not isinstance(saved, dict) or is_pupil():
        return None
    org = db.session.get(EventOrganisation, saved.get("org")) if isinstance(saved.get("org"), int) else None
    if org is None or saved.get("link") != link_fingerprint(org):
        return None
    return org


def state(org: EventOrganisation) -> verifier.LinkState:
    return verifier.link_state(link_facts(org), utcnow())


def can_sync(org: EventOrganisation) -> bool:
    """Whether confirmations saved offline may still be sent through this link now."""
    return verifier.accepts_late_sync(link_facts(org), utcnow(), late_window(org.event))


def owner(org: EventOrganisation) -> str:
    """The owner of this organisation's outbox items on the phone (and in ``/api/csrf``)."""
    return f"verifier:{org.id}"


def sync_owner() -> str | None:
    """This browser's verifier outbox owner, while its link may still send; else None."""
    org = organisation()
    return owner(org) if org is not None and can_sync(org) and not feedback_only() else None
