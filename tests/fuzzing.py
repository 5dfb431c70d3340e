"""A seeded fuzzer over every rule of ``app.url_map`` (issue 7, item 2: 0 responses 5xx).

``build_world(app)`` makes a school with real data (a pupil with entries, a classmate, a tutor, a
careers leader, an event on now with an employer's verifier link, a second school); ``fuzz(app,
world, ...)`` then sends generated requests to every rule and method, with URL values (real ids,
another pupil's ids, huge, negative, unicode), form bodies, JSON bodies (deep, NaN, wrong types,
sync batches mixing good and bad items) and raw bytes (invalid UTF-8), as an anonymous visitor, a
pupil, a tutor, a careers leader and an employer's verifier-link session. It is a plain seeded
``random.Random`` (same seed, same requests), bounded by ``per_rule``. tests/test_fuzz.py runs it
in the suite; bench/fuzz.py runs it with a larger budget and prints the figures.
"""

from __future__ import annotations

import json
import random
import re
import traceback
import uuid
from collections import Counter
from dataclasses import dataclass
from dataclasses import field
from datetime import timedelta
from io import BytesIO
from urllib.parse import quote

from werkzeug.routing import IntegerConverter
from werkzeug.routing import PathConverter
from werkzeug.routing import UUIDConverter

from tests import factories

PASSWORD = factories.PASSWORD
METHODS = ("GET", "POST")
ACTORS = ("anonymous", "pupil", "tutor", "careers_leader", "employer")

TEXTS = [
    "", " ", "   ", "a", "\x00", "a\x00b", "١٢", "１２", "²", "߁", "NaN", "nan", "Infinity", "-Infinity",
    "inf", "-1", "0", "1", "7", "12.5", "0.5", "2000", "1e999999", "-1e-999999", "9" * 40,
    "99999999999999999999999", "0x10", "1_000", "sNaN", "0001-01-01", "9999-12-31", "2026-03-10",
    "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "9999-12-31T23:59:59.999999+00:00",
    "0001-01-01T00:00:00-23:59", "2026-03-10T09:00:00Z", "2026-03-10T09:00:00", "٢٠٢٦-٠٣-١٠",
    "２０２６-０３-１０", "2026-13-45", "00:00", "23:59", "24:00", "١٢:٣٠", "12:30:00", "talk",
    "employer_encounter", "guidance_interview", "careers_fair", "other", "yes", "no", "y", "all",
    "new", "<script>alert(1)</script>", "' OR 1=1 --", "é", "😀", "\u202e", "\ufeff", "../../etc/passwd",
    "%00", "null", "true", "[]", "{}", "x" * 3000, "K7M2QX", "P.abc.1.def", "\r\n", "a,b,c",
]
FIELD_NAMES_EXTRA = [
    "kind", "op", "version", "base_version", "entry", "fields", "next", "who", "token", "typed",
    "scanned_at", "username", "password", "code", "confirm", "choice", "sharing", "file",
]
INTS = [0, 1, 2, 7, 2**31 - 1, 2**31, 2**53 + 1, 2**63 - 1, 2**63, 2**64, 10**23, 10**40]


@dataclass
class World:
    """The real data the fuzzer aims at, by name, plus the users that sign in."""

    users: dict[str, str]  # actor -> username
    ints: list[int]
    uuids: list[str]
    strings: list[str]
    owner_ids: list[str]
    verifier_secret: str
    entry_uuid: str
    other_uuid: str
    pass_token: str


@dataclass
class Report:
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    covered: set = field(default_factory=set)
    total_rules: int = 0
    failures: list = field(default_factory=list)

    @property
    def five_xx(self) -> int:
        return len(self.failures)

    def by_class(self) -> dict[str, int]:
        classes = Counter(f"{code // 100}xx" for code in self.statuses.elements())
        return dict(sorted(classes.items()))


def build_world(app) -> World:
    """Make the school, people and records; runs in its own app context."""
    from passport.domain.kinds import EntryKind
    from passport.models import Role
    from passport.operations import events as event_ops
    from passport.queries import passes

    from tests.verifier_helpers import make_fair

    with app.app_context():
        school = factories.make_school("Fuzz Academy", "fuzz")
        group = factories.make_group(school, "9F")
        tutor = factories.make_staff(school, Role.TUTOR)
        group.tutor_id = tutor.id
        leader = factories.make_staff(school, Role.CAREERS_LEADER)
        pupil = factories.make_pupil(school, first_name="Fay", group=group)
        classmate = factories.make_pupil(school, first_name="Cal", group=group)
        entries = [factories.make_entry(pupil), factories.make_entry(pupil, EntryKind.GUIDANCE_INTERVIEW)]
        other = factories.make_entry(classmate)
        fair = make_fair(school, starts_in=timedelta(minutes=-30))
        org = fair.organisations[0]
        event = factories.make_event(school, actor=leader)
        event_ops.add_organisation(event, leader, "Fuzz Ltd")
        elsewhere = factories.make_school("Elsewhere High", "else")
        stranger = factories.make_pupil(elsewhere, first_name="Sol")
        far_entry = factories.make_entry(stranger)
        token, _expires = passes.token_for(pupil)
        world = World(
            users={
                "pupil": pupil.user.username,
                "tutor": tutor.username,
                "careers_leader": leader.username,
            },
            ints=[group.id, pupil.id, classmate.id, stranger.id, fair.id, event.id, org.id,
                  *(e.id for e in entries), other.id, far_entry.id, pupil.user.id],
            uuids=[str(e.client_uuid) for e in [*entries, other, far_entry]],
            strings=[token, org.verifier_secret, fair.public_code, "sw.js", "css/app.css", "js/htmx.min.js"],
            owner_ids=[str(pupil.user.id), str(classmate.user.id), f"verifier:{org.id}"],
            verifier_secret=org.verifier_secret,
            entry_uuid=str(entries[0].client_uuid),
            other_uuid=str(other.client_uuid),
            pass_token=token,
        )
        from passport.extensions import db

        db.session.commit()
        return world


def _templates(world: World) -> dict[str, dict]:
    """A valid form for each endpoint that takes one: the fuzzer mutates a field or two, so
    requests get past the first check and reach the parsing, the rules and the database."""
    op = str(uuid.uuid4())
    entry = {"kind": "employer_encounter", "occurred_on": "2025-10-01", "subtype": "talk",
             "organisation": "Acme", "description": "A talk", "hours": "2", "skills": "teamwork"}
    event = {"kind": "careers_fair", "title": "Fair", "day": "2026-03-20", "starts": "09:00",
             "ends": "12:00", "year_groups": "9", "place": "Hall", "sectors": "health_care"}
    return {
        # Not a real user's name: failed sign-ins must not throttle the sessions being fuzzed.
        "auth.login": {"username": "fuzz.nobody", "password": "wrong password"},
        "auth.setup": {"username": "fuzz.nobody", "code": "ABCD-EFGH", "password": "a new password",
                       "confirm": "a new password"},
        "pupil.entry_new": entry,
        "pupil.entry_edit": {**entry, "version": "1", "op": op, "client_uuid": world.entry_uuid},
        "pupil.reflection": {"version": "0", "op": op, "next": "Find out more", "learned": "Lots"},
        "pupil.checkin": {"token": world.strings[2] + ".1.abcdefghijklmnop", "typed": "K7M2QX",
                          "scanned_at": "2026-03-10T09:00:00Z", "op": op},
        "pupil.sharing_choice": {"share_name": "first_name"},
        "staff.event_new": event,
        "staff.event_edit": event,
        "staff.organisation_add": {"name": "Acme", "sector": "health_care"},
        "staff.entry_verify": {"note": "Seen it"},
        "staff.entry_reject": {"reason": "No evidence"},
        "staff.setup_codes": {"who": "new"},
        "employer.confirm": {"op": op, "who": "Fay, Year 9", "comment": "Good questions"},
    }


class Generator:
    """Generated URL values and bodies, from one seeded ``random.Random``."""

    def __init__(self, rng: random.Random, world: World, field_names: list[str]):
        self.rng = rng
        self.world = world
        self.names = field_names
        self.templates = _templates(world)

    def text(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.6:
            return rng.choice(TEXTS)
        if roll < 0.75:
            return rng.choice(self.world.strings + self.world.uuids)
        if roll < 0.9:
            return "".join(chr(rng.choice([rng.randrange(32, 127), rng.randrange(0x80, 0xD7FF)]))
                           for _ in range(rng.randrange(1, 30)))
        return str(rng.choice(INTS + self.world.ints) * rng.choice([1, -1]))

    def url_value(self, converter) -> str:
        rng = self.rng
        if isinstance(converter, IntegerConverter):
            return str(rng.choice(INTS + self.world.ints * 3))
        if isinstance(converter, UUIDConverter):
            return rng.choice(self.world.uuids * 3 + [str(uuid.UUID(int=rng.getrandbits(128)))])
        if isinstance(converter, PathConverter):
            return rng.choice(["css/app.css", "js/htmx.min.js", "../secret", "x" * 300, "%00", "a/b/c.js"])
        value = self.text() or "x"
        return quote(value, safe="") if rng.random() < 0.9 else value.replace("/", "")

    def url(self, rule) -> str:
        def fill(match):
            return self.url_value(rule._converters[match.group(2)])

        url = re.sub(r"<(?:([^:<>]+):)?([^<>]+)>", fill, rule.rule)
        if self.rng.random() < 0.2:
            pairs = self.rng.sample(self.names, 2)
            url += "?" + "&".join(f"{quote(n)}={quote(self.text())}" for n in pairs)
        return url

    def form(self, endpoint: str | None = None) -> dict:
        """The endpoint's valid form with one to three fields changed (or random fields)."""
        rng = self.rng
        template = self.templates.get(endpoint) if endpoint else None
        if template is None or rng.random() < 0.2:
            names = rng.sample(self.names, rng.randrange(0, 12))
            return {name: self.text() for name in names}
        data = dict(template)
        for name in rng.sample(sorted(data), rng.randrange(1, min(3, len(data)) + 1)):
            if rng.random() < 0.15:
                del data[name]
            else:
                data[name] = self.text()
        if rng.random() < 0.2:
            data[rng.choice(self.names)] = self.text()
        return data

    def item(self) -> object:
        """One outbox item: mostly the protocol's shape, with generated parts."""
        rng = self.rng
        w = self.world
        action = rng.choice(["entry.create", "entry.update", "reflection.save", "checkin.claim",
                             "employer.confirm", "nonsense", None])
        op = rng.choice([str(uuid.uuid4())] * 4 + [self.text(), None, 12, [], {}])
        endpoint = {"entry.create": "pupil.entry_new", "entry.update": "pupil.entry_edit",
                    "reflection.save": "pupil.reflection", "checkin.claim": "pupil.checkin",
                    "employer.confirm": "employer.confirm"}.get(action)
        fields = self.form(endpoint)
        if action == "employer.confirm" and rng.random() < 0.7:
            fields.update(token=w.pass_token, op=op)
        fields = rng.choice([fields] * 6 + [None, [], "x", {"a": [1, None]}, {"kind": {"x": 1}}])
        entry = rng.choice([str(uuid.uuid4()), w.entry_uuid, w.other_uuid, self.text(), None, 5])
        version = rng.choice([None, 0, 1, 1, -1, 2**70, 1.5, "1", True])
        item = {"op": op, "action": action, "entry": entry, "base_version": version, "fields": fields}
        return rng.choice([item] * 8 + [None, [], "item", 3, {"op": op}])

    def json_body(self) -> bytes:
        rng = self.rng
        roll = rng.random()
        if roll < 0.08:
            depth = rng.choice([50, 1000, 100_000])
            if rng.random() < 0.5:
                return ("[" * depth + "]" * depth).encode()
            return ('{"a":' * depth + "1" + "}" * depth).encode()
        if roll < 0.14:
            return rng.choice(RAW_JSON)
        owner = rng.choice(self.world.owner_ids * 3 + [self.text(), None, 7])
        items = [self.item() for _ in range(rng.randrange(0, 6))]
        body = {"owner": owner, "items": rng.choice([items] * 6 + [None, {}, "x", [[]] * 101])}
        return json.dumps(body, allow_nan=True).encode()

    def request_kwargs(self, method: str, endpoint: str) -> dict:
        if method == "GET":
            return {}
        rng = self.rng
        roll = rng.random()
        if roll < 0.25 or endpoint.endswith(".sync") and roll < 0.85:
            return {"data": self.json_body(), "content_type": "application/json"}
        if roll < 0.35:
            return {"data": rng.choice([b"\xff\xfe\x00garbage", b"a=%ff%fe&b=%00", b"x" * 10_000]),
                    "content_type": rng.choice(["application/x-www-form-urlencoded", "text/plain",
                                                "multipart/form-data; boundary=zz"])}
        if roll < 0.45 or endpoint == "staff.import_pupils" and roll < 0.8:
            csv = rng.choice(CSVS)
            name = rng.choice(["pupils.csv", "x.exe", "\x00.csv", "é.CSV"])
            return {"data": {**self.form(endpoint), "file": (BytesIO(csv), name)},
                    "content_type": "multipart/form-data"}
        return {"data": self.form(endpoint)}


RAW_JSON = [
    b"NaN", b'{"items": [NaN]}', b'{"items": Infinity}', b'{"a": -Infinity}', b"\xff\xfe{",
    b'{"items": "\xc3\x28"}', b'{"items": [1e99999]}', b"[]", b"null", b'"\\ud800"',
    b'{"owner": "\\u0000", "items": []}', b'{"items": [' + b"1," * 5000 + b"1]}",
    b'{"items": [{"op": "\\ud800", "action": "entry.create", "fields": {"organisation": "\\udfff"}}]}',
]
CSVS = [
    b"UPN,Legal Forename,Legal Surname,DOB,Year,Reg Group\r\nA123456789012,Amy,Jones,01/05/2012,9,9B\r\n",
    "UPN,Legal Forename,Legal Surname,DOB,Year,Reg Group\nA1,\u0661\u0662,x,9999-99-99,\uff11,9\n".encode(),
    b"UPN,Legal Forename,Legal Surname,DOB,Year,Reg Group\n\x00,\xff,x,0001-01-01,99999999999999999999,9B\n",
    b"", b"\xef\xbb\xbf" + b"a," * 3000, b"UPN\n" + b'"' * 50,
]


def field_names(app) -> list[str]:
    """Every field name of every form class in the app, plus the reflection prompts' keys."""
    from flask_wtf import FlaskForm
    from passport.domain.kinds import REFLECTION_PROMPTS

    names: set[str] = set(FIELD_NAMES_EXTRA)
    pending = list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        names.update(n for n, v in vars(form).items() if hasattr(v, "field_class"))
    names.update(p.key for prompts in REFLECTION_PROMPTS.values() for p in prompts)
    return sorted(names)


def _csrf_of(response) -> str | None:
    match = re.search(r'name="csrf-token" content="([^"]+)"', response.get_data(as_text=True))
    return match.group(1) if match else None


def sign_in(app, actor: str, world: World, address: str):
    """A test client in ``actor``'s session, signed in through the real pages."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    if actor == "employer":
        client.get(f"/v/{world.verifier_secret}")
    elif actor != "anonymous":
        page = client.get("/login")
        data = {"username": world.users[actor], "password": PASSWORD, "csrf_token": _csrf_of(page) or ""}
        response = client.post("/login", data=data)
        assert response.status_code == 303, f"{actor} could not sign in: {response.status_code}"
    token = _csrf_of(client.get("/offline"))
    if token:
        client.environ_base["HTTP_X_CSRFTOKEN"] = token
    return client


def fuzz(app, world: World, *, per_rule: int = 3, seed: int = 7, actors=ACTORS,
         report: Report | None = None) -> Report:
    """Send ``per_rule`` generated requests for each rule, method and actor; collect what
    answered 5xx or raised. Returns the (cumulative) report."""
    rng = random.Random(seed)
    report = report or Report()
    rules = [r for r in app.url_map.iter_rules()]
    report.total_rules = len(rules)
    gen = Generator(rng, world, field_names(app))
    addresses = (f"10.{seed % 250}.{n // 250}.{n % 250 + 1}" for n in range(10**6))
    for actor in actors:
        client = sign_in(app, actor, world, next(addresses))
        for rule in rules:
            for method in sorted(set(METHODS) & rule.methods):
                for _ in range(per_rule):
                    path = gen.url(rule)
                    kwargs = gen.request_kwargs(method, rule.endpoint)
                    if rng.random() < 0.3:
                        kwargs["headers"] = {"HX-Request": "true"}
                    status = _send(client, method, path, kwargs, report)
                    report.covered.add((rule.rule, rule.endpoint))
                    if status is not None and rule.endpoint == "auth.logout" or status == 401:
                        # Signed out (or its session ended): sign in again, from a new address
                        # (the fuzzed sign-in form's failures may have throttled the old one).
                        client = sign_in(app, actor, world, next(addresses))
    return report


def _send(client, method: str, path: str, kwargs: dict, report: Report) -> int | None:
    report.requests += 1
    body = kwargs.get("data")
    summary = repr(body)[:300] if body is not None else ""
    try:
        response = client.open(path, method=method, **kwargs)
    except Exception as exc:  # the app raised (TESTING propagates): a 500 in production
        report.statuses[500] += 1
        last = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{last.filename}:{last.lineno}"
        report.failures.append((method, path, summary, f"{type(exc).__name__}: {exc} at {where}"))
        return None
    report.statuses[response.status_code] += 1
    if response.status_code >= 500:
        report.failures.append((method, path, summary, f"HTTP {response.status_code}"))
    elif response.is_json and isinstance(response.get_json(silent=True), dict):
        results = response.get_json().get("results") or []
        broken = [r for r in results if isinstance(r, dict) and r.get("status") == "error"]
        if broken:
            report.failures.append((method, path, summary, f"item errors: {broken[:2]}"))
    response.close()
    return response.status_code
