"""The docs keep up with the code: a kind, criterion, setting or variable without docs fails."""

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest
from passport import config
from passport.domain import benchmarks
from passport.domain.events import ContentItem
from passport.domain.kinds import EntryKind

ROOT = Path(__file__).resolve().parent.parent
RULES = (ROOT / "docs" / "domain-rules.md").read_text()
README = (ROOT / "README.md").read_text()


@pytest.mark.parametrize("kind", list(EntryKind), ids=str)
def test_every_entry_kind_is_documented(kind):
    assert f"`{kind.value}`" in RULES


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(benchmarks.BenchmarkSettings)])
def test_every_benchmark_setting_is_documented_with_its_source(field):
    assert f"`{field}`" in RULES
    assert benchmarks.settings_source(field)


@pytest.mark.parametrize("item", list(ContentItem), ids=str)
def test_every_provider_access_content_item_is_documented(item):
    """Requirements item 13; 004 §15."""
    assert f"`{item.value}`" in RULES


def test_every_criterion_key_is_documented():
    pupil = benchmarks.PupilFacts(date_of_birth=date(2010, 1, 1), year_group=11, considering_university=True)
    progress = benchmarks.progress(pupil, [], benchmarks.BenchmarkSettings(), date(2026, 3, 1))
    for criterion in progress.criteria:
        key = re.sub(r"_\d+$", "_7", criterion.key)  # b5_year_N is documented as a range
        assert f"`{key}`" in RULES, criterion.key


def test_every_environment_variable_is_in_the_readme():
    source = Path(config.__file__).read_text()
    names = set(re.findall(r'(?:environ\.get|_flag)\(\s*"([A-Z_]+)"', source))
    assert {"SECRET_KEY", "DATABASE_URL"} <= names
    for name in names:
        assert f"`{name}`" in README, name


def _cited_tests(text: str) -> list[tuple[str, str | None]]:
    """``(file, test)`` for every ``tests/...py`` or ``tests/...py::name`` cited, and every bare
    ``::name`` (a test of the file cited just before it)."""
    cited, current = [], None
    for path, name in re.findall(r"`(tests/[\w/]+\.py|)(?:::(\w+))?`", text):
        current = path or current
        if path or name:
            cited.append((current, name or None))
    return cited


def test_every_test_the_security_page_cites_exists():
    """docs/security.md names the test behind each control (issue 7): none may go stale."""
    cited = _cited_tests((ROOT / "docs" / "security.md").read_text())
    assert len(cited) > 50
    for path, name in cited:
        source = (ROOT / path).read_text()
        assert name is None or re.search(rf"^def {name}\(", source, re.M), f"{path}::{name}"


def test_every_administration_audit_action_and_command_is_documented():
    """docs/administration.md names each audit row the administration writes, and each command."""
    page = (ROOT / "docs" / "administration.md").read_text()
    source = (ROOT / "passport" / "operations" / "staff_admin.py").read_text()
    actions = set(re.findall(r'audit\.log\([^"]*"(\w+)"', source))
    assert {"role_changed", "settings_changed", "settings_reset", "group_created"} <= actions
    for action in actions | {"staff_added", "setup_code_issued", "user_deactivated", "sessions_ended"}:
        assert f"`{action}`" in page, action
    for command in ("add-staff", "deactivate-user", "reactivate-user", "set-tutor"):
        assert f"passport {command}" in page, command
