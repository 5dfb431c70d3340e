"""Every staff table sits in a focusable, labelled scroll region with a hint, so at 360 px it
scrolls instead of being clipped (issue 7 item 9)."""

import re
from pathlib import Path

import pytest
from passport.models import Role

from tests import factories

STAFF_TEMPLATES = Path(__file__).parents[3] / "templates" / "staff"


def tables_in_regions(page: str) -> int:
    """Check each table of ``page`` is inside a scroll region labelled by the table's caption;
    return how many tables there are."""
    tables = re.findall(
        r'<div class="table-scroll" role="region" aria-labelledby="([^"]+)" tabindex="0">\s*'
        r'<table[^>]*>\s*<caption id="([^"]+)">', page,
    )
    for labelled_by, caption in tables:
        assert labelled_by == caption
        assert f'id="{caption}-hint">Scroll the table sideways' in page
    assert len(tables) == page.count("<table")
    return len(tables)


@pytest.mark.parametrize("path", sorted(STAFF_TEMPLATES.glob("*.html")), ids=lambda p: p.name)
def test_every_staff_template_with_a_table_uses_the_scroll_region(path):
    source = path.read_text(encoding="utf-8")
    assert source.count("<table") == source.count("{% call scroll_region("), path.name


def test_the_group_page_table_scrolls(client, auth, school):
    tutor = factories.make_staff(school, Role.TUTOR)
    group = factories.make_group(school, "9A", 9, tutor=tutor)
    factories.make_pupil(school, group=group)
    auth.login(tutor.username)
    assert tables_in_regions(client.get(f"/staff/groups/{group.id}").get_data(as_text=True)) == 1


def test_the_import_preview_and_problem_tables_scroll(client, auth, school):
    from tests.web.staff.test_import import BAD
    from tests.web.staff.test_import import GOOD
    from tests.web.staff.test_import import upload

    auth.login(factories.make_staff(school, Role.CAREERS_LEADER).username)
    assert tables_in_regions(upload(client, GOOD).get_data(as_text=True)) == 1
    assert tables_in_regions(upload(client, BAD).get_data(as_text=True)) == 1
