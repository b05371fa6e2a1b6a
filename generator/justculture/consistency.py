"""The consistency stage: checks that need a whole, valid :class:`Spec`.

It runs after validation has built the Spec (and again on every tailored Spec), because it uses
the engine: each training scenario's stages are replayed through the same engine managers use,
and a stage that no longer reaches its declared outcome is reported on the line of that outcome.
Validation itself (schemas and cross-references) never imports the engine.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .engine import Result, validate_answers
from .errors import AnswerError, SpecError, escape_pointer_token
from .loading import Locator
from .model import Checklist, Flow, Spec
from .scenarios import SCENARIO_KIND, answers_of, replay

CHARTER_DOCUMENT = "charter"
REFERENCES_DOCUMENT = "references"


def check_consistency(spec: Spec) -> list[SpecError]:
    """Every problem the consistency stage finds in ``spec``, located in its files."""
    return [error for scenario_id in _scenario_ids(spec) for error in _check(spec, scenario_id)]


def _scenario_ids(spec: Spec) -> list[str]:
    return sorted(spec.ids_of_kind(SCENARIO_KIND))


def _check(spec: Spec, scenario_id: str) -> Iterator[SpecError]:
    scenario = spec.documents[scenario_id]
    where = spec.locators.get(scenario_id) or Locator(scenario_id)
    yield from _check_draws_on(spec, scenario, where)
    yield from _check_principles(spec, scenario, where)
    yield from _check_timings(scenario, where)
    for stage_index, stage in enumerate(scenario["stages"]):
        for run_index, run in enumerate(stage["answers"]):
            pointer = f"/stages/{stage_index}/answers/{run_index}"
            yield from check_run(spec, run, where, pointer)


def check_run(
    spec: Spec, run: Mapping[str, Any], where: Locator, pointer: str
) -> Iterator[SpecError]:
    """Replay one run; report a wrong outcome, a gap in the answers, or answers that do not fit."""
    tool = spec.tools.get(run["tool"])
    if tool is None:
        known = ", ".join(spec.tools)
        message = f"'{run['tool']}' is not a guide or checklist; use one of: {known}"
        yield where.error("JC304", message, f"{pointer}/tool")
        return
    problem = _staff_group_problem(tool, run, where, pointer)
    if problem is not None:
        yield problem
        return
    try:
        validate_answers(tool, answers_of(run))
    except AnswerError as error:
        yield where.error("JC314", error.message, f"{pointer}/values{error.pointer}", key=True)
        return
    yield from _compare(tool, replay(spec, run), run, where, pointer)


def _staff_group_problem(
    tool: Flow | Checklist, run: Mapping[str, Any], where: Locator, pointer: str
) -> SpecError | None:
    if isinstance(tool, Flow) and "staff_group" in run:
        message = f"'{tool.id}' does not take a staff group; remove it"
        return where.error("JC314", message, f"{pointer}/staff_group", key=True)
    if isinstance(tool, Checklist) and "staff_group" not in run:
        groups = ", ".join(tool.approvers)
        message = f"a run of '{tool.id}' needs a staff_group, one of: {groups}"
        return where.error("JC202", message, pointer)
    return None


def _compare(
    tool: Flow | Checklist, result: Result, run: Mapping[str, Any], where: Locator, pointer: str
) -> Iterator[SpecError]:
    expected = run["expected_outcome"]
    at_outcome = f"{pointer}/expected_outcome"
    if result.outcome is None:
        waiting = ", ".join(result.next)
        message = f"the answers stop before an outcome of '{tool.id}'; answer {waiting} too"
        yield where.error("JC314", message, at_outcome)
        return
    # The guide asks one question after another: an answer off the path was never asked.
    if isinstance(tool, Flow):
        for question in result.unused:
            message = (
                f"'{question}' is answered, but the path ends before the guide asks it; remove it"
            )
            yield where.error(
                "JC314", message, f"{pointer}/values/{escape_pointer_token(question)}", key=True
            )
    actual = result.outcome["id"]
    if actual != expected:
        message = (
            f"the answers lead to '{actual}' ({result.outcome['title']}), not '{expected}'; "
            "fix the answers or the expected outcome"
        )
        yield where.error("JC314", message, at_outcome)


def _item_ids(spec: Spec, doc_id: str, field: str) -> set[str] | None:
    document = spec.documents.get(doc_id)
    if document is None:
        return None
    return {str(item["id"]) for item in document.get(field, []) if isinstance(item, Mapping)}


def _check_draws_on(spec: Spec, scenario: Mapping[str, Any], where: Locator) -> Iterator[SpecError]:
    references = _item_ids(spec, REFERENCES_DOCUMENT, "entries")
    if references is None:
        return
    for index, cited in enumerate(scenario["draws_on"]):
        if cited["ref"] not in references:
            message = f"the reference key '{cited['ref']}' is not in references.yaml"
            yield where.error("JC305", message, f"/draws_on/{index}/ref")


def _check_principles(
    spec: Spec, scenario: Mapping[str, Any], where: Locator
) -> Iterator[SpecError]:
    principles = _item_ids(spec, CHARTER_DOCUMENT, "principles")
    if principles is None:
        return
    for index, objective in enumerate(scenario["learning_objectives"]):
        for position, principle in enumerate(objective["principles"]):
            if principle not in principles:
                message = f"'{principle}' is not a principle of the charter"
                yield where.error(
                    "JC304", message, f"/learning_objectives/{index}/principles/{position}"
                )


def _check_timings(scenario: Mapping[str, Any], where: Locator) -> Iterator[SpecError]:
    stages = [str(stage["id"]) for stage in scenario["stages"]]
    timed = [str(row["stage"]) for row in scenario["timings"]["stages"]]
    for index, stage_id in enumerate(timed):
        if stage_id not in stages:
            message = f"the timings name the stage '{stage_id}', which does not exist"
            yield where.error("JC304", message, f"/timings/stages/{index}/stage")
    for stage_id in stages:
        if stage_id not in timed:
            yield where.error(
                "JC202", f"the timings have no row for the stage '{stage_id}'", "/timings/stages"
            )
    if timed != stages and set(timed) == set(stages):
        message = "list the timings in the same order as the stages: " + ", ".join(stages)
        yield where.error("JC207", message, "/timings/stages")
