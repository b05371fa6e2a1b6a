"""Session packs: a timed session plan, a facilitator pack and participant handouts.

``write_session`` takes scenario ids and a length in minutes, plans the timings
(:mod:`justculture.sessions`), renders a Markdown plan and two kinds of PDF from the templates in
``render/templates/print/training/``, and writes them all only once every one has rendered. The
participant handouts carry the narrative and discussion questions only, so nothing on them gives
away an answer, a reason or an outcome. Scenarios come from :mod:`justculture.views`, exactly as
the site's training pages get them.

``site_packs`` makes the same two PDFs for every scenario on its own, for the site: each
scenario's page links to them (:func:`site_pack_files`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model import Spec
from ..outputs import write_all
from ..sessions import CLOSE_MINUTES, INTRO_MINUTES, Plan, plan_session
from ..views import ScenarioView, scenario_view, scenario_views
from .pdf import PdfCache, cached_pdfs, default_cache_dir, pdf_bytes
from .renderer import Renderer

TEMPLATES = "print/training"
PLAN_FILE = "session-plan.md"
PACK_FILE = "facilitator-pack.pdf"
HANDOUT_FILE = "handout-{id}.pdf"
# The site's packs, under the site folder: one pack and one handout for each scenario.
SITE_PACKS_DIR = "training/packs"
SITE_PACK_FILE = "{id}-facilitator-pack.pdf"
SITE_HANDOUT_FILE = "{id}-handout.pdf"
# The document whose entries name the works a scenario cites.
REFERENCES_DOCUMENT = "references"


@dataclass(frozen=True)
class SitePack:
    """One scenario's two PDFs on the site, as paths from the site's root."""

    scenario_id: str
    title: str
    pack: str
    """The facilitator pack, such as ``training/packs/fall-at-home-facilitator-pack.pdf``."""
    handout: str
    """The participant handout, such as ``training/packs/fall-at-home-handout.pdf``."""


def session_plan(spec: Spec, scenario_ids: Sequence[str], minutes: int) -> Plan:
    """The plan ``write_session`` would follow, with its warnings, without rendering anything.

    Raises JC407 for an unknown scenario, JC408 for a length that is not a sitting and JC412
    for a session too short to give every part its minimum time.
    """
    views = _choose(spec, scenario_ids)
    return _plan(views, minutes)


def write_session(
    spec: Spec, scenario_ids: Sequence[str], minutes: int, out_dir: Path, renderer: Renderer
) -> list[Path]:
    """Write a session plan, a facilitator pack and one handout per scenario into ``out_dir``.

    Raises JC407 for an unknown scenario, JC408 or JC412 for a session that cannot be run as
    planned, and JC502 if a file cannot be written. Nothing is written unless everything renders.
    """
    views = _choose(spec, scenario_ids)
    plan = _plan(views, minutes)
    context = _context(spec, views, plan)
    files: list[tuple[str, bytes]] = [
        (PLAN_FILE, renderer.render(f"{TEMPLATES}/session_plan.md.j2", **context).encode("utf-8")),
        (PACK_FILE, pdf_bytes(renderer.render(f"{TEMPLATES}/facilitator_pack.html.j2", **context))),
    ]
    for view in views:
        html = renderer.render(f"{TEMPLATES}/handout.html.j2", **context, scenario=view)
        files.append((HANDOUT_FILE.format(id=view.id), pdf_bytes(html)))
    return write_all(out_dir, files)


def site_pack_files(spec: Spec) -> list[SitePack]:
    """Every scenario's pack and handout on the site, by title: for pages that link to them."""
    return [
        SitePack(
            view.id,
            view.title,
            f"{SITE_PACKS_DIR}/{SITE_PACK_FILE.format(id=view.id)}",
            f"{SITE_PACKS_DIR}/{SITE_HANDOUT_FILE.format(id=view.id)}",
        )
        for view in scenario_views(spec)
    ]


def write_site_packs(
    spec: Spec, site_dir: Path, renderer: Renderer, *, cache_dir: Path | None = None
) -> list[Path]:
    """Write every scenario's pack and handout under ``site_dir``, in parallel, through the cache.

    Each pack plans a session of the one scenario at the minutes it was written for.
    """
    named: list[tuple[str, str]] = []
    for view in scenario_views(spec):
        context = _context(spec, [view], _plan([view], _written_minutes(view)))
        pack = renderer.render(f"{TEMPLATES}/facilitator_pack.html.j2", **context)
        handout = renderer.render(f"{TEMPLATES}/handout.html.j2", **context, scenario=view)
        named.append((SITE_PACK_FILE.format(id=view.id), pack))
        named.append((SITE_HANDOUT_FILE.format(id=view.id), handout))
    pdfs = cached_pdfs([html for _, html in named], PdfCache(cache_dir or default_cache_dir()))
    files = [(name, data) for (name, _), data in zip(named, pdfs, strict=True)]
    return write_all(site_dir / SITE_PACKS_DIR, files)


def _written_minutes(view: ScenarioView) -> int:
    return INTRO_MINUTES + view.minutes + CLOSE_MINUTES


def _choose(spec: Spec, scenario_ids: Sequence[str]) -> list[ScenarioView]:
    if not scenario_ids:
        raise UsageError("JC407", "choose at least one scenario")
    return [scenario_view(spec, scenario_id) for scenario_id in dict.fromkeys(scenario_ids)]


def _plan(views: Sequence[ScenarioView], minutes: int) -> Plan:
    if minutes <= 0:
        raise UsageError("JC408", f"a session must last at least one minute, not {minutes}")
    return plan_session([view.data for view in views], minutes)


def _context(spec: Spec, views: Sequence[ScenarioView], plan: Plan) -> dict[str, Any]:
    return {
        "spec_version": spec.version,
        "plan": plan,
        "scenarios": list(views),
        "sources": {view.id: _sources(spec, view) for view in views},
        "files": {
            "plan": PLAN_FILE,
            "pack": PACK_FILE,
            "handouts": {view.id: HANDOUT_FILE.format(id=view.id) for view in views},
        },
    }


def _sources(spec: Spec, view: ScenarioView) -> list[str]:
    """The scenario's sources as the site's Sources list names them: "A just culture guide
    (2018), questions 3a and 3b", never a reference's id."""
    # Imported here: the site package imports this module to link the packs.
    from .site.links import reference_label

    entries = {
        str(entry["id"]): entry
        for entry in spec.documents.get(REFERENCES_DOCUMENT, {}).get("entries", [])
    }
    cited = [view.data["source"], *view.data.get("draws_on", [])]
    return [_source_text(source, entries, reference_label) for source in cited]


def _source_text(
    source: Mapping[str, Any],
    entries: Mapping[str, Mapping[str, Any]],
    name_of: Callable[[Mapping[str, Any]], str],
) -> str:
    entry = entries.get(str(source["ref"]))
    name = name_of(entry) if entry is not None else str(source["ref"])
    parts = [str(source[part]) for part in ("section", "locator") if part in source]
    parts += [f"page {source['page']}"] if "page" in source else []
    text = ", ".join([name, *parts])
    return f"{text}. {source['note']}" if source.get("note") else text
