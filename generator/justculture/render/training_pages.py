"""The Training section: a scenario index, and three pages for every scenario.

Each scenario gets a participant copy (the story and the discussion questions, nothing else), a
facilitator copy (answers, reasons, outcomes, notes, timings and the restorative questions) and a
page that runs it in the browser (``docs/assets/js/scenario.js`` reads the scenario from the JSON
export). Python gathers the data; every word of the pages is in ``templates/site/training``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import Checklist, Spec
from ..scenarios import (
    CHARTER_DOCUMENT,
    SETTING_LABELS,
    STAFF_LABELS,
    AnswerRow,
    Scenario,
    answer_rows,
    checked_replay,
    scenario_ids,
)

if TYPE_CHECKING:
    from .pages import SiteContext

SECTION_TITLE = "Training"
INDEX_PAGE = "training/index.md"
PARTICIPANT_PAGE = "training/{id}/index.md"
FACILITATOR_PAGE = "training/{id}/facilitator.md"
RUN_PAGE = "training/{id}/run.md"
FACILITATOR_NAV_TITLE = "Facilitator copy"
RUN_NAV_TITLE = "Run it in your browser"
_TEMPLATES = "site/training/{name}.md.j2"

Renderer = Callable[..., str]  # pages._render: (template, site, page, **context) -> Markdown


@dataclass(frozen=True)
class OutcomeView:
    """An outcome of a tool, named as the tool's own document names it."""

    tool: str
    tool_title: str
    id: str
    title: str
    summary: str

    @property
    def ref(self) -> str:
        return f"{self.tool}#{self.id}"


@dataclass(frozen=True)
class RunView:
    """One run of a tool in a stage: whose act, the answers and the outcome they reach."""

    anchor: str
    tool: str
    tool_title: str
    person: str
    act: str
    rows: tuple[AnswerRow, ...]
    outcome: OutcomeView
    approver: Mapping[str, Any] | None


@dataclass(frozen=True)
class StageView:
    data: Mapping[str, Any]
    number: int
    runs: tuple[RunView, ...]
    reading: int
    discussion: int

    @property
    def anchor(self) -> str:
        return str(self.data["id"])

    @property
    def paragraphs(self) -> list[str]:
        """The narrative's paragraphs: YAML folds a blank line into one line break."""
        return [part for part in str(self.data["narrative"]).split("\n") if part.strip()]


@dataclass(frozen=True)
class ScenarioView:
    """A scenario with its runs replayed and its codes in plain words, for the templates."""

    data: Scenario
    setting_label: str
    staff_labels: tuple[str, ...]
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
    def objectives(self) -> list[tuple[str, list[str]]]:
        """Each learning objective with the charter principles it serves, as DOC#ITEM links."""
        return [
            (str(row["text"]), [f"{CHARTER_DOCUMENT}#{key}" for key in row["principles"]])
            for row in self.data["learning_objectives"]
        ]

    @property
    def minutes(self) -> int:
        stages = sum(stage.reading + stage.discussion for stage in self.stages)
        return stages + int(self.data["timings"]["debrief"])

    @property
    def pages(self) -> dict[str, str]:
        return scenario_pages(self.id)


@dataclass(frozen=True)
class FilterOption:
    value: str
    label: str


@dataclass(frozen=True)
class OutcomeGroup:
    """The outcome filter's options for one tool."""

    tool_title: str
    options: tuple[FilterOption, ...]


def scenario_pages(scenario_id: str) -> dict[str, str]:
    """The src_uris of a scenario's three pages."""
    return {
        "participant": PARTICIPANT_PAGE.format(id=scenario_id),
        "facilitator": FACILITATOR_PAGE.format(id=scenario_id),
        "run": RUN_PAGE.format(id=scenario_id),
    }


def training_nav(spec: Spec) -> list[dict[str, Any]]:
    """The nav entries under Training: each scenario, with its facilitator copy and run page."""
    entries: list[dict[str, Any]] = []
    for view in scenario_views(spec):
        pages = view.pages
        entries.append(
            {
                view.title: [
                    pages["participant"],
                    {FACILITATOR_NAV_TITLE: pages["facilitator"]},
                    {RUN_NAV_TITLE: pages["run"]},
                ]
            }
        )
    return entries


def training_pages(site: SiteContext, render_page: Renderer) -> dict[str, str]:
    """Every page of the Training section as {src_uri: Markdown}; none without scenarios."""
    views = scenario_views(site.spec)
    if not views:
        return {}
    pages = {
        INDEX_PAGE: render_page(
            _TEMPLATES.format(name="index"),
            site,
            INDEX_PAGE,
            scenarios=views,
            filters=_filters(site.spec, views),
            example_ids=[view.id for view in views[:2]],
        )
    }
    for view in views:
        for copy, page in view.pages.items():
            pages[page] = render_page(
                _TEMPLATES.format(name=copy),
                site,
                page,
                scenario=view,
                restorative=site.spec.documents.get("restorative"),
            )
    return pages


def scenario_views(spec: Spec) -> list[ScenarioView]:
    """Every scenario, by title."""
    views = [_scenario_view(spec, spec.documents[key]) for key in scenario_ids(spec)]
    return sorted(views, key=lambda view: (view.title.lower(), view.id))


def _scenario_view(spec: Spec, scenario: Scenario) -> ScenarioView:
    timings = {str(row["stage"]): row for row in scenario["timings"]["stages"]}
    stages = tuple(
        StageView(
            data=stage,
            number=number,
            runs=tuple(
                _run_view(spec, stage, index, run) for index, run in enumerate(stage["answers"], 1)
            ),
            reading=int(timings[str(stage["id"])]["reading"]),
            discussion=int(timings[str(stage["id"])]["discussion"]),
        )
        for number, stage in enumerate(scenario["stages"], 1)
    )
    setting = str(scenario["setting"])
    return ScenarioView(
        data=scenario,
        setting_label=SETTING_LABELS.get(setting, setting),
        staff_labels=tuple(STAFF_LABELS.get(group, group) for group in scenario["staff_groups"]),
        stages=stages,
    )


def _run_view(spec: Spec, stage: Mapping[str, Any], index: int, run: Mapping[str, Any]) -> RunView:
    tool = spec.tool(str(run["tool"]))
    result = checked_replay(spec, run, str(stage["id"]))
    assert result.outcome is not None  # checked_replay insists on the declared outcome
    rows = tuple(answer_rows(tool, run))
    return RunView(
        anchor=f"{stage['id']}-run-{index}",
        tool=tool.id,
        tool_title=tool.title,
        person=str(run["person"]),
        act=str(run["act"]),
        rows=rows,
        outcome=_outcome(spec, tool.id, str(result.outcome["id"])),
        approver=result.approver if isinstance(tool, Checklist) else None,
    )


def _outcome(spec: Spec, tool_id: str, outcome_id: str) -> OutcomeView:
    doc = spec.documents[tool_id]
    row = next(o for o in doc["outcomes"] if o["id"] == outcome_id)
    return OutcomeView(
        tool_id, str(doc["title"]), outcome_id, str(row["title"]), str(row.get("summary", ""))
    )


def _filters(spec: Spec, views: Sequence[ScenarioView]) -> dict[str, Any]:
    """The index's filter options: only values at least one scenario has, in the spec's order."""
    settings = {view.data["setting"] for view in views}
    groups = {group for view in views for group in view.data["staff_groups"]}
    reached = {outcome.ref for view in views for outcome in view.outcomes}
    outcome_groups = []
    for tool_id in sorted({ref.split("#")[0] for ref in reached}):
        doc = spec.documents[tool_id]
        options = tuple(
            FilterOption(str(row["id"]), str(row["title"]))
            for row in doc["outcomes"]
            if f"{tool_id}#{row['id']}" in reached
        )
        outcome_groups.append(OutcomeGroup(str(doc["title"]), options))
    return {
        "settings": [FilterOption(k, v) for k, v in SETTING_LABELS.items() if k in settings],
        "staff_groups": [FilterOption(k, v) for k, v in STAFF_LABELS.items() if k in groups],
        "outcomes": outcome_groups,
    }
