"""The pre-disciplinary checklist is faithful to Being fair, Example 3 (Barts Health NHS Trust)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

CHECKLIST_ID = "pre-disciplinary-checklist"
# fmt: off
EXPECTED_ITEMS = [
    "1",
    "2", "2a", "2b", "2c", "2d",
    "3", "3i", "3ii", "3iii", "3a", "3b", "3c", "3d",
    "4", "4a", "4b", "4c", "4d", "4e",
    "5", "5a", "5b", "5c", "5d", "5e", "5f", "5g",
    "6", "6i", "6ii", "6iii",
    "7",
    "final",
]
# fmt: on
HEADINGS = {"4", "5", "6", "7"}
OPTIONS = {"3i", "3ii", "3iii"}
CHOICES = {"1", "3"}
ANSWERABLE_TYPES = {"yes-no", "choice"}
RIGHT_QUOTE = "\u2019"


@pytest.fixture(scope="module")
def checklist(documents: Mapping[str, Any]) -> Mapping[str, Any]:
    assert CHECKLIST_ID in documents, (
        f"no document with id {CHECKLIST_ID!r}; found {sorted(documents)}"
    )
    document = documents[CHECKLIST_ID]
    assert document["kind"] == "checklist", f"{CHECKLIST_ID!r} has kind {document['kind']!r}"
    return document


@pytest.fixture(scope="module")
def items(checklist: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {item["id"]: item for item in checklist["items"]}


def test_every_item_is_present_in_the_papers_order(checklist: Mapping[str, Any]) -> None:
    ids = [item["id"] for item in checklist["items"]]
    missing = [i for i in EXPECTED_ITEMS if i not in ids]
    extra = [i for i in ids if i not in EXPECTED_ITEMS]
    assert not missing and not extra, f"missing items {missing}, unexpected items {extra}"
    assert ids == EXPECTED_ITEMS, f"items are out of the paper's order: {ids}"


@pytest.mark.parametrize("item_id", EXPECTED_ITEMS)
def test_item_text_is_quoted_exactly(
    items: dict[str, Mapping[str, Any]], paper: Any, item_id: str
) -> None:
    text = items[item_id]["text"]
    assert paper.contains(text), (
        f"item {item_id}: text is not in the paper, word for word: {text!r}"
    )
    assert "(Y/N)" not in text, f"item {item_id}: drop the (Y/N) marker, the answer type carries it"


def test_bullets_of_question_7_are_quoted_exactly(
    items: dict[str, Mapping[str, Any]], paper: Any
) -> None:
    bullets = items["7"]["bullets"]
    assert len(bullets) == 3, f"question 7 has three bullets in the paper, found {len(bullets)}"
    for bullet in bullets:
        assert paper.contains(bullet), f"question 7 bullet not in the paper: {bullet!r}"
    endings = [
        "development plan is required",
        "development plan is required",
        "disciplinary action.",
    ]
    for bullet, ending in zip(bullets, endings, strict=True):
        assert bullet.endswith(ending), f"bullet {bullet!r} should end {ending!r}"


def test_curly_apostrophes_are_kept(items: dict[str, Mapping[str, Any]]) -> None:
    for item_id in ("3", "3i", "3ii", "3iii", "4b", "3d", "6"):
        text = items[item_id]["text"]
        assert "'" not in text and RIGHT_QUOTE in text, (
            f"item {item_id} should keep the paper's curly apostrophe: {text!r}"
        )


def test_parents_and_numbers(items: dict[str, Mapping[str, Any]]) -> None:
    for item_id, item in items.items():
        if item_id == "final":
            assert item["number"] == "Finally" and "parent" not in item, item
        elif item_id.isdigit():
            assert item["number"] == item_id, f"item {item_id} has number {item['number']!r}"
            assert "parent" not in item, f"question {item_id} should have no parent"
        else:
            parent, number = item_id[0], item_id[1:]
            assert item.get("parent") == parent, f"item {item_id} should name parent {parent!r}"
            assert item["number"] == number, f"item {item_id} has number {item['number']!r}"


def test_answer_types(items: dict[str, Mapping[str, Any]]) -> None:
    for item_id, item in items.items():
        kind = item["answer"]["type"]
        if item_id in HEADINGS:
            expected = "heading"
        elif item_id in OPTIONS:
            expected = "option"
        elif item_id in CHOICES:
            expected = "choice"
        else:
            expected = "yes-no"
        assert kind == expected, f"item {item_id} should be answered as {expected}, not {kind}"


def test_question_3_choices_point_at_its_options(items: dict[str, Mapping[str, Any]]) -> None:
    choices = items["3"]["answer"]["choices"]
    assert [c["value"] for c in choices] == ["i", "ii", "iii"], choices
    assert [c.get("item") for c in choices] == ["3i", "3ii", "3iii"], choices
    for choice in choices:
        assert items[choice["item"]]["parent"] == "3"


def test_question_1_choices(items: dict[str, Mapping[str, Any]]) -> None:
    values = [c["value"] for c in items["1"]["answer"]["choices"]]
    assert values == ["capability", "conduct"], values


def test_prompts_on_the_managers_questions(items: dict[str, Mapping[str, Any]]) -> None:
    for item_id, item in items.items():
        if item["answer"]["type"] != "yes-no":
            assert "prompt" not in item, f"item {item_id} is not yes-no, so it takes no prompt"
        if item.get("parent") in {"4", "5", "6"}:
            assert item.get("prompt"), f"item {item_id} needs a prompt for a No answer"


def test_prompts_are_our_words(items: dict[str, Mapping[str, Any]], paper: Any) -> None:
    for item_id, item in items.items():
        if "prompt" in item:
            assert not paper.contains(item["prompt"]), f"item {item_id}: prompt copies the paper"
            assert item["prompt"] != item["text"], f"item {item_id}: prompt repeats the question"


def test_footnotes_are_in_the_paper(checklist: Mapping[str, Any], paper: Any) -> None:
    footnotes = {note["id"]: note for note in checklist["footnotes"]}
    markers = {note_id: note["marker"] for note_id, note in footnotes.items()}
    expected = {"serious-incidents": "*", "substitution-test": "1", "plea-bargaining": "**"}
    assert markers == expected, markers
    for note_id, note in footnotes.items():
        assert paper.contains(note["text"]), (
            f"footnote {note_id} not in the paper: {note['text']!r}"
        )
    assert footnotes["plea-bargaining"]["text"].endswith("from the first incident)."), (
        "the plea bargaining footnote must be quoted in full"
    )
    assert "glossary#substitution-test" in footnotes["substitution-test"].get("related", [])


def test_items_cite_existing_footnotes(
    checklist: Mapping[str, Any], items: dict[str, Mapping[str, Any]]
) -> None:
    known = {note["id"] for note in checklist["footnotes"]}
    for item_id, item in items.items():
        for note_id in item.get("footnotes", []):
            assert note_id in known, f"item {item_id} cites unknown footnote {note_id!r}"
    for item_id in ("2", "2a", "2b", "2c", "2d"):
        assert "serious-incidents" in items[item_id].get("footnotes", []), item_id
    assert "substitution-test" in items["2d"]["footnotes"]
    assert items["6ii"].get("footnotes") == ["plea-bargaining"]


def test_quoted_passages_are_in_the_paper(checklist: Mapping[str, Any], paper: Any) -> None:
    for key in ("usage", "introduction", "approval_text"):
        text = checklist[key]["text"]
        assert paper.contains(text), f"{key} is not in the paper, word for word: {text!r}"
    assert "BEFORE" in checklist["usage"]["text"], "keep the paper's capitals in BEFORE"


def test_three_approvers_cover_the_three_staff_groups(
    checklist: Mapping[str, Any], paper: Any
) -> None:
    approvers = checklist["approvers"]
    groups = sorted(a["staff_group"] for a in approvers)
    assert groups == ["medical", "nursing-midwifery", "other"], (
        f"the triumvirate needs one approver for each staff group, got {groups}"
    )
    roles = {a["staff_group"]: a["role"] for a in approvers}
    assert roles == {
        "nursing-midwifery": "Site Director of Nursing and Midwifery",
        "medical": "Site Medical Director",
        "other": "Site Operational Director",
    }, roles
    for approver in approvers:
        assert paper.contains(approver["role"]) and paper.contains(approver["applies_to"]), approver


def _condition_items(condition: Mapping[str, Any]) -> list[str]:
    if "item" in condition:
        return [condition["item"]]
    return list(condition.get("any_of") or condition.get("all_of") or [])


def _allowed_values(item: Mapping[str, Any]) -> set[str]:
    answer = item["answer"]
    if answer["type"] == "yes-no":
        return {"yes", "no"}
    return {choice["value"] for choice in answer.get("choices", [])}


def test_rules_and_signposts_name_real_answerable_items(
    checklist: Mapping[str, Any], items: dict[str, Mapping[str, Any]]
) -> None:
    for row in [*checklist["rules"], *checklist.get("signposts", [])]:
        for condition in row["when"]:
            for item_id in _condition_items(condition):
                assert item_id in items, f"{row['id']} names unknown item {item_id!r}"
                item = items[item_id]
                assert item["answer"]["type"] in ANSWERABLE_TYPES, (
                    f"{row['id']} tests {item_id}, which is not answered on its own"
                )
                assert condition["equals"] in _allowed_values(item), (
                    f"{row['id']} compares {item_id} with {condition['equals']!r}, "
                    f"which it can never have ({sorted(_allowed_values(item))})"
                )


def test_rules_lead_to_defined_outcomes(checklist: Mapping[str, Any]) -> None:
    outcomes = {outcome["id"] for outcome in checklist["outcomes"]}
    assert outcomes == {"development-plan", "formal-investigation", "not-ready"}, outcomes
    used = {rule["outcome"] for rule in checklist["rules"]}
    assert used <= outcomes, f"rules name unknown outcomes {sorted(used - outcomes)}"
    assert used == outcomes, f"outcomes no rule gives: {sorted(outcomes - used)}"


def test_rules_follow_question_7(checklist: Mapping[str, Any]) -> None:
    by_choice: dict[str, set[str]] = {}
    for rule in checklist["rules"]:
        for condition in rule["when"]:
            if condition.get("item") == "3":
                by_choice.setdefault(condition["equals"], set()).add(rule["outcome"])
    assert by_choice.get("i") == {"development-plan"}, by_choice
    assert by_choice.get("ii") == {"development-plan"}, by_choice
    assert "formal-investigation" in by_choice.get("iii", set()), by_choice


def test_outcome_wording(checklist: Mapping[str, Any], paper: Any) -> None:
    outcomes = {outcome["id"]: outcome for outcome in checklist["outcomes"]}
    assert "evidence is strong" in outcomes["development-plan"]["recommendation"], (
        "the development plan outcome should keep the paper's 'if evidence is strong' condition"
    )
    formal = outcomes["formal-investigation"]["recommendation"]
    for role in (
        "Site Director of Nursing and Midwifery",
        "Site Medical Director",
        "Site Operational Director",
    ):
        assert role in formal, f"the formal investigation outcome should name {role}"
    for outcome in outcomes.values():
        assert not paper.contains(outcome["recommendation"]), f"{outcome['id']} copies the paper"


def test_signposts_point_at_the_just_culture_guide(checklist: Mapping[str, Any]) -> None:
    signposts = {sign["id"]: sign for sign in checklist["signposts"]}
    assert signposts["signpost-intent"]["related"] == ["just-culture-guide#1a"]
    assert signposts["signpost-impairment"]["related"] == [
        "just-culture-guide#2a",
        "just-culture-guide#2b",
        "just-culture-guide#2c",
    ]


def test_every_item_cites_example_3(checklist: Mapping[str, Any]) -> None:
    for key in ("items", "footnotes", "rules", "outcomes", "signposts", "approvers"):
        for row in checklist[key]:
            source = row["source"]
            assert (source["ref"], source["section"]) == ("being-fair-2019", "Example 3"), (
                f"{key} {row['id']} cites {source!r}"
            )
