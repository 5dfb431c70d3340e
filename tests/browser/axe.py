"""axe-core in the browser tests: ``assert_no_axe_violations(page)`` fails with a readable list
of what axe found (rule, impact, the elements, how to fix) on the page as it is now.

axe-core comes bundled in the ``axe-playwright-python`` package (pyproject's test extras), so
nothing is fetched. The rules run are axe's WCAG 2.0/2.1/2.2 A and AA ones plus its best
practices (``region`` among them: all content inside landmarks), as requirements item 43 asks
for an assistive-tech friendly app.
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
_AXE = Axe()


def axe_violations(
    page: Page, *, tags: list[str] | None = None, exclude: list[str] | None = None
) -> list[dict]:
    """axe's violations on ``page`` for ``tags`` (WCAG 2.2 AA and best practices by default);
    ``exclude`` takes CSS selectors of parts to leave out (say, a third party's widget)."""
    context = {"exclude": [[selector] for selector in exclude]} if exclude else None
    options = {"runOnly": {"type": "tag", "values": tags or WCAG_22_AA}, "resultTypes": ["violations"]}
    page.evaluate(_HOLD_HTMX)
    try:
        page.wait_for_function(_HTMX_AT_REST)
        return _AXE.run(page, context=context, options=options).response["violations"]
    finally:
        page.evaluate("() => { if (window.__axeHold) window.__axeHold.on = false; }")


# A page that polls (a batch's progress, the check-in code) swapped its fragment while axe was
# walking the DOM, and the run failed on a node gone from the page. While axe runs, htmx sends
# nothing new; axe starts once the request in flight, its swap and its settle are over.
_HOLD_HTMX = """() => {
  if (!window.__axeHold) {
    window.__axeHold = { on: false };
    document.addEventListener("htmx:beforeRequest", (event) => {
      if (window.__axeHold.on) event.preventDefault();
    });
  }
  window.__axeHold.on = true;
}"""
_HTMX_AT_REST = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        rule = f"{violation['id']} ({violation['impact']})"
        lines.append(f"{rule}: {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:5]:
            summary = node.get("failureSummary", "").splitlines()[-1:]
            lines.append(f"    {' '.join(node['target'])}: {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page, *, name: str = "", **kwargs) -> None:
    """Fail when axe finds anything on ``page`` (see axe_violations for the arguments)."""
    violations = axe_violations(page, **kwargs)
    where = name or page.url
    assert not violations, f"axe found {len(violations)} problem(s) on {where}:\n{describe(violations)}"
