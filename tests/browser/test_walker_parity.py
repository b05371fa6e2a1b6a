"""The JavaScript engine (docs/assets/js/justculture-engine.js) equals the Python engine, in Chromium.

Every complete answer set of the just culture guide, every prefix along its paths, a sample of
other partial sets, and a broad sample of checklist answer sets (every combination of question 3
and the steps that come before a decision, every answer to the items the alerts read, then random
sets with prompts, signposts, alerts and staff groups) go through both (the cases are in ``tests/engine_cases.py``; the Node test runs the same).
The engine is loaded as the site loads it, as an ES module, and runs in a handful of batched
``page.evaluate`` calls, not one round trip per answer set.

Both sides give reasons as data, compared with the rest of the result; each side also words them
(``reasonText`` in the engine, the ``_reasons.j2`` macro in Python), and the words must agree too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine_cases import (
    CHECKLIST,
    GUIDE,
    INVALID_CASES,
    Case,
    checklist_alert_cases,
    checklist_combination_cases,
    checklist_random_cases,
    guide_cases,
    guide_complete_cases,
    guide_random_partial_cases,
    python_side,
)
from justculture.exports.data import export_data
from justculture.model import Checklist

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "docs" / "assets" / "js"
JAVASCRIPT_PAGE = REPO / "docs" / "developers" / "javascript.md"
# A made-up origin that Playwright answers from docs/assets/js: nothing goes over the network.
ORIGIN = "http://justculture.test"
ENGINE_URL = f"{ORIGIN}/assets/js/justculture-engine.js"
BATCH = 1500

RUN_BATCH = """([cases]) => cases.map(([tool, answers, staffGroup]) => {
  const engine = window.__engine;
  try {
    const result = engine.evaluate(window.__export, tool, answers, staffGroup);
    return {result, words: engine.reasonTexts(window.__export, result)};
  } catch (error) {
    return {error: error.code || String(error)};
  }
})"""


def _serve(route: Any) -> None:
    name = route.request.url.split("?")[0].rsplit("/", 1)[-1]
    if name == "index.html":
        body = (
            "<!doctype html><html lang='en'><head><title>engine</title></head><body></body></html>"
        )
        route.fulfill(status=200, content_type="text/html", body=body)
    elif (SCRIPTS / name).is_file() and name.endswith(".js"):
        route.fulfill(status=200, content_type="text/javascript", path=str(SCRIPTS / name))
    else:
        route.fulfill(status=404, body="")


@pytest.fixture(scope="module")
def walker_page(browser: Any, spec: Any) -> Iterator[Any]:
    """A blank page that has imported the engine module and holds the export."""
    context = browser.new_context()
    context.route(f"{ORIGIN}/**", _serve)
    page = context.new_page()
    page.goto(f"{ORIGIN}/index.html")
    page.evaluate("async (url) => { window.__engine = await import(url); }", ENGINE_URL)
    page.evaluate("(data) => { window.__export = data; }", export_data(spec))
    yield page
    context.close()


def run_in_browser(page: Any, cases: list[Case]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for start in range(0, len(cases), BATCH):
        chunk = [
            [tool, [list(pair) for pair in answers], group]
            for tool, answers, group in cases[start : start + BATCH]
        ]
        out.extend(page.evaluate(RUN_BATCH, [chunk]))
    return out


def assert_parity(spec: Any, page: Any, cases: list[Case]) -> None:
    browser_results = run_in_browser(page, cases)
    assert len(browser_results) == len(cases)
    mismatches = []
    for case, got in zip(cases, browser_results, strict=True):
        expected = python_side(spec, case)
        if got != expected:
            mismatches.append((case, expected, got))
    detail = "\n".join(
        f"{case}\n  python: {want}\n  js:     {got}" for case, want, got in mismatches[:3]
    )
    assert not mismatches, f"{len(mismatches)} of {len(cases)} answer sets differ:\n{detail}"


def test_the_module_exports_the_documented_names(walker_page: Any) -> None:
    names = walker_page.evaluate("() => Object.keys(window.__engine).sort()")
    assert names == [
        "AnswerError",
        "ExportError",
        "evaluate",
        "questionLabel",
        "questions",
        "reasonText",
        "reasonTexts",
    ]


def test_question_labels_match_the_python_model(walker_page: Any, spec: Any) -> None:
    # One rule for the number people know a question by, in both languages: 2a, 3iii, Finally.
    for tool_id in ("just-culture-guide", "pre-disciplinary-checklist"):
        tool = spec.tool(tool_id)
        ids = list(tool.nodes) if hasattr(tool, "nodes") else list(tool.items)
        got = walker_page.evaluate(
            "([tool, ids]) => ids.map((id) =>"
            " window.__engine.questionLabel(window.__export.documents[tool], id))",
            [tool_id, ids],
        )
        assert got == [tool.question_label(question) for question in ids], tool_id
    refused = walker_page.evaluate(
        "() => { try { window.__engine.questionLabel("
        "window.__export.documents['pre-disciplinary-checklist'], 'nope'); return null; }"
        " catch (error) { return error.code; } }"
    )
    assert refused == "JC402"


# The just culture guide ---------------------------------------------------------------------


def test_guide_every_complete_answer_set_and_every_prefix(spec: Any, walker_page: Any) -> None:
    cases = guide_cases(spec)
    assert len(cases) > 2048
    assert_parity(spec, walker_page, cases)


def test_guide_random_partial_sets_in_any_order(spec: Any, walker_page: Any) -> None:
    # The last case gives the guide a staff group, which both engines refuse.
    assert_parity(spec, walker_page, guide_random_partial_cases(spec))


def test_guide_reaches_every_outcome_in_the_browser(spec: Any, walker_page: Any) -> None:
    cases = guide_complete_cases(spec)
    assert len(cases) == 2048
    outcomes = {row["result"]["outcome"]["id"] for row in run_in_browser(walker_page, cases)}
    assert outcomes == set(spec.tool(GUIDE).outcomes)


# The pre-disciplinary checklist -------------------------------------------------------------


def test_checklist_every_question_3_and_prerequisite_combination(
    spec: Any, walker_page: Any
) -> None:
    cases = checklist_combination_cases(spec)
    assert len(cases) == 4 * 3**5
    assert_parity(spec, walker_page, cases)


def test_checklist_random_answer_sets_with_prompts_signposts_and_staff_groups(
    spec: Any, walker_page: Any
) -> None:
    checklist = spec.tool(CHECKLIST)
    assert isinstance(checklist, Checklist)
    cases = checklist_random_cases(spec)
    assert_parity(spec, walker_page, cases)
    seen = [python_side(spec, case)["result"] for case in cases]
    assert {row["outcome"]["id"] for row in seen if row["outcome"]} == set(checklist.outcomes)
    assert any(row["prompts"] for row in seen)
    # The signposts still in use; the deprecated ones (replaced by alerts) are never reported.
    assert {sign["id"] for row in seen for sign in row["signposts"]} == {
        s.id for s in checklist.signposts
    }
    assert {alert["id"] for row in seen for alert in row["alerts"]} == {
        alert.id for alert in checklist.alerts
    }
    assert any(row["approver"] for row in seen)
    assert any(row["unused"] for row in seen)


def test_checklist_alerts_for_every_answer_to_the_items_they_read(
    spec: Any, walker_page: Any
) -> None:
    """Every alert alone, together and over each outcome: the same alerts in the same order."""
    cases = checklist_alert_cases(spec)
    assert len(cases) == 3 * 3 * 3 * 3 * 4
    assert_parity(spec, walker_page, cases)
    seen = [row["result"]["alerts"] for row in run_in_browser(walker_page, cases)]
    severities = {tuple(alert["severity"] for alert in alerts) for alerts in seen}
    assert ("stop", "stop", "stop", "check") in severities
    assert all(list(row) == sorted(row, key=("stop", "check").index) for row in severities)


def test_guide_alerts_come_only_from_answers_on_the_path(spec: Any, walker_page: Any) -> None:
    cases: list[Case] = [
        (GUIDE, [("1a", "yes"), ("2a", "yes")], None),
        (GUIDE, [("2a", "yes")], None),
        (GUIDE, [("1a", "no"), ("2a", "yes")], None),
    ]
    assert_parity(spec, walker_page, cases)
    alerts = [
        [a["id"] for a in row["result"]["alerts"]] for row in run_in_browser(walker_page, cases)
    ]
    assert alerts == [["alert-deliberate-harm"], [], ["alert-substance-abuse"]]


def test_invalid_answers_raise_the_same_error_codes(spec: Any, walker_page: Any) -> None:
    cases = [case for case, _ in INVALID_CASES]
    results = run_in_browser(walker_page, cases)
    assert [row.get("error") for row in results] == [code for _, code in INVALID_CASES]
    assert_parity(spec, walker_page, cases)


# The browser example on the "JavaScript engine" page --------------------------------------------


def test_the_browser_example_on_the_javascript_page_works(browser: Any, spec: Any) -> None:
    """The page's HTML and my-tool.js, served with the engine and the export, show the outcome."""
    text = JAVASCRIPT_PAGE.read_text("utf-8")
    [html] = re.findall(r"^```html\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)
    [script] = [
        code
        for code in re.findall(r"^```js\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)
        if "fetch(" in code
    ]
    [shown] = re.findall(r'The page then says "([^"]+)"', text)
    files = {
        "index.html": (
            "text/html",
            f"<!doctype html><html lang='en'><title>t</title>{html}</html>",
        ),
        "my-tool.js": ("text/javascript", script),
        "justculture-engine.js": (
            "text/javascript",
            (SCRIPTS / "justculture-engine.js").read_text(),
        ),
        "justculture.json": ("application/json", json.dumps(export_data(spec))),
    }

    def serve(route: Any) -> None:
        name = route.request.url.rsplit("/", 1)[-1]
        kind, body = files.get(name, ("text/plain", ""))
        route.fulfill(status=200 if name in files else 404, content_type=kind, body=body)

    context = browser.new_context()
    context.route(f"{ORIGIN}/**", serve)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{ORIGIN}/example/index.html")
    page.wait_for_function("() => document.getElementById('outcome').textContent !== ''")
    assert page.text_content("#outcome") == shown
    assert not errors
    context.close()
