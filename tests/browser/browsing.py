"""Helpers for the browser tests: a page that records what it requested, and axe-core."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LOCAL_HOSTS = {"127.0.0.1"}


@dataclass
class WatchedPage:
    """A page with every request and console error it made recorded."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        return [
            url
            for url in self.requests
            if urlparse(url).scheme in {"http", "https", "ws", "wss"}
            and urlparse(url).hostname not in LOCAL_HOSTS
        ]

    def axe_violations(self) -> list[dict[str, Any]]:
        # Evaluated, not added as an inline <script>: the site's Content-Security-Policy
        # refuses inline scripts, and the page must run as served.
        self.page.evaluate(axe_source())
        result = self.page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
            AXE_TAGS,
        )
        return list(result)


@functools.cache
def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        targets = [node.get("target") for node in violation.get("nodes", [])][:3]
        lines.append(
            f"{violation['id']} ({violation.get('impact')}): {violation['help']} at {targets}"
        )
    return "\n".join(lines)


# The interactive tools' pages, as the tool tests open and answer them -------------------------

GUIDE = "just-culture-guide"
CHECKLIST = "pre-disciplinary-checklist"
TOOL_PAGES = {GUIDE: "/tools/guide-walkthrough/", CHECKLIST: "/tools/checklist-form/"}
# The prefix of every id a tool's form gives its controls.
TOOL_PREFIX = {GUIDE: "jc-just-culture-guide", CHECKLIST: "jc-pre-disciplinary-checklist"}


def open_tool(watched: WatchedPage, site_url: str, tool: str) -> Any:
    """Open a tool's page and wait until its form is drawn (its data has arrived)."""
    page = watched.page
    page.goto(site_url + TOOL_PAGES[tool])
    page.wait_for_selector("[data-jc-tool][data-jc-ready=ready]")
    return page


def answer_checklist(page: Any, answers: dict[str, str]) -> None:
    """Tick each answer on the checklist form, as a manager would."""
    for item_id, value in answers.items():
        name = f"{TOOL_PREFIX[CHECKLIST]}-item-{item_id}-answer"
        page.locator(f"input[name='{name}'][value='{value}']").check()


def assert_no_axe_violations(watched: WatchedPage, state: str) -> None:
    """axe finds nothing on the page as it is now; ``state`` says when, for the message."""
    violations = watched.axe_violations()
    assert violations == [], f"axe at {state}:\n{describe_violations(violations)}"


def assert_clean(watched: WatchedPage) -> None:
    """No console error, no request to another host, no cookie."""
    assert watched.console_errors == []
    assert watched.foreign_requests() == []
    assert watched.page.context.cookies() == []
