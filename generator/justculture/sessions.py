"""Training sessions: which scenarios, and how the minutes are shared between their parts.

Pure planning, no output: :func:`plan_session` scales the introduction, each scenario's stages
and debrief, and the close so they add up to exactly the minutes given. The packs are written by
:mod:`justculture.render.session_packs`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from math import floor
from typing import Any

from .errors import UsageError

Scenario = Mapping[str, Any]

DEFAULT_MINUTES = 90
# Minutes for the welcome and the close before scaling: enough for ground rules and support.
INTRO_MINUTES = 10
CLOSE_MINUTES = 10
# A session is one sitting: past a working day the timetable would only mislead.
LONGEST_SESSION = 8 * 60

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
    if minutes > LONGEST_SESSION:
        message = (
            f"{minutes} minutes is longer than one training day; plan at most "
            f"{LONGEST_SESSION} minutes ({LONGEST_SESSION // 60} hours) and run longer "
            "courses as several sessions"
        )
        raise UsageError("JC408", message)
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
