"""Answer sets that the JavaScript engine must answer exactly as the Python engine does.

Shared by the browser parity test (tests/browser/test_walker_parity.py, in Chromium) and the Node
test (tests/acceptance/test_node_engine.py runs tests/node/engine.test.mjs). A case is
``(tool, [(question, answer), ...], staff_group)``: answers as ordered pairs, because the order of
``unused`` follows the order the answers were given in.
"""

from __future__ import annotations

import itertools
import random
from typing import Any

from justculture.engine import evaluate, questions
from justculture.errors import JustCultureError
from justculture.model import Checklist, Flow
from justculture.render.reasons import reason_texts
from justculture.render.renderer import Renderer

GUIDE = "just-culture-guide"
CHECKLIST = "pre-disciplinary-checklist"
Case = tuple[str, list[tuple[str, str]], str | None]

_RENDERER = Renderer()


def python_side(spec: Any, case: Case) -> dict[str, Any]:
    """What the Python engine says: the result and its reasons in words, or the error code."""
    tool, answers, staff_group = case
    try:
        result = evaluate(spec, tool, dict(answers), staff_group=staff_group).to_dict()
    except JustCultureError as error:
        return {"error": error.code}
    return {"result": result, "words": reason_texts(spec.tool(tool), result["reasons"], _RENDERER)}


def guide_complete_cases(spec: Any) -> list[Case]:
    """Every complete answer set of the guide: 2 ** (number of questions)."""
    flow = spec.tool(GUIDE)
    assert isinstance(flow, Flow)
    node_ids = list(flow.nodes)
    return [
        (GUIDE, list(zip(node_ids, values, strict=True)), None)
        for values in itertools.product(("yes", "no"), repeat=len(node_ids))
    ]


def guide_cases(spec: Any) -> list[Case]:
    """Every complete answer set of the guide, then every distinct prefix along their paths."""
    complete = guide_complete_cases(spec)
    prefixes: dict[tuple[tuple[str, str], ...], None] = {}
    for _, answers, _ in complete:
        path = evaluate(spec, GUIDE, dict(answers)).path
        lookup = dict(answers)
        for length in range(len(path) + 1):
            prefixes[tuple((node, lookup[node]) for node in path[:length] if node in lookup)] = None
    return complete + [(GUIDE, list(prefix), None) for prefix in prefixes]


def guide_random_partial_cases(spec: Any) -> list[Case]:
    """Partial answer sets in any order, and a staff group the guide refuses."""
    rng = random.Random(20190)
    node_ids = list(spec.tool(GUIDE).nodes)
    cases: list[Case] = []
    for _ in range(600):
        chosen = rng.sample(node_ids, rng.randint(0, len(node_ids)))
        cases.append((GUIDE, [(node, rng.choice(("yes", "no"))) for node in chosen], None))
    cases.append((GUIDE, [("1a", "no")], "medical"))
    return cases


def checklist_prerequisites(checklist: Checklist) -> list[str]:
    """The items the rules read besides question 3: 3a to 3d and the final question."""
    items = {
        item for rule in checklist.rules for condition in rule.when for item in condition.items
    }
    return [item for item in checklist.items if item in items and item != "3"]


def checklist_combination_cases(spec: Any) -> list[Case]:
    """Every answer to question 3 (or none) with every answer (or none) to the other steps."""
    checklist = spec.tool(CHECKLIST)
    assert isinstance(checklist, Checklist)
    steps = checklist_prerequisites(checklist)
    cases: list[Case] = []
    for choice in (None, *checklist.items["3"].choices):
        for values in itertools.product((None, "yes", "no"), repeat=len(steps)):
            answers = [("3", choice)] if choice else []
            answers += [(step, value) for step, value in zip(steps, values, strict=True) if value]
            cases.append((CHECKLIST, answers, None))
    return cases


def checklist_alert_cases(spec: Any) -> list[Case]:
    """Every answer (or none) to every item an alert reads, with every answer (or none) to
    question 3, so each alert shows over each outcome and alone."""
    checklist = spec.tool(CHECKLIST)
    assert isinstance(checklist, Checklist)
    read = {item for alert in checklist.alerts for cond in alert.when for item in cond.items}
    items = [item for item in checklist.items if item in read or item == "3"]
    options = [(None, *checklist.items[item].allowed_values()) for item in items]
    return [
        (
            CHECKLIST,
            [(item, value) for item, value in zip(items, values, strict=True) if value],
            None,
        )
        for values in itertools.product(*options)
    ]


def checklist_random_cases(spec: Any) -> list[Case]:
    """Random answer sets with staff groups, then every item answered, forwards and backwards."""
    checklist = spec.tool(CHECKLIST)
    allowed = questions(checklist)
    groups = list(checklist.approvers)
    rng = random.Random(2019)
    cases: list[Case] = []
    for _ in range(3000):
        chosen = rng.sample(list(allowed), rng.randint(0, len(allowed)))
        answers = [(item, rng.choice(allowed[item])) for item in chosen]
        cases.append((CHECKLIST, answers, rng.choice([None, *groups])))
    for group in (None, *groups):
        full = [(item, rng.choice(values)) for item, values in allowed.items()]
        cases += [(CHECKLIST, full, group), (CHECKLIST, full[::-1], group)]
    return cases


# Each must fail in both engines with the code listed.
INVALID_CASES: list[tuple[Case, str]] = [
    (("no-such-tool", [], None), "JC401"),
    ((GUIDE, [("9z", "yes")], None), "JC402"),
    ((GUIDE, [("1a", "maybe")], None), "JC403"),
    ((CHECKLIST, [("3", "iv")], None), "JC403"),
    ((CHECKLIST, [("3i", "yes")], None), "JC402"),
    ((CHECKLIST, [("4", "yes")], None), "JC402"),
    ((CHECKLIST, [("3", "iii")], "porters"), "JC405"),
]
