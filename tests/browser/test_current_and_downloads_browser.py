"""The pages that say what is current, and "Print and download", in a real browser at phone and
desktop width: axe finds nothing, nothing is requested from another host, nothing runs off the
side of the screen, and a manager can get from the home page to the being fair tool's link."""

from __future__ import annotations

from typing import Any

import pytest
from browsing import WatchedPage, describe_violations

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)
PAGES = (
    "/",
    "/which-tool/",
    "/print-and-download/",
    "/about/",
    "/charter/",
    "/tools/just-culture-guide/",
)


def _open(watched: WatchedPage, url: str, width: int) -> None:
    watched.page.set_viewport_size({"width": width, "height": 900})
    watched.page.goto(url, wait_until="load")
    watched.page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_pages_pass_axe_and_stay_on_the_site(
    site_url: str, watched: WatchedPage, width: int
) -> None:
    failures: list[str] = []
    for path in PAGES:
        _open(watched, f"{site_url}{path}", width)
        violations: list[dict[str, Any]] = watched.axe_violations()
        if violations:
            failures.append(f"{path} at {width}px:\n{describe_violations(violations)}")
        # The page's own content fits the screen; a wide table scrolls inside its own region.
        overflow = watched.page.evaluate(
            "() => document.querySelector('article').scrollWidth"
            " - document.querySelector('article').clientWidth"
        )
        if overflow > 1:
            failures.append(f"{path} at {width}px: the content is {overflow}px wider than the page")
    assert not failures, "\n".join(failures)
    assert watched.foreign_requests() == []
    assert watched.console_errors == []


def _being_fair_tool_url(spec: Any) -> str:
    entries = spec.documents["references"]["entries"]
    return str(next(e["url"] for e in entries if e["id"] == "nhse-2025-being-fair-tool"))


def test_from_the_home_page_to_the_being_fair_tool(
    site_url: str, watched: WatchedPage, spec: Any
) -> None:
    _open(watched, f"{site_url}/", 390)
    page = watched.page
    page.locator("article a", has_text="which tool should I use?").first.click()
    page.wait_for_load_state("load")
    assert page.url.rstrip("/").endswith("/which-tool")
    link = page.locator("article a", has_text="being fair tool (2025)").first
    assert link.get_attribute("href") == _being_fair_tool_url(spec)
    assert link.is_visible()
    # Following it would leave the site; the page itself fetched nothing from elsewhere.
    assert watched.foreign_requests() == []


def test_the_guide_banner_links_the_being_fair_tool_on_a_phone(
    site_url: str, watched: WatchedPage, spec: Any
) -> None:
    _open(watched, f"{site_url}/tools/just-culture-guide/", 390)
    banner = watched.page.locator(".admonition.warning").first
    assert banner.is_visible()
    hrefs = banner.locator("a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    assert _being_fair_tool_url(spec) in hrefs
    assert any(href.rstrip("/").endswith("which-tool") for href in hrefs)


def test_every_download_on_print_and_download_is_served(
    site_url: str, watched: WatchedPage
) -> None:
    _open(watched, f"{site_url}/print-and-download/", 1280)
    hrefs = watched.page.locator("article a[href]").evaluate_all(
        "(links) => links.map((a) => a.href)"
    )
    files = [href for href in hrefs if href.startswith(site_url) and "#" not in href]
    assert len(files) > 20
    request = watched.page.context.request
    failed = [href for href in files if request.head(href).status != 200]
    assert not failed, failed
