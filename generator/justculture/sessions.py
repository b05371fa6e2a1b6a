"""Training sessions: which scenarios, and how the minutes are shared between their parts.

Pure planning, no output: :func:`plan_session` scales the introduction, each scenario's stages
and debrief, and the close so they add up to exactly the minutes given. The packs are written by
:mod:`justculture.render.session_packs`; the site's "Plan a session" page runs the same rules in
``docs/assets/js/session-planner.js``, reading them from :func:`planner_rules`.

The rule for short sessions, in two steps:

* Every part has a minimum (the ``*_MINIMUM`` constants below). A session too short to give
  every part its minimum is refused (JC412): it cannot be run as planned.
* A session shorter than three quarters of the time the parts were written for (``TIGHT``) is
  planned, with a warning (JC801): every part is cut by more than a quarter, so the group will
  rush. Parts whose share would fall below their minimum get the minimum; the others give way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from math import floor
from typing import Any

from .errors import JustCultureWarning, UsageError

Scenario = Mapping[str, Any]

DEFAULT_MINUTES = 90
# Minutes for the welcome and the close before scaling: enough for ground rules and support.
INTRO_MINUTES = 10
CLOSE_MINUTES = 10
# A session is one sitting: past a working day the timetable would only mislead.
LONGEST_SESSION = 8 * 60

# The least time each part can have and still do its job.
# The introduction sets ground rules and says where to get support: it cannot be skipped.
INTRO_MINIMUM = 5
# Reading a stage's story (about a page) aloud or alone.
READING_MINIMUM = 2
# A group needs this long to talk through a stage and answer the tool's questions in order.
DISCUSSION_MINIMUM = 5
# The debrief draws out the learning: wrong turns, biases, what to do differently.
DEBRIEF_MINIMUM = 5
# The close reminds people where to get support, after cases that may have been upsetting.
CLOSE_MINIMUM = 5
MINIMUMS: Mapping[str, int] = {
    "intro": INTRO_MINIMUM,
    "reading": READING_MINIMUM,
    "discussion": DISCUSSION_MINIMUM,
    "debrief": DEBRIEF_MINIMUM,
    "close": CLOSE_MINIMUM,
}
# A session is tight below TIGHT (three quarters) of the minutes its parts were written for.
TIGHT = Fraction(3, 4)

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
    warnings: tuple[JustCultureWarning, ...] = ()
    """Anything a trainer should know before running the plan, such as a tight session."""

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
    """Scale the introduction, each scenario's stages and debrief, and the close to ``minutes``.

    Raises JC408 for a session longer than a working day and JC412 for one too short to give
    every part its minimum; a tight session is planned with a JC801 warning.
    """
    slots = _slots(scenarios)
    if minutes > LONGEST_SESSION:
        message = (
            f"{minutes} minutes is longer than one training day; plan at most "
            f"{LONGEST_SESSION} minutes ({LONGEST_SESSION // 60} hours) and run longer "
            "courses as several sessions"
        )
        raise UsageError("JC408", message)
    floors = [MINIMUMS[slot.kind] for slot in slots]
    needed = sum(floors)
    if minutes < needed:
        message = (
            f"{plural(minutes, 'minute')} is too short for "
            f"{plural(len(scenarios), 'scenario')}: they need at least {needed} minutes "
            f"({_minimums_text()}). Give at least {needed} minutes or choose fewer scenarios."
        )
        raise UsageError("JC412", message)
    shares = apportion([slot.base for slot in slots], minutes, floors)
    placed: list[Slot] = []
    start = 0
    for slot, share in zip(slots, shares, strict=True):
        placed.append(Slot(slot.kind, slot.base, slot.scenario, slot.stage, share, start))
        start += share
    return Plan(minutes, tuple(placed), _warnings(slots, minutes))


def _slots(scenarios: Sequence[Scenario]) -> list[Slot]:
    slots = [Slot("intro", INTRO_MINUTES)]
    for scenario in scenarios:
        for row in scenario["timings"]["stages"]:
            slots.append(Slot("reading", row["reading"], scenario["id"], row["stage"]))
            slots.append(Slot("discussion", row["discussion"], scenario["id"], row["stage"]))
        slots.append(Slot("debrief", scenario["timings"]["debrief"], scenario["id"]))
    slots.append(Slot("close", CLOSE_MINUTES))
    return slots


def _warnings(slots: Sequence[Slot], minutes: int) -> tuple[JustCultureWarning, ...]:
    written = sum(slot.base for slot in slots)
    if minutes >= written * TIGHT:
        return ()
    message = (
        f"{plural(minutes, 'minute')} is tight. These parts were written for {written} minutes, "
        "so each part is cut by more than a quarter and the group will have to keep moving. "
        f"Give at least {_ceil(written * TIGHT)} minutes or choose fewer scenarios."
    )
    return (JustCultureWarning("JC801", message),)


def _minimums_text() -> str:
    return (
        f"{INTRO_MINIMUM} for the introduction, {READING_MINIMUM} to read and "
        f"{DISCUSSION_MINIMUM} to discuss each stage, {DEBRIEF_MINIMUM} for each debrief and "
        f"{CLOSE_MINIMUM} for the close"
    )


def _ceil(value: Fraction) -> int:
    return -((-value.numerator) // value.denominator)


def plural(count: int, word: str) -> str:
    """``1 minute``, ``2 minutes``: never "1 minutes"."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def apportion(weights: Sequence[int], total: int, floors: Sequence[int] | None = None) -> list[int]:
    """Share ``total`` in proportion to ``weights``, in whole numbers that add up.

    Each part gets at least its floor (1 when ``floors`` is not given); the caller makes sure
    the floors fit in ``total``. Largest remainders get the spare minutes; when the floors
    overshoot, minutes come back from the parts furthest above their exact share. Ties go to
    the earliest part. session-planner.js repeats this exactly, in whole numbers.
    """
    least = list(floors) if floors is not None else [1] * len(weights)
    whole = sum(weights)
    shares = [Fraction(weight * total, whole) for weight in weights]
    result = [max(low, floor(share)) for low, share in zip(least, shares, strict=True)]
    while sum(result) > total:
        index = max(
            (i for i in range(len(result)) if result[i] > least[i]),
            key=lambda i: result[i] - shares[i],
        )
        result[index] -= 1
    while sum(result) < total:
        index = max(range(len(result)), key=lambda i: shares[i] - result[i])
        result[index] += 1
    return result


def planner_rules() -> dict[str, Any]:
    """The timing rules as data, for the site's "Plan a session" page to apply the same way."""
    return {
        "intro_minutes": INTRO_MINUTES,
        "close_minutes": CLOSE_MINUTES,
        "longest_session": LONGEST_SESSION,
        "minimums": dict(MINIMUMS),
        "tight": {"numerator": TIGHT.numerator, "denominator": TIGHT.denominator},
        "default_minutes": DEFAULT_MINUTES,
    }
