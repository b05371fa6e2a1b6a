"""Session packs: a timed session plan, a facilitator pack and participant handouts.

``write_session`` takes scenario ids and a length in minutes, plans the timings
(:mod:`justculture.sessions`), renders a Markdown plan and two kinds of PDF from the templates in
``render/templates/print/training/``, and writes them all only once every one has rendered. The
participant handouts carry the narrative and discussion questions only, so nothing on them gives
away an answer, a reason or an outcome. Scenarios come from :mod:`justculture.views`, exactly as
the site's training pages get them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model import Spec
from ..outputs import write_all
from ..sessions import Plan, plan_session
from ..views import ScenarioView, scenario_view
from .pdf import pdf_bytes
from .renderer import Renderer

TEMPLATES = "print/training"
PLAN_FILE = "session-plan.md"
PACK_FILE = "facilitator-pack.pdf"
HANDOUT_FILE = "handout-{id}.pdf"


def write_session(
    spec: Spec, scenario_ids: Sequence[str], minutes: int, out_dir: Path, renderer: Renderer
) -> list[Path]:
    """Write a session plan, a facilitator pack and one handout per scenario into ``out_dir``.

    Raises JC407 for an unknown scenario, JC408 for a session too short to fit, and JC502 if a
    file cannot be written. Nothing is written unless everything renders.
    """
    views = _choose(spec, scenario_ids)
    if minutes <= 0:
        raise UsageError("JC408", f"a session must last at least one minute, not {minutes}")
    plan = plan_session([view.data for view in views], minutes)
    context = _context(spec, views, plan)
    files: list[tuple[str, bytes]] = [
        (PLAN_FILE, renderer.render(f"{TEMPLATES}/session_plan.md.j2", **context).encode("utf-8")),
        (PACK_FILE, pdf_bytes(renderer.render(f"{TEMPLATES}/facilitator_pack.html.j2", **context))),
    ]
    for view in views:
        html = renderer.render(f"{TEMPLATES}/handout.html.j2", **context, scenario=view)
        files.append((HANDOUT_FILE.format(id=view.id), pdf_bytes(html)))
    return write_all(out_dir, files)


def _choose(spec: Spec, scenario_ids: Sequence[str]) -> list[ScenarioView]:
    if not scenario_ids:
        raise UsageError("JC407", "choose at least one scenario")
    return [scenario_view(spec, scenario_id) for scenario_id in dict.fromkeys(scenario_ids)]


def _context(spec: Spec, views: Sequence[ScenarioView], plan: Plan) -> dict[str, Any]:
    return {
        "spec_version": spec.version,
        "plan": plan,
        "scenarios": list(views),
        "files": {
            "plan": PLAN_FILE,
            "pack": PACK_FILE,
            "handouts": {view.id: HANDOUT_FILE.format(id=view.id) for view in views},
        },
    }
