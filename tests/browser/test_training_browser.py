"""The Training section in real Chromium: the scenario index's filters, and a staged scenario run
through "run it in your browser" to each of its outcomes, by keyboard alone.

Which scenario, which answers and which outcomes all come from the scenarios themselves; nothing
here names a scenario, an answer or an outcome title.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pytest
from browsing import WatchedPage, assert_clean, assert_no_axe_violations

from justculture import load_spec
from justculture.scenarios import scenario_ids

pytestmark = pytest.mark.browser

SPEC = load_spec()
GUIDE = "just-culture-guide"
CHECKLIST = "pre-disciplinary-checklist"
SCENARIOS = [SPEC.documents[key] for key in scenario_ids(SPEC)]
ACTIVE_ID = "() => document.activeElement && document.activeElement.id"
LIVE_SAYS = (
    "(text) => [...document.querySelectorAll('.jct-scenario [aria-live]')]"
    ".some((e) => e.textContent.includes(text))"
)


# Choosing from the spec -----------------------------------------------------------------------


def _single_runs(scenario: Mapping[str, Any], tool: str) -> list[Mapping[str, Any]] | None:
    """The one run of each stage, if every stage has exactly one run of ``tool``, for one person."""
    stages = scenario["stages"]
    if len(stages) < 2 or any(len(stage["answers"]) != 1 for stage in stages):
        return None
    runs = [stage["answers"][0] for stage in stages]
    if {run["tool"] for run in runs} != {tool} or len({run["person"] for run in runs}) != 1:
        return None
    return runs


def _staged_guide_scenario() -> Mapping[str, Any]:
    """A scenario told in stages whose one decision reaches a different outcome at each stage."""
    for scenario in SCENARIOS:
        runs = _single_runs(scenario, GUIDE)
        if runs and len({run["expected_outcome"] for run in runs}) == len(runs):
            return scenario
    pytest.fail("no scenario takes one person through the guide to a new outcome at each stage")


def _staged_checklist_scenario() -> Mapping[str, Any]:
    """A scenario with a checklist run for the same person in its first two stages."""
    for scenario in SCENARIOS:
        stages = scenario["stages"]
        if len(stages) < 2:
            continue
        first = [run for run in stages[0]["answers"] if run["tool"] == CHECKLIST]
        second = [run for run in stages[1]["answers"] if run["tool"] == CHECKLIST]
        if first and second and first[0]["person"] == second[0]["person"]:
            return scenario
    pytest.fail("no scenario uses the checklist for the same person in two stages")


def _outcome_title(run: Mapping[str, Any]) -> str:
    outcomes = SPEC.documents[run["tool"]]["outcomes"]
    return str(next(row["title"] for row in outcomes if row["id"] == run["expected_outcome"]))


def _shown(count: int) -> str:
    return "1 scenario shown" if count == 1 else f"{count} scenarios shown"


def _run_id(scenario: Mapping[str, Any], stage: int, run: int = 1) -> str:
    return f"jcs-{scenario['id']}-s{stage}-r{run}"


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# Driving the page -----------------------------------------------------------------------------


def _open(watched: WatchedPage, url: str) -> Any:
    watched.page.goto(url, wait_until="load")
    watched.page.wait_for_load_state("networkidle")
    return watched.page


def _open_run(watched: WatchedPage, site_url: str, scenario: Mapping[str, Any]) -> Any:
    page = _open(watched, f"{site_url}/training/{scenario['id']}/run/")
    page.wait_for_selector("[data-jc-scenario][data-jc-ready=ready]")
    return page


def _panel(page: Any, run_id: str) -> Any:
    return page.locator(f'section[aria-labelledby="{run_id}-heading"]')


def _walk_guide_by_keyboard(page: Any, run_id: str, values: Mapping[str, Any]) -> None:
    """Answer each question the decision asks, as the scenario answers it, with the keyboard."""
    panel = _panel(page, run_id)
    for _ in range(len(values) + 1):
        if panel.locator(".jct-outcome__heading").count():
            return
        name = panel.locator("input[type=radio]").first.get_attribute("name")
        node_id = name.removeprefix(f"{run_id}-")
        radio = panel.locator(f'[id="{run_id}-{node_id}-{values[node_id]["answer"]}"]')
        radio.focus()
        page.keyboard.press("Space")
        assert radio.is_checked(), node_id
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent") == "Continue"
        page.keyboard.press("Enter")
        # Focus moves to the next question, or to the outcome, so a screen reader reads it.
        focused = page.evaluate(ACTIVE_ID)
        assert focused.startswith(run_id) and focused.endswith(("-question", "-outcome"))
    pytest.fail(f"{run_id} did not reach an outcome with the scenario's answers")


def _assert_outcome(page: Any, run_id: str, run: Mapping[str, Any]) -> str:
    title = _outcome_title(run)
    heading = _panel(page, run_id).locator(".jct-outcome__heading")
    assert heading.inner_text() == f"Outcome: {title}"
    assert page.evaluate(ACTIVE_ID) == f"{run_id}-outcome"
    page.wait_for_function(LIVE_SAYS, arg=f"Outcome for {run['person']}: {title}.")
    return title


# The index ------------------------------------------------------------------------------------


def _visible_rows(page: Any) -> set[str]:
    rows = page.locator("#training-scenarios tbody tr")
    return {
        rows.nth(index).get_attribute("data-scenario")
        for index in range(rows.count())
        if rows.nth(index).is_visible()
    }


def _assert_filtered(page: Any, expected: set[str]) -> None:
    status = page.locator(".jc-filters__status")
    page.wait_for_function(
        "(text) => document.querySelector('.jc-filters__status').textContent.startsWith(text)",
        arg=_shown(len(expected)),
    )
    assert _visible_rows(page) == expected
    assert status.get_attribute("aria-live") == "polite"


def test_the_index_filters_hide_rows_and_say_how_many_are_shown(
    site_url: str, watched: WatchedPage
) -> None:
    page = _open(watched, f"{site_url}/training/")
    form = page.locator("form[data-jc-scenario-filter]")
    form.wait_for(state="visible")
    assert form.locator("fieldset legend").inner_text() == "Filter the scenarios"
    every = {str(scenario["id"]) for scenario in SCENARIOS}
    _assert_filtered(page, every)
    assert_no_axe_violations(watched, "the scenario index")

    # A setting that some scenarios have and others do not.
    settings = [str(scenario["setting"]) for scenario in SCENARIOS]
    setting = min(set(settings), key=lambda value: (settings.count(value), value))
    page.get_by_label("Setting", exact=True).select_option(setting)
    in_setting = {str(s["id"]) for s in SCENARIOS if s["setting"] == setting}
    assert in_setting != every
    _assert_filtered(page, in_setting)

    # Add a staff group that one of those scenarios involves: both filters apply.
    group = str(next(s for s in SCENARIOS if s["setting"] == setting)["staff_groups"][-1])
    page.get_by_label("Staff group", exact=True).select_option(group)
    _assert_filtered(
        page, {key for key in in_setting if group in SPEC.documents[key]["staff_groups"]}
    )

    # Show them all again, then filter by an outcome on its own.
    page.get_by_role("button", name="Show all scenarios").click()
    _assert_filtered(page, every)
    outcome = str(SCENARIOS[0]["stages"][0]["answers"][0]["expected_outcome"])
    page.get_by_label("Outcome reached", exact=True).select_option(outcome)
    reaching = {
        str(s["id"])
        for s in SCENARIOS
        if any(run["expected_outcome"] == outcome for st in s["stages"] for run in st["answers"])
    }
    _assert_filtered(page, reaching)
    assert_no_axe_violations(watched, "the filtered scenario index")
    assert_clean(watched)


# Running a scenario ---------------------------------------------------------------------------


def test_a_staged_scenario_runs_to_each_of_its_outcomes_by_keyboard(
    site_url: str, watched: WatchedPage
) -> None:
    scenario = _staged_guide_scenario()
    first, second = (stage["answers"][0] for stage in scenario["stages"][:2])
    page = _open_run(watched, site_url, scenario)
    story = page.locator(".jcs-stage").first.inner_text()
    assert _normal(scenario["stages"][0]["narrative"].split("\n")[0]) in _normal(story)
    assert page.locator(".jcs-stage").count() == 1  # stage 2 stays hidden until it is revealed

    # Stage 1: answer as the scenario does, one question at a time.
    one = _run_id(scenario, 1)
    _walk_guide_by_keyboard(page, one, first["values"])
    title_one = _assert_outcome(page, one, first)
    assert_no_axe_violations(watched, "the outcome of stage 1")

    # Reveal stage 2: focus goes to its heading, and stage 1's answers are already chosen.
    reveal = page.get_by_role("button", name="Reveal the next stage")
    reveal.focus()
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE_ID) == f"jcs-{scenario['id']}-stage-2-heading"
    page.wait_for_function(LIVE_SAYS, arg="Stage 2 revealed")
    second_story = _normal(page.locator(".jcs-stage").nth(1).inner_text())
    assert _normal(scenario["stages"][1]["narrative"].split("\n")[0]) in second_story
    two = _run_id(scenario, 2)
    start = SPEC.documents[GUIDE]["start"]
    before = first["values"][start]["answer"]
    assert _panel(page, two).locator(f'[id="{two}-{start}-{before}"]').is_checked()

    # Change what the new information changes, and see the outcome move.
    _walk_guide_by_keyboard(page, two, second["values"])
    title_two = _assert_outcome(page, two, second)
    assert title_two != title_one
    changed = f"Stage 1: {title_one}. Stage 2: {title_two}."
    assert changed in _normal(page.locator(".jcs-summary").inner_text())
    page.wait_for_function(LIVE_SAYS, arg=changed)

    # Facilitators can show what the scenario expects, with the reasons.
    toggle = page.get_by_label("Show the expected answers")
    toggle.focus()
    page.keyboard.press("Space")
    assert toggle.is_checked()
    expected = _normal(_panel(page, two).locator(".jcs-expected").inner_text())
    assert f"Expected outcome: {title_two}." in expected
    for row in second["values"].values():
        assert _normal(row["reason"]) in expected
    assert f"Expected: {changed}" in _normal(page.locator(".jcs-summary").inner_text())
    assert_no_axe_violations(watched, "the outcome of stage 2, with the expected answers shown")
    assert_clean(watched)


def test_a_checklist_decision_carries_its_answers_into_the_next_stage(
    site_url: str, watched: WatchedPage
) -> None:
    scenario = _staged_checklist_scenario()
    stages = scenario["stages"]
    page = _open_run(watched, site_url, scenario)
    for number, stage in enumerate(stages[:2], 1):
        index = next(i for i, run in enumerate(stage["answers"]) if run["tool"] == CHECKLIST)
        run = stage["answers"][index]
        run_id = _run_id(scenario, number, index + 1)
        panel = _panel(page, run_id)
        if number == 2:
            page.get_by_role("button", name="Reveal the next stage").click()
            # The first stage's answers are chosen; clear them to answer as the scenario does.
            earlier = next(r for r in stages[0]["answers"] if r["tool"] == CHECKLIST)["values"]
            for item, row in earlier.items():
                assert panel.locator(f'[id="{run_id}-item-{item}-{row["answer"]}"]').is_checked()
            panel.get_by_role("button", name="Clear all answers for this decision").click()
        for item, row in run["values"].items():
            panel.locator(f'[id="{run_id}-item-{item}-{row["answer"]}"]').check()
        title = _outcome_title(run)
        assert panel.locator(".jcs-status").inner_text().startswith(f"Outcome so far: {title}")
        page.wait_for_function(LIVE_SAYS, arg=f"Outcome for {run['person']}: {title}.")
    assert_no_axe_violations(watched, "a checklist decision at stage 2")
    assert_clean(watched)


@pytest.mark.parametrize("copy", ["", "facilitator/"])
def test_the_scenario_copies_pass_axe(site_url: str, watched: WatchedPage, copy: str) -> None:
    scenario = _staged_guide_scenario()
    page = _open(watched, f"{site_url}/training/{scenario['id']}/{copy}")
    assert page.locator("h1").inner_text().startswith(str(scenario["title"]))
    assert_no_axe_violations(watched, f"/training/{scenario['id']}/{copy}")
    assert_clean(watched)


# Alerts and question labels in the run ---------------------------------------------------------


def _alerting_run() -> tuple[Mapping[str, Any], int, int, Mapping[str, Any], list[dict[str, Any]]]:
    """A guide decision whose expected answers raise alerts: scenario, stage, run, alerts."""
    from justculture.scenarios import replay

    for scenario in SCENARIOS:
        for number, stage in enumerate(scenario["stages"], 1):
            for index, run in enumerate(stage["answers"], 1):
                alerts = list(replay(SPEC, run).alerts)
                if alerts and run["tool"] == GUIDE:
                    return scenario, number, index, run, alerts
    pytest.fail("no scenario's expected answers raise an alert in the guide")


@pytest.mark.parametrize("width", [390, 1280])
def test_alerts_show_above_the_outcome_in_the_run_and_in_the_expected_answers(
    site_url: str, watched: WatchedPage, width: int
) -> None:
    scenario, number, index, run, alerts = _alerting_run()
    severities = SPEC.codelists["severity"]
    watched.page.set_viewport_size({"width": width, "height": 900})
    page = _open_run(watched, site_url, scenario)
    for _ in range(number - 1):
        page.get_by_role("button", name="Reveal the next stage").click()
    run_id = _run_id(scenario, number, index)
    _walk_guide_by_keyboard(page, run_id, run["values"])
    panel = _panel(page, run_id)
    said = _normal(panel.inner_text())
    title = _outcome_title(run)
    for alert in alerts:
        heading = severities[alert["severity"]]
        box = panel.locator(f".jct-alert--{alert['severity']}")
        assert box.locator(".jct-alert__title").first.inner_text() == heading
        assert _normal(alert["text"]) in _normal(box.inner_text())
        # Above the outcome: before it on the page, and said before it.
        assert said.index(_normal(alert["text"])) < said.index(f"Outcome: {title}")
        page.wait_for_function(LIVE_SAYS, arg=f"{heading}: {alert['text']}")
    assert_no_axe_violations(watched, f"an outcome with an alert at {width} px")

    page.get_by_label("Show the expected answers").check()
    expected = _normal(panel.locator(".jcs-expected").inner_text())
    for alert in alerts:
        shown = _normal(f"{severities[alert['severity']]} {alert['text']}")
        assert shown in expected
        assert expected.index(shown) < expected.index(f"Expected outcome: {title}.")
    # Scrolling up fades in the theme's "Back to top" button: axe must see it at full colour.
    page.wait_for_function("() => document.getAnimations().length === 0")
    assert_no_axe_violations(watched, f"the expected answers with an alert at {width} px")
    assert_clean(watched)


def test_the_run_names_an_unnumbered_question_by_its_words_never_its_id(
    site_url: str, watched: WatchedPage
) -> None:
    from justculture.model import Checklist

    checklist = SPEC.tool(CHECKLIST)
    assert isinstance(checklist, Checklist)
    unnumbered = [key for key in checklist.items if not checklist.question_label(key)[:1].isdigit()]
    scenario, number, index = next(
        (scenario, n, i)
        for scenario in SCENARIOS
        for n, stage in enumerate(scenario["stages"], 1)
        for i, run in enumerate(stage["answers"], 1)
        if run["tool"] == CHECKLIST and set(unnumbered) & set(run["values"])
    )
    page = _open_run(watched, site_url, scenario)
    for _ in range(number - 1):
        page.get_by_role("button", name="Reveal the next stage").click()
    panel = _panel(page, _run_id(scenario, number, index))
    # With nothing answered, the status says what to answer next, by number.
    status = panel.locator(".jcs-status").inner_text()
    assert status.startswith("No outcome yet. Answer next: ")
    page.get_by_label("Show the expected answers").check()
    cells = panel.locator(".jcs-expected tbody tr td:first-child").all_inner_texts()
    for key in unnumbered:
        words = _normal(checklist.items[key].text)
        named = [cell for cell in cells if words in _normal(cell)]
        if named:
            assert [_normal(cell) for cell in named] == [words], named
    for cell in cells:
        for key in unnumbered:
            assert not re.search(
                rf"\b{re.escape(key)}\b", cell.replace(checklist.items[key].text, "")
            ), cell
    assert_clean(watched)


@pytest.mark.parametrize("width", [390, 1280])
def test_a_facilitator_copy_with_an_alert_passes_axe(
    site_url: str, watched: WatchedPage, width: int
) -> None:
    scenario, _, _, _, alerts = _alerting_run()
    watched.page.set_viewport_size({"width": width, "height": 900})
    page = _open(watched, f"{site_url}/training/{scenario['id']}/facilitator/")
    for alert in alerts:
        assert page.get_by_text(alert["text"]).first.is_visible()
    assert_no_axe_violations(watched, f"a facilitator copy with an alert at {width} px")
    assert_clean(watched)
