"""The interactive guide and checklist, driven as a user would in real Chromium.

Routes come from the spec (never hard-coded sentences): each outcome of the guide is reached by a
path found in its nodes, each outcome of the checklist by answers that satisfy its rule, and every
sentence on screen is checked against the Python engine's result.

The pages come from the real site (the ``built_site`` fixture), served under a sub-path so the
tools are proved not to depend on the site's base.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import describe_violations

from justculture import load_spec
from justculture.engine import evaluate
from justculture.model import Checklist, Flow
from justculture.render.reasons import reason_texts

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
GUIDE = "just-culture-guide"
CHECKLIST = "pre-disciplinary-checklist"
GUIDE_PAGE = "tools/guide-walkthrough/"
CHECKLIST_PAGE = "tools/checklist-form/"
PREFIX = {GUIDE: "jc-just-culture-guide", CHECKLIST: "jc-pre-disciplinary-checklist"}
ANSWER_LABEL = {"yes": "Yes", "no": "No"}
FOCUSED_HAS_CLASS = "(name) => document.activeElement.classList.contains(name)"
LIVE_SAYS = "(text) => [...document.querySelectorAll('[aria-live]')].some(e => e.textContent.includes(text))"

SPEC = load_spec()


# Routes from the spec -----------------------------------------------------------------------


def guide_routes(flow: Flow) -> dict[str, list[tuple[str, str]]]:
    """The first route (depth first, Yes before No) to each outcome of the guide."""
    routes: dict[str, list[tuple[str, str]]] = {}

    def walk(node_id: str, taken: list[tuple[str, str]]) -> None:
        node = flow.nodes[node_id]
        for answer in ("yes", "no"):
            target = node.target(answer)
            steps = [*taken, (node_id, answer)]
            if target.outcome is not None:
                routes.setdefault(target.outcome, steps)
            if target.node is not None:
                walk(target.node, steps)

    walk(flow.start, [])
    return routes


def checklist_routes(checklist: Checklist) -> dict[str, list[tuple[str, str]]]:
    """Answers that meet each rule's conditions, kept when the engine agrees they decide it."""
    routes: dict[str, list[tuple[str, str]]] = {}
    for rule in checklist.rules:
        answers: dict[str, str] = {}
        for condition in rule.when:
            chosen = condition.items[:1] if condition.mode == "any_of" else condition.items
            answers.update(dict.fromkeys(chosen, condition.equals))
        result = evaluate(SPEC, CHECKLIST, answers)
        if result.outcome and result.outcome["id"] == rule.outcome:
            routes.setdefault(rule.outcome, list(answers.items()))
    return routes


GUIDE_ROUTES = guide_routes(SPEC.tool(GUIDE))  # type: ignore[arg-type]
CHECKLIST_ROUTES = checklist_routes(SPEC.tool(CHECKLIST))  # type: ignore[arg-type]


def test_routes_cover_every_outcome() -> None:
    assert set(GUIDE_ROUTES) == set(SPEC.tool(GUIDE).outcomes)
    assert set(CHECKLIST_ROUTES) == set(SPEC.tool(CHECKLIST).outcomes)


# The site -----------------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def tools_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The built site's root URL, ending in a slash, served one folder down (``/site/``).

    Serving the site below the server's root proves the tools find the export from wherever the
    site is put. JUSTCULTURE_SITE_URL tests a site that is already being served instead.
    """
    if os.environ.get("JUSTCULTURE_SITE_URL"):
        yield os.environ["JUSTCULTURE_SITE_URL"].rstrip("/") + "/"
        return
    built_site: Path = request.getfixturevalue("built_site")
    handler = functools.partial(_QuietHandler, directory=str(built_site.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{built_site.name}/"
    server.shutdown()
    server.server_close()


def open_tool(watched: Any, url: str) -> Any:
    page = watched.page
    page.goto(url)
    page.wait_for_selector("[data-jc-tool][data-jc-ready=ready]")
    return page


def assert_clean(watched: Any) -> None:
    assert watched.foreign_requests() == []
    assert watched.console_errors == []
    assert watched.page.context.cookies() == []


def assert_no_axe_violations(watched: Any, state: str) -> None:
    violations = watched.axe_violations()
    assert violations == [], f"axe at {state}:\n{describe_violations(violations)}"


def assert_record(page: Any, expected: list[str]) -> None:
    """In print media only the record shows, and it holds every expected text."""
    page.emulate_media(media="print")
    try:
        record = page.locator(".jct-record")
        assert record.is_visible()
        assert not page.locator(".jct-ui").is_visible()
        assert not page.locator("h1").first.is_visible()
        text = normal(record.inner_text())
        for wanted in expected:
            assert normal(wanted) in text, wanted
    finally:
        page.emulate_media(media="screen")
    assert not page.locator(".jct-record").is_visible()


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# The pages' wiring --------------------------------------------------------------------------

ASSETS = ("assets/js/justculture-engine.js", "assets/js/tools.js", "assets/css/tools.css")
# Every file the page fetched: tools.js imports the engine, so it has no <script> element.
LOADED = """() => [
  ...performance.getEntriesByType("resource").map((e) => e.name),
  ...[...document.styleSheets].map((s) => s.href || ""),
]"""


@pytest.mark.parametrize("page_path", [GUIDE_PAGE, CHECKLIST_PAGE])
def test_the_tool_pages_load_their_scripts_and_stylesheet(
    watched: Any, tools_url: str, page_path: str
) -> None:
    page = open_tool(watched, tools_url + page_path)
    loaded = page.evaluate(LOADED)
    for asset in ASSETS:
        assert any(url.split("?")[0].endswith(asset) for url in loaded), (
            f"{asset} is not on {page_path}: its front matter must list tools.js under scripts"
            if asset.endswith(".js")
            else f"{asset} is not on {page_path}: mkdocs.yml must list it under extra_css"
        )
    assert_clean(watched)


# The guide ----------------------------------------------------------------------------------


def guide_heading(page: Any) -> Any:
    return page.locator(".jct-question__heading")


def answer_guide(page: Any, answer: str) -> None:
    page.locator(".jct-question").get_by_label(ANSWER_LABEL[answer], exact=True).check()
    page.get_by_role("button", name="Continue").click()


def longest_route(flow: Flow) -> int:
    def depth(node_id: str) -> int:
        node = flow.nodes[node_id]
        return 1 + max((depth(t.node) for t in (node.on_yes, node.on_no) if t.node), default=0)

    return depth(flow.start)


@pytest.mark.parametrize("outcome_id", sorted(GUIDE_ROUTES))
def test_guide_reaches_each_outcome(watched: Any, tools_url: str, outcome_id: str) -> None:
    flow = SPEC.tool(GUIDE)
    route = GUIDE_ROUTES[outcome_id]
    page = open_tool(watched, tools_url + GUIDE_PAGE)
    for step, (node_id, answer) in enumerate(route, start=1):
        node = flow.nodes[node_id]
        assert normal(guide_heading(page).inner_text()) == normal(node.question)
        assert (
            page.locator(".jct-progress").inner_text()
            == f"Question {step} of up to {longest_route(flow)}"
        )
        test_title = flow.tests[node.test]["title"]
        assert test_title in page.locator(".jct-legend .jct-caption").inner_text()
        if node.help:
            assert normal(page.locator(".jct-question .jct-hint").inner_text()) == normal(node.help)
        answer_guide(page, answer)
    expected = evaluate(SPEC, GUIDE, dict(route)).to_dict()
    outcome = expected["outcome"]
    heading = page.locator(".jct-outcome__heading")
    assert normal(heading.inner_text()) == normal(f"Outcome: {outcome['title']}")
    assert page.evaluate("document.activeElement.id") == heading.get_attribute("id")
    # The page words each reason as the Python templates do (the _reasons.j2 macro).
    worded = reason_texts(flow, expected["reasons"])
    reasons = page.locator(".jct-outcome ol").first.locator("li").all_inner_texts()
    assert [normal(r) for r in reasons] == [normal(r) for r in worded]
    view = normal(page.locator(".jct-outcome").inner_text())
    for row in outcome["obligations"]:
        assert normal(row["title"]) in view and normal(row["text"]) in view
    for question in SPEC.document("restorative")["questions"]:
        assert normal(question["text"]).lower() in view.lower()
    page.wait_for_function(LIVE_SAYS, arg=outcome["title"])
    asked = [normal(flow.nodes[node_id].question) for node_id, _ in route]
    # The record gives the reason that led to the outcome; its answers table is the whole route
    # (so a complete record keeps to two pages, as the command line's does).
    assert_record(page, [*asked, f"Outcome: {outcome['title']}", worded[-1]])
    assert_clean(watched)


def test_guide_back_keeps_the_earlier_answer(watched: Any, tools_url: str) -> None:
    flow = SPEC.tool(GUIDE)
    route = GUIDE_ROUTES["system-foresight"]
    page = open_tool(watched, tools_url + GUIDE_PAGE)
    assert page.get_by_role("button", name="Back", exact=True).count() == 0
    for _node_id, answer in route[:3]:
        answer_guide(page, answer)
    third = route[2][0]
    page.get_by_role("button", name="Back", exact=True).click()
    assert normal(guide_heading(page).inner_text()) == normal(flow.nodes[third].question)
    assert page.evaluate(FOCUSED_HAS_CLASS, "jct-question__heading")
    assert (
        page.locator(".jct-question")
        .get_by_label(ANSWER_LABEL[route[2][1]], exact=True)
        .is_checked()
    )
    page.get_by_role("button", name="Back", exact=True).click()
    assert normal(guide_heading(page).inner_text()) == normal(flow.nodes[route[1][0]].question)
    assert page.locator(".jct-progress").inner_text().startswith("Question 2 ")
    # From the outcome, Back returns to the question that led there.
    for _node_id, answer in route[1:]:
        answer_guide(page, answer)
    assert page.locator(".jct-outcome__heading").is_visible()
    page.get_by_role("button", name="Back", exact=True).click()
    assert normal(guide_heading(page).inner_text()) == normal(flow.nodes[route[-1][0]].question)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Start again").click()
    assert normal(guide_heading(page).inner_text()) == normal(flow.nodes[flow.start].question)
    assert_clean(watched)


def test_guide_asks_for_an_answer_before_going_on(watched: Any, tools_url: str) -> None:
    page = open_tool(watched, tools_url + GUIDE_PAGE)
    page.get_by_role("button", name="Continue").click()
    error = page.locator(".jct-error")
    assert error.is_visible()
    described = page.locator(".jct-question fieldset").get_attribute("aria-describedby") or ""
    assert error.get_attribute("id") in described.split()
    assert page.evaluate("document.activeElement.type") == "radio"
    assert_no_axe_violations(watched, "the guide's error message")


def tab_to_first_radio(page: Any) -> None:
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate(
            "document.activeElement.closest('.jct-question') && document.activeElement.type === 'radio'"
        ):
            return
    pytest.fail("Tab never reached the guide's first answer")


def test_guide_by_keyboard_alone(watched: Any, tools_url: str) -> None:
    route = next(steps for steps in GUIDE_ROUTES.values() if {a for _, a in steps} == {"yes", "no"})
    page = open_tool(watched, tools_url + GUIDE_PAGE)
    for step, (_node_id, answer) in enumerate(route):
        if step:
            assert page.evaluate(FOCUSED_HAS_CLASS, "jct-question__heading")
        tab_to_first_radio(page)
        # With nothing chosen, Tab lands on Yes; an arrow key moves to No and chooses it.
        page.keyboard.press("Space" if answer == "yes" else "ArrowDown")
        chosen = page.evaluate("document.querySelector('.jct-question input:checked').value")
        assert chosen == answer
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Continue"
        page.keyboard.press("Enter")
    expected = evaluate(SPEC, GUIDE, dict(route)).to_dict()
    assert page.evaluate(FOCUSED_HAS_CLASS, "jct-outcome__heading")
    assert expected["outcome"]["title"] in page.evaluate("document.activeElement.textContent")
    # The outcome's buttons are reachable by Tab too.
    for _ in range(100):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Print or save as PDF":
            break
    else:
        pytest.fail("Tab never reached the print button")
    assert_clean(watched)


def test_guide_has_no_axe_violations_at_start_midway_and_outcome(
    watched: Any, tools_url: str
) -> None:
    route = max(GUIDE_ROUTES.values(), key=len)
    page = open_tool(watched, tools_url + GUIDE_PAGE)
    assert_no_axe_violations(watched, "the first question")
    for step, (_node_id, answer) in enumerate(route):
        if step == len(route) // 2:
            assert_no_axe_violations(watched, "a question midway")
        answer_guide(page, answer)
    page.locator(".jct-outcome__heading").wait_for()
    assert_no_axe_violations(watched, "the outcome")
    assert_clean(watched)


def test_guide_record_includes_the_decision_fields(watched: Any, tools_url: str) -> None:
    route = GUIDE_ROUTES["individual-management"]
    page = open_tool(watched, tools_url + GUIDE_PAGE)
    for _node_id, answer in route:
        answer_guide(page, answer)
    fields = SPEC.decision_record_fields()
    typed = {}
    for field in fields:
        if field["type"] in ("text", "person"):
            typed[field["label"]] = f"Typed into {field['id']}"
            page.get_by_label(field["label"], exact=True).fill(typed[field["label"]])
    assert_record(
        page,
        [field["label"] for field in fields] + list(typed.values()) + ["Sign-off"],
    )
    assert_clean(watched)


def test_a_draft_is_kept_only_when_asked(watched: Any, tools_url: str) -> None:
    page = open_tool(watched, tools_url + GUIDE_PAGE)
    answer_guide(page, "no")
    assert page.evaluate("window.localStorage.length") == 0
    page.get_by_label("Save on this device").check()
    assert page.evaluate("window.localStorage.length") == 1
    page.reload()
    page.wait_for_selector("[data-jc-ready=ready]")
    assert page.locator(".jct-progress").inner_text().startswith("Question 2 ")
    assert page.get_by_label("Save on this device").is_checked()
    page.get_by_role("button", name="Delete saved answers").click()
    assert page.evaluate("window.localStorage.length") == 0
    assert not page.get_by_label("Save on this device").is_checked()
    assert_clean(watched)


# The checklist ------------------------------------------------------------------------------


def answer_checklist(page: Any, item_id: str, value: str) -> None:
    name = f"{PREFIX[CHECKLIST]}-item-{item_id}-answer"
    page.locator(f"input[name='{name}'][value='{value}']").check()


@pytest.mark.parametrize("outcome_id", sorted(CHECKLIST_ROUTES))
def test_checklist_reaches_each_outcome(watched: Any, tools_url: str, outcome_id: str) -> None:
    checklist = SPEC.tool(CHECKLIST)
    group = next(iter(checklist.approvers))
    answers = CHECKLIST_ROUTES[outcome_id]
    page = open_tool(watched, tools_url + CHECKLIST_PAGE)
    summary = page.locator(".jct-summary__body")
    assert "No outcome yet" in summary.inner_text()
    first = evaluate(SPEC, CHECKLIST, {}).to_dict()
    for item_id in first["next"]:
        assert summary.locator(f"a[href='#{PREFIX[CHECKLIST]}-item-{item_id}']").count() == 1
    for item_id, value in answers:
        answer_checklist(page, item_id, value)
    page.get_by_label("Which staff group is the worker in?").select_option(group)
    expected = evaluate(SPEC, CHECKLIST, dict(answers), staff_group=group).to_dict()
    outcome = expected["outcome"]
    assert (
        normal(summary.locator(".jct-summary__status").inner_text())
        == f"Outcome: {outcome['title']}"
    )
    worded = reason_texts(checklist, expected["reasons"])
    reasons = summary.locator("ol").first.locator("li").all_inner_texts()
    assert [normal(r) for r in reasons] == [normal(r) for r in worded]
    text = normal(summary.inner_text())
    for row in expected["outstanding"]:
        assert normal(row["text"]) in text
    for row in expected["prompts"]:
        assert normal(row["prompt"]) in text
    assert expected["approver"]["role"] in text
    page.wait_for_function(LIVE_SAYS, arg=outcome["title"])
    assert_record(
        page,
        [
            f"Outcome: {outcome['title']}",
            *worded,
            expected["approver"]["role"],
        ],
    )
    assert_clean(watched)


def test_checklist_shows_prompts_signposts_and_the_approver_live(
    watched: Any, tools_url: str
) -> None:
    checklist = SPEC.tool(CHECKLIST)
    page = open_tool(watched, tools_url + CHECKLIST_PAGE)
    assert_no_axe_violations(watched, "the empty checklist")
    summary = page.locator(".jct-summary__body")
    decisive = {item for rule in checklist.rules for cond in rule.when for item in cond.items}
    with_prompt = next(
        item
        for item in checklist.items.values()
        if item.prompt and item.answer_type == "yes-no" and item.id not in decisive
    )
    answer_checklist(page, with_prompt.id, "no")
    assert normal(with_prompt.prompt or "") in normal(summary.inner_text())
    for sign in checklist.signposts:
        for condition in sign.when:
            for item_id in condition.items:
                answer_checklist(page, item_id, condition.equals)
        assert normal(sign.text) in normal(summary.inner_text())
    for group, row in checklist.approvers.items():
        page.get_by_label("Which staff group is the worker in?").select_option(group)
        assert row["role"] in summary.inner_text()
    choices = checklist.items["1"].choices
    answer_checklist(page, "1", choices[0])
    assert page.locator(f"input[name='{PREFIX[CHECKLIST]}-item-1-answer']:checked").count() == 1
    answers = dict(CHECKLIST_ROUTES["not-ready"])
    for item_id, value in answers.items():
        answer_checklist(page, item_id, value)
    assert_no_axe_violations(watched, "the checklist with an outcome, prompts and signposts")
    # The questions the outcome did not need are counted once, not listed as "Not answered".
    assert_record(page, ["were not answered", choices[0].capitalize(), with_prompt.prompt or ""])
    assert "Not answered" not in page.locator(".jct-record").inner_text()
    page.get_by_role("button", name="Clear all answers").click()
    assert "No outcome yet" in summary.inner_text()
    assert page.locator(".jct-checklist input:checked").count() == 0
    assert_clean(watched)


def test_checklist_groups_items_as_the_paper_does(watched: Any, tools_url: str) -> None:
    checklist = SPEC.tool(CHECKLIST)
    page = open_tool(watched, tools_url + CHECKLIST_PAGE)
    for item in checklist.answerable_items():
        fieldset = page.locator(f"#{PREFIX[CHECKLIST]}-item-{item.id}")
        assert fieldset.evaluate("e => e.tagName") == "FIELDSET"
        assert normal(item.text) in normal(fieldset.locator("legend").first.inner_text())
        radios = page.locator(f"input[name='{PREFIX[CHECKLIST]}-item-{item.id}-answer']")
        assert radios.count() == len(item.allowed_values())
        if item.parent:
            parent = page.locator(f"#{PREFIX[CHECKLIST]}-item-{item.parent}")
            assert parent.locator(f"#{PREFIX[CHECKLIST]}-item-{item.id}").count() == 1
    assert_clean(watched)


# When things go wrong -----------------------------------------------------------------------


def test_a_draft_from_an_older_spec_is_cleaned_not_fatal(watched: Any, tools_url: str) -> None:
    page = open_tool(watched, tools_url + GUIDE_PAGE)
    flow = SPEC.tool(GUIDE)
    stale = {"answers": [["no-such-question", "yes"], [flow.start, "maybe"], [flow.start, "no"]]}
    page.evaluate(
        "([key, draft]) => localStorage.setItem(key, JSON.stringify(draft))",
        [f"justculture-draft:{GUIDE}", stale],
    )
    page.reload()
    page.wait_for_selector("[data-jc-ready=ready]")
    second = flow.nodes[flow.start].target("no").node
    assert second is not None
    assert normal(guide_heading(page).inner_text()) == normal(flow.nodes[second].question)
    assert_clean(watched)


def test_a_missing_export_gives_a_plain_message(watched: Any, tools_url: str) -> None:
    page = watched.page
    page.route("**/spec/latest.json", lambda route: route.fulfill(status=404, body="not found"))
    page.goto(tools_url + GUIDE_PAGE)
    page.wait_for_selector("[data-jc-ready=failed]")
    alert = page.get_by_role("alert")
    assert "could not load" in alert.inner_text()
    assert watched.foreign_requests() == []
