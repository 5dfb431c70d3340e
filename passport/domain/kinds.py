"""The vocabulary of the record: entry kinds, their subtypes, provider types, sectors, skills.

Each list cites ``shared/domain/requirements.md`` (the "requirements" below) and, through it,
the source document. Labels are written for pupils aged 11 to 18.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class EntryKind(StrEnum):
    """What an entry records (requirements item 1)."""

    EMPLOYER_ENCOUNTER = "employer_encounter"
    WORKPLACE_EXPERIENCE = "workplace_experience"
    PROVIDER_ENCOUNTER = "provider_encounter"
    GUIDANCE_INTERVIEW = "guidance_interview"
    CURRICULUM_LEARNING = "curriculum_learning"
    LABOUR_MARKET_INFO = "labour_market_info"
    PART_TIME_JOB = "part_time_job"
    VOLUNTEERING = "volunteering"


class Verification(StrEnum):
    """Who stands behind an entry (requirements item 16)."""

    SELF_REPORTED = "self_reported"
    VERIFIED = "verified"
    REJECTED = "rejected"


class ProviderType(StrEnum):
    """Providers of the next stage of learning (Benchmark 7, requirements items 8 and 13)."""

    SIXTH_FORM = "sixth_form"
    FE_COLLEGE = "fe_college"
    UNIVERSITY = "university"
    APPRENTICESHIP_PROVIDER = "apprenticeship_provider"
    UTC = "utc"
    STUDIO_SCHOOL = "studio_school"


@dataclass(frozen=True)
class KindInfo:
    """How one entry kind is asked for and shown.

    ``subtypes`` are (code, label) pairs; an empty tuple means the kind has none.
    ``has_hours`` says whether hours apply; ``organisation_label`` is the question the form asks
    and ``organisation_missing`` the message when it is left empty.
    ``benchmark`` is the Gatsby Benchmark the kind feeds (None: recorded, never counted).
    """

    label: str
    plural: str
    hint: str
    benchmark: int | None
    organisation_label: str
    organisation_missing: str
    organisation_required: bool = True
    subtypes: tuple[tuple[str, str], ...] = ()
    has_hours: bool = False


# Requirements item 2 [001 ¶52; 004 §10]: exactly these.
EMPLOYER_SUBTYPES = (
    ("talk", "Careers talk"),
    ("carousel", "Careers carousel"),
    ("fair", "Careers fair"),
    ("cv_workshop", "CV workshop"),
    ("mock_interview", "Mock interview"),
    ("mentoring", "Mentoring"),
    ("e_mentoring", "E-mentoring (online)"),
    ("employability_workshop", "Employability workshop"),
    ("business_game", "Business game"),
    ("enterprise_competition", "Enterprise competition"),
    ("alumni", "Talk or activity with former pupils"),
    ("with_parents", "Employer event with parents or carers"),
    ("in_curriculum", "Employer in a lesson"),
)

# Requirements item 3 [001 ¶57; 002 B6].
WORKPLACE_SUBTYPES = (
    ("workplace_visit", "Workplace visit"),
    ("shadowing", "Job shadowing"),
    ("in_school", "Work experience in school"),
    ("volunteering_social_action", "Career-related volunteering or social action"),
    ("under_one_week", "Work experience (less than a week)"),
    ("one_two_week_block", "Work experience (1 to 2 week block)"),
    ("regular_weekly", "Work experience (regular, weekly)"),
    ("internship", "Internship or holiday placement"),
)

PROVIDER_LABELS = {
    ProviderType.SIXTH_FORM: "Sixth form",
    ProviderType.FE_COLLEGE: "College (further education)",
    ProviderType.UNIVERSITY: "University",
    ProviderType.APPRENTICESHIP_PROVIDER: "Apprenticeship provider",
    ProviderType.UTC: "University technical college (UTC)",
    ProviderType.STUDIO_SCHOOL: "Studio school",
}

KINDS: dict[EntryKind, KindInfo] = {
    EntryKind.EMPLOYER_ENCOUNTER: KindInfo(
        label="Meeting an employer",
        plural="Meetings with employers",
        hint="A talk, careers fair, mock interview, mentoring or other time with people from work.",
        benchmark=5,
        organisation_label="Which employer or organisation?",
        organisation_missing="Enter the employer or organisation.",
        subtypes=EMPLOYER_SUBTYPES,
    ),
    EntryKind.WORKPLACE_EXPERIENCE: KindInfo(
        label="Experience of a workplace",
        plural="Experiences of workplaces",
        hint="A visit to a workplace, job shadowing or work experience.",
        benchmark=6,
        organisation_label="Which workplace?",
        organisation_missing="Enter the workplace.",
        subtypes=WORKPLACE_SUBTYPES,
        has_hours=True,
    ),
    EntryKind.PROVIDER_ENCOUNTER: KindInfo(
        label="Visit or talk from a college, sixth form, university or apprenticeship provider",
        plural="Colleges, sixth forms, universities and apprenticeship providers",
        hint="Finding out what learning is like at the next place you might go.",
        benchmark=7,
        organisation_label="Which college, sixth form, university or provider?",
        organisation_missing="Enter the college, sixth form, university or provider.",
        subtypes=tuple((p.value, label) for p, label in PROVIDER_LABELS.items()),
    ),
    EntryKind.GUIDANCE_INTERVIEW: KindInfo(
        label="Careers guidance interview",
        plural="Careers guidance interviews",
        hint="A one-to-one talk with a careers adviser about your plans.",
        benchmark=8,
        organisation_label="Who was your careers adviser?",
        organisation_missing="Enter your careers adviser's name.",
    ),
    EntryKind.CURRICULUM_LEARNING: KindInfo(
        label="Careers in a lesson",
        plural="Careers in lessons",
        hint="A lesson that showed how a subject is used in jobs.",
        benchmark=4,
        organisation_label="Which subject?",
        organisation_missing="Enter the subject.",
    ),
    EntryKind.LABOUR_MARKET_INFO: KindInfo(
        label="Finding out about jobs and pay",
        plural="Finding out about jobs and pay",
        hint="Using information about jobs, pay and the skills employers want to help you choose.",
        benchmark=2,
        organisation_label="Where did you find the information?",
        organisation_missing="Enter where you found the information.",
    ),
    EntryKind.PART_TIME_JOB: KindInfo(
        label="Part-time job",
        plural="Part-time jobs",
        hint="A paid job outside school. It goes on your CV.",
        benchmark=None,
        organisation_label="Who do you work for?",
        organisation_missing="Enter who you work for.",
        has_hours=True,
    ),
    EntryKind.VOLUNTEERING: KindInfo(
        label="Volunteering",
        plural="Volunteering",
        hint="Helping out for free, including the National Citizen Service.",
        benchmark=None,
        organisation_label="Where did you volunteer?",
        organisation_missing="Enter where you volunteered.",
        has_hours=True,
    ),
}

# Requirements item 28 [002 B1, B4]: a per-school framework, "use CDI Framework and Skills
# Builder to set career learning outcomes": the Skills Builder Universal Framework's eight
# essential skills, or the six areas of the CDI Career Development Framework (2021). Codes are
# unique across frameworks, so an entry tagged before the school changed framework keeps its
# tags and their labels.
SKILL_FRAMEWORKS: dict[str, tuple[tuple[str, str], ...]] = {
    "skills_builder": (
        ("listening", "Listening"),
        ("speaking", "Speaking"),
        ("problem_solving", "Problem solving"),
        ("creativity", "Creativity"),
        ("staying_positive", "Staying positive"),
        ("aiming_high", "Aiming high"),
        ("leadership", "Leadership"),
        ("teamwork", "Teamwork"),
    ),
    "cdi": (
        ("grow_throughout_life", "Grow throughout life"),
        ("explore_possibilities", "Explore possibilities"),
        ("manage_career", "Manage your career"),
        ("create_opportunities", "Create opportunities"),
        ("balance_life_and_work", "Balance life and work"),
        ("see_the_big_picture", "See the big picture"),
    ),
}
SKILL_LABELS: dict[str, str] = {code: label for fw in SKILL_FRAMEWORKS.values() for code, label in fw}


def skill_choices(framework: str, kept=()) -> list[tuple[str, str]]:
    """The skills a pupil may tag with: the school's framework, then any known skill in ``kept``
    from another framework (an entry tagged before the school changed framework, or an offline
    form filled in before the change), so an edit never drops a tag the pupil did not untick."""
    own = list(SKILL_FRAMEWORKS[framework])
    codes = {code for code, _ in own}
    others = [code for code in dict.fromkeys(kept or ()) if code in SKILL_LABELS and code not in codes]
    return own + [(code, SKILL_LABELS[code]) for code in others]

# Requirements item 41 [002 B3; 003 §8]: one controlled list, so reports can count breadth.
SECTORS = (
    ("agriculture_environment", "Agriculture, environment and animals"),
    ("arts_media", "Arts, media and design"),
    ("beauty_wellbeing", "Beauty and wellbeing"),
    ("business_finance", "Business, finance and law"),
    ("computing_digital", "Computing and digital"),
    ("construction", "Construction and trades"),
    ("education_childcare", "Education and childcare"),
    ("energy_utilities", "Energy and utilities"),
    ("engineering_manufacturing", "Engineering and manufacturing"),
    ("health_care", "Health and social care"),
    ("hospitality_food", "Hospitality, food and tourism"),
    ("public_services", "Public services, armed forces and emergency services"),
    ("retail_sales", "Retail, sales and customer service"),
    ("science_research", "Science and research"),
    ("sport_leisure", "Sport and leisure"),
    ("transport_logistics", "Transport and logistics"),
    ("charity_community", "Charity and community"),
    ("other", "Other"),
)


@dataclass(frozen=True)
class Prompt:
    """One reflection question: ``key`` is stored with the answer, ``question`` is shown."""

    key: str
    question: str
    hint: str = ""


_WORK_PROMPTS = (
    Prompt("work_like", "What is work like there?", "What did people do all day? What surprised you?"),
    Prompt("succeed", "What does it take to succeed there?", "Skills, qualifications, habits."),
    Prompt("next", "What will I do next?", "One thing you will do or find out because of this."),
)

# Requirements item 15 [001 table B5/B7; 002 B6]: every encounter or experience has a
# reflection with prompts that fit its kind.
REFLECTION_PROMPTS: dict[EntryKind, tuple[Prompt, ...]] = {
    EntryKind.EMPLOYER_ENCOUNTER: _WORK_PROMPTS,
    EntryKind.WORKPLACE_EXPERIENCE: _WORK_PROMPTS,
    EntryKind.PROVIDER_ENCOUNTER: (
        Prompt("learning_like", "What is learning like there?", "Lessons, teachers, students, the place."),
        Prompt("fit", "Could you see yourself there? Why or why not?"),
        Prompt("next", "What will I do next?", "One thing you will do or find out because of this."),
    ),
    EntryKind.GUIDANCE_INTERVIEW: (
        Prompt("talked_about", "What did you talk about?"),
        Prompt("agreed", "What did you agree to do next?", "Write down the steps and when."),
    ),
    EntryKind.CURRICULUM_LEARNING: (
        Prompt("careers_found", "Which jobs use this subject?"),
        Prompt("next", "What will I do next?", "One thing you will do or find out because of this."),
    ),
    EntryKind.LABOUR_MARKET_INFO: (
        Prompt("found_out", "What did you find out about jobs, pay or skills?"),
        Prompt("choices", "How will it help you choose your options?"),
    ),
    EntryKind.PART_TIME_JOB: (
        Prompt("learned", "What have you learned about work?"),
        Prompt("skills_used", "Which skills do you use most?"),
        Prompt("next", "What will I do next?"),
    ),
    EntryKind.VOLUNTEERING: (
        Prompt("learned", "What have you learned by helping?"),
        Prompt("skills_used", "Which skills did you use most?"),
        Prompt("next", "What will I do next?"),
    ),
}


class ReflectionState(StrEnum):
    """How far a pupil has reflected on an entry (requirements item 15)."""

    MISSING = "missing"
    STARTED = "started"
    COMPLETE = "complete"


def reflection_state(kind: EntryKind, answers: dict[str, str] | None) -> ReflectionState:
    """Complete when every prompt for ``kind`` has a non-blank answer; missing when none has."""
    prompts = REFLECTION_PROMPTS[kind]
    answered = sum(1 for p in prompts if (answers or {}).get(p.key, "").strip())
    if answered == 0:
        return ReflectionState.MISSING
    if answered == len(prompts):
        return ReflectionState.COMPLETE
    return ReflectionState.STARTED


def subtype_label(kind: EntryKind, code: str | None) -> str | None:
    """The pupil-facing label of ``code`` within ``kind``, or None when it has none."""
    return dict(KINDS[kind].subtypes).get(code) if code else None


def sector_label(code: str | None) -> str | None:
    """The label of a sector code, or None."""
    return dict(SECTORS).get(code) if code else None


class ActionOwner(StrEnum):
    """Who agreed to do a next step (requirements item 20: "owner")."""

    PUPIL = "pupil"
    ADVISER = "adviser"
    TUTOR = "tutor"
    PARENT = "parent"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


# Who does an action, as staff read it and as the pupil reads it.
ACTION_OWNER_LABELS = {
    ActionOwner.PUPIL: "the pupil",
    ActionOwner.ADVISER: "the adviser",
    ActionOwner.TUTOR: "the tutor",
    ActionOwner.PARENT: "a parent or carer",
}
ACTION_OWNER_FOR_PUPIL = {
    ActionOwner.PUPIL: "you",
    ActionOwner.ADVISER: "your careers adviser",
    ActionOwner.TUTOR: "your tutor",
    ActionOwner.PARENT: "your parent or carer",
}
