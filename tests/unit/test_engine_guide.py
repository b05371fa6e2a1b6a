"""The just culture guide, evaluated on every answer set, against an oracle written from the
routing table in shared/reference/sources.md (not from the engine's code or the YAML)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from justculture.engine import Reason, evaluate
from justculture.errors import AnswerError
from justculture.model import Flow, Target
from justculture.render.reasons import reason_texts

NODES = ("1a", "2a", "2b", "2c", "3a", "3b", "3c", "4a", "4b", "4c", "5a")
# node: (where Yes goes, where No goes); an entry that is not a node id is an outcome.
ROUTING = {
    "1a": ("deliberate-harm", "2a"),
    "2a": ("substance-abuse", "2b"),
    "2b": ("ill-health", "2c"),
    "2c": ("ill-health", "3a"),
    "3a": ("3b", "system-foresight"),
    "3b": ("3c", "system-foresight"),
    "3c": ("4a", "system-foresight"),
    "4a": ("system-substitution", "4b"),
    "4b": ("system-substitution", "4c"),
    "4c": ("system-substitution", "5a"),
    "5a": ("mitigation", "individual-management"),
}
ALL_ANSWER_SETS = [
    dict(zip(NODES, values, strict=True)) for values in itertools.product(("yes", "no"), repeat=11)
]


def oracle(answers: dict[str, str]) -> tuple[list[str], str | None]:
    """The path taken and the outcome reached, straight from the routing table."""
    path, here = [], "1a"
    while here in ROUTING:
        path.append(here)
        if here not in answers:
            return path, None
        yes, no = ROUTING[here]
        here = yes if answers[here] == "yes" else no
    return path, here


def test_there_are_2048_complete_answer_sets() -> None:
    assert len(ALL_ANSWER_SETS) == 2048


def test_every_complete_answer_set_reaches_the_oracles_outcome(spec: Any) -> None:
    mismatches = []
    for answers in ALL_ANSWER_SETS:
        result = evaluate(spec, "just-culture-guide", answers)
        path, outcome = oracle(answers)
        if (
            not result.complete
            or result.outcome is None
            or result.outcome["id"] != outcome
            or list(result.path) != path
        ):
            mismatches.append(
                (answers, result.path, result.outcome and result.outcome["id"], path, outcome)
            )
    assert not mismatches, (
        f"{len(mismatches)} answer sets disagree with the routing table, first: {mismatches[0]}"
    )


def test_every_outcome_is_reached_and_unused_answers_are_reported(spec: Any) -> None:
    reached = set()
    for answers in ALL_ANSWER_SETS:
        result = evaluate(spec, "just-culture-guide", answers)
        reached.add(result.outcome["id"])
        assert set(result.unused) == set(NODES) - set(result.path)
        assert result.next == ()
    assert reached == {
        target for pair in ROUTING.values() for target in pair if target not in ROUTING
    }


def test_every_prefix_of_every_path_names_the_next_question(spec: Any) -> None:
    checked = set()
    for answers in ALL_ANSWER_SETS:
        path, _ = oracle(answers)
        for length in range(len(path)):
            prefix = {node: answers[node] for node in path[:length]}
            key = tuple(sorted(prefix.items()))
            if key in checked:
                continue
            checked.add(key)
            result = evaluate(spec, "just-culture-guide", prefix)
            assert not result.complete and result.outcome is None
            assert result.next == (path[length],), (prefix, result.next)
            assert list(result.path) == path[: length + 1]
            assert result.unused == ()
    # Only the path that never exits early has unanswered prefixes: one for each of its 11 questions.
    assert len(checked) == 11


def test_answers_beyond_a_gap_wait_and_are_reported_unused(spec: Any) -> None:
    result = evaluate(spec, "just-culture-guide", {"1a": "no", "2b": "no", "5a": "yes"})
    assert result.next == ("2a",)
    assert result.path == ("1a", "2a")
    assert set(result.unused) == {"2b", "5a"}


def test_every_outcome_carries_the_wider_investigation(spec: Any) -> None:
    for answers in ALL_ANSWER_SETS[::97]:
        outcome = evaluate(spec, "just-culture-guide", answers).outcome
        assert "wider-investigation" in [row["id"] for row in outcome["obligations"]]


def test_reasons_tie_each_answer_to_where_it_led(spec: Any) -> None:
    answers = {"1a": "no", "2a": "no", "2b": "no", "2c": "no", "3a": "yes", "3b": "no"}
    result = evaluate(spec, "just-culture-guide", answers)
    assert result.reasons == (
        Reason(Target(node="2a"), question="1a", answer="no"),
        Reason(Target(node="2b"), question="2a", answer="no"),
        Reason(Target(node="2c"), question="2b", answer="no"),
        Reason(Target(node="3a"), question="2c", answer="no"),
        Reason(Target(node="3b"), question="3a", answer="yes"),
        Reason(Target(outcome="system-foresight"), question="3b", answer="no"),
    )
    assert result.to_dict()["reasons"][-2:] == [
        {"question": "3a", "answer": "yes", "target": {"node": "3b"}},
        {"question": "3b", "answer": "no", "target": {"outcome": "system-foresight"}},
    ]


def test_every_reason_follows_the_routing_table(spec: Any) -> None:
    """On every answer set and every prefix: one reason per answer on the path, in order, each
    naming a real question and the node or outcome the routing table sends that answer to."""
    flow = spec.tool("just-culture-guide")
    for answers in ALL_ANSWER_SETS:
        path, _ = oracle(answers)
        for length in range(len(path) + 1):
            prefix = {node: answers[node] for node in path[:length]}
            rows = evaluate(spec, "just-culture-guide", prefix).to_dict()["reasons"]
            assert [(row["question"], row["answer"]) for row in rows] == list(prefix.items())
            for row in rows:
                assert row["question"] in flow.nodes
                (kind, target_id), *others = row["target"].items()
                assert others == [] and set(row) == {"question", "answer", "target"}
                assert target_id in (flow.nodes if kind == "node" else flow.outcomes)
                yes, no = ROUTING[row["question"]]
                assert target_id == (yes if row["answer"] == "yes" else no)


def test_reasons_are_worded_as_before(spec: Any) -> None:
    """The one macro (templates/_reasons.j2) gives the sentences the engine used to build."""
    result = evaluate(spec, "just-culture-guide", {"1a": "no", "2a": "yes"})
    assert reason_texts(spec.tool(result.tool), result.reasons) == [
        "You answered No to 1a, “Did the person mean to cause harm?”, so the guide goes on to the"
        " next question.",
        "You answered Yes to 2a, “Is there any sign that the person was misusing alcohol or"
        " drugs?”, so the guide points to: Substance abuse.",
    ]


def expected_sentence(flow: Flow, question: str, answer: str) -> str:
    """The sentence for one answer, written out here as an oracle for the macro."""
    node = flow.nodes[question]
    target = node.on_yes if answer == "yes" else node.on_no
    said = f"You answered {answer.capitalize()} to {question}, “{node.question}”"
    if target.outcome is None:
        return f"{said}, so the guide goes on to the next question."
    return f"{said}, so the guide points to: {flow.outcomes[target.outcome].title}."


def test_every_answer_set_is_worded_by_the_oracle(spec: Any) -> None:
    flow = spec.tool("just-culture-guide")
    for answers in ALL_ANSWER_SETS[::7]:
        result = evaluate(spec, "just-culture-guide", answers)
        expected = [expected_sentence(flow, node, answers[node]) for node in result.path]
        assert reason_texts(flow, result.to_dict()["reasons"]) == expected


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        ({"9z": "yes"}, "JC402"),
        ({"1a": "maybe"}, "JC403"),
        ({"1a": True}, "JC403"),
        ({"1a": "Yes"}, "JC403"),
    ],
)
def test_unknown_questions_and_bad_values_raise_one_coded_error(
    spec: Any, answers: dict[str, Any], code: str
) -> None:
    with pytest.raises(AnswerError) as raised:
        evaluate(spec, "just-culture-guide", answers)
    assert raised.value.code == code


def test_an_unknown_tool_raises_a_coded_error(spec: Any) -> None:
    with pytest.raises(AnswerError) as raised:
        evaluate(spec, "no-such-tool", {})
    assert raised.value.code == "JC401"
    assert "just-culture-guide" in raised.value.message


def test_to_dict_is_plain_json(spec: Any) -> None:
    import json

    result = evaluate(spec, "just-culture-guide", {"1a": "yes"})
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["outcome"]["id"] == "deliberate-harm"
    assert set(data) >= {
        "tool",
        "spec_version",
        "complete",
        "next",
        "path",
        "outcome",
        "reasons",
        "unused",
    }
