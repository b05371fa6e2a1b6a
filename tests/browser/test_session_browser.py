"""Trainers on the site, in real Chromium: a participant page that shows one stage at a time and
never leads to facilitator material, and "Plan a session", whose plan is the command line's.

The scenarios come from the spec; the plan the page shows is compared with the timetable
``justculture session`` writes for the same scenarios and minutes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from browsing import WatchedPage, assert_clean, assert_no_axe_violations

from justculture import load_spec
from justculture.cli import main
from justculture.views import scenario_views

pytestmark = pytest.mark.browser

SPEC = load_spec()
VIEWS = scenario_views(SPEC)  # the order of the planner's checkboxes
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PLANNER = "/training/plan-a-session/"


def _open(watched: WatchedPage, url: str, viewport: Mapping[str, int] = DESKTOP) -> Any:
    watched.page.set_viewport_size(dict(viewport))
    watched.page.goto(url, wait_until="load")
    watched.page.wait_for_load_state("networkidle")
    return watched.page


def _staged() -> Any:
    return next(view for view in VIEWS if len(view.stages) >= 2)


# The participant copy ----------------------------------------------------------------------------


def _shown_stages(page: Any) -> list[bool]:
    return [section.is_visible() for section in page.locator("[data-jc-stage]").all()]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_participant_page_reveals_one_stage_at_a_time(
    site_url: str, watched: WatchedPage, viewport: Mapping[str, int]
) -> None:
    view = _staged()
    count = len(view.stages)
    page = _open(watched, f"{site_url}/training/{view.id}/", viewport)
    page.wait_for_selector("[data-jc-stages][data-jc-ready=ready]")
    assert _shown_stages(page) == [True] + [False] * (count - 1)
    status = page.locator(".jcs-stages__status")
    assert status.inner_text() == f"Stage 1 of {count} shown."
    assert_no_axe_violations(watched, f"stage 1 of {view.id} at {viewport['width']} px")
    button = page.get_by_role("button", name="Show the next stage")
    for shown in range(2, count + 1):
        button.focus()
        page.keyboard.press("Enter")
        assert _shown_stages(page) == [True] * shown + [False] * (count - shown)
        # The facilitator moved on: the group's eyes (and a screen reader) go to the new stage.
        focused = page.evaluate("() => document.activeElement.id")
        assert focused == str(view.stages[shown - 1].anchor)
    assert status.inner_text() == f"All {count} stages shown."
    assert not button.is_visible()
    assert_no_axe_violations(watched, f"every stage of {view.id} at {viewport['width']} px")
    assert_clean(watched)


def test_a_link_to_a_later_stage_shows_the_stages_up_to_it(
    site_url: str, watched: WatchedPage
) -> None:
    view = _staged()
    last = view.stages[-1]
    page = _open(watched, f"{site_url}/training/{view.id}/#{last.anchor}")
    page.wait_for_selector("[data-jc-stages][data-jc-ready=ready]")
    assert _shown_stages(page) == [True] * len(view.stages)
    assert_clean(watched)


@pytest.mark.parametrize("path", ["", "{id}/facilitator/", "{id}/run/"])
def test_the_other_training_pages_pass_axe_on_a_phone(
    site_url: str, watched: WatchedPage, path: str
) -> None:
    view = _staged()
    url = f"{site_url}/training/{path.format(id=view.id)}"
    page = _open(watched, url, PHONE)
    if "run/" in path:
        page.wait_for_selector("[data-jc-scenario][data-jc-ready=ready]")
    assert_no_axe_violations(watched, f"{url} at 390 px")
    assert_clean(watched)


def test_a_run_page_loads_its_own_slice_not_the_whole_export(
    site_url: str, watched: WatchedPage
) -> None:
    view = _staged()
    page = _open(watched, f"{site_url}/training/{view.id}/run/")
    page.wait_for_selector("[data-jc-scenario][data-jc-ready=ready]")
    data = [url for url in watched.requests if url.endswith(".json")]
    assert any(url.endswith(f"/slices/{view.id}.json") for url in data), data
    assert not any(url.endswith("/justculture.json") for url in data), data
    assert_clean(watched)


def test_without_javascript_every_stage_shows(site_url: str, browser: Any) -> None:
    view = _staged()
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/training/{view.id}/", wait_until="load")
        assert _shown_stages(page) == [True] * len(view.stages)
        assert page.get_by_role("button", name="Show the next stage").count() == 0
    finally:
        context.close()


def test_no_participant_page_links_to_facilitator_material(
    site_url: str, watched: WatchedPage
) -> None:
    for view in VIEWS:
        page = _open(watched, f"{site_url}/training/{view.id}/")
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)")
        leading = [href for href in hrefs if "facilitator" in href]
        assert leading == [], (view.id, leading)
        # The run page can show the expected answers: two clicks from here was two too many.
        runs = [href for href in hrefs if href.split("#")[0].rstrip("/").endswith("/run")]
        assert runs == [], (view.id, runs)
        # Nothing on the page offers the answers, and its own script loads no tool.
        assert page.get_by_text("Show the expected answers").count() == 0, view.id
        scripts = [url for url in watched.requests if url.endswith(".js") and "/assets/js/" in url]
        assert all(url.endswith("/training.js") for url in scripts), (view.id, scripts)
        assert page.locator(".md-footer__link").count() == 0, view.id
        handout = urljoin(page.url, f"../packs/{view.id}-handout.pdf")
        assert handout in hrefs, view.id
    assert_clean(watched)


# Plan a session ----------------------------------------------------------------------------------


def _cli_timetable(ids: list[str], minutes: int, out: Path) -> list[tuple[str, str, str]]:
    """The rows of the timetable ``justculture session`` writes: start, minutes, what."""
    assert (
        main(
            ["session", "--scenarios", ",".join(ids), "--minutes", str(minutes), "--out", str(out)]
        )
        == 0
    )
    plan = (out / "session-plan.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+:\d\d) \| (\d+) \| (.+?) \|$", plan, re.MULTILINE)
    assert rows
    return [(start, count, what.replace("\\", "")) for start, count, what in rows]


def _plan_in_page(page: Any, ids: list[str], minutes: int) -> None:
    page.wait_for_selector("[data-jc-planner][data-jc-ready=ready]")
    for box in page.locator("input[name=scenario]").all():
        box.set_checked(box.get_attribute("value") in ids)
    page.get_by_label("Length of the session, in minutes").fill(str(minutes))
    page.get_by_role("button", name="Plan the session").click()


def _page_timetable(page: Any) -> list[tuple[str, str, str]]:
    cells = page.locator("#session-plan tbody tr").evaluate_all(
        "rows => rows.map((row) => [...row.cells].map((cell) => cell.textContent))"
    )
    return [tuple(row) for row in cells]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_plan_made_in_the_browser_is_the_command_lines_plan(
    site_url: str, watched: WatchedPage, tmp_path: Path, viewport: Mapping[str, int]
) -> None:
    ids = [VIEWS[0].id, VIEWS[2].id]
    page = _open(watched, site_url + PLANNER, viewport)
    assert_no_axe_violations(watched, f"the planner at {viewport['width']} px")
    _plan_in_page(page, ids, 90)
    assert _page_timetable(page) == _cli_timetable(ids, 90, tmp_path / "cli")
    assert (
        page.locator("#session-plan h3").first.inner_text()
        == "Session plan: 90 minutes, 2 scenarios"
    )
    assert page.locator("[data-code]").count() == 0
    assert page.evaluate("() => document.activeElement.id") == "session-plan"
    for view in (VIEWS[0], VIEWS[2]):
        assert page.locator(f'a[href$="packs/{view.id}-facilitator-pack.pdf"]').count() == 1
    assert_no_axe_violations(watched, f"a plan at {viewport['width']} px")
    assert_clean(watched)


def test_the_planner_warns_and_refuses_as_the_command_line_does(
    site_url: str, watched: WatchedPage, tmp_path: Path
) -> None:
    ids = [view.id for view in VIEWS[:4]]
    page = _open(watched, site_url + PLANNER)
    _plan_in_page(page, ids, 100)
    warning = page.locator('[data-code="JC801"]')
    assert warning.inner_text().startswith("Check before you run this plan: 100 minutes is tight")
    assert _page_timetable(page) == _cli_timetable(ids, 100, tmp_path / "tight")
    assert not re.search(r"\b1 minutes\b", page.locator("#session-plan").inner_text())
    assert_no_axe_violations(watched, "a tight plan")
    _plan_in_page(page, ids, 30)
    refusal = page.locator('[data-code="JC412"]')
    assert "30 minutes is too short for 4 scenarios" in refusal.inner_text()
    assert page.locator("#session-plan table").count() == 0
    assert (
        main(
            [
                "session",
                "--scenarios",
                ",".join(ids),
                "--minutes",
                "30",
                "--out",
                str(tmp_path / "x"),
            ]
        )
        == 1
    )
    assert_no_axe_violations(watched, "a refused plan")
    assert_clean(watched)


def test_the_printed_plan_leaves_out_the_form(site_url: str, watched: WatchedPage) -> None:
    page = _open(watched, site_url + PLANNER)
    _plan_in_page(page, [VIEWS[1].id], 60)
    page.emulate_media(media="print")
    assert not page.locator("form.jc-planner").is_visible()
    assert page.locator("#session-plan table").is_visible()
    assert not page.get_by_role("button", name="Print this plan").is_visible()


# Phones, the table of contents, and the order and checks of the planner -----------------------


def test_the_training_index_fits_a_phone(site_url: str, watched: WatchedPage) -> None:
    page = _open(watched, f"{site_url}/training/", PHONE)
    page.wait_for_selector("[data-jc-scenario-filter][data-jc-ready=ready]")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    for select in page.locator(".jc-filters select").all():
        box = select.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"], box
    assert_no_axe_violations(watched, "the training index at 390 px")
    assert_clean(watched)


def test_the_participant_copy_has_no_contents_that_name_later_stages(
    site_url: str, watched: WatchedPage
) -> None:
    view = _staged()
    page = _open(watched, f"{site_url}/training/{view.id}/", DESKTOP)
    later = [str(stage.data["title"]) for stage in view.stages[1:]]
    for title in later:
        shown = page.get_by_text(title, exact=False)
        assert not any(match.is_visible() for match in shown.all()), title
    assert not page.locator(".md-sidebar--secondary").is_visible()


def _tick_in_order(page: Any, ids: list[str], minutes: str) -> None:
    page.wait_for_selector("[data-jc-planner][data-jc-ready=ready]")
    for box in page.locator("input[name=scenario]").all():
        box.set_checked(False)
    for scenario_id in ids:
        page.locator(f'input[name=scenario][value="{scenario_id}"]').check()
    page.get_by_label("Length of the session, in minutes").fill(minutes)
    page.get_by_role("button", name="Plan the session").click()


def test_the_planner_runs_the_scenarios_in_the_order_they_were_ticked(
    site_url: str, watched: WatchedPage, tmp_path: Path
) -> None:
    ids = [VIEWS[3].id, VIEWS[0].id, VIEWS[2].id]  # not the page's order
    page = _open(watched, site_url + PLANNER)
    assert "in the order you tick them" in page.locator("form.jc-planner").inner_text()
    _tick_in_order(page, ids, "120")
    assert _page_timetable(page) == _cli_timetable(ids, 120, tmp_path / "ordered")
    assert_clean(watched)


@pytest.mark.parametrize("minutes", ["0", "-5", "481", ""])
def test_a_bad_length_replaces_the_old_plan_with_a_message(
    site_url: str, watched: WatchedPage, minutes: str
) -> None:
    page = _open(watched, site_url + PLANNER)
    _tick_in_order(page, [VIEWS[0].id], "90")
    assert page.locator("#session-plan table").count() == 1
    _tick_in_order(page, [VIEWS[0].id], minutes)
    refusal = page.locator('#session-plan [data-code="JC408"]')
    assert refusal.count() == 1, page.locator("#session-plan").inner_text()
    assert page.locator("#session-plan table").count() == 0
    assert page.evaluate("() => document.activeElement.id") == "session-plan"
    page.emulate_media(media="print")
    assert page.locator("#session-plan table").count() == 0
    assert_no_axe_violations(watched, f"a refused length ({minutes!r})")
    assert_clean(watched)
