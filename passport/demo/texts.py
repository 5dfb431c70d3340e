"""The demo school's made-up world: employers, providers, jobs, subjects, what pupils write in
their entries and reflections, and the term dates the demo's careers programme keeps to."""

from __future__ import annotations

EMPLOYERS = (  # (organisation, sector, STEM)
    ("Riverside Hospital NHS Trust", "health_care", True),
    ("Calder Precision Engineering", "engineering_manufacturing", True),
    ("Brightwater Wind Energy", "energy_utilities", True),
    ("Kestrel Software", "computing_digital", True),
    ("Northgate Labs", "science_research", True),
    ("Fenwick Civil Engineering", "construction", True),
    ("Oakridge Veterinary Practice", "agriculture_environment", True),
    ("County Fire and Rescue Service", "public_services", False),
    ("Harbour & Lane Solicitors", "business_finance", False),
    ("Pennine Building Society", "business_finance", False),
    ("The Grand Hotel", "hospitality_food", False),
    ("Greenway Supermarkets", "retail_sales", False),
    ("Millbrook Primary School", "education_childcare", False),
    ("Sunrise Care Home", "health_care", False),
    ("Metro Buses", "transport_logistics", False),
    ("City Radio", "arts_media", False),
    ("Studio Nine Design", "arts_media", False),
    ("Glow Hair and Beauty", "beauty_wellbeing", False),
    ("Active Leisure Centres", "sport_leisure", False),
    ("Army careers team", "public_services", False),
    ("Hughes Electrical", "construction", False),
)
JOBS = (
    ("Greenway Supermarkets", "retail_sales"), ("The Mill Café", "hospitality_food"),
    ("Patel's Newsagents (paper round)", "retail_sales"), ("Active Leisure Centres", "sport_leisure"),
    ("Luigi's Pizzeria", "hospitality_food"), ("Glow Hair and Beauty", "beauty_wellbeing"),
    ("Northbrook Town FC (junior referee)", "sport_leisure"),
)
VOLUNTEERING = (
    ("Northbrook Food Bank", "charity_community"), ("St Mark's youth club", "charity_community"),
    ("Hospice charity shop", "retail_sales"), ("Riverside parkrun", "sport_leisure"),
    ("Canal clean-up group", "agriculture_environment"),
)
PROVIDERS = {
    "sixth_form": ("Northbrook Academy Sixth Form", "St Aidan's Sixth Form College"),
    "fe_college": ("Riverside College", "Eastmoor College"),
    "university": ("University of Eastmoor", "Kingsgate University", "Northern Metropolitan University"),
    "apprenticeship_provider": ("Apex Apprenticeships", "County Training Partnership"),
    "utc": ("Westfield UTC",),
    "studio_school": ("Harbour Studio School",),
}
SUBJECTS = (  # (subject, STEM, the pupil's answer to "Which jobs use this subject?")
    ("Maths", True, "Engineers, accountants and data analysts use algebra and statistics every day."),
    ("Science", True, "Nurses, pharmacists and lab technicians all need chemistry and biology."),
    ("Computing", True, "Game developers, cyber security analysts and web designers."),
    ("Design and technology", True, "Product designers, architects and engineers."),
    ("Geography", False, "Town planners, surveyors and environmental consultants."),
    ("English", False, "Journalists, lawyers, marketing and anyone who writes reports."),
    ("French", False, "Jobs in travel, international business and translation."),
    ("Business", False, "Managers, accountants and people who start their own company."),
)
LMI_SOURCES = ("National Careers Service website", "Careerpilot", "Start (careers platform)",
               "LMI for All job explorer", "Local careers hub labour market briefing", "Unifrog")
ADVISERS = (("Ms Priya Sharma, careers adviser", True), ("Mr Tom Walsh, careers adviser", True),
            ("Mrs Helen Ford, careers adviser", True), ("Mr Gareth Lloyd, learning mentor", False))

# The year focus of 002 B5: interests in Y7-8, aspirations in Y9, self-presentation in Y10,
# applications in Y11.
ENCOUNTERS_BY_YEAR = {
    7: ("talk", "carousel", "in_curriculum", "with_parents", "business_game"),
    8: ("talk", "carousel", "in_curriculum", "business_game", "alumni"),
    9: ("talk", "fair", "enterprise_competition", "alumni", "with_parents"),
    10: ("cv_workshop", "employability_workshop", "mock_interview", "fair", "e_mentoring"),
    11: ("mock_interview", "fair", "cv_workshop", "mentoring", "talk"),
    12: ("mentoring", "e_mentoring", "alumni", "employability_workshop", "talk", "fair"),
    13: ("mock_interview", "mentoring", "alumni", "fair", "employability_workshop"),
}
DESCRIPTIONS = {
    "talk": "{org} came into assembly to talk about their jobs and how they got them.",
    "carousel": "Careers carousel in the hall: ten minutes with each employer, including {org}.",
    "fair": "Careers fair in the sports hall. I spent the longest at the {org} stand.",
    "cv_workshop": "{org} helped us write our first CV and said what they look for.",
    "mock_interview": "Mock interview with a volunteer from {org}, then feedback.",
    "mentoring": "Mentoring sessions every few weeks with someone from {org}.",
    "e_mentoring": "Online mentoring with a mentor from {org}.",
    "employability_workshop": "Workshop run by {org} on what employers want.",
    "business_game": "Business game day run by {org}: our team ran a pretend company.",
    "enterprise_competition": "Enterprise competition judged by people from {org}.",
    "alumni": "A former pupil who now works at {org} came back to talk to us.",
    "with_parents": "Careers evening with my parents; {org} had a stand.",
    "in_curriculum": "Someone from {org} came into our lesson to show how they use it at work.",
    "workplace_visit": "Trip to {org} to see how everything works.",
    "shadowing": "Shadowed someone at {org} for the day.",
    "in_school": "Work experience in school with the {org}.",
    "volunteering_social_action": "Social action project with {org}.",
    "under_one_week": "Three days of work experience at {org}.",
    "one_two_week_block": "Work experience at {org}.",
    "regular_weekly": "One afternoon a week at {org} this term.",
    "internship": "Summer placement at {org}.",
}

# Short pupil-voice answers for each prompt key of domain.kinds.REFLECTION_PROMPTS.
ANSWERS = {key: tuple(a.strip() for a in text.split("|")) for key, text in {
    "work_like": "Busier than I thought. Everyone had their own job but they kept checking in. | Lots "
    "of time on computers and in meetings, not just the hands-on bit. | It starts early and there are "
    "loads of safety rules. | Friendly. They let us ask questions and showed us a normal day. | More "
    "teamwork than I expected. | They work shifts, so some days start at 7 and some finish late.",
    "succeed": "Being on time and reliable. Grades get you the interview but attitude keeps the job. | "
    "Maths and English at grade 4 or above, then you can train on the job. | Good communication and "
    "staying calm when things go wrong. | A degree for some jobs, but lots of them started as "
    "apprentices. | Problem solving, and asking for help when you need it.",
    "next": "Look up apprenticeships in this area. | Ask my teacher which qualifications I would need. | "
    "Talk to my mum about it tonight. | Look at the courses on the National Careers Service website. | "
    "Find out if they do work experience or summer placements. | Check the entry requirements.",
    "learning_like": "More independent than school: you have free periods and manage your own time. | "
    "The rooms are like real workplaces and the teachers have worked in the industry. | Smaller classes "
    "than I expected, and you call teachers by their first names. | The students said it is hard work but "
    "you get more freedom. | The students said the teachers treat you more like adults.",
    "fit": "Yes, because I like practical work more than exams. | Maybe. It's a long way from home but the "
    "course looked great. | Not sure yet, I want to see a couple more first. | Yes, it felt friendly and "
    "they have the course I want. | Probably not, I'd rather earn while I learn.",
    "talked_about": "Whether to do A levels or a college course. | What I'm good at and jobs that use it; "
    "we looked at nursing and paramedic routes. | Apprenticeships in engineering and the grades I need. | "
    "University courses and student finance. | I'm not sure what I want to do, so what I enjoy.",
    "agreed": "Apply to two colleges before Christmas and go to an open evening. | Research three "
    "apprenticeships and bring them next time. | Get my personal statement checked by October half "
    "term. | Do a taster day in March and tell my tutor how it went. | Ask for maths help so I get a 5.",
    "found_out": "Health care jobs are growing near us and there are lots of vacancies. | Electricians "
    "earn more than I thought and there aren't enough of them. | Lots of jobs need digital skills now. | "
    "Apprentice pay starts low but goes up once you qualify. | Green energy jobs will grow round here.",
    "choices": "I'm going to pick computer science as an option. | It made me think about keeping a "
    "language. | I'll choose a course that leads to jobs in demand. | I want to do triple science to keep "
    "doors open. | I'll talk to my parents about an apprenticeship instead of sixth form.",
    "learned": "You have to turn up even when you don't feel like it. | Staying polite makes it easier "
    "when people are rude. | How to handle money and work the till. | It's better to ask than to guess. | "
    "Small things make a big difference to people.",
    "skills_used": "Speaking to people and teamwork. | Staying positive on long shifts. | Listening and "
    "following instructions. | Problem solving when things go wrong. | Leadership: I train new people now.",
}.items()}

# What employers type when they confirm a pupil at their stand (one in three confirms with none).
EMPLOYER_COMMENTS = (
    "Asked great questions about apprenticeships.", "Confident and polite, a pleasure to talk to.",
    "Really interested in how we train new starters.", "Asked what a normal day is like here.",
    "Tried our hands-on challenge and did well.", "Keen to find out about work experience with us.",
    "Thoughtful questions about pay and training.", "Came back to the stand a second time!",
    "Asked which GCSEs we look for.", "Good listener, great follow-up questions.",
)

# The (month, day) each term starts and ends: the demo's school days.
AUTUMN, SPRING, SUMMER = ((9, 8), (12, 17)), ((1, 6), (3, 31)), ((4, 15), (7, 18))
SCHOOL_YEAR = (AUTUMN[0], SUMMER[1])

# The pastoral staff (demo/care.py): the careers adviser is the one the pupils' own interview
# entries name first (ADVISERS).
CARE_STAFF = {
    "careers_adviser": ("Priya", "Sharma", "adviser"),
    "senco": ("Helen", "Brooks", "senco"),
    "designated_teacher": ("Samuel", "Osei", "designated.teacher"),
}
# Two recorded guidance interviews (requirements items 20, 39; 001 ¶71: the EHC plan's outcomes
# and the personal education plan focus the talk): (days before today, advice, actions as
# (text, owner, days from today to the due date or None, done)).
EHC_INTERVIEW = (
    35,
    "We used the employment outcomes in your EHC plan to talk about working with animals. We looked "
    "at the land-based courses at Northbrook College, the supported internship at the city farm, and "
    "what help you could have at work (a job coach, Access to Work). You want to try a placement first.",
    (("Go to the supported internship open morning at the city farm", "pupil", 21, False),
     ("Send the college's SEND team your EHC plan outcomes, with your say-so", "adviser", None, True),
     ("Ask the SENCO about travel training for the bus to college", "tutor", 42, False)),
)
CARE_INTERVIEW = (
    21,
    "We talked about your plan to train as an electrician. We used your personal education plan to "
    "check what help the Virtual School can give with college costs, and looked at the electrical "
    "installation course and apprenticeships with local firms.",
    (("Ask your personal adviser about the 16 to 19 bursary for care leavers", "pupil", 14, False),
     ("Find two electrical apprenticeships that start in September", "adviser", 28, False)),
)
# Targets: (text, days from today to the review date). The first the pupil sets, the second
# their tutor.
EHC_TARGET = ("Ask about the supported internship at the city farm", 21)
CARE_TARGET = ("Fill in the college application with my personal adviser", 14)
