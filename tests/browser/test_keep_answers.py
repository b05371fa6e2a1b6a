"""The tools as a manager uses them on a real case, in real Chromium: red flags above the outcome,
nothing typed lost (a warning before leaving, saving on this device, an answers file the command
line reads, a copied summary), nothing sent anywhere, and each page loading only its own script
and its own slice of the data.

Expected words come from the spec and the Python engine, never from this file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from browsing import (
    CHECKLIST,
    GUIDE,
    TOOL_PAGES,
    TOOL_PREFIX,
    WatchedPage,
    answer_checklist,
    describe_violations,
    open_tool,
)

from cli_runs import run_justculture
from justculture import load_spec
from justculture.engine import evaluate

pytestmark = pytest.mark.browser

SPEC = load_spec()
PAGES, PREFIX = TOOL_PAGES, TOOL_PREFIX
# The case: intent to harm, drink, and option i at question 3.
RED_FLAGS = {"2a": "yes", "2b": "yes", "3": "i"}
TOOL_SCRIPTS = ("tools.js", "justculture-engine.js", "scenario.js", "monitor.js")
DEVELOPER_WORDS = ("Spec version", GUIDE, CHECKLIST, "undefined", "null")


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def answer_guide(page: Any, answers: list[tuple[str, str]]) -> None:
    for _node, value in answers:
        page.locator(".jct-question").get_by_label(value.capitalize(), exact=True).check()
        page.get_by_role("button", name="Continue").click()


def guide_route_to(first_answer: str) -> list[tuple[str, str]]:
    """The route that answers the first question ``first_answer`` and then No until an outcome."""
    flow = SPEC.tool(GUIDE)
    route, node_id, answer = [], flow.start, first_answer
    while node_id:
        route.append((node_id, answer))
        node_id = flow.nodes[node_id].target(answer).node
        answer = "no"
    return route


def expected(tool: str, answers: dict[str, str]) -> dict[str, Any]:
    return evaluate(SPEC, tool, answers).to_dict()


def printed_record(page: Any) -> str:
    page.emulate_media(media="print")
    try:
        return normal(page.locator(".jct-record").inner_text())
    finally:
        page.emulate_media(media="screen")


def assert_nothing_sent(
    watched: WatchedPage, site_url: str, methods: list[tuple[str, str]]
) -> None:
    site = urlparse(site_url)
    assert watched.foreign_requests() == []
    for method, url in methods:
        parsed = urlparse(url)
        if parsed.scheme in {"http", "https"}:
            assert (method, parsed.netloc) == ("GET", site.netloc), (method, url)
    assert watched.page.context.cookies() == []
    assert watched.console_errors == []


@pytest.fixture
def methods(watched: WatchedPage) -> list[tuple[str, str]]:
    """Every request's method and URL, to show that nothing is ever posted."""
    seen: list[tuple[str, str]] = []
    watched.page.on("request", lambda request: seen.append((request.method, request.url)))
    return seen


# Red flags above the outcome ----------------------------------------------------------------


def test_the_severity_titles_are_the_codelists() -> None:
    script = (Path(__file__).resolve().parents[2] / "docs/assets/js/tools.js").read_text("utf-8")
    titles = dict(
        re.findall(r'(\w+): "([^"]+)"', script.split("SEVERITY_TITLES = ")[1].split(";")[0])
    )
    assert titles == {code: SPEC.label("severity", code) for code in titles}
    assert set(titles) == {"stop", "check"}


def test_checklist_red_flags_come_before_the_outcome(
    watched: WatchedPage, site_url: str, methods: list[tuple[str, str]]
) -> None:
    result = expected(CHECKLIST, RED_FLAGS)
    stops = [alert for alert in result["alerts"] if alert["severity"] == "stop"]
    assert len(stops) >= 2 and result["outcome"] is not None
    page = open_tool(watched, site_url, CHECKLIST)
    answer_checklist(page, RED_FLAGS)
    summary = page.locator(".jct-summary__body")
    alert = summary.locator(".jct-alert--stop")
    status = summary.locator(".jct-summary__status")
    assert normal(status.inner_text()) == f"Outcome: {result['outcome']['title']}"
    assert normal(alert.locator(".jct-alert__title").inner_text()) == SPEC.label("severity", "stop")
    for row in stops:
        assert normal(row["text"]) in normal(alert.inner_text())
    # Before the outcome in the page's order (what a screen reader reads first) and on screen.
    assert alert.evaluate("(a, s) => !!(a.compareDocumentPosition(s) & 4)", status.element_handle())
    assert alert.bounding_box()["y"] + alert.bounding_box()["height"] <= status.bounding_box()["y"]
    # The signposts the alerts replaced are not repeated under "Also consider".
    retired = [s for s in SPEC.document(CHECKLIST)["signposts"] if s.get("deprecated")]
    for signpost in retired:
        assert normal(signpost["text"]) not in normal(summary.inner_text())
    page.wait_for_function(
        "(t) => [...document.querySelectorAll('[aria-live]')].some(e => e.textContent.startsWith(t))",
        arg=SPEC.label("severity", "stop"),
    )
    record = printed_record(page)
    assert record.index(normal(stops[0]["text"])) < record.index(
        f"Outcome: {result['outcome']['title']}"
    )
    assert_nothing_sent(watched, site_url, methods)


def test_a_contradiction_asks_to_check_the_answers(watched: WatchedPage, site_url: str) -> None:
    answers = {"1": "capability", "2": "yes"}
    checks = [a for a in expected(CHECKLIST, answers)["alerts"] if a["severity"] == "check"]
    assert checks
    page = open_tool(watched, site_url, CHECKLIST)
    answer_checklist(page, answers)
    box = page.locator(".jct-summary__body .jct-alert--check")
    assert SPEC.label("severity", "check") in box.inner_text()
    assert normal(checks[0]["text"]) in normal(box.inner_text())


def test_guide_red_flag_comes_before_the_outcome(watched: WatchedPage, site_url: str) -> None:
    route = guide_route_to("yes")
    result = expected(GUIDE, dict(route))
    assert result["alerts"], "answering Yes to the first question raises an alert"
    page = open_tool(watched, site_url, GUIDE)
    answer_guide(page, route)
    alert = page.locator(".jct-outcome .jct-alert").first
    heading = page.locator(".jct-outcome__heading")
    assert normal(result["alerts"][0]["text"]) in normal(alert.inner_text())
    assert alert.bounding_box()["y"] < heading.bounding_box()["y"]
    record = printed_record(page)
    assert record.index(normal(result["alerts"][0]["text"])) < record.index("Outcome:")


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("tool", [GUIDE, CHECKLIST])
def test_tools_with_alerts_pass_axe(
    watched: WatchedPage, site_url: str, tool: str, width: int
) -> None:
    watched.page.set_viewport_size({"width": width, "height": 900})
    page = open_tool(watched, site_url, tool)
    violations = watched.axe_violations()
    assert violations == [], describe_violations(violations)
    if tool == CHECKLIST:
        answer_checklist(page, RED_FLAGS)
    else:
        answer_guide(page, guide_route_to("yes"))
    assert page.locator(".jct-alert").count() >= 1
    violations = watched.axe_violations()
    assert violations == [], describe_violations(violations)
    width_used = page.evaluate("document.documentElement.scrollWidth")
    assert width_used <= width, "the page scrolls sideways"


# The printed record -------------------------------------------------------------------------


def test_the_printed_record_has_the_data_fields_case_first_and_no_developer_words(
    watched: WatchedPage, site_url: str
) -> None:
    page = open_tool(watched, site_url, CHECKLIST)
    answer_checklist(page, RED_FLAGS)
    fields = SPEC.decision_record_fields()
    typed = {}
    for field in fields:
        if field["type"] in ("text", "person"):
            typed[field["id"]] = f"Typed {field['id'].replace('-', ' ')}"
            page.get_by_label(field["label"], exact=True).fill(typed[field["id"]])
    record = printed_record(page)
    for field in fields:
        assert normal(field["label"]) in record
    for text in typed.values():
        assert text in record
    labels = [normal(field["label"]) for field in fields]
    case = [
        label
        for field, label in zip(fields, labels, strict=True)
        if field["id"] in ("case-reference", "staff-member", "people-involved")
    ]
    assert case, "the record's data has the case fields"
    assert max(record.index(label) for label in case) < record.index("Outcome:")
    by_id = {field["id"]: normal(field["label"]) for field in fields}
    sign_off = record[record.index("Sign-off") :]
    assert by_id["decision-maker"] in sign_off and by_id["approver"] in sign_off
    for word in DEVELOPER_WORDS:
        assert word not in record, word


# Nothing typed is lost ----------------------------------------------------------------------


def dialogs_on_close(page: Any) -> list[str]:
    """Close the page as a user closes the tab; the dialogs it raised (each dismissed)."""
    seen: list[str] = []
    page.on("dialog", lambda dialog: (seen.append(dialog.type), dialog.dismiss()))
    other = page.context.new_page()
    page.close(run_before_unload=True)
    other.wait_for_timeout(500)
    other.close()
    return seen


def test_leaving_with_unsaved_answers_asks_first(watched: WatchedPage, site_url: str) -> None:
    page = open_tool(watched, site_url, GUIDE)
    assert dialogs_on_close(page) == [], "nothing typed yet: no question"
    page = watched.page.context.new_page()
    page.goto(site_url + PAGES[GUIDE])
    page.wait_for_selector("[data-jc-ready=ready]")
    answer_guide(page, guide_route_to("no")[:1])
    assert dialogs_on_close(page) == ["beforeunload"]
    page = watched.page.context.new_page()
    page.goto(site_url + PAGES[CHECKLIST])
    page.wait_for_selector("[data-jc-ready=ready]")
    field = SPEC.decision_record_fields()[0]
    page.get_by_label(field["label"], exact=True).fill("A case reference")
    assert dialogs_on_close(page) == ["beforeunload"]


def test_with_saving_on_nothing_is_asked_and_a_reload_brings_everything_back(
    watched: WatchedPage, site_url: str
) -> None:
    route = guide_route_to("no")
    result = expected(GUIDE, dict(route))
    page = open_tool(watched, site_url, GUIDE)
    page.get_by_label("Save on this device").check()
    answer_guide(page, route)
    typed = {}
    for field in SPEC.decision_record_fields():
        if field["type"] in ("text", "person"):
            typed[field["label"]] = f"Kept {field['id']}"
            page.get_by_label(field["label"], exact=True).fill(typed[field["label"]])
    page.reload()
    page.wait_for_selector("[data-jc-ready=ready]")
    heading = page.locator(".jct-outcome__heading")
    assert normal(heading.inner_text()) == f"Outcome: {result['outcome']['title']}"
    for label, text in typed.items():
        assert page.get_by_label(label, exact=True).input_value() == text
    assert dialogs_on_close(page) == []


def download_answers(page: Any, into: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name="Download answers").click()
    target = into / info.value.suggested_filename
    info.value.save_as(target)
    return target


def open_answers(page: Any, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Open answers").click()
    chooser.value.set_files(str(path))


@pytest.mark.parametrize("tool", [GUIDE, CHECKLIST])
def test_downloaded_answers_reopen_and_the_command_line_reads_them(
    watched: WatchedPage,
    site_url: str,
    tool: str,
    tmp_path: Path,
    methods: list[tuple[str, str]],
) -> None:
    answers = dict(guide_route_to("no")) if tool == GUIDE else RED_FLAGS
    result = expected(tool, answers)
    page = open_tool(watched, site_url, tool)
    if tool == GUIDE:
        answer_guide(page, list(answers.items()))
    else:
        answer_checklist(page, answers)
    saved = download_answers(page, tmp_path)
    assert json.loads(saved.read_text(encoding="utf-8")) == answers
    done = run_justculture("evaluate", tool, "--answers", saved, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["outcome"]["id"] == result["outcome"]["id"]
    # Downloaded, so leaving now loses nothing.
    assert dialogs_on_close(page) == []
    fresh = watched.page.context.new_page()
    fresh.on("request", lambda request: methods.append((request.method, request.url)))
    fresh.on("request", lambda request: watched.requests.append(request.url))
    fresh.goto(site_url + PAGES[tool])
    fresh.wait_for_selector("[data-jc-ready=ready]")
    open_answers(fresh, saved)
    title = f"Outcome: {result['outcome']['title']}"
    shown = ".jct-outcome__heading" if tool == GUIDE else ".jct-summary__status"
    fresh.wait_for_function(
        "([sel, t]) => (document.querySelector(sel) || {}).textContent === t", arg=[shown, title]
    )
    fresh.locator(".jct-keep__status").filter(has_text="Answers opened from").wait_for()
    assert_nothing_sent(watched, site_url, methods)


@pytest.mark.parametrize(
    "content",
    ["not json at all", "[1, 2]", "{}", '{"no-such-question": "yes"}', '{"1a": "perhaps"}'],
)
def test_a_bad_answers_file_changes_nothing(
    watched: WatchedPage, site_url: str, tmp_path: Path, content: str
) -> None:
    page = open_tool(watched, site_url, GUIDE)
    answer_guide(page, guide_route_to("no")[:1])
    before = page.locator(".jct-progress").inner_text()
    bad = tmp_path / "answers.json"
    bad.write_text(content, encoding="utf-8")
    open_answers(page, bad)
    status = page.locator(".jct-keep__status")
    status.filter(has_text="Nothing was changed").wait_for()
    assert status.inner_text().startswith("Could not open answers.json: ")
    assert page.locator(".jct-progress").inner_text() == before
    assert watched.console_errors == []


def test_copy_summary_puts_alerts_outcome_and_answers_on_the_clipboard(
    browser: Any, site_url: str
) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(site_url + PAGES[CHECKLIST])
        page.wait_for_selector("[data-jc-ready=ready]")
        answer_checklist(page, RED_FLAGS)
        page.get_by_role("button", name="Copy summary").click()
        page.locator(".jct-keep__status").filter(has_text="Summary copied").wait_for()
        copied = normal(page.evaluate("navigator.clipboard.readText()"))
        result = expected(CHECKLIST, RED_FLAGS)
        first_alert = f"{SPEC.label('severity', 'stop')}: {normal(result['alerts'][0]['text'])}"
        assert first_alert in copied
        assert copied.index(first_alert) < copied.index(f"Outcome: {result['outcome']['title']}")
        for item_id in RED_FLAGS:
            assert normal(SPEC.tool(CHECKLIST).items[item_id].text) in copied
        assert "Not answered" not in copied
    finally:
        context.close()


# Scripts and data: each page only what it needs ------------------------------------------------


@pytest.mark.parametrize("tool", [GUIDE, CHECKLIST])
def test_a_tool_fetches_only_its_slice(watched: WatchedPage, site_url: str, tool: str) -> None:
    open_tool(watched, site_url, tool)
    data = [urlparse(url).path for url in watched.requests if url.endswith(".json")]
    assert f"/spec/{SPEC.version}/slices/{tool}.json" in data
    assert not [path for path in data if path.endswith("/justculture.json")]


def test_data_spec_url_still_points_a_tool_at_the_whole_export(
    watched: WatchedPage, site_url: str
) -> None:
    page = watched.page
    url = site_url + PAGES[GUIDE]

    def rewrite(route: Any) -> None:
        html = (
            route.fetch()
            .text()
            .replace(
                'data-spec-index="spec/latest.json"',
                f'data-spec-url="../../spec/{SPEC.version}/justculture.json"',
            )
        )
        route.fulfill(body=html, content_type="text/html")

    page.route(url, rewrite)
    open_tool(watched, site_url, GUIDE)
    data = [urlparse(u).path for u in watched.requests if u.endswith(".json")]
    assert f"/spec/{SPEC.version}/justculture.json" in data
    assert not [path for path in data if "/slices/" in path]


def test_the_tool_says_it_is_loading_until_the_data_arrives(
    watched: WatchedPage, site_url: str
) -> None:
    page = watched.page
    held: list[Any] = []
    page.route("**/slices/*.json", lambda route: held.append(route))
    page.goto(site_url + PAGES[GUIDE])
    loading = page.locator("[data-jc-tool] .jct-loading")
    loading.wait_for()
    assert normal(loading.inner_text()) == "Loading the guide…"
    assert loading.get_attribute("role") == "status"
    assert held
    held[0].continue_()
    page.wait_for_selector("[data-jc-ready=ready]")
    assert page.locator(".jct-loading").count() == 0


@pytest.mark.parametrize("path", ["/", "/charter/"])
def test_a_page_without_a_tool_loads_no_tool_script(
    watched: WatchedPage, site_url: str, path: str
) -> None:
    watched.page.goto(site_url + path)
    watched.page.wait_for_load_state("networkidle")
    loaded = [url for url in watched.requests if url.endswith(TOOL_SCRIPTS)]
    assert loaded == []


@pytest.mark.parametrize(
    ("path", "script"),
    [
        (PAGES[GUIDE], "tools.js"),
        (PAGES[CHECKLIST], "tools.js"),
        ("/tools/check-your-figures/", "monitor.js"),
    ],
)
def test_each_tool_page_loads_its_own_script(
    watched: WatchedPage, site_url: str, path: str, script: str
) -> None:
    watched.page.goto(site_url + path)
    watched.page.wait_for_load_state("networkidle")
    loaded = {url.rsplit("/", 1)[-1] for url in watched.requests if url.endswith(TOOL_SCRIPTS)}
    assert script in loaded
    assert "scenario.js" not in loaded and ({"monitor.js", "tools.js"} - {script}).isdisjoint(
        loaded
    )
    assert watched.console_errors == []


# The checklist's summary in reach ---------------------------------------------------------------


@pytest.mark.parametrize("width", [390, 1280])
def test_the_summary_is_one_step_from_every_question(
    watched: WatchedPage, site_url: str, width: int
) -> None:
    watched.page.set_viewport_size({"width": width, "height": 800})
    page = open_tool(watched, site_url, CHECKLIST)
    answer_checklist(page, RED_FLAGS)
    groups = page.locator(".jct-checklist > fieldset.jct-group")
    links = page.locator(".jct-checklist .jct-jump__link")
    assert links.count() == groups.count() > 0
    title = expected(CHECKLIST, RED_FLAGS)["outcome"]["title"]
    assert (
        SPEC.label("severity", "stop") in links.first.inner_text()
        or title in links.first.inner_text()
    )
    links.last.click()
    page.wait_for_function(
        "() => { const r = document.querySelector('.jct-summary').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }"
    )


def test_without_a_slice_the_tool_reads_the_whole_export(
    watched: WatchedPage, site_url: str
) -> None:
    page = watched.page
    page.route("**/slices/*.json", lambda route: route.fulfill(status=404, body="not found"))
    open_tool(watched, site_url, GUIDE)
    data = [urlparse(url).path for url in watched.requests if url.endswith(".json")]
    assert f"/spec/{SPEC.version}/justculture.json" in data
    assert page.locator(".jct-question__heading").count() == 1
