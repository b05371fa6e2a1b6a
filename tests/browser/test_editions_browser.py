"""A trust's edition in real Chromium: axe finds nothing on the tailored pages and the report,
nothing is fetched from another host, and the interactive checklist shows the local approver."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import WatchedPage, describe_violations

pytestmark = pytest.mark.browser

TAILORED_PAGES = (
    "",
    "charter/",
    "tailoring-report/",
    "tools/pre-disciplinary-checklist/",
    "tools/just-culture-guide/",
    "tools/checklist-form/",
    "tools/guide-walkthrough/",
)
CHECKLIST_PREFIX = "jc-pre-disciplinary-checklist"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def edition_url(northshire_edition: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(northshire_edition))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def axe_page(browser: Any) -> Iterator[WatchedPage]:
    """A page that may inject axe-core: the site's Content-Security-Policy refuses inline script,
    so this context bypasses it (the pages' own behaviour is checked under the policy below)."""
    context = browser.new_context(bypass_csp=True)
    yield WatchedPage(context.new_page())
    context.close()


@pytest.mark.parametrize("path", TAILORED_PAGES)
def test_tailored_pages_load_cleanly_under_the_policy(
    edition_url: str, watched: WatchedPage, path: str
) -> None:
    watched.page.goto(edition_url + path, wait_until="load")
    watched.page.wait_for_load_state("networkidle")
    assert watched.foreign_requests() == []
    assert watched.console_errors == []


@pytest.mark.parametrize("path", TAILORED_PAGES)
def test_tailored_pages_pass_axe(edition_url: str, axe_page: WatchedPage, path: str) -> None:
    axe_page.page.goto(edition_url + path, wait_until="load")
    axe_page.page.wait_for_load_state("networkidle")
    violations = axe_page.axe_violations()
    assert violations == [], f"{path}:\n{describe_violations(violations)}"


def test_the_source_text_opens_under_an_altered_principle(
    edition_url: str, axe_page: WatchedPage
) -> None:
    watched = axe_page
    page = watched.page
    page.goto(edition_url + "charter/")
    mark = page.locator("details.jc-edition-mark").first
    assert not mark.locator("blockquote").is_visible()
    mark.locator("summary").click()
    assert "rare and is never a knee jerk" in mark.locator("blockquote").inner_text()
    violations = watched.axe_violations()
    assert violations == [], describe_violations(violations)


def test_the_interactive_checklist_names_the_local_approver(
    edition_url: str, watched: WatchedPage
) -> None:
    page = watched.page
    page.goto(edition_url + "tools/checklist-form/")
    page.wait_for_selector("[data-jc-tool][data-jc-ready=ready]")
    for item_id, value in (("3", "iii"), ("3a", "yes"), ("3b", "yes"), ("3c", "yes"), ("3d", "yes"), ("final", "yes")):  # fmt: skip
        name = f"{CHECKLIST_PREFIX}-item-{item_id}-answer"
        page.locator(f"input[name='{name}'][value='{value}']").check()
    page.get_by_label("Which staff group is the worker in?").select_option("nursing-midwifery")
    summary = page.locator(".jct-summary__body")
    page.wait_for_function(
        "() => document.querySelector('.jct-summary__body').textContent.includes('Chief Nurse')"
    )
    assert "Formal investigation" in summary.inner_text()
    assert watched.foreign_requests() == []
    assert watched.console_errors == []
