"""Training scenarios: look them up, and replay every stage's answers through the real engine.

A scenario declares, for each run of a tool, the answers and the outcome facilitators expect.
Replaying the answers at validation time keeps the training material honest: if the guide or the
checklist changes, or a scenario is edited, any stage that no longer reaches its declared outcome
is reported on the line of that outcome.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .engine import Result, evaluate, validate_answers
from .errors import AnswerError, SpecError, UsageError, escape_pointer_token
from .loading import SourceFile
from .model import CHECKLIST_KIND, FLOW_KIND, Checklist, Flow, Spec, Tool, answer_text

SCENARIO_KIND = "scenario"
CHARTER_DOCUMENT = "charter"
REFERENCES_DOCUMENT = "references"
MANIFEST_KIND = "manifest"

Sources = Mapping[str, SourceFile]
Scenario = Mapping[str, Any]

# How the schema's codes read in plain English, for the session packs and the site.
STAFF_LABELS = {
    "nursing": "Nursing",
    "medical": "Medical",
    "midwifery": "Midwifery",
    "healthcare-assistant": "Healthcare assistants",
    "pharmacy": "Pharmacy",
    "ambulance": "Ambulance",
    "porter-estates": "Portering and estates",
    "administration": "Administration",
    "allied-health": "Allied health professions",
    "mental-health-nursing": "Mental health nursing",
    "management": "Management",
}
SETTING_LABELS = {
    "acute": "Acute hospital",
    "mental-health": "Mental health",
    "community": "Community",
    "primary-care": "Primary care",
    "ambulance": "Ambulance service",
    "maternity": "Maternity",
}


# Looking scenarios up ----------------------------------------------------------------------


def scenario_ids(spec: Spec) -> list[str]:
    """Every scenario in the spec, in id order."""
    return sorted(spec.ids_of_kind(SCENARIO_KIND))


def get_scenario(spec: Spec, scenario_id: str) -> Scenario:
    """The scenario with this id, or a JC407 error that lists the ones there are."""
    document = spec.documents.get(scenario_id)
    if document is None or document.get("kind") != SCENARIO_KIND:
        known = ", ".join(scenario_ids(spec)) or "none"
        message = f"there is no scenario with the id {scenario_id!r}; use one of: {known}"
        raise UsageError("JC407", message)
    return document


def answers_of(run: Mapping[str, Any]) -> dict[str, str]:
    """A run's answers as the engine takes them: question id -> value."""
    return {str(question): row["answer"] for question, row in run["values"].items()}


def replay(spec: Spec, run: Mapping[str, Any]) -> Result:
    """Evaluate one run of a scenario with the engine."""
    return evaluate(spec, run["tool"], answers_of(run), staff_group=run.get("staff_group"))


def checked_replay(spec: Spec, run: Mapping[str, Any], where: str) -> Result:
    """Replay a run and insist it reaches its declared outcome.

    Validation already replays every run; this guards the renderers against a spec that was
    never validated, so a pack or page never shows an outcome the engine would not give.
    """
    result = replay(spec, run)
    if result.outcome is None or result.outcome["id"] != run["expected_outcome"]:
        raise SpecError("JC314", f"{where}: the answers do not lead to '{run['expected_outcome']}'")
    return result


@dataclass(frozen=True)
class AnswerRow:
    """One expected answer of a run, with the question's words and the reason for it."""

    tool: str
    id: str
    text: str
    answer: str
    reason: str

    @property
    def ref(self) -> str:
        """DOCUMENT#ITEM, for a link to the question on the tool's page."""
        return f"{self.tool}#{self.id}"


def answer_rows(tool: Tool, run: Mapping[str, Any]) -> list[AnswerRow]:
    """A run's expected answers in the order the tool asks them, whatever order they are listed."""
    asked = list(tool.nodes) if isinstance(tool, Flow) else list(tool.items)
    values = {str(question): row for question, row in run["values"].items()}
    return [
        AnswerRow(
            tool.id,
            question,
            question_text(tool, question),
            answer_text(tool, question, str(values[question]["answer"])),
            str(values[question]["reason"]),
        )
        for question in asked
        if question in values
    ]


def question_text(tool: Tool, question: str) -> str:
    """The words of a guide question or a checklist item."""
    if isinstance(tool, Flow):
        return tool.nodes[question].question
    return tool.items[question].text


# Validation --------------------------------------------------------------------------------


def check_scenarios(sources: Sources) -> Iterator[SpecError]:
    """Replay every scenario stage through the engine, and check its links, sources and timings."""
    scenarios = [source for source in sources.values() if source.data.get("kind") == SCENARIO_KIND]
    if not scenarios:
        return
    spec = tools_spec(sources)
    principles = _item_ids(sources.get(CHARTER_DOCUMENT), "principles")
    references = _item_ids(sources.get(REFERENCES_DOCUMENT), "entries")
    for source in scenarios:
        yield from _check_draws_on(source, references)
        yield from _check_principles(source, principles)
        yield from _check_timings(source)
        for stage_index, stage in enumerate(source.data["stages"]):
            for run_index, run in enumerate(stage["answers"]):
                pointer = f"/stages/{stage_index}/answers/{run_index}"
                yield from check_run(source, spec, run, pointer)


def tools_spec(sources: Sources) -> Spec:
    """A minimal Spec holding only the decision tools (and the spec version), for replaying."""
    documents = {
        doc_id: source.data
        for doc_id, source in sources.items()
        if source.data.get("kind") in (FLOW_KIND, CHECKLIST_KIND)
    }
    manifests = [s.data for s in sources.values() if s.data.get("kind") == MANIFEST_KIND]
    version = manifests[0].get("spec_version", "0.0.0") if manifests else "0.0.0"
    return Spec.from_documents(str(version), documents)


def check_run(
    source: SourceFile, spec: Spec, run: Mapping[str, Any], pointer: str
) -> Iterator[SpecError]:
    """Replay one run; report a wrong outcome, a gap in the answers, or answers that do not fit."""
    tool = spec.tools.get(run["tool"])
    if tool is None:
        known = ", ".join(spec.tools)
        message = f"'{run['tool']}' is not a guide or checklist; use one of: {known}"
        yield source.error("JC304", message, f"{pointer}/tool")
        return
    problem = _staff_group_problem(source, tool, run, pointer)
    if problem is not None:
        yield problem
        return
    try:
        validate_answers(tool, answers_of(run))
    except AnswerError as error:
        yield source.error("JC314", error.message, f"{pointer}/values{error.pointer}", key=True)
        return
    yield from _compare(source, tool, replay(spec, run), run, pointer)


def _staff_group_problem(
    source: SourceFile, tool: Flow | Checklist, run: Mapping[str, Any], pointer: str
) -> SpecError | None:
    if isinstance(tool, Flow) and "staff_group" in run:
        message = f"'{tool.id}' does not take a staff group; remove it"
        return source.error("JC314", message, f"{pointer}/staff_group", key=True)
    if isinstance(tool, Checklist) and "staff_group" not in run:
        groups = ", ".join(tool.approvers)
        message = f"a run of '{tool.id}' needs a staff_group, one of: {groups}"
        return source.error("JC202", message, pointer)
    return None


def _compare(
    source: SourceFile, tool: Flow | Checklist, result: Result, run: Mapping[str, Any], pointer: str
) -> Iterator[SpecError]:
    expected = run["expected_outcome"]
    at_outcome = f"{pointer}/expected_outcome"
    if result.outcome is None:
        waiting = ", ".join(result.next)
        message = f"the answers stop before an outcome of '{tool.id}'; answer {waiting} too"
        yield source.error("JC314", message, at_outcome)
        return
    # The guide asks one question after another: an answer off the path was never asked.
    if isinstance(tool, Flow):
        for question in result.unused:
            message = (
                f"'{question}' is answered, but the path ends before the guide asks it; remove it"
            )
            yield source.error(
                "JC314", message, f"{pointer}/values/{escape_pointer_token(question)}", key=True
            )
    actual = result.outcome["id"]
    if actual != expected:
        message = (
            f"the answers lead to '{actual}' ({result.outcome['title']}), not '{expected}'; "
            "fix the answers or the expected outcome"
        )
        yield source.error("JC314", message, at_outcome)


def _item_ids(source: SourceFile | None, field: str) -> set[str] | None:
    if source is None:
        return None
    return {str(item["id"]) for item in source.data.get(field, []) if isinstance(item, dict)}


def _check_draws_on(source: SourceFile, references: set[str] | None) -> Iterator[SpecError]:
    if references is None:
        return
    for index, cited in enumerate(source.data["draws_on"]):
        if cited["ref"] not in references:
            message = f"the reference key '{cited['ref']}' is not in references.yaml"
            yield source.error("JC305", message, f"/draws_on/{index}/ref")


def _check_principles(source: SourceFile, principles: set[str] | None) -> Iterator[SpecError]:
    if principles is None:
        return
    for index, objective in enumerate(source.data["learning_objectives"]):
        for position, principle in enumerate(objective["principles"]):
            if principle not in principles:
                message = f"'{principle}' is not a principle of the charter"
                yield source.error(
                    "JC304", message, f"/learning_objectives/{index}/principles/{position}"
                )


def _check_timings(source: SourceFile) -> Iterator[SpecError]:
    stages = [str(stage["id"]) for stage in source.data["stages"]]
    timed = [str(row["stage"]) for row in source.data["timings"]["stages"]]
    for index, stage_id in enumerate(timed):
        if stage_id not in stages:
            message = f"the timings name the stage '{stage_id}', which does not exist"
            yield source.error("JC304", message, f"/timings/stages/{index}/stage")
    for stage_id in stages:
        if stage_id not in timed:
            yield source.error(
                "JC202", f"the timings have no row for the stage '{stage_id}'", "/timings/stages"
            )
    if timed != stages and set(timed) == set(stages):
        message = "list the timings in the same order as the stages: " + ", ".join(stages)
        yield source.error("JC207", message, "/timings/stages")
