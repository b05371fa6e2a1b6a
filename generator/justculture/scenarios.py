"""Training scenarios: look them up, and replay a stage's answers through the real engine.

A scenario declares, for each run of a tool, the answers and the outcome facilitators expect.
:mod:`justculture.consistency` replays every run when the spec is loaded; the renderers use
:func:`checked_replay` so a page or pack never shows an outcome the engine would not give.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .engine import Result, evaluate
from .errors import SpecError, UsageError
from .model import Spec

SCENARIO_KIND = "scenario"
CHARTER_DOCUMENT = "charter"

Scenario = Mapping[str, Any]

# Looking scenarios up ----------------------------------------------------------------------


def scenario_ids(spec: Spec) -> list[str]:
    """Every scenario in the spec, in id order."""
    return sorted(spec.ids_of_kind(SCENARIO_KIND))


def get_scenario(spec: Spec, scenario_id: str) -> Scenario:
    """The scenario with this id, or a JC407 error that lists the ones there are."""
    document = spec.documents.get(scenario_id)
    if document is None or document.get("kind") != SCENARIO_KIND:
        known = ", ".join(scenario_ids(spec)) or "none"
        message = f"there is no scenario with the id {scenario_id!r}; use one of: {known}"
        raise UsageError("JC407", message)
    return document


def answers_of(run: Mapping[str, Any]) -> dict[str, str]:
    """A run's answers as the engine takes them: question id -> value."""
    return {str(question): row["answer"] for question, row in run["values"].items()}


def replay(spec: Spec, run: Mapping[str, Any]) -> Result:
    """Evaluate one run of a scenario with the engine."""
    return evaluate(spec, run["tool"], answers_of(run), staff_group=run.get("staff_group"))


def checked_replay(spec: Spec, run: Mapping[str, Any], where: str) -> Result:
    """Replay a run and insist it reaches its declared outcome.

    Validation already replays every run; this guards the renderers against a spec that was
    never validated, so a pack or page never shows an outcome the engine would not give.
    """
    result = replay(spec, run)
    if result.outcome is None or result.outcome["id"] != run["expected_outcome"]:
        raise SpecError("JC314", f"{where}: the answers do not lead to '{run['expected_outcome']}'")
    return result
