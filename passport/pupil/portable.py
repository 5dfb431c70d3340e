"""The pupil's own copy of their record (UK GDPR access and portability, requirements item 21):
the whole record as JSON, each verified entry as an Open Badges 3.0 credential, and the page
that says, plainly, what is held about them (item 38)."""

from __future__ import annotations

import io
import uuid
import zipfile

from flask import abort
from flask import g
from flask import render_template

from .. import clock
from ..documents import export
from ..documents.download import attachment
from ..documents.links import public_url
from ..operations import sharing
from ..queries import badges
from ..queries import held_data
from ..queries import pupils as q
from ..queries.export import record_of
from . import bp


def _stem() -> str:
    return f"career-passport-{clock.today().isoformat()}"


@bp.get("/export.json")
def export_json():
    """Everything in the pupil's passport, as JSON in the published format."""
    record = record_of(g.pupil)
    proofs = {entry.id: proof for entry in record.entries if (proof := badges.proof_of(entry))}
    today = clock.today()
    sealed = [str(entry.client_uuid) for entry in record.entries if entry.id in proofs]
    document = export.build(
        record,
        proofs=proofs,
        seal=sharing.export_seal(g.pupil, sealed, today),
        exported_on=today,
        schema_url=public_url("verify.export_schema"),
        keys_url=public_url("verify.keys"),
    )
    return attachment(export.dumps(document), f"{_stem()}.json", "application/json")


@bp.get("/badges/<uuid:entry_uuid>.jwt")
def badge(entry_uuid: uuid.UUID):
    """One verified entry as an Open Badges 3.0 credential (VC-JWT); 404 for any other."""
    jwt = badges.badge_of(q.own_entry_or_404(g.pupil, entry_uuid))
    if jwt is None:
        abort(404)
    return attachment(jwt.encode("ascii"), f"badge-{entry_uuid}.jwt", "application/vc+jwt")


@bp.get("/badges.zip")
def badges_zip():
    """Every verified entry's Open Badges 3.0 credential, one .jwt file each, in a zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in q.entries_of(g.pupil):
            jwt = badges.badge_of(entry)
            if jwt is not None:
                on = entry.occurred_on
                info = zipfile.ZipInfo(f"badge-{entry.client_uuid}.jwt", (on.year, on.month, on.day, 0, 0, 0))
                archive.writestr(info, jwt)
    return attachment(buffer.getvalue(), f"{_stem()}-badges.zip", "application/zip")


@bp.get("/your-data")
def what_we_hold():
    """What we hold about you, who can see it and for how long; and your copy of it."""
    has_badges = any(badges.badge_of(e) for e in q.entries_of(g.pupil))
    return render_template("pupil/what_we_hold.html", kinds=held_data.for_pupils(), has_badges=has_badges)
