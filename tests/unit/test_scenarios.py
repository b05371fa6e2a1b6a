"""Training scenarios: coverage, fairness tags, and every stage replayed through the real engine."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from justculture.consistency import check_consistency
from justculture.engine import evaluate
from justculture.errors import SpecError, UsageError
from justculture.loading import SourceFile, discover, parse_yaml, read_all
from justculture.model import Spec
from justculture.scenarios import get_scenario, scenario_ids
from justculture.sessions import apportion, plan_session

REPO = Path(__file__).resolve().parents[2]
SPEC_DIR = REPO / "spec"
GUIDE = "just-culture-guide"
CHECKLIST = "pre-disciplinary-checklist"


@pytest.fixture(scope="module")
def scenarios(spec: Spec) -> list[dict[str, Any]]:
    return [dict(spec.documents[doc_id]) for doc_id in scenario_ids(spec)]


@pytest.fixture(scope="module")
def sources() -> dict[str, SourceFile]:
    return {source.data["id"]: source for source in read_all(discover(SPEC_DIR), REPO)}


def check_scenarios(sources: Mapping[str, SourceFile]) -> list[SpecError]:
    """The consistency stage run over documents as read (and perhaps edited by a test)."""
    spec = Spec.from_documents(
        "1.0.0",
        {doc_id: source.data for doc_id, source in sources.items()},
        locators={doc_id: source.locator for doc_id, source in sources.items()},
    )
    return check_consistency(spec)


def runs(scenario: Mapping[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    for index, stage in enumerate(scenario["stages"]):
        for run in stage["answers"]:
            yield index, run


def outcome_of(spec: Spec, run: Mapping[str, Any]) -> str | None:
    answers = {key: row["answer"] for key, row in run["values"].items()}
    result = evaluate(spec, run["tool"], answers, staff_group=run.get("staff_group"))
    return None if result.outcome is None else str(result.outcome["id"])


# Coverage ------------------------------------------------------------------------------------


def test_at_least_twelve_scenarios(scenarios: list[dict[str, Any]]) -> None:
    assert len(scenarios) >= 12


def test_staff_groups_and_settings(scenarios: list[dict[str, Any]]) -> None:
    groups = {group for scenario in scenarios for group in scenario["staff_groups"]}
    settings = {scenario["setting"] for scenario in scenarios}
    assert len(groups) >= 6, groups
    assert len(settings) >= 4, settings


@pytest.mark.parametrize("tool_id", [GUIDE, CHECKLIST])
def test_every_outcome_is_reached(
    spec: Spec, scenarios: list[dict[str, Any]], tool_id: str
) -> None:
    reached = {
        outcome_of(spec, run)
        for scenario in scenarios
        for _, run in runs(scenario)
        if run["tool"] == tool_id
    }
    assert set(spec.tool(tool_id).outcomes) <= reached


def staged_changes(spec: Spec, scenario: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(person, earlier outcome, later outcome) for each tool and person whose outcome changes."""
    seen: dict[tuple[str, str], tuple[int, str | None]] = {}
    changes = []
    for stage, run in runs(scenario):
        key = (run["tool"], run["person"])
        outcome = outcome_of(spec, run)
        if key in seen and seen[key][0] < stage and seen[key][1] != outcome:
            changes.append((run["person"], str(seen[key][1]), str(outcome)))
        seen[key] = (stage, outcome)
    return changes


def test_at_least_four_staged_scenarios_change_outcome(
    spec: Spec, scenarios: list[dict[str, Any]]
) -> None:
    changed = [scenario["id"] for scenario in scenarios if staged_changes(spec, scenario)]
    assert len(changed) >= 4, changed


def with_theme(scenarios: list[dict[str, Any]], *themes: str) -> list[str]:
    return [s["id"] for s in scenarios if set(themes) & set(s["themes"])]


def test_equity_scenarios(scenarios: list[dict[str, Any]]) -> None:
    assert len(with_theme(scenarios, "equity")) >= 2


def test_hindsight_and_outcome_bias_traps(spec: Spec, scenarios: list[dict[str, Any]]) -> None:
    traps = [s for s in scenarios if {"hindsight-bias", "outcome-bias"} & set(s["themes"])]
    assert len(traps) >= 2
    # Each trap puts the same act before participants twice or uses a blinded review; either way the
    # declared answers never depend on the outcome, so every guide run of a trap is system-focused.
    for scenario in traps:
        for _, run in runs(scenario):
            if run["tool"] == GUIDE:
                assert outcome_of(spec, run) in {"system-foresight", "system-substitution"}, (
                    scenario["id"]
                )


def test_candour_scenarios_work_through_restorative_questions(
    scenarios: list[dict[str, Any]],
) -> None:
    candour = [s for s in scenarios if "candour" in s["themes"]]
    assert len(candour) >= 2
    for scenario in candour:
        restorative = scenario["restorative"]
        for question in ("who_is_hurt", "what_they_need", "whose_obligation"):
            assert restorative[question]["patient_and_family"].strip(), scenario["id"]
            assert restorative[question]["staff"].strip(), scenario["id"]
        assert restorative["involve_community"].strip()


def test_objectives_name_charter_principles(
    documents: Mapping[str, Any], scenarios: list[dict[str, Any]]
) -> None:
    principles = {item["id"] for item in documents["charter"]["principles"]}
    for scenario in scenarios:
        for objective in scenario["learning_objectives"]:
            assert set(objective["principles"]) <= principles, scenario["id"]


def test_participant_text_gives_no_outcome_away(
    spec: Spec, scenarios: list[dict[str, Any]]
) -> None:
    titles = [
        outcome.title.lower()
        for tool_id in (GUIDE, CHECKLIST)
        for outcome in spec.tool(tool_id).outcomes.values()
    ]
    for scenario in scenarios:
        for stage in scenario["stages"]:
            shown = " ".join([stage["narrative"], *stage["discussion_questions"]]).lower()
            leaked = [title for title in titles if title in shown]
            assert not leaked, (scenario["id"], stage["id"], leaked)


# Replay --------------------------------------------------------------------------------------


def test_every_stage_replays_to_its_declared_outcome(
    spec: Spec, scenarios: list[dict[str, Any]]
) -> None:
    for scenario in scenarios:
        for stage in scenario["stages"]:
            for run in stage["answers"]:
                assert outcome_of(spec, run) == run["expected_outcome"], (
                    scenario["id"],
                    stage["id"],
                )


def test_check_scenarios_is_clean_on_the_shipped_spec(sources: dict[str, SourceFile]) -> None:
    assert [error.format() for error in check_scenarios(sources)] == []


def edited(
    sources: dict[str, SourceFile], doc_id: str, old: str = "", new: str = ""
) -> tuple[dict[str, SourceFile], int]:
    """A copy of the sources with one scenario parsed afresh from its file, its first ``old`` line
    replaced by ``new``; also the number of that line. The shared fixture is never touched."""
    source = sources[doc_id]
    lines = source.path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = 0
    if old:
        number = next(i for i, line in enumerate(lines) if line.strip() == old.strip())
        lines[number] = lines[number].replace(old.strip(), new.strip())
    copy = dict(sources)
    copy[doc_id] = parse_yaml("".join(lines), source.display, source.path)
    return copy, number + 1


def first_run(sources: dict[str, SourceFile], doc_id: str) -> dict[str, Any]:
    run: dict[str, Any] = sources[doc_id].data["stages"][0]["answers"][0]
    return run


def test_wrong_expected_outcome_gives_jc314_on_its_line(sources: dict[str, SourceFile]) -> None:
    copy, line = edited(
        sources,
        "blood-sample-labels",
        "expected_outcome: system-foresight",
        "expected_outcome: individual-management",
    )
    errors = list(check_scenarios(copy))
    expected = [("JC314", "spec/scenarios/blood-sample-labels.yaml", line)]
    assert [(e.code, e.file, e.line) for e in errors] == expected
    assert errors[0].pointer.endswith("/expected_outcome")
    assert "system-foresight" in errors[0].message
    assert "individual-management" in errors[0].message


def test_unknown_question_gives_jc314_on_its_key(sources: dict[str, SourceFile]) -> None:
    copy, line = edited(sources, "fall-at-home", '"3c":', '"9z":')
    errors = list(check_scenarios(copy))
    assert [(e.code, e.line) for e in errors] == [("JC314", line)]
    assert "'9z' is not a question" in errors[0].message


def test_incomplete_answers_give_jc314(sources: dict[str, SourceFile]) -> None:
    copy, _ = edited(sources, "fall-at-home")
    del first_run(copy, "fall-at-home")["values"]["3c"]
    errors = list(check_scenarios(copy))
    assert [e.code for e in errors] == ["JC314"]
    assert "stop before an outcome" in errors[0].message and "3c" in errors[0].message
    assert errors[0].pointer.endswith("/expected_outcome")


def test_answer_past_the_end_of_the_path_gives_jc314(sources: dict[str, SourceFile]) -> None:
    copy, _ = edited(sources, "fall-at-home")
    first_run(copy, "fall-at-home")["values"]["4a"] = {"answer": "no", "reason": "never asked"}
    errors = list(check_scenarios(copy))
    assert [e.code for e in errors] == ["JC314"]
    assert "'4a'" in errors[0].message


def test_checklist_run_needs_a_staff_group(sources: dict[str, SourceFile]) -> None:
    copy, _ = edited(sources, "insulin-before-procedure")
    del first_run(copy, "insulin-before-procedure")["staff_group"]
    assert [e.code for e in check_scenarios(copy)] == ["JC202"]


def test_guide_run_takes_no_staff_group(sources: dict[str, SourceFile]) -> None:
    copy, _ = edited(sources, "fall-at-home")
    first_run(copy, "fall-at-home")["staff_group"] = "other"
    assert [e.code for e in check_scenarios(copy)] == ["JC314"]


def test_unknown_principle_and_timings_are_reported(sources: dict[str, SourceFile]) -> None:
    copy, _ = edited(
        sources,
        "fall-at-home",
        "- {stage: stage-2, reading: 3, discussion: 12}",
        "- {stage: stage-9, reading: 3, discussion: 12}",
    )
    copy["fall-at-home"].data["learning_objectives"][0]["principles"].append("P99")
    codes = sorted(e.code for e in check_scenarios(copy))
    assert codes == ["JC202", "JC304", "JC304"]


# Looking up and timing ------------------------------------------------------------------------


def test_unknown_scenario_is_jc407(spec: Spec) -> None:
    with pytest.raises(UsageError) as caught:
        get_scenario(spec, "no-such-scenario")
    assert caught.value.code == "JC407"
    assert "fall-at-home" in caught.value.message


@pytest.mark.parametrize("minutes", [75, 90, 91, 120, 240])
def test_plan_fills_the_session_exactly(
    spec: Spec, scenarios: list[dict[str, Any]], minutes: int
) -> None:
    chosen = scenarios[:3]
    plan = plan_session(chosen, minutes)
    assert sum(slot.minutes for slot in plan.slots) == minutes
    assert all(slot.minutes >= 1 for slot in plan.slots)
    assert [slot.start for slot in plan.slots] == sorted(slot.start for slot in plan.slots)
    assert plan.slots[0].kind == "intro" and plan.slots[-1].kind == "close"


def test_plan_too_short_is_jc412(scenarios: list[dict[str, Any]]) -> None:
    with pytest.raises(UsageError) as caught:
        plan_session(scenarios[:3], 5)
    assert caught.value.code == "JC412"


def test_apportion_keeps_proportions() -> None:
    assert apportion([10, 20, 30], 60) == [10, 20, 30]
    assert apportion([10, 20, 30], 30) == [5, 10, 15]
    assert sum(apportion([1, 1, 100], 10)) == 10
    assert min(apportion([1, 1, 100], 10)) == 1


def test_scenario_files_are_named_by_id() -> None:
    for path in (SPEC_DIR / "scenarios").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert re.search(rf"^id: {re.escape(path.stem)}$", text, re.MULTILINE), path.name


@pytest.mark.parametrize("minutes", [481, 10**20])
def test_a_session_longer_than_a_day_is_jc408(
    scenarios: list[dict[str, Any]], minutes: int
) -> None:
    with pytest.raises(UsageError) as caught:
        plan_session(scenarios[:1], minutes)
    assert caught.value.code == "JC408" and "480" in caught.value.message


def test_a_full_day_still_plans(scenarios: list[dict[str, Any]]) -> None:
    assert sum(slot.minutes for slot in plan_session(scenarios[:3], 480).slots) == 480
