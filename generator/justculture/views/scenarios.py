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
from .record import AlertGroup, alert_groups

SETTING_CODELIST = "setting"
"""The codelist that names a scenario's setting."""
STAFF_CODELIST = "staff_role"
"""The codelist that names the staff roles in a scenario."""


@dataclass(frozen=True)
class OutcomeView:
    """An outcome of a tool, named as the tool's own document names it."""

    tool: str
    """The id of the tool."""
    tool_title: str
    """The tool's title."""
    id: str
    """The outcome's id."""
    title: str
    """The outcome's title."""
    summary: str
    """What the outcome means."""
    recommendation: str
    """What to do next."""

    @property
    def ref(self) -> str:
        """``TOOL#OUTCOME``, for a link to the outcome on the tool's page."""
        return f"{self.tool}#{self.id}"


@dataclass(frozen=True)
class RunView:
    """One run of a tool in a stage: whose act, the expected answers and the outcome they reach."""

    anchor: str
    """The run's id on a page, for links (``STAGE-run-N``)."""
    tool: str
    """The id of the tool used."""
    tool_title: str
    """The tool's title."""
    person: str
    """Whose act is being considered."""
    act: str
    """The act being considered."""
    rows: tuple[AnsweredQuestion, ...]
    """The expected answers, in the order the tool asks them."""
    outcome: OutcomeView
    """The outcome the expected answers reach."""
    approver: Mapping[str, Any] | None
    """The checklist: who must agree to a formal investigation, or ``None``."""
    outstanding: tuple[Mapping[str, str], ...]
    """The checklist: steps still to take (``id``, ``text``)."""
    alerts: tuple[AlertGroup, ...] = ()
    """What the expected answers raise that must be dealt with first, most serious first."""


@dataclass(frozen=True)
class StageView:
    """One stage of a scenario, with its runs replayed and its timings as written."""

    data: Mapping[str, Any]
    """The stage as the scenario holds it."""
    number: int
    """The stage's number, from 1."""
    runs: tuple[RunView, ...]
    """The stage's runs, replayed through the engine."""
    reading: int
    """Minutes to read the stage."""
    discussion: int
    """Minutes to discuss the stage."""

    @property
    def id(self) -> str:
        """The stage's id."""
        return str(self.data["id"])

    @property
    def anchor(self) -> str:
        """The stage's id on a page, for links."""
        return self.id

    @property
    def title(self) -> str:
        """The stage's title."""
        return str(self.data["title"])

    @property
    def narrative(self) -> str:
        """What happens in the stage, as written."""
        return str(self.data["narrative"])

    @property
    def discussion_questions(self) -> list[str]:
        """The questions for the group to discuss."""
        return [str(question) for question in self.data["discussion_questions"]]

    @property
    def paragraphs(self) -> list[str]:
        """The narrative's paragraphs: YAML folds a blank line into one line break."""
        return [part for part in self.narrative.split("\n") if part.strip()]


@dataclass(frozen=True)
class PrincipleView:
    """A charter principle a learning objective serves."""

    id: str
    """The principle's id in the charter."""
    number: str
    """The principle's number."""
    summary: str
    """The principle in short."""

    @property
    def ref(self) -> str:
        """``charter#ID``, for a link to the principle."""
        return f"{CHARTER_DOCUMENT}#{self.id}"


@dataclass(frozen=True)
class ObjectiveView:
    """A learning objective of a scenario, with the charter principles it serves."""

    text: str
    """The objective, as written."""
    principles: tuple[PrincipleView, ...]
    """The charter principles it serves."""

    @property
    def refs(self) -> list[str]:
        """The principles as DOCUMENT#ITEM references, for links."""
        return [principle.ref for principle in self.principles]


@dataclass(frozen=True)
class ScenarioView:
    """A scenario with its runs replayed and its codes in plain words."""

    data: Scenario
    """The scenario as the spec holds it."""
    setting_label: str
    """The scenario's setting, in words."""
    staff_labels: tuple[str, ...]
    """The staff roles in the scenario, in words."""
    objectives: tuple[ObjectiveView, ...]
    """The scenario's learning objectives."""
    stages: tuple[StageView, ...]
    """The scenario's stages, each with its runs replayed."""

    @property
    def id(self) -> str:
        """The scenario's id."""
        return str(self.data["id"])

    @property
    def title(self) -> str:
        """The scenario's title."""
        return str(self.data["title"])

    @property
    def staged(self) -> bool:
        """``True`` when the scenario has more than one stage."""
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
        alerts=alert_groups(spec, result.alerts),
    )
