"""What the EHC annual-review careers summary reads: one pupil's progress, their experiences of
work since Year 9, targets and guidance interviews (requirements items 22, 25, 39)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..access import pupil_scope
from ..domain import benchmarks
from ..domain import ehc
from ..domain.kinds import Verification
from ..extensions import db
from ..models import Entry
from ..models import GuidanceInterview
from ..models import Pupil
from ..models import Target
from ..models import User
from .guidance import interviews_of
from .pupils import entries_of
from .pupils import progress_of
from .targets import targets_of


def pupil_or_none(user: User, pupil_id: int) -> Pupil | None:
    """The pupil if ``user`` may read their record (``access.pupil_scope``), whatever their
    tutor group, or none: a SENCO's pupil may have no group yet."""
    return db.session.scalar(select(Pupil).where(Pupil.id == pupil_id, pupil_scope(user)))


@dataclass(frozen=True)
class Interview:
    """One guidance interview as the summary shows it. ``held_on``, the adviser and their level
    are the school's record of the interview (B8 counts them); ``detail`` is the interview itself
    (advice and agreed actions) for those who may read it, else None."""

    held_on: date
    adviser_name: str
    adviser_level6: bool
    further_offered: bool
    detail: GuidanceInterview | None


@dataclass(frozen=True)
class Summary:
    """Everything the summary prints, as of ``made_on``."""

    pupil: Pupil
    made_on: date
    covers_from: date
    criteria: list[benchmarks.CriterionStatus]
    work: list[Entry]
    targets: list[Target]
    interviews: list[Interview]
    guidance_in_full: bool

    @property
    def met(self) -> list[benchmarks.CriterionStatus]:
        return [c for c in self.criteria if c.status == benchmarks.Status.MET]

    @property
    def to_meet(self) -> list[benchmarks.CriterionStatus]:
        """Criteria not met yet, missed ones first, then soonest deadline first."""
        open_ = [c for c in self.criteria if c.status != benchmarks.Status.MET]
        return sorted(open_, key=lambda c: (c.status != benchmarks.Status.OVERDUE, c.due or date.max))

    @property
    def verified_work(self) -> int:
        return sum(1 for e in self.work if e.verification == Verification.VERIFIED)

    @property
    def sectors(self) -> list[str]:
        """The sectors of the work entries, each once, in the order first met."""
        return list(dict.fromkeys(e.sector for e in self.work if e.sector))


def summary(pupil: Pupil, today: date, *, guidance_in_full: bool) -> Summary:
    """The summary of ``pupil`` (who has one: ``domain.ehc.refusal`` is None) on ``today``.
    ``guidance_in_full``: the reader may see each interview's advice and actions
    (``access.SEE_ALL_GUIDANCE``); otherwise only its date, adviser and whether a further one
    was offered. The same few queries whatever the record's size: entries (with their skills
    and reflections), the interviews advisers recorded (as the rules read them, and whole with
    their actions) and targets."""
    entries = entries_of(pupil)
    progress = progress_of(pupil, entries, today)
    start = ehc.covers_from(pupil.year_group, today)
    work = [
        e
        for e in reversed(entries)  # oldest first: the review reads it as a story
        if e.kind in ehc.WORK_KINDS and start <= e.occurred_on <= today
        and e.verification != Verification.REJECTED
    ]
    interviews = [
        Interview(
            held_on=i.held_on, adviser_name=i.adviser_name, adviser_level6=i.adviser_level6,
            further_offered=i.further_offered, detail=i if guidance_in_full else None,
        )
        for i in interviews_of(pupil)
    ]
    applicable = [c for c in progress.criteria if c.status != benchmarks.Status.NOT_APPLICABLE]
    return Summary(
        pupil=pupil, made_on=today, covers_from=start,
        criteria=applicable, work=work, targets=targets_of(pupil), interviews=interviews,
        guidance_in_full=guidance_in_full,
    )
