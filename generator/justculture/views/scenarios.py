"""A training scenario as the site's pages and the session packs show it.

Each run of a tool is replayed through the engine (``checked_replay``), so no page or pack can
show an outcome the engine would not give; codes become their codelist titles.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..model import Checklist, Spec
from ..scenarios import CHARTER_DOCUMENT, Scenario, checked_replay, get_scenario, scenario_ids
from .questions import AnsweredQuestion, answered_questions

SETTING_CODELIST = "setting"
STAFF_CODELIST = "staff_role"


@dataclass(frozen=True)
class OutcomeView:
    """An outcome of a tool, named as the tool's own document names it."""

    tool: str
    tool_title: str
    id: str
    title: str
    summary: str
    recommendation: str

    @property
    def ref(self) -> str:
        return f"{self.tool}#{self.id}"


@dataclass(frozen=True)
class RunView:
    """One run of a tool in a stage: whose act, the expected answers and the outcome they reach."""

    anchor: str
    tool: str
    tool_title: str
    person: str
    act: str
    rows: tuple[AnsweredQuestion, ...]
    outcome: OutcomeView
    approver: Mapping[str, Any] | None
    outstanding: tuple[Mapping[str, str], ...]


@dataclass(frozen=True)
class StageView:
    """One stage of a scenario, with its runs replayed and its timings as written."""

    data: Mapping[str, Any]
    number: int
    runs: tuple[RunView, ...]
    reading: int
    discussion: int

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def anchor(self) -> str:
        return self.id

    @property
    def title(self) -> str:
        return str(self.data["title"])

    @property
    def narrative(self) -> str:
        return str(self.data["narrative"])

    @property
    def discussion_questions(self) -> list[str]:
        return [str(question) for question in self.data["discussion_questions"]]

    @property
    def paragraphs(self) -> list[str]:
        """The narrative's paragraphs: YAML folds a blank line into one line break."""
        return [part for part in self.narrative.split("\n") if part.strip()]


@dataclass(frozen=True)
class PrincipleView:
    """A charter principle a learning objective serves."""

    id: str
    number: str
    summary: str

    @property
    def ref(self) -> str:
        return f"{CHARTER_DOCUMENT}#{self.id}"


@dataclass(frozen=True)
class ObjectiveView:
    text: str
    principles: tuple[PrincipleView, ...]

    @property
    def refs(self) -> list[str]:
        """The principles as DOCUMENT#ITEM references, for links."""
        return [principle.ref for principle in self.principles]


@dataclass(frozen=True)
class ScenarioView:
    """A scenario with its runs replayed and its codes in plain words."""

    data: Scenario
    setting_label: str
    staff_labels: tuple[str, ...]
    objectives: tuple[ObjectiveView, ...]
    stages: tuple[StageView, ...]

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def title(self) -> str:
        return str(self.data["title"])

    @property
    def staged(self) -> bool:
        return len(self.stages) > 1

    @property
    def outcomes(self) -> list[OutcomeView]:
        """Every outcome the scenario's runs reach, once each, in the order they are reached."""
        seen: dict[str, OutcomeView] = {}
        for stage in self.stages:
            for run in stage.runs:
                seen.setdefault(run.outcome.ref, run.outcome)
        return list(seen.values())

    @property
    def minutes(self) -> int:
        """The minutes the scenario takes as written: every stage and the debrief."""
        stages = sum(stage.reading + stage.discussion for stage in self.stages)
        return stages + int(self.data["timings"]["debrief"])


def scenario_views(spec: Spec) -> list[ScenarioView]:
    """Every scenario, by title."""
    views = [scenario_view(spec, scenario_id) for scenario_id in scenario_ids(spec)]
    return sorted(views, key=lambda view: (view.title.lower(), view.id))


def scenario_view(spec: Spec, scenario_id: str) -> ScenarioView:
    """One scenario, looked up by id (JC407 when there is none)."""
    scenario = get_scenario(spec, scenario_id)
    timings = {str(row["stage"]): row for row in scenario["timings"]["stages"]}
    stages = tuple(
        StageView(
            data=stage,
            number=number,
            runs=tuple(
                _run_view(spec, scenario, stage, index, run)
                for index, run in enumerate(stage["answers"], 1)
            ),
            reading=int(timings[str(stage["id"])]["reading"]),
            discussion=int(timings[str(stage["id"])]["discussion"]),
        )
        for number, stage in enumerate(scenario["stages"], 1)
    )
    return ScenarioView(
        data=scenario,
        setting_label=spec.label(SETTING_CODELIST, str(scenario["setting"])),
        staff_labels=tuple(
            spec.label(STAFF_CODELIST, str(group)) for group in scenario["staff_groups"]
        ),
        objectives=tuple(_objective(spec, row) for row in scenario["learning_objectives"]),
        stages=stages,
    )


def _objective(spec: Spec, row: Mapping[str, Any]) -> ObjectiveView:
    principles = {
        str(item["id"]): item
        for item in spec.documents.get(CHARTER_DOCUMENT, {}).get("principles", [])
    }
    return ObjectiveView(
        str(row["text"]),
        tuple(
            PrincipleView(
                str(key),
                str(principles.get(str(key), {}).get("number", key)),
                str(principles.get(str(key), {}).get("summary", "")),
            )
            for key in row["principles"]
        ),
    )


def _run_view(
    spec: Spec, scenario: Scenario, stage: Mapping[str, Any], index: int, run: Mapping[str, Any]
) -> RunView:
    tool = spec.tool(str(run["tool"]))
    result = checked_replay(spec, run, f"{scenario['id']}, {stage['id']}")
    assert result.outcome is not None  # checked_replay insists on the declared outcome
    values = {str(question): row for question, row in run["values"].items()}
    rows = answered_questions(
        tool,
        {question: str(row["answer"]) for question, row in values.items()},
        reasons={question: str(row["reason"]) for question, row in values.items()},
    )
    outcome = tool.outcomes[str(result.outcome["id"])]
    return RunView(
        anchor=f"{stage['id']}-run-{index}",
        tool=tool.id,
        tool_title=tool.title,
        person=str(run["person"]),
        act=str(run["act"]),
        rows=tuple(rows),
        outcome=OutcomeView(
            tool.id,
            tool.title,
            outcome.id,
            outcome.title,
            outcome.summary,
            outcome.recommendation,
        ),
        approver=result.approver if isinstance(tool, Checklist) else None,
        outstanding=tuple(result.outstanding),
    )
