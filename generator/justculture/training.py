"""Training sessions: a timed session plan, a facilitator pack and participant handouts.

``write_session`` takes scenario ids and a length in minutes. It scales each scenario's timings to
fit, renders a Markdown plan and two kinds of PDF from templates in
``render/templates/print/training/``, and writes them all only once every one has rendered. The
participant handouts carry the narrative and discussion questions only, so nothing on them gives
away an answer, a reason or an outcome.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from math import floor
from pathlib import Path
from typing import Any

from .errors import UsageError
from .model import Spec
from .outputs import write_all
from .render.pdf import pdf_bytes
from .render.renderer import Renderer
from .scenarios import (
    SETTING_LABELS,
    STAFF_LABELS,
    Scenario,
    answer_rows,
    checked_replay,
    get_scenario,
)

DEFAULT_MINUTES = 90
# Minutes for the welcome and the close before scaling: enough for ground rules and support.
INTRO_MINUTES = 10
CLOSE_MINUTES = 10
TEMPLATES = "print/training"
PLAN_FILE = "session-plan.md"
PACK_FILE = "facilitator-pack.pdf"
HANDOUT_FILE = "handout-{id}.pdf"

# Timings -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One timed part of the session."""

    kind: str  # intro, reading, discussion, debrief or close
    base: int
    scenario: str | None = None
    stage: str | None = None
    minutes: int = 0
    start: int = 0

    @property
    def clock(self) -> str:
        return f"{self.start // 60}:{self.start % 60:02d}"


@dataclass(frozen=True)
class Plan:
    """The session's slots, scaled so their minutes add up to exactly ``minutes``."""

    minutes: int
    slots: tuple[Slot, ...] = field(default_factory=tuple)

    def of(self, scenario_id: str) -> list[Slot]:
        return [slot for slot in self.slots if slot.scenario == scenario_id]

    def total(self, scenario_id: str) -> int:
        return sum(slot.minutes for slot in self.of(scenario_id))

    def stage(self, scenario_id: str, stage_id: str, kind: str) -> int:
        return sum(
            s.minutes for s in self.of(scenario_id) if s.stage == stage_id and s.kind == kind
        )

    def debrief(self, scenario_id: str) -> int:
        return sum(slot.minutes for slot in self.of(scenario_id) if slot.kind == "debrief")

    def first(self, kind: str) -> Slot:
        return next(slot for slot in self.slots if slot.kind == kind)


def plan_session(scenarios: Sequence[Scenario], minutes: int) -> Plan:
    """Scale the introduction, each scenario's stages and debrief, and the close to ``minutes``."""
    slots = [Slot("intro", INTRO_MINUTES)]
    for scenario in scenarios:
        for row in scenario["timings"]["stages"]:
            slots.append(Slot("reading", row["reading"], scenario["id"], row["stage"]))
            slots.append(Slot("discussion", row["discussion"], scenario["id"], row["stage"]))
        slots.append(Slot("debrief", scenario["timings"]["debrief"], scenario["id"]))
    slots.append(Slot("close", CLOSE_MINUTES))
    if minutes < len(slots):
        message = (
            f"{minutes} minutes is too short: these scenarios need at least {len(slots)} "
            "(a minute for each part); give more minutes or choose fewer scenarios"
        )
        raise UsageError("JC408", message)
    shares = apportion([slot.base for slot in slots], minutes)
    placed: list[Slot] = []
    start = 0
    for slot, share in zip(slots, shares, strict=True):
        placed.append(Slot(slot.kind, slot.base, slot.scenario, slot.stage, share, start))
        start += share
    return Plan(minutes, tuple(placed))


def apportion(weights: Sequence[int], total: int) -> list[int]:
    """Share ``total`` in proportion to ``weights``, in whole numbers of at least 1 that add up.

    Largest remainders get the spare minutes; when the minimum of 1 overshoots, minutes come back
    from the parts furthest above their exact share.
    """
    whole = sum(weights)
    shares = [Fraction(weight * total, whole) for weight in weights]
    result = [max(1, floor(share)) for share in shares]
    while sum(result) > total:
        index = max(
            (i for i in range(len(result)) if result[i] > 1), key=lambda i: result[i] - shares[i]
        )
        result[index] -= 1
    while sum(result) < total:
        index = max(range(len(result)), key=lambda i: shares[i] - result[i])
        result[index] += 1
    return result


# Writing the session ---------------------------------------------------------------------------


def write_session(
    spec: Spec, scenario_ids: Sequence[str], minutes: int, out_dir: Path, renderer: Renderer
) -> list[Path]:
    """Write a session plan, a facilitator pack and one handout per scenario into ``out_dir``.

    Raises JC407 for an unknown scenario, JC408 for a session too short to fit, and JC502 if a
    file cannot be written. Nothing is written unless everything renders.
    """
    scenarios = _choose(spec, scenario_ids)
    if minutes <= 0:
        raise UsageError("JC408", f"a session must last at least one minute, not {minutes}")
    plan = plan_session(scenarios, minutes)
    context = _context(spec, scenarios, plan)
    files: list[tuple[str, bytes]] = [
        (PLAN_FILE, renderer.render(f"{TEMPLATES}/session_plan.md.j2", **context).encode("utf-8")),
        (PACK_FILE, pdf_bytes(renderer.render(f"{TEMPLATES}/facilitator_pack.html.j2", **context))),
    ]
    for item in context["scenarios"]:
        html = renderer.render(f"{TEMPLATES}/handout.html.j2", **context, scenario=item)
        files.append((HANDOUT_FILE.format(id=item["id"]), pdf_bytes(html)))
    return write_all(out_dir, files)


def _choose(spec: Spec, scenario_ids: Sequence[str]) -> list[Scenario]:
    if not scenario_ids:
        raise UsageError("JC407", "choose at least one scenario")
    chosen = list(dict.fromkeys(scenario_ids))
    return [get_scenario(spec, scenario_id) for scenario_id in chosen]


def _context(spec: Spec, scenarios: Sequence[Scenario], plan: Plan) -> dict[str, Any]:
    charter = {item["id"]: item for item in spec.documents.get("charter", {}).get("principles", [])}
    return {
        "spec_version": spec.version,
        "plan": plan,
        "scenarios": [_scenario_view(spec, scenario, charter) for scenario in scenarios],
        "files": {"plan": PLAN_FILE, "pack": PACK_FILE},
    }


def _scenario_view(spec: Spec, scenario: Scenario, charter: Mapping[str, Any]) -> dict[str, Any]:
    """The scenario as plain data, with every run replayed and its questions written out."""
    view = dict(scenario)
    view["handout_file"] = HANDOUT_FILE.format(id=scenario["id"])
    view["setting_label"] = SETTING_LABELS.get(scenario["setting"], scenario["setting"])
    view["staff_labels"] = [STAFF_LABELS.get(group, group) for group in scenario["staff_groups"]]
    view["objectives"] = [
        {"text": row["text"], "principles": [_principle(charter, key) for key in row["principles"]]}
        for row in scenario["learning_objectives"]
    ]
    view["stages"] = [
        dict(stage, runs=[_run_view(spec, scenario, stage, run) for run in stage["answers"]])
        for stage in scenario["stages"]
    ]
    return view


def _principle(charter: Mapping[str, Any], key: str) -> dict[str, Any]:
    principle = charter.get(key, {})
    return {
        "id": key,
        "number": principle.get("number", key),
        "summary": principle.get("summary", ""),
    }


def _run_view(
    spec: Spec, scenario: Scenario, stage: Mapping[str, Any], run: Mapping[str, Any]
) -> dict[str, Any]:
    result = checked_replay(spec, run, f"{scenario['id']}, {stage['id']}")
    tool = spec.tool(run["tool"])
    return {
        "tool": run["tool"],
        "tool_title": tool.title,
        "person": run["person"],
        "act": run["act"],
        "rows": answer_rows(tool, run),
        "outcome": result.outcome,
        "approver": result.approver,
        "outstanding": list(result.outstanding),
    }


# Files -----------------------------------------------------------------------------------------
