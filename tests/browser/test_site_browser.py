"""The built site in a real browser: it loads cleanly, search works, every page passes axe
(WCAG 2.x A and AA) and no page contacts any host but the site's own."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browsing import WatchedPage, describe_violations

pytestmark = pytest.mark.browser

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _site_paths(built_site: Path) -> list[str]:
    """Every page path the sitemap lists, such as ``/charter/``."""
    tree = ET.parse(built_site / "sitemap.xml")
    paths = [urlsplit(loc.text or "").path or "/" for loc in tree.iterfind(".//sm:loc", SITEMAP_NS)]
    return [path if path.startswith("/") else f"/{path}" for path in paths]


def _open(watched: WatchedPage, url: str) -> None:
    watched.page.goto(url, wait_until="load")
    watched.page.wait_for_load_state("networkidle")


def test_the_sitemap_lists_every_page(built_site: Path) -> None:
    paths = _site_paths(built_site)
    for expected in ("/", "/charter/", "/tools/just-culture-guide/", "/evidence/", "/glossary/"):
        assert expected in paths


def test_the_home_page_loads_without_console_errors(site_url: str, watched: WatchedPage) -> None:
    _open(watched, f"{site_url}/")
    assert watched.page.locator("h1").first.inner_text().strip()
    assert watched.console_errors == []


def test_search_finds_the_substitution_test(site_url: str, watched: WatchedPage) -> None:
    _open(watched, f"{site_url}/")
    page = watched.page
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # Type key by key: the theme searches on keyboard events, not on a programmatic fill.
    page.locator("input.md-search__input").press_sequentially("substitution test", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=10_000)
    text = page.locator(".md-search-result").inner_text().lower()
    assert "substitution test" in text
    assert watched.console_errors == []


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_every_page_passes_axe(
    site_url: str, built_site: Path, watched: WatchedPage, width: int
) -> None:
    # At a phone's width too: the theme moves navigation into a drawer, tables and figures
    # scroll, and the tools' panels stack, each a different page to check.
    watched.page.set_viewport_size({"width": width, "height": 900})
    failures: list[str] = []
    for path in _site_paths(built_site):
        _open(watched, f"{site_url}{path}")
        violations: list[dict[str, Any]] = watched.axe_violations()
        if violations:
            failures.append(f"{path}:\n{describe_violations(violations)}")
    assert not failures, "\n\n".join(failures)


def test_no_page_contacts_another_host(
    site_url: str, built_site: Path, watched: WatchedPage
) -> None:
    for path in _site_paths(built_site):
        _open(watched, f"{site_url}{path}")
    assert watched.requests, "the pages made no requests at all"
    assert watched.foreign_requests() == []
    assert watched.console_errors == []
