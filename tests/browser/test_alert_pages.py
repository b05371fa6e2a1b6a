"""The guide's and the checklist's pages list their alerts ("Answers to deal with first") in
plain words, at phone width and on a desktop, with no accessibility problems."""

from __future__ import annotations

from typing import Any

import pytest
from browsing import WatchedPage, describe_violations

pytestmark = pytest.mark.browser

PAGES = {
    "just-culture-guide": "/tools/just-culture-guide/",
    "pre-disciplinary-checklist": "/tools/pre-disciplinary-checklist/",
}
WIDTHS = {"phone": 390, "desktop": 1280}


def normal(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("tool_id", list(PAGES))
def test_each_alert_is_on_its_tools_page_with_its_severity(
    site_url: str, watched: WatchedPage, spec: Any, tool_id: str, width: str
) -> None:
    page = watched.page
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    page.goto(site_url + PAGES[tool_id])
    page.get_by_role("heading", name="Answers to deal with first").wait_for()
    for alert in spec.tool(tool_id).alerts:
        block = page.locator(f"[id='{alert.id}']")
        shown = normal(block.inner_text())
        assert normal(alert.text) in shown
        assert shown.startswith(spec.label("severity", alert.severity) + ".")
        assert alert.id not in shown  # no raw ids on the page
        assert block.bounding_box()["width"] <= WIDTHS[width]
    violations: list[dict[str, Any]] = watched.axe_violations()
    assert not violations, describe_violations(violations)
    assert watched.foreign_requests() == []
