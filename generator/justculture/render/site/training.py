"""The Training section: a scenario index, and three pages for every scenario.

The nav lists only the index (mkdocs.yml): the index lists and filters every scenario and links
to its pages, so the nav that every page carries does not grow with the number of scenarios.

Each scenario gets a participant copy (the story and the discussion questions, nothing else), a
facilitator copy (answers, reasons, outcomes, notes, timings and the restorative questions) and a
page that runs it in the browser (``docs/assets/js/scenario.js`` reads the scenario from the JSON
export). The scenarios come from :mod:`justculture.views`, as the session packs' do; every word
of the pages is in ``templates/site/training``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ...model import Spec
from ...views import ScenarioView, scenario_views
from ...views.scenarios import SETTING_CODELIST, STAFF_CODELIST
from .context import SiteContext, render_page
from .links import INDEX_PAGE, scenario_pages

_TEMPLATES = "site/training/{name}.md.j2"


@dataclass(frozen=True)
class FilterOption:
    value: str
    label: str


@dataclass(frozen=True)
class OutcomeGroup:
    """The outcome filter's options for one tool."""

    tool_title: str
    options: tuple[FilterOption, ...]


def training_pages(site: SiteContext) -> dict[str, str]:
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
        for copy, page in scenario_pages(view.id).items():
            pages[page] = render_page(
                _TEMPLATES.format(name=copy),
                site,
                page,
                scenario=view,
                restorative=site.spec.documents.get("restorative"),
            )
    return pages


def _filters(spec: Spec, views: Sequence[ScenarioView]) -> dict[str, Any]:
    """The index's filter options: only values at least one scenario has, in the spec's order."""
    settings = {str(view.data["setting"]) for view in views}
    groups = {str(group) for view in views for group in view.data["staff_groups"]}
    reached = {outcome.ref for view in views for outcome in view.outcomes}
    outcome_groups = []
    for tool_id in sorted({ref.split("#")[0] for ref in reached}):
        tool = spec.tool(tool_id)
        options = tuple(
            FilterOption(outcome.id, outcome.title)
            for outcome in tool.outcomes.values()
            if f"{tool_id}#{outcome.id}" in reached
        )
        outcome_groups.append(OutcomeGroup(tool.title, options))
    return {
        "settings": _options(spec, SETTING_CODELIST, settings),
        "staff_groups": _options(spec, STAFF_CODELIST, groups),
        "outcomes": outcome_groups,
    }


def _options(spec: Spec, codelist: str, present: set[str]) -> list[FilterOption]:
    """The codes some scenario uses, in the codelist's order, with their titles."""
    codes = spec.codelists.get(codelist, {})
    return [FilterOption(code, title) for code, title in codes.items() if code in present]
