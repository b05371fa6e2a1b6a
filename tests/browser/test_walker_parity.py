"""The browser's walker (docs/assets/js/walker.js) equals the Python engine, in real Chromium.

Every complete answer set of the just culture guide, every prefix along its paths, a sample of
other partial sets, and a broad sample of checklist answer sets (every combination of question 3
and the steps that come before a decision, then random sets with prompts, signposts and staff
groups) go through both. The JS runs in a handful of batched ``page.evaluate`` calls, not one
round trip per answer set.

Both sides give reasons as data, compared with the rest of the result; each side also words them
(``reasonText`` in tools.js, the ``_reasons.j2`` macro in Python), and the words must agree too.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from justculture.engine import evaluate, questions
from justculture.errors import JustCultureError
from justculture.model import Checklist, Flow
from justculture.render.exports import export_data
from justculture.render.reasons import reason_texts
from justculture.render.renderer import Renderer

pytestmark = pytest.mark.browser

SCRIPTS = Path(__file__).resolve().parents[2] / "docs" / "assets" / "js"
WALKER = SCRIPTS / "walker.js"
# tools.js holds reasonText, the browser's words for a reason; on a blank page it draws nothing.
TOOLS = SCRIPTS / "tools.js"
RENDERER = Renderer()
GUIDE = "just-culture-guide"
CHECKLIST = "pre-disciplinary-checklist"
BATCH = 1500
Case = tuple[str, list[tuple[str, str]], str | None]

RUN_BATCH = """([cases]) => cases.map(([tool, answers, staffGroup]) => {
  try {
    const result = JustCultureWalker.evaluate(window.__export, tool, answers, staffGroup);
    const doc = window.__export.documents[tool];
    return {result, words: result.reasons.map((row) => JustCultureTools.reasonText(doc, row))};
  } catch (error) {
    return {error: error.code || String(error)};
  }
})"""


@pytest.fixture(scope="module")
def walker_page(browser: Any, spec: Any) -> Iterator[Any]:
    """A blank page holding the walker and the export; nothing else from the site."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        "<!doctype html><html lang='en'><head><title>walker</title></head><body></body></html>"
    )
    page.add_script_tag(path=str(WALKER))
    page.add_script_tag(path=str(TOOLS))
    page.evaluate("(data) => { window.__export = data; }", export_data(spec))
    yield page
    context.close()


def python_side(spec: Any, case: Case) -> dict[str, Any]:
    tool, answers, staff_group = case
    try:
        result = evaluate(spec, tool, dict(answers), staff_group=staff_group).to_dict()
    except JustCultureError as error:
        return {"error": error.code}
    return {"result": result, "words": reason_texts(spec.tool(tool), result["reasons"], RENDERER)}


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


# The just culture guide ---------------------------------------------------------------------


def guide_cases(spec: Any) -> list[Case]:
    flow = spec.tool(GUIDE)
    assert isinstance(flow, Flow)
    node_ids = list(flow.nodes)
    complete = [
        list(zip(node_ids, values, strict=True))
        for values in itertools.product(("yes", "no"), repeat=len(node_ids))
    ]
    cases: list[Case] = [(GUIDE, answers, None) for answers in complete]
    prefixes: dict[tuple[tuple[str, str], ...], None] = {}
    for answers in complete:
        path = evaluate(spec, GUIDE, dict(answers)).path
        lookup = dict(answers)
        for length in range(len(path) + 1):
            prefixes[tuple((node, lookup[node]) for node in path[:length] if node in lookup)] = None
    cases += [(GUIDE, list(prefix), None) for prefix in prefixes]
    return cases


def test_guide_every_complete_answer_set_and_every_prefix(spec: Any, walker_page: Any) -> None:
    cases = guide_cases(spec)
    assert len(cases) > 2048
    assert_parity(spec, walker_page, cases)


def test_guide_random_partial_sets_in_any_order(spec: Any, walker_page: Any) -> None:
    rng = random.Random(20190)
    node_ids = list(spec.tool(GUIDE).nodes)
    cases: list[Case] = []
    for _ in range(600):
        chosen = rng.sample(node_ids, rng.randint(0, len(node_ids)))
        cases.append((GUIDE, [(node, rng.choice(("yes", "no"))) for node in chosen], None))
    # The flow ignores a staff group, as the engine does.
    cases.append((GUIDE, [("1a", "no")], "medical"))
    assert_parity(spec, walker_page, cases)


def test_guide_reaches_every_outcome_in_the_browser(spec: Any, walker_page: Any) -> None:
    cases = guide_cases(spec)[:2048]
    outcomes = {row["result"]["outcome"]["id"] for row in run_in_browser(walker_page, cases)}
    assert outcomes == set(spec.tool(GUIDE).outcomes)


# The pre-disciplinary checklist -------------------------------------------------------------


def checklist_prerequisites(checklist: Checklist) -> list[str]:
    """The items the rules read besides question 3: 3a to 3d and the final question."""
    items = {
        item for rule in checklist.rules for condition in rule.when for item in condition.items
    }
    return [item for item in checklist.items if item in items and item != "3"]


def test_checklist_every_question_3_and_prerequisite_combination(
    spec: Any, walker_page: Any
) -> None:
    checklist = spec.tool(CHECKLIST)
    assert isinstance(checklist, Checklist)
    steps = checklist_prerequisites(checklist)
    assert steps == ["3a", "3b", "3c", "3d", "final"]
    cases: list[Case] = []
    for choice in (None, *checklist.items["3"].choices):
        for values in itertools.product((None, "yes", "no"), repeat=len(steps)):
            answers = [("3", choice)] if choice else []
            answers += [(step, value) for step, value in zip(steps, values, strict=True) if value]
            cases.append((CHECKLIST, answers, None))
    assert len(cases) == 4 * 3**5
    assert_parity(spec, walker_page, cases)


def random_checklist_case(
    rng: random.Random, allowed: dict[str, tuple[str, ...]], groups: list[str]
) -> Case:
    chosen = rng.sample(list(allowed), rng.randint(0, len(allowed)))
    answers = [(item, rng.choice(allowed[item])) for item in chosen]
    return (CHECKLIST, answers, rng.choice([None, *groups]))


def test_checklist_random_answer_sets_with_prompts_signposts_and_staff_groups(
    spec: Any, walker_page: Any
) -> None:
    checklist = spec.tool(CHECKLIST)
    allowed = questions(checklist)
    groups = list(checklist.approvers)
    rng = random.Random(2019)
    cases = [random_checklist_case(rng, allowed, groups) for _ in range(3000)]
    # Every item answered, in the checklist's order and reversed, with each staff group.
    for group in (None, *groups):
        full = [(item, rng.choice(values)) for item, values in allowed.items()]
        cases += [(CHECKLIST, full, group), (CHECKLIST, full[::-1], group)]
    assert_parity(spec, walker_page, cases)
    seen = [python_side(spec, case)["result"] for case in cases]
    assert {row["outcome"]["id"] for row in seen if row["outcome"]} == set(checklist.outcomes)
    assert any(row["prompts"] for row in seen)
    assert {sign["id"] for row in seen for sign in row["signposts"]} == {
        s.id for s in checklist.signposts
    }
    assert any(row["approver"] for row in seen)
    assert any(row["unused"] for row in seen)


def test_invalid_answers_raise_the_same_error_codes(spec: Any, walker_page: Any) -> None:
    cases: list[Case] = [
        ("no-such-tool", [], None),
        (GUIDE, [("9z", "yes")], None),
        (GUIDE, [("1a", "maybe")], None),
        (CHECKLIST, [("3", "iv")], None),
        (CHECKLIST, [("3i", "yes")], None),
        (CHECKLIST, [("4", "yes")], None),
        (CHECKLIST, [("3", "iii")], "porters"),
    ]
    results = run_in_browser(walker_page, cases)
    assert [row.get("error") for row in results] == [
        "JC401",
        "JC402",
        "JC403",
        "JC403",
        "JC402",
        "JC402",
        "JC405",
    ]
    assert_parity(spec, walker_page, cases)
