"""Property tests for the pre-disciplinary checklist's decision rule (question 7)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from justculture.engine import evaluate
from justculture.errors import AnswerError
from justculture.model import Checklist
from justculture.render.reasons import reason_texts

TOOL = "pre-disciplinary-checklist"
STEPS_BEFORE_FORMAL = ("3a", "3b", "3c", "3d", "final")
YES_NO_ITEMS = (
    "2", "2a", "2b", "2c", "2d", "3a", "3b", "3c", "3d",
    "4a", "4b", "4c", "4d", "4e", "5a", "5b", "5c", "5d", "5e", "5f", "5g", "6i", "6ii", "6iii", "final",
)  # fmt: skip
APPROVERS = {
    "nursing-midwifery": "Site Director of Nursing and Midwifery",
    "medical": "Site Medical Director",
    "other": "Site Operational Director",
}
SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, str]:
    answers: dict[str, str] = {}
    for item in YES_NO_ITEMS:
        value = draw(st.sampled_from([None, "yes", "no"]))
        if value is not None:
            answers[item] = value
    for item, values in (("1", ["capability", "conduct"]), ("3", ["i", "ii", "iii"])):
        value = draw(st.sampled_from([None, *values]))
        if value is not None:
            answers[item] = value
    return answers


@SETTINGS
@given(answers=answer_sets())
def test_question_3_decides_the_route(spec: Any, answers: dict[str, str]) -> None:
    result = evaluate(spec, TOOL, answers)
    choice = answers.get("3")
    steps = [answers.get(step) for step in STEPS_BEFORE_FORMAL]
    if choice is None:
        assert (result.complete, result.next) == (False, ("3",))
    elif choice in ("i", "ii"):
        assert result.outcome["id"] == "development-plan"
    elif "no" in steps:
        assert result.outcome["id"] == "not-ready"
    elif None in steps:
        assert not result.complete
        assert result.next == tuple(step for step in STEPS_BEFORE_FORMAL if step not in answers)
    else:
        assert result.outcome["id"] == "formal-investigation"


@SETTINGS
@given(answers=answer_sets())
def test_not_ready_exactly_when_a_required_step_is_no(spec: Any, answers: dict[str, str]) -> None:
    result = evaluate(spec, TOOL, answers)
    step_said_no = any(answers.get(step) == "no" for step in STEPS_BEFORE_FORMAL)
    is_not_ready = result.outcome is not None and result.outcome["id"] == "not-ready"
    assert is_not_ready == (answers.get("3") == "iii" and step_said_no)
    if is_not_ready:
        expected = [step for step in STEPS_BEFORE_FORMAL if answers.get(step) == "no"]
        assert [row["id"] for row in result.outstanding] == expected
        assert all(row["text"] for row in result.outstanding)


@SETTINGS
@given(answers=answer_sets(), group=st.sampled_from(sorted(APPROVERS)))
def test_the_approver_follows_the_staff_group(
    spec: Any, answers: dict[str, str], group: str
) -> None:
    result = evaluate(spec, TOOL, answers, staff_group=group)
    assert result.approver is not None
    assert result.approver["role"] == APPROVERS[group]


@SETTINGS
@given(answers=answer_sets())
def test_a_no_to_a_reflection_question_is_never_dropped(spec: Any, answers: dict[str, str]) -> None:
    result = evaluate(spec, TOOL, answers)
    prompted = {row["id"] for row in result.prompts} | {row["id"] for row in result.outstanding}
    reflection_nos = {
        item for item in YES_NO_ITEMS if item[0] in "456" and answers.get(item) == "no"
    }
    assert reflection_nos <= prompted


@SETTINGS
@given(
    answers=answer_sets(),
    extra=st.text(min_size=1, max_size=5).filter(lambda key: key not in (*YES_NO_ITEMS, "1", "3")),
)
def test_unknown_question_ids_give_the_coded_error(
    spec: Any, answers: dict[str, str], extra: str
) -> None:
    with pytest.raises(AnswerError) as raised:
        evaluate(spec, TOOL, answers | {extra: "yes"})
    assert raised.value.code == "JC402"


@SETTINGS
@given(
    item=st.sampled_from((*YES_NO_ITEMS, "1", "3")),
    value=st.sampled_from(["maybe", "YES", "", "iv", "y"]),
)
def test_bad_values_give_the_coded_error(spec: Any, item: str, value: str) -> None:
    with pytest.raises(AnswerError) as raised:
        evaluate(spec, TOOL, {item: value})
    assert raised.value.code == "JC403"


def test_an_unknown_staff_group_gives_the_coded_error(spec: Any) -> None:
    with pytest.raises(AnswerError) as raised:
        evaluate(spec, TOOL, {}, staff_group="porters")
    assert raised.value.code == "JC405"


@pytest.mark.parametrize(
    ("item", "test"), [("2a", "just-culture-guide#1a"), ("2b", "just-culture-guide#2a")]
)
def test_serious_incident_items_point_to_the_guide(spec: Any, item: str, test: str) -> None:
    result = evaluate(spec, TOOL, {item: "yes", "3": "i"})
    assert any(test in row["related"] for row in result.alerts)
    assert result.outcome["id"] == "development-plan"


@SETTINGS
@given(answers=answer_sets())
def test_reasons_name_the_answers_and_the_rule_that_decided(
    spec: Any, answers: dict[str, str]
) -> None:
    """Reasons are data: each answer that met the deciding rule, then the rule; every id is real."""
    checklist = spec.tool(TOOL)
    assert isinstance(checklist, Checklist)
    result = evaluate(spec, TOOL, answers).to_dict()
    if result["outcome"] is None:
        assert result["reasons"] == []
        return
    *said, decided = result["reasons"]
    outcome = {"outcome": result["outcome"]["id"]}
    rule = next(rule for rule in checklist.rules if rule.id == decided["rule"])
    assert decided == {"rule": rule.id, "target": outcome}
    assert rule.outcome == result["outcome"]["id"]
    for row in said:
        assert set(row) == {"question", "answer", "target"} and row["target"] == outcome
        assert checklist.items[row["question"]].answerable
        assert answers[row["question"]] == row["answer"]
        assert any(row["question"] in condition.items for condition in rule.when)
    assert said, "a decision always rests on at least one answer"


def test_reasons_are_worded_as_before(spec: Any) -> None:
    """The one macro (templates/_reasons.j2) gives the sentences the engine used to build."""
    result = evaluate(spec, TOOL, {"3": "iii", "3a": "no", "3b": "yes"})
    assert reason_texts(spec.tool(TOOL), result.reasons) == [
        "For question 3 you chose iii: “The worker knows how to and can in practice, but isn\u2019t”.",
        "You answered No to 3a, “Have you done a preliminary investigation to understand the"
        " situation well?”.",
        "If the worker knows how and can do it but is not doing it, check 3a to 3d and the final"
        " question. If any answer is No, you are not ready to decide.",
    ]


def expected_sentences(checklist: Checklist, reasons: list[dict[str, Any]]) -> list[str]:
    """The sentences for a checklist's reasons, written out here as an oracle for the macro."""
    out = []
    for row in reasons:
        if "rule" in row:
            out.append(next(rule.text for rule in checklist.rules if rule.id == row["rule"]))
            continue
        item, answer = checklist.items[row["question"]], row["answer"]
        # The paper's numbering: 2a is sub-item a of question 2; "Finally" has no number, so
        # the sentence names that question by its words alone (never by its id, "final").
        parent = checklist.items[item.parent].number if item.parent else ""
        label = f"{parent}{item.number}"
        if item.answer_type == "yes-no":
            named = f"{label}, " if label[0].isdigit() else ""
            out.append(f"You answered {answer.capitalize()} to {named}“{item.text}”.")
        else:
            option = item.option(answer)
            chosen = checklist.items[option.item].text if option.item else option.label
            asked = f"question {label}" if label[0].isdigit() else f"“{item.text}”"
            out.append(f"For {asked} you chose {answer}: “{chosen}”.")
    return out


def test_the_final_question_is_named_by_its_words_not_its_id(spec: Any) -> None:
    answers = {"3": "iii", "3a": "yes", "3b": "yes", "3c": "yes", "3d": "yes", "final": "no"}
    said = reason_texts(spec.tool(TOOL), evaluate(spec, TOOL, answers).reasons)
    assert said[0].startswith("For question 3 you chose iii")
    assert said[1].startswith("You answered No to “Finally, have you determined")
    assert not any(" final," in sentence or "to final" in sentence for sentence in said)


@SETTINGS
@given(answers=answer_sets())
def test_every_reason_is_worded_by_the_oracle(spec: Any, answers: dict[str, str]) -> None:
    checklist = spec.tool(TOOL)
    reasons = evaluate(spec, TOOL, answers).to_dict()["reasons"]
    assert reason_texts(checklist, reasons) == expected_sentences(checklist, reasons)
