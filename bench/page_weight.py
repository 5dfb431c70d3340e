"""Page weight (issue 7, item 9, last bullet): "the first sign-in downloads about 1 MB for a
pupil with 85 entries: HTML goes uncompressed when no proxy compresses it, and a verified
entry's page is 60-70 KB (its inline QR SVG)".

Prints the bytes of one verified entry's page, and the bytes a first sign-in's warm-up
transfers: the service worker's precache (templates/pwa/sw.js PRECACHE, the shell assets and
the offline page) plus the pages its ``warm()`` saves, modelled here the way sw.js walks them
(start pages, then links matching KEEP, the newest WARM_ENTRIES entries, at most WARM_LIMIT
pages). Both as sent to a browser that accepts gzip, and uncompressed. A third of the
entries are verified by the careers leader, so they carry a proof QR code.

    .venv/bin/python bench/page_weight.py [--entries 85]
"""

from __future__ import annotations

import argparse
import re
from datetime import date

import _setup  # puts the repository root on sys.path

ROOTS = ["/passport/", "/passport/entries/new", "/passport/pass", "/passport/timeline"]
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
KEEP = re.compile(
    r"^/passport/(|timeline|scan|pass|entries/new(\?kind=[a-z_]+)?|entries/"
    + UUID
    + r"(/edit|/reflection)?)$"
)
ENTRY_PAGE = re.compile(r"^/passport/entries/(" + UUID + ")")
WARM_ENTRIES, WARM_LIMIT = 30, 150
GZIP = {"Accept-Encoding": "gzip, deflate, br"}
TODAY = date(2027, 3, 10)


def _sizes(client, path: str) -> tuple[int, int, str]:
    """(bytes sent with gzip accepted, bytes uncompressed, the page's text)."""
    packed = client.get(path, headers=GZIP)
    plain = client.get(path, headers={"Accept-Encoding": "identity"})
    text = plain.get_data(as_text=True) if plain.mimetype == "text/html" else ""
    sizes = (len(packed.data), len(plain.data), text)
    packed.close()
    plain.close()
    return sizes


def warm_up(client) -> tuple[int, int, int]:
    """(pages, bytes gzipped, bytes uncompressed) of the warm-up's pages, as sw.js walks them."""
    queue, seen, entries = list(ROOTS), set(), set()
    pages = packed_total = plain_total = 0
    while queue and pages < WARM_LIMIT:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        packed, plain, html = _sizes(client, path)
        pages += 1
        packed_total += packed
        plain_total += plain
        for link in re.findall(r'href="(/passport/[^"#]*)"', html):
            link = link.replace("&amp;", "&")
            if not KEEP.match(link) or link in seen or link in queue:
                continue
            entry = ENTRY_PAGE.match(link)
            if entry and entry[1] not in entries:
                if len(entries) >= WARM_ENTRIES:
                    continue
                entries.add(entry[1])
            queue.append(link)
    return pages, packed_total, plain_total


def precache(app, client) -> tuple[int, int]:
    """(bytes gzipped, bytes uncompressed) of what the service worker installs with."""
    from passport.assets import asset_url
    from passport.assets import SHELL

    with app.test_request_context():
        urls = [asset_url(name) for name in SHELL] + ["/offline", "/sw.js", "/manifest.webmanifest"]
    totals = [0, 0]
    for url in urls:
        packed, plain, _ = _sizes(client, url)
        totals[0] += packed
        totals[1] += plain
    return totals[0], totals[1]


def run(entries: int) -> dict:
    from passport import create_app
    from passport.extensions import db
    from passport.models import Entry
    from passport.models import Role
    from passport.operations import verification
    from sqlalchemy import select
    from tests import factories

    with _setup.temp_dir() as tmp:
        app = create_app(_setup.bench_config(_setup.sqlite_url(tmp), FIXED_TODAY=TODAY.isoformat()))
        _setup.upgrade_schema(app)
        username = _setup.seed(app, [entries], TODAY)[entries]
        with app.app_context():
            school_id = db.session.scalar(select(Entry.school_id))
            leader = factories.make_staff(db.session.get(factories.School, school_id), Role.CAREERS_LEADER)
            rows = list(db.session.scalars(select(Entry).order_by(Entry.id)))
            for entry in rows[::3]:
                verification.verify_entry(entry, leader)
            verified = str(rows[-1 - (len(rows) - 1) % 3].client_uuid)
            db.session.remove()
        client = _setup.login_test_client(app, username)
        entry_packed, entry_plain, _ = _sizes(client, f"/passport/entries/{verified}")
        pages, warm_packed, warm_plain = warm_up(client)
        shell_packed, shell_plain = precache(app, client)
        with app.app_context():
            db.engine.dispose()
    return {
        "entries": entries,
        "entry_page": (entry_packed, entry_plain),
        "pages": pages,
        "warm": (warm_packed, warm_plain),
        "shell": (shell_packed, shell_plain),
        "total": (warm_packed + shell_packed, warm_plain + shell_plain),
    }


def report(result: dict) -> None:
    def kb(pair):
        return f"{pair[0] / 1024:7.1f} KB sent ({pair[1] / 1024:7.1f} KB uncompressed)"

    print(f"\nPage weight, a pupil with {result['entries']} entries (a third verified):")
    print(f"  a verified entry's page          {kb(result['entry_page'])}")
    print(f"  warm-up: {result['pages']:3d} pages               {kb(result['warm'])}")
    print(f"  service worker precache          {kb(result['shell'])}")
    print(f"  first sign-in, in all            {kb(result['total'])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=85)
    args = parser.parse_args(argv)
    report(run(args.entries))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
