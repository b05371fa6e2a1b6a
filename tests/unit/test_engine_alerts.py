"""Alerts: answers that every output shows above the outcome, and never a change to the outcome.

The checklist raises an alert for intent to harm (2a Yes), impairment (2b Yes), gross misconduct
(2 Yes) and for capability at question 1 with a Yes to question 2; the guide for Yes at 1a and
2a, on the path only. The outcome, the next question, the path and the reasons are exactly what
the engine gave before alerts existed (digests below).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest

from engine_cases import (
    CHECKLIST,
    GUIDE,
    Case,
    checklist_combination_cases,
    checklist_random_cases,
    guide_cases,
    guide_random_partial_cases,
)
from justculture.engine import evaluate
from justculture.errors import JustCultureError
from justculture.frozen import thaw
from justculture.model import Checklist, Flow

# What decides the outcome and what the manager sees of it, everything a result held before
# alerts except ``unused`` (answers to questions 1 and 2 now raise alerts, so they are used).
LOGIC_KEYS = (
    "complete",
    "next",
    "path",
    "outcome",
    "reasons",
    "outstanding",
    "prompts",
    "approver",
)

# sha256 over every case of tests/engine_cases.py, made by the engine and spec at commit 6b5772e
# (spec 1.0.0, before alerts) with the same ``logic_digest``: the case count, then the digest.
BEFORE_ALERTS: dict[str, tuple[int, str]] = {
    "guide": (2071, "eb7db9b0d75b9f9de301573be1b9af0202490d25dc9fcfc965851e0f9b3ae731"),
    "guide-partial": (601, "f93238291ae74dd7c6511db96a729ce2fa9ce842540fbd6fafddf5f1b34007ef"),
    "checklist-combinations": (
        972,
        "f3af8d58c511d800b7a2f80640fb17bbe1d847a3e0bfe58fe3300ea89d096e15",
    ),
    "checklist-random": (3008, "307506527d8be57ccdb485989ada550f98435a4f1da0e9f81c912032602fe2ae"),
}
CASES: dict[str, Callable[[Any], list[Case]]] = {
    "guide": guide_cases,
    "guide-partial": guide_random_partial_cases,
    "checklist-combinations": checklist_combination_cases,
    "checklist-random": checklist_random_cases,
}


def logic_digest(spec: Any, cases: list[Case]) -> str:
    digest = hashlib.sha256()
    for tool, answers, group in cases:
        try:
            row = evaluate(spec, tool, dict(answers), staff_group=group).to_dict()
            kept = {key: row[key] for key in LOGIC_KEYS}
            kept["outcome"] = row["outcome"] and row["outcome"]["id"]
        except JustCultureError as error:
            kept = {"error": error.code}
        digest.update(json.dumps([tool, answers, group, kept], sort_keys=True).encode())
        digest.update(b"\n")
    return digest.hexdigest()


@pytest.mark.parametrize("group", list(CASES))
def test_alerts_change_no_outcome_next_question_path_or_reason(spec: Any, group: str) -> None:
    cases = CASES[group](spec)
    assert (len(cases), logic_digest(spec, cases)) == BEFORE_ALERTS[group]


def alert_ids(result: Any) -> list[str]:
    return [row["id"] for row in result.alerts]


# The checklist --------------------------------------------------------------------------------


def test_harm_and_drink_with_option_i_give_two_stop_alerts_over_a_development_plan(
    spec: Any,
) -> None:
    result = evaluate(spec, CHECKLIST, {"2a": "yes", "2b": "yes", "3": "i"})
    assert result.outcome is not None and result.outcome["id"] == "development-plan"
    assert alert_ids(result) == ["alert-intent", "alert-impairment"]
    assert {row["severity"] for row in result.alerts} == {"stop"}
    assert "deliberate harm test" in result.alerts[0]["text"]
    assert "occupational health" in result.alerts[1]["text"]
    assert result.alerts[0]["related"] == ["just-culture-guide#1a"]


def test_capability_with_gross_misconduct_asks_to_check_the_answers(spec: Any) -> None:
    result = evaluate(spec, CHECKLIST, {"1": "capability", "2": "yes"})
    assert [(row["id"], row["severity"]) for row in result.alerts] == [
        ("alert-gross-misconduct", "stop"),
        ("alert-capability-and-gross-misconduct", "check"),
    ]
    assert result.alerts[1]["text"].startswith("Check your answers to questions 1 and 2")
    assert alert_ids(evaluate(spec, CHECKLIST, {"1": "conduct", "2": "yes"})) == [
        "alert-gross-misconduct"
    ]
    assert alert_ids(evaluate(spec, CHECKLIST, {"1": "capability", "2": "no"})) == []


def test_every_checklist_answer_counts_and_no_answer_raises_nothing(spec: Any) -> None:
    assert alert_ids(evaluate(spec, CHECKLIST, {})) == []
    assert alert_ids(evaluate(spec, CHECKLIST, {"2b": "yes"})) == ["alert-impairment"]
    result = evaluate(spec, CHECKLIST, {"1": "capability", "2": "yes", "2a": "no"})
    assert "1" not in result.unused and "2" not in result.unused


def test_the_deprecated_signposts_are_no_longer_reported(spec: Any) -> None:
    checklist = spec.tool(CHECKLIST)
    assert isinstance(checklist, Checklist)
    assert checklist.signposts == ()
    raw = {row["id"]: row for row in spec.documents[CHECKLIST]["signposts"]}
    assert raw["signpost-intent"]["replaced_by"] == "alert-intent"
    assert raw["signpost-impairment"]["replaced_by"] == "alert-impairment"
    result = evaluate(spec, CHECKLIST, {"2a": "yes", "2b": "yes"})
    assert result.signposts == ()
    assert alert_ids(result) == ["alert-intent", "alert-impairment"]


def test_stop_alerts_come_before_check_alerts_whatever_the_document_order(spec: Any) -> None:
    document = thaw(spec.documents[CHECKLIST])
    document["alerts"].reverse()
    checklist = Checklist.from_document(document)
    assert [alert.id for alert in checklist.alerts] == [
        "alert-gross-misconduct",
        "alert-impairment",
        "alert-intent",
        "alert-capability-and-gross-misconduct",
    ]


# The guide ------------------------------------------------------------------------------------


def test_the_guide_raises_an_alert_for_harm_and_for_substance_abuse(spec: Any) -> None:
    harm = evaluate(spec, GUIDE, {"1a": "yes"})
    assert alert_ids(harm) == ["alert-deliberate-harm"]
    assert harm.outcome is not None and harm.outcome["id"] == "deliberate-harm"
    substance = evaluate(spec, GUIDE, {"1a": "no", "2a": "yes"})
    assert alert_ids(substance) == ["alert-substance-abuse"]
    assert [row["severity"] for row in substance.alerts] == ["stop"]


def test_only_answers_on_the_guide_path_raise_alerts(spec: Any) -> None:
    result = evaluate(spec, GUIDE, {"1a": "yes", "2a": "yes"})
    assert result.unused == ("2a",)
    assert alert_ids(result) == ["alert-deliberate-harm"]
    # 2a is answered but the path has not reached it (1a is unanswered).
    assert alert_ids(evaluate(spec, GUIDE, {"2a": "yes"})) == []


def test_the_guide_has_its_alerts_in_the_typed_model(spec: Any) -> None:
    flow = spec.tool(GUIDE)
    assert isinstance(flow, Flow)
    assert [(alert.id, alert.severity) for alert in flow.alerts] == [
        ("alert-deliberate-harm", "stop"),
        ("alert-substance-abuse", "stop"),
    ]


# The result's shape ---------------------------------------------------------------------------


def test_alerts_come_right_after_complete_and_the_result_schema_accepts_them(spec: Any) -> None:
    validator = spec.schemas.validator("result")
    for tool, answers in [
        (CHECKLIST, {"1": "capability", "2": "yes", "2a": "yes", "2b": "yes", "3": "i"}),
        (GUIDE, {"1a": "no", "2a": "yes"}),
        (GUIDE, {}),
    ]:
        data = evaluate(spec, tool, answers).to_dict()
        keys = list(data)
        assert keys[keys.index("complete") + 1] == "alerts"
        assert all(set(row) == {"id", "severity", "text", "related"} for row in data["alerts"])
        assert list(validator.iter_errors(data)) == []
        json.dumps(data)


def test_the_severity_codelist_titles_both_severities(spec: Any) -> None:
    assert spec.codelists["severity"] == {"stop": "Stop", "check": "Check your answers"}
