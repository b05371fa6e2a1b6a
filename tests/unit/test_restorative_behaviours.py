"""The restorative approach and the behaviours document hold what the sources say."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest


@pytest.fixture(scope="module")
def restorative(documents: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    return documents["restorative"]


@pytest.fixture(scope="module")
def behaviours(documents: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    return documents["behaviours"]


def test_three_questions_plus_one_extended(restorative: dict[str, Any], paper: Any) -> None:
    questions = restorative["questions"]
    assert [q["id"] for q in questions] == [
        "who-is-hurt",
        "what-do-they-need",
        "whose-obligation",
        "involve-community",
    ]
    assert [q["id"] for q in questions if q.get("extended")] == ["involve-community"]
    for question in questions:
        if question.get("quote"):
            assert paper.contains(question["text"]), question["id"]


def test_checklist_parties_and_goals(restorative: dict[str, Any]) -> None:
    checklist = restorative["checklist"]
    assert [p["id"] for p in checklist["parties"]] == [
        "first-victims",
        "second-victims",
        "organisation",
        "community",
    ]
    assert all(p["prompt"].strip() for p in checklist["parties"])
    assert [g["id"] for g in checklist["goals"]] == [
        "moral-engagement",
        "emotional-healing",
        "reintegration",
        "organisational-learning",
    ]
    assert checklist["needs"] and checklist["obligations"]


def test_mersey_care_links_to_its_figures(restorative: dict[str, Any]) -> None:
    related = {
        link
        for result in restorative["mersey_care"]["results"]
        for link in result.get("related", [])
    }
    assert {"evidence#mersey-care-reduction", "evidence#mersey-care-benefit"} <= related


def test_decision_record_fields(restorative: dict[str, Any]) -> None:
    (record,) = [r for r in restorative["decision_record"] if r["id"] == "decision-record"]
    fields = [(f["id"], f["type"]) for f in record["fields"]]
    assert dict(fields) == {
        "case-reference": "text",
        "staff-member": "text",
        "people-involved": "text",
        "information-obtained": "text",
        "information-considered": "text",
        "able-to-contribute": "yes-no",
        "rationale": "text",
        "decision": "text",
        "decision-maker": "person",
        "approver": "person",
        "decision-date": "date",
    }
    # The case fields come first and the approver straight after the decision-maker.
    assert [field_id for field_id, _ in fields][:3] == [
        "case-reference",
        "staff-member",
        "people-involved",
    ]
    ids = [field_id for field_id, _ in fields]
    assert ids.index("approver") == ids.index("decision-maker") + 1


def test_three_marx_behaviours(behaviours: dict[str, Any]) -> None:
    marx = behaviours["marx"]
    assert [(b["id"], b["response"]) for b in marx["behaviours"]] == [
        ("human-error", "Console"),
        ("at-risk-behaviour", "Coach"),
        ("reckless-behaviour", "Sanction"),
    ]
    assert len(marx["duties"]) == 3
    assert [c["id"] for c in behaviours["dekker"]["categories"]] == ["unintentional", "intentional"]


def test_four_brenner_contrasts(behaviours: dict[str, Any], paper: Any) -> None:
    brenner = behaviours["brenner"]
    assert [c["id"] for c in brenner["contrasts"]] == [
        "learning-versus-punishment",
        "climate-of-fear",
        "organisational-chart-altitude",
        "acknowledging-interdependence",
    ]
    quoted = [d for d in brenner["definitions"] if d.get("quote")]
    assert quoted
    for definition in quoted:
        assert paper.contains(definition["text"]), definition["id"]
