"""The just culture guide is encoded faithfully: its questions, order, routing and outcomes.

The routing table below is written out by hand from the reference notes on NHS Improvement's
"A just culture guide" (2018). It deliberately does not read the spec to build itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

GUIDE_ID = "just-culture-guide"

NODE_ORDER = ["1a", "2a", "2b", "2c", "3a", "3b", "3c", "4a", "4b", "4c", "5a"]

# node id -> (test id, where "yes" leads, where "no" leads)
ROUTING: dict[str, tuple[str, tuple[str, str], tuple[str, str]]] = {
    "1a": ("deliberate-harm-test", ("outcome", "deliberate-harm"), ("node", "2a")),
    "2a": ("health-test", ("outcome", "substance-abuse"), ("node", "2b")),
    "2b": ("health-test", ("outcome", "ill-health"), ("node", "2c")),
    "2c": ("health-test", ("outcome", "ill-health"), ("node", "3a")),
    "3a": ("foresight-test", ("node", "3b"), ("outcome", "system-foresight")),
    "3b": ("foresight-test", ("node", "3c"), ("outcome", "system-foresight")),
    "3c": ("foresight-test", ("node", "4a"), ("outcome", "system-foresight")),
    "4a": ("substitution-test", ("outcome", "system-substitution"), ("node", "4b")),
    "4b": ("substitution-test", ("outcome", "system-substitution"), ("node", "4c")),
    "4c": ("substitution-test", ("outcome", "system-substitution"), ("node", "5a")),
    "5a": ("mitigation-test", ("outcome", "mitigation"), ("outcome", "individual-management")),
}

OUTCOMES = [
    "deliberate-harm",
    "substance-abuse",
    "ill-health",
    "system-foresight",
    "system-substitution",
    "mitigation",
    "individual-management",
]

TESTS = [
    ("deliberate-harm-test", 1),
    ("health-test", 2),
    ("foresight-test", 3),
    ("substitution-test", 4),
    ("mitigation-test", 5),
]


@pytest.fixture(scope="module")
def guide(documents: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    assert GUIDE_ID in documents, "the just culture guide is missing from the spec"
    return documents[GUIDE_ID]


def _branch(branch: Mapping[str, str]) -> tuple[str, str]:
    assert len(branch) == 1, f"a branch leads to exactly one place, got {branch}"
    ((kind, target),) = branch.items()
    return kind, target


def test_it_is_a_flow_that_starts_at_1a(guide: dict[str, Any]) -> None:
    assert guide["kind"] == "flow"
    assert guide["start"] == "1a"


def test_eleven_nodes_in_the_guides_order(guide: dict[str, Any]) -> None:
    assert [node["id"] for node in guide["nodes"]] == NODE_ORDER


@pytest.mark.parametrize("node_id", NODE_ORDER)
def test_routing_matches_the_guide(guide: dict[str, Any], node_id: str) -> None:
    node = next(n for n in guide["nodes"] if n["id"] == node_id)
    test_id, on_yes, on_no = ROUTING[node_id]
    assert node["test"] == test_id
    assert _branch(node["on_yes"]) == on_yes
    assert _branch(node["on_no"]) == on_no


def test_every_node_asks_a_question_and_helps(guide: dict[str, Any]) -> None:
    for node in guide["nodes"]:
        assert node["question"].strip().endswith("?"), node["id"]
        assert node["help"].strip(), node["id"]
        assert node["source"]["ref"] == "nhsi-2018-just-culture-guide", node["id"]


def test_seven_outcomes(guide: dict[str, Any]) -> None:
    assert [outcome["id"] for outcome in guide["outcomes"]] == OUTCOMES


def test_every_outcome_is_reachable(guide: dict[str, Any]) -> None:
    reached = {
        target
        for node in guide["nodes"]
        for kind, target in (_branch(node["on_yes"]), _branch(node["on_no"]))
        if kind == "outcome"
    }
    assert reached == set(OUTCOMES)


def test_every_outcome_keeps_the_wider_investigation(guide: dict[str, Any]) -> None:
    obligation_ids = {obligation["id"] for obligation in guide["obligations"]}
    assert {"wider-investigation", "support-for-staff", "candour"} <= obligation_ids
    for outcome in guide["outcomes"]:
        assert "wider-investigation" in outcome["obligations"], outcome["id"]
        assert set(outcome["obligations"]) <= obligation_ids, outcome["id"]
        assert outcome["investigation_focus"].strip(), outcome["id"]


def test_system_outcomes_give_the_same_advice(guide: dict[str, Any]) -> None:
    by_id = {outcome["id"]: outcome for outcome in guide["outcomes"]}
    assert (
        by_id["system-foresight"]["recommendation"]
        == by_id["system-substitution"]["recommendation"]
    )


def test_five_tests_each_with_nodes(guide: dict[str, Any]) -> None:
    assert [(test["id"], test["number"]) for test in guide["tests"]] == TESTS
    used = {node["test"] for node in guide["nodes"]}
    assert used == {test_id for test_id, _ in TESTS}


def test_preconditions_and_notes(guide: dict[str, Any]) -> None:
    assert {"existing-concern", "one-act"} <= {p["id"] for p in guide["preconditions"]}
    assert {"not-an-investigation", "revisit", "not-hr-advice"} <= {n["id"] for n in guide["notes"]}


def test_the_guide_is_marked_superseded(guide: dict[str, Any]) -> None:
    status = guide["status"]
    assert status["state"] == "superseded"
    assert "NHS England" in status["superseded_by"]
    assert "2025" in status["superseded_by"]
    assert status["note"].strip()
