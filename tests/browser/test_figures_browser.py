"""The flow diagram and the evidence charts on a phone (390px) and a desktop: readable labels,
keyboard scrolling, CSV downloads and no axe violations."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from browsing import WatchedPage, describe_violations

PHONE, DESKTOP = 390, 1280
SMALLEST_LABEL_PX = 11.0
GUIDE, EVIDENCE = "/tools/just-culture-guide/", "/evidence/"

# Each SVG text's size on screen: its font size times the scale its SVG is drawn at.
RENDERED_SIZES = """selector => [...document.querySelectorAll(selector)].map(text => ({
    text: text.textContent,
    px: parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a,
}))"""


def _open(watched: WatchedPage, url: str, width: int) -> Any:
    page = watched.page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    return page


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_every_flow_diagram_label_is_readable(
    site_url: str, watched: WatchedPage, width: int, tmp_path: Path
) -> None:
    page = _open(watched, site_url + GUIDE, width)
    figure = page.locator(".jc-flow")
    figure.scroll_into_view_if_needed()
    figure.screenshot(path=str(tmp_path / f"flow-{width}.png"))
    sizes = page.evaluate(RENDERED_SIZES, ".jc-flow svg text")
    assert len(sizes) > 40  # every question, outcome and Yes/No label
    small = [label for label in sizes if label["px"] < SMALLEST_LABEL_PX]
    assert not small, f"labels under {SMALLEST_LABEL_PX}px at {width}px wide: {small[:5]}"
    # The table that gives every route in words is still there.
    assert page.locator("table", has_text="Where each answer leads").count() == 1


def test_the_flow_diagram_scrolls_with_the_keyboard_on_a_phone(
    site_url: str, watched: WatchedPage
) -> None:
    page = _open(watched, site_url + GUIDE, PHONE)
    region = page.get_by_role("region", name="the questions in order and where each answer leads")
    assert region.count() == 1  # named for assistive technology
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # wider than the phone
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    page.wait_for_function(
        "() => document.querySelector('.jc-flow__scroll').scrollLeft > 0", timeout=5000
    )
    assert page.get_by_text("scroll sideways to see all of the diagram").is_visible()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_every_chart_fits_and_reads_on_screen(
    site_url: str, watched: WatchedPage, width: int, tmp_path: Path
) -> None:
    page = _open(watched, site_url + EVIDENCE, width)
    page.locator(".jc-evidence__charts").first.screenshot(
        path=str(tmp_path / f"charts-{width}.png")
    )
    sizes = page.evaluate(RENDERED_SIZES, "svg.jc-chart text")
    assert sizes
    small = [label for label in sizes if label["px"] < SMALLEST_LABEL_PX]
    assert not small, f"chart text under {SMALLEST_LABEL_PX}px at {width}px wide: {small[:5]}"
    # No chart runs off the page: each fits inside the content column.
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('svg.jc-chart')]
            .filter(svg => svg.getBoundingClientRect().right > document.documentElement.clientWidth)
            .map(svg => svg.id || svg.getAttribute('aria-labelledby'))"""
    )
    assert not overflowing, overflowing


def test_each_chart_links_its_numbers_as_csv(site_url: str, watched: WatchedPage) -> None:
    page = _open(watched, site_url + EVIDENCE, PHONE)
    figures = page.locator("figure.jc-chart-figure")
    assert figures.count() >= 6
    for index in range(figures.count()):
        figure = figures.nth(index)
        link = figure.get_by_role("link", name="Download the numbers in this chart (CSV)")
        href = link.get_attribute("href")
        assert href and href.endswith(".csv"), href
        response = page.request.get(page.url + href)
        assert response.ok, href
        rows = list(csv.reader(io.StringIO(response.text().lstrip("\ufeff"))))
        # The chart's own description lists the same numbers as its CSV, row for row.
        description = figure.locator("desc").text_content() or ""
        assert len(rows) - 1 == description.count(": "), (href, rows, description)
    assert not watched.foreign_requests()


@pytest.mark.parametrize("path", [GUIDE, EVIDENCE])
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_figure_pages_pass_axe(
    site_url: str, watched: WatchedPage, path: str, width: int
) -> None:
    _open(watched, site_url + path, width)
    violations = watched.axe_violations()
    assert not violations, describe_violations(violations)
