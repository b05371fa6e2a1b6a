"""The Training section: a scenario index, and three pages for every scenario.

The nav lists only the index (mkdocs.yml): the index lists and filters every scenario and links
to its pages, so the nav that every page carries does not grow with the number of scenarios.

Each scenario gets a participant copy (the story and the discussion questions, nothing else), a
facilitator copy (answers, reasons, outcomes, notes, timings and the restorative questions) and a
page that runs it in the browser (``docs/assets/js/scenario.js`` reads the scenario from the JSON
export). The scenarios come from :mod:`justculture.views`, as the session packs' do; every word
of the pages is in ``templates/site/training``.

The facilitator and participant pages link to the scenario's PDFs, which the build writes after
the pages (``session_packs.write_site_packs``), so they are linked in raw HTML. The "Plan a
session" page runs ``docs/assets/js/session-planner.js`` on a small data file written here: the
timing rules from :mod:`justculture.sessions` and every scenario's timings, so the browser plans
exactly as ``justculture session`` does.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ...model import Spec
from ...sessions import CLOSE_MINUTES, INTRO_MINUTES, MINIMUMS, TIGHT, planner_rules
from ...views import ScenarioView, scenario_views
from ...views.scenarios import SETTING_CODELIST, STAFF_CODELIST
from ..session_packs import SitePack, site_pack_files
from .context import SiteContext, render_page
from .links import INDEX_PAGE, relative_url, scenario_pages

_TEMPLATES = "site/training/{name}.md.j2"
PLANNER_PAGE = "training/plan-a-session.md"
# The planner's data, beside its page: the rules and every scenario's timings.
PLANNER_DATA = "training/session-planner.json"


@dataclass(frozen=True)
class PackLinks:
    """URLs, for raw HTML on one page, to a scenario's facilitator pack and handout."""

    pack: str
    handout: str


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
    """Every page of the Training section as {src_uri: Markdown}, and the planner's data file
    (JSON); none without scenarios."""
    views = scenario_views(site.spec)
    if not views:
        return {}
    packs = {pack.scenario_id: pack for pack in site_pack_files(site.spec)}
    pages = {
        INDEX_PAGE: render_page(
            _TEMPLATES.format(name="index"),
            site,
            INDEX_PAGE,
            scenarios=views,
            filters=_filters(site.spec, views),
            example_ids=[view.id for view in views[:2]],
            planner=PLANNER_PAGE,
        ),
        PLANNER_PAGE: render_page(
            _TEMPLATES.format(name="plan"),
            site,
            PLANNER_PAGE,
            scenarios=views,
            data=relative_url(PLANNER_DATA, PLANNER_PAGE),
            minimums=MINIMUMS,
            tight_percent=int(TIGHT * 100),
            intro_minutes=INTRO_MINUTES,
            close_minutes=CLOSE_MINUTES,
        ),
        PLANNER_DATA: planner_data(views, packs),
    }
    for view in views:
        for copy, page in scenario_pages(view.id).items():
            pages[page] = render_page(
                _TEMPLATES.format(name=copy),
                site,
                page,
                scenario=view,
                restorative=site.spec.documents.get("restorative"),
                packs=_pack_links(packs[view.id], page),
                planner=PLANNER_PAGE,
            )
    return pages


def planner_data(views: Sequence[ScenarioView], packs: Mapping[str, SitePack]) -> str:
    """The "Plan a session" page's data: the timing rules and each scenario's parts, by title,
    with links (from the planner's page) to its PDFs."""
    scenarios = []
    for view in views:
        links = _pack_links(packs[view.id], PLANNER_PAGE)
        scenarios.append(
            {
                "id": view.id,
                "title": view.title,
                "stages": [str(stage.data["id"]) for stage in view.stages],
                "timings": view.data["timings"],
                "pack": links.pack,
                "handout": links.handout,
            }
        )
    return json.dumps({"rules": planner_rules(), "scenarios": scenarios}, ensure_ascii=False)


def _pack_links(pack: SitePack, page: str) -> PackLinks:
    return PackLinks(relative_url(pack.pack, page), relative_url(pack.handout, page))


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
