"""The pupil's pass (a QR code an employer scans at their stand), replacing it when a phone is
lost, and what the pupil's proof links say about them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from datetime import UTC

import qrcode
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import url_for
from flask_login import current_user
from markupsafe import Markup

from .. import clock
from ..documents.links import public_url
from ..documents.qr import qr_svg
from ..operations import sharing
from ..queries import passes
from . import bp
from .pass_forms import ReplacePassForm
from .pass_forms import SHARE_OPTIONS
from .pass_forms import ShareNameForm


@dataclass(frozen=True)
class Proof:
    """A verified entry's public proof link and its QR code."""

    url: str
    qr: Markup


def proof_of(entry) -> Proof | None:
    """The proof link of a verified entry (None for any other entry)."""
    url = sharing.proof_url_for(entry)
    if url is None:
        return None
    label = "QR code of the proof link for this entry"
    return Proof(url, qr_svg(url, label=label, error_correction=qrcode.constants.ERROR_CORRECT_L))


@bp.context_processor
def proof_helpers():
    """Pupil pages can show a verified entry's proof link: ``proof_of(entry)``."""
    return {"proof_of": proof_of}


@bp.get("/pass")
def my_pass():
    """The pass: a big QR code of ``/p/<token>`` and the pupil's first name. Saved on the
    phone by the service worker, so it opens at a fair with no signal."""
    token, expires = passes.token_for(g.pupil)
    url = public_url("employer.pass_page", token=token)
    until = datetime.fromtimestamp(expires, UTC).astimezone(clock.LONDON)
    return render_template(
        "pupil/pass.html",
        url=url,
        qr=qr_svg(url, label=f"Career Passport pass of {current_user.first_name}"),
        until=until,
        form=ReplacePassForm(),
    )


@bp.post("/pass/replace")
def pass_replace():
    """A new pass: every older copy (a lost phone, a photo) stops working."""
    form = ReplacePassForm()
    if form.validate():
        sharing.replace_pass(g.pupil, current_user)
        flash("You have a new pass. Any old copy of your pass no longer works.", "success")
    return redirect(url_for("pupil.my_pass"), 303)


@bp.route("/sharing", methods=["GET", "POST"])
def sharing_choice():
    """Choose what a proof link says your name is."""
    form = ShareNameForm()
    if not form.is_submitted():
        form.share_name.data = g.pupil.share_name
    elif form.validate():
        sharing.choose_share_name(g.pupil, form.share_name.data, current_user)
        flash("Saved. Your proof links now show what you chose.", "success")
        return redirect(url_for("pupil.sharing_choice"), 303)
    status = 422 if form.errors else 200
    return render_template("pupil/sharing.html", form=form, options=SHARE_OPTIONS), status
