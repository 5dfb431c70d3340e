"""What we hold about a pupil, who can see it and for how long, in words a 12-year-old follows
(requirements item 38; UK GDPR transparency). Each kind names the columns it covers, so
``tests/queries/test_held_data.py`` fails when a table or column of pupil data is added and not
described here; "who can see it" is built from ``passport/access.py``, so it cannot drift."""

from __future__ import annotations

from dataclasses import dataclass

from .. import access
from ..models import Role

# How each role is named to a pupil.
ROLE_WORDS = {
    Role.TUTOR: "your tutor",
    Role.CAREERS_LEADER: "the careers leader",
    Role.CAREERS_ADVISER: "your careers adviser",
    Role.SENCO: "the SENCO (the teacher who looks after special educational needs)",
    Role.DESIGNATED_TEACHER: "the designated teacher for children in care",
    Role.SENIOR_LEADER: "the school's senior leaders",
}
WHILE_HERE = (
    "While you are a pupil at this school. When you leave, your school decides when to delete it; "
    "download your copy before you go."
)


def people(roles, *, you: bool = True, extra: tuple[str, ...] = ()) -> str:
    """``roles`` (a capability set from access.py) said as a list of people."""
    names = (["you"] if you else []) + [ROLE_WORDS[r] for r in ROLE_WORDS if r in roles] + list(extra)
    if not names:
        return "Nobody on a page."
    said = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
    return said[0].upper() + said[1:] + "."


@dataclass(frozen=True)
class HeldKind:
    """One kind of data held about a pupil."""

    title: str
    what: str
    who: str
    how_long: str
    columns: dict[str, frozenset[str]]


def _c(**tables: str) -> dict[str, frozenset[str]]:
    return {table: frozenset(names.split()) for table, names in tables.items()}


_STAFF_OWN = (
    "Staff only see the pupils they look after: your tutor sees their tutor group, the SENCO "
    "pupils with special educational needs, the designated teacher children in care."
)


def for_pupils() -> list[HeldKind]:
    """Every kind of data held about a pupil, in the order the page lists them."""
    return [
        HeldKind(
            "Who you are at school",
            "Your name, username, date of birth, unique pupil number (UPN), year and tutor group.",
            people(access.RECORD_READERS) + " " + _STAFF_OWN,
            WHILE_HERE,
            _c(
                users="id school_id username role first_name last_name email is_active created_at",
                pupils="id school_id upn date_of_birth year_group tutor_group_id considering_university",
            ),
        ),
        HeldKind(
            "Extra help and support",
            "Whether you get special educational needs support or have an EHC plan, free school "
            "meals, pupil premium, whether you are in care, and whether the local authority thinks "
            "you might need help to stay in education, training or work after 16. These help staff "
            "support you.",
            people(access.SEE_SENSITIVE | access.SEE_INTERVIEW_CONTEXT, you=False).removesuffix(".")
            + " (your careers adviser when they meet you). They are not shown on your pages or in "
            "your download: ask the school if you want to see them.",
            WHILE_HERE,
            _c(pupils="sen_support ehc_plan free_school_meals pupil_premium looked_after neet_risk"),
        ),
        HeldKind(
            "Your gender, as the school's records have it",
            "F or M, or not known, copied from the school's main records. It is only used to count "
            "how many girls and boys have had each part of the careers programme and which kinds "
            "of work they met, so that nobody is steered by stereotypes. It is never shown on a "
            "page with your name.",
            people(access.LEADER, you=False),
            WHILE_HERE,
            _c(pupils="gender"),
        ),
        HeldKind(
            "Your passport entries",
            "Each thing you did: what kind, when, which organisation, what you wrote, the skills you "
            "picked, and whether the school confirmed it (and who confirmed it, when and how). "
            "Entries brought from another school say which school.",
            people(access.RECORD_READERS)
            + " "
            + _STAFF_OWN
            + " Anyone you give a proof link to sees what that link says.",
            WHILE_HERE,
            _c(
                entries="id client_uuid school_id pupil_id kind subtype occurred_on organisation sector "
                "is_stem "
                "description hours met_staff met_students adviser_level6 verification verified_by_id "
                "verified_at verification_note verification_method event_id verifier_org_id version "
                "created_by_id created_at client_created_at updated_at",
                entry_skills="entry_id skill",
                entry_origins="entry_id school_id from_school_name from_school_code original_uuid statement "
                "verify_url signature_checked imported_by_id imported_at",
                verification_undos="id school_id entry_id actor_id previous previous_method reason at",
            ),
        ),
        HeldKind(
            "Your reflections and comments on them",
            "What you wrote about what you learned, and the comments you and staff wrote about it.",
            "You. "
            + people(access.RECORD_READERS, you=False).removesuffix(".")
            + " only if you choose to share it.",
            WHILE_HERE,
            _c(
                reflections="entry_id answers version shared_with_tutor updated_at",
                reflection_comments="id school_id pupil_id entry_id author_id body created_at read_at",
            ),
        ),
        HeldKind(
            "Your careers guidance",
            "Your meetings with a careers adviser: what they advised, the next steps you agreed, and "
            "whether your tutor has followed it up.",
            people(access.SEE_ALL_GUIDANCE)
            + " "
            + people(access.GUIDANCE_READERS - access.SEE_ALL_GUIDANCE, you=False).removesuffix(".")
            + " only if you say yes. Other staff see only that a meeting happened, when and with whom.",
            WHILE_HERE,
            _c(
                guidance_interviews="id school_id pupil_id held_on adviser_name adviser_id adviser_level6 "
                "advice "
                "further_offered considering_university shared_with_tutor followed_up_at "
                "followed_up_by_id created_by_id created_at",
                interview_actions="id interview_id text owner due_on status updated_at",
                pupils="further_interview_offered_on",
            ),
        ),
        HeldKind(
            "Your targets",
            "The next steps you or staff set for you, when to look at them again, and whether they are done.",
            people(access.RECORD_READERS) + " " + _STAFF_OWN,
            WHILE_HERE,
            _c(
                targets="id school_id pupil_id entry_id text review_on status set_by_id created_at updated_at"
            ),
        ),
        HeldKind(
            "Your CV",
            "The CV you write: your statement, what you achieved, your education, jobs, "
            "volunteering and interests, which entries you picked, and your referees' names and "
            "how to reach them (a referee's contact details are never printed on it).",
            "You. "
            + people(access.FOLDER_KEEPERS, you=False).removesuffix(".")
            + " see it inside your leavers' folder when they make it for you.",
            WHILE_HERE,
            _c(
                cvs="pupil_id school_id statement achievements_100 achievements_250 education jobs "
                "volunteering interests referees entry_uuids version created_at updated_at"
            ),
        ),
        HeldKind(
            "Your leavers' folder",
            "The certificates and references you or staff add to it (the file, its name, its size, "
            "who added it and when; photos are saved again without where they were taken), which "
            "reflections and guidance you chose to put in, and the folder and entitlement statement the "
            "school made for your year group to print (those copies are deleted after two weeks).",
            people(access.FOLDER_KEEPERS) + " Anyone you give your folder to sees what is in it.",
            WHILE_HERE,
            _c(
                folder_documents="id school_id pupil_id kind title media_type content pages size sha256 "
                "uploaded_by_id uploaded_at",
                reflections="in_folder",
                guidance_interviews="in_folder",
                folder_batch_items="id batch_id pupil_id status attempts problem pdf started_at finished_at",
            ),
        ),
        HeldKind(
            "Your parents and carers",
            "Which parents or carers are linked to your passport (their name and email, and when), "
            "the codes in the letters school printed for them, and which talks with a careers adviser "
            "you share with them. They see your entitlement: what each year should bring, and what you "
            "have done and whether school confirmed it. Never your reflections.",
            "You, the parents and carers linked to you, "
            + people(access.RECORD_READERS, you=False).removesuffix(".")
            + ". Only the careers leader can remove a link.",
            WHILE_HERE,
            _c(
                parent_links="id parent_id pupil_id school_id created_at",
                parent_link_codes="id school_id pupil_id code_hash expires_at used_at created_by_id "
                "created_at",
                guidance_interviews="shared_with_parents",
            ),
        ),
        HeldKind(
            "Sharing with the local authority",
            "Whether school may share your plans, offers and whether you need help after school with "
            "the local authority's service for young people, or only your name, address and date of "
            "birth; who chose (your parent or carer before you are 16, you from 16) and when.",
            people(access.LEADER) + " Your parents or carers linked to you, while you are under 16.",
            WHILE_HERE,
            _c(pupils="la_basic_only la_choice_by la_choice_at"),
        ),
        HeldKind(
            "Where you went after leaving",
            "When you left, where you went next (sixth form, college, university, an apprenticeship, "
            "training, a job, or not known), and whether you left a course early, which school "
            "must tell the local authority about if you are 16 or 17.",
            people(access.LEADER, you=False),
            "Three years after you leave, then it is deleted.",
            _c(destinations="pupil_id school_id left_on kind detail left_early notify_due notified_at "
               "updated_at updated_by_id"),
        ),
        HeldKind(
            "Feedback on events",
            "The rating from 1 to 5 and the sentence you gave about an event you went to, and what "
            "your parents or carers said about it, with when. It helps school make the next one "
            "better.",
            "You see your own and the careers leader sees everyone's. Your parents or carers see "
            "only their own. It is not in your download.",
            WHILE_HERE,
            _c(
                event_feedback="id school_id event_id source giver author_id pupil_id organisation_id "
                "rating comment version created_at updated_at"
            ),
        ),
        HeldKind(
            "Checking in at events",
            "When you checked in at an event with its code or your pass, and which organisation "
            "confirmed you were there.",
            people(access.LEADER),
            WHILE_HERE,
            _c(
                checkin_claims="id school_id event_id pupil_id entry_id slot method scanned_at received_at "
                "delay_seconds is_late reviewed_by_id reviewed_at review",
                employer_confirmations="id school_id organisation_id pupil_id entry_id confirmed_at",
                checkin_throttles="pupil_id school_id window_started_at failures next_try_at",
                pupils="pass_id share_name",
            ),
        ),
        HeldKind(
            "Signing in",
            "A scrambled copy of your password (nobody can read it back), your set-up code while it "
            "works, when you last signed in, the phones and computers you are signed in on, and "
            "wrong passwords typed (to stop people guessing).",
            "Nobody can read your password. "
            + people(access.LEADER, you=False).removesuffix(".")
            + " can give you a new set-up code.",
            "Sign-ins end after a while, and wrong passwords are forgotten after a quiet spell. "
            "The rest while you are a pupil here.",
            _c(
                users="password_hash setup_code_hash setup_code_expires_at last_login_at",
                user_sessions="id token_hash user_id created_at last_seen_at expires_at",
                login_throttles="key failures last_failure_at blocked_until",
            ),
        ),
        HeldKind(
            "Who looked at your record",
            "Each time a member of staff opened your record, and every change made (who, what and when).",
            people(access.LEADER, you=False),
            WHILE_HERE,
            _c(
                record_views="id school_id viewer_id pupil_id page at minute",
                audit_events="id school_id actor_id action subject_type subject_id at detail",
            ),
        ),
        HeldKind(
            "Behind the scenes",
            "Numbers the app keeps so your phone can save things with no signal, and your progress "
            "worked out ahead of time so pages load fast. They say nothing new about you.",
            "Nobody on a page.",
            "Until they are no longer needed, and never longer than the rest of your record.",
            _c(
                op_receipts="op_uuid school_id user_id action entry_uuid at",
                pupil_progress="pupil_id verified_only record_version settings_version computed_for criteria",
                pupils="record_version",
            ),
        ),
    ]


# Tables linked to pupils or their accounts that hold no data about a pupil, and why.
NOT_PUPIL_DATA = {
    "events": "Events the school runs; who went is in checkin_claims and entries.",
    "event_organisations": "Organisations at an event; which confirmed a pupil is in employer_confirmations.",
    "tutor_groups": "Group names and their tutors; a pupil's group is pupils.tutor_group_id.",
    "entitlement_items": "The school's entitlement statements, the same for every pupil of a year.",
    "careers_pages": "What the school publishes about its careers programme; no pupil's data.",
    "folder_letters": "The principal's letter the careers leader writes, the same for every pupil.",
    "folder_batches": (
        "That a year group's folders or statements were made, when and by whom; each pupil's is in "
        "folder_batch_items."
    ),
}
