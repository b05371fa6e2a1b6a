"""The "Plan a session" page plans exactly as ``justculture session`` does.

The Python planner (``justculture.sessions.plan_session``) plans many sets of scenarios over
many lengths: every scenario alone, pairs, triples, all of them, around each set's minimum and
tight thresholds and at random. ``node --test tests/node/session-planner.test.mjs`` runs the same
cases through ``docs/assets/js/session-planner.js`` with the data file the build writes for the
page, and compares every slot (kind, scenario, stage, minutes, start and label), each warning
and each refusal.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from justculture.errors import UsageError
from justculture.model import Spec
from justculture.render.renderer import Renderer
from justculture.render.session_packs import site_pack_files
from justculture.render.site.training import planner_data
from justculture.sessions import LONGEST_SESSION, MINIMUMS, plan_session
from justculture.views import ScenarioView, scenario_views

REPO = Path(__file__).resolve().parents[2]
NODE_TEST = REPO / "tests" / "node" / "session-planner.test.mjs"
VARIABLE = "JUSTCULTURE_PLANNER_CASES"


# The slot's words, from the same macro the session plan and the pack use.
LABEL = Renderer().environment.from_string(
    '{% import "print/training/macros.j2" as words %}{{ words.slot_label(slot, scenarios) }}'
)


def _label(slot: Any, chosen: list[ScenarioView]) -> str:
    return LABEL.render(slot=slot, scenarios=chosen).strip()


def _python_side(views: dict[str, ScenarioView], ids: list[str], minutes: int) -> dict[str, Any]:
    chosen = [views[i] for i in ids]
    try:
        plan = plan_session([view.data for view in chosen], minutes)
    except UsageError as refused:
        return {"error": refused.code}
    return {
        "slots": [
            [s.kind, s.scenario, s.stage, s.minutes, s.start, _label(s, chosen)] for s in plan.slots
        ],
        "warnings": [warning.code for warning in plan.warnings],
    }


def _minutes_for(views: list[ScenarioView], rng: random.Random) -> list[int]:
    parts = [("intro", 10), ("close", 10)]
    for view in views:
        for stage in view.stages:
            parts += [("reading", stage.reading), ("discussion", stage.discussion)]
        parts.append(("debrief", int(view.data["timings"]["debrief"])))
    needed = sum(MINIMUMS[kind] for kind, _ in parts)
    written = sum(base for _, base in parts)
    tight = -(-written * 3 // 4)
    near = [needed - 1, needed, needed + 1, tight - 1, tight, tight + 1, written, written + 1]
    spread = [rng.randint(1, LONGEST_SESSION + 20) for _ in range(6)]
    return sorted(
        {m for m in [1, 30, 90, LONGEST_SESSION, LONGEST_SESSION + 1, *near, *spread] if m > 0}
    )


@pytest.fixture(scope="module")
def cases_file(spec: Spec, tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(13)
    ordered = scenario_views(spec)
    views = {view.id: view for view in ordered}
    ids = list(views)
    sets = [[i] for i in ids]
    sets += [list(pair) for pair in itertools.combinations(ids, 2)]
    sets += [rng.sample(ids, 3) for _ in range(20)]
    sets += [rng.sample(ids, 4) for _ in range(10)]
    sets.append(ids)
    cases = [
        {"scenarios": chosen, "minutes": minutes, "expected": _python_side(views, chosen, minutes)}
        for chosen in sets
        for minutes in _minutes_for([views[i] for i in chosen], rng)
    ]
    packs = {pack.scenario_id: pack for pack in site_pack_files(spec)}
    data = json.loads(planner_data(ordered, packs))
    path = tmp_path_factory.mktemp("planner") / "cases.json"
    path.write_text(json.dumps({"data": data, "cases": cases}), encoding="utf-8")
    return path


def _node(path: Path | None) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "Node.js is not installed: run scripts/bootstrap, which installs Debian's nodejs"
        )
    environment = {key: value for key, value in os.environ.items() if key != VARIABLE}
    if path is not None:
        environment[VARIABLE] = str(path)
    return subprocess.run(
        [node, "--test", str(NODE_TEST)],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_browser_planner_equals_the_cli_planner_on_every_case(cases_file: Path) -> None:
    cases = json.loads(cases_file.read_text(encoding="utf-8"))["cases"]
    assert len(cases) > 1000
    done = _node(cases_file)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "# fail 0" in done.stdout, done.stdout


def test_the_node_test_fails_on_a_wrong_plan_and_without_cases(
    cases_file: Path, tmp_path: Path
) -> None:
    data = json.loads(cases_file.read_text(encoding="utf-8"))
    planned = next(row for row in data["cases"] if "slots" in row["expected"])
    planned["expected"]["slots"][0][3] += 1
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(data), encoding="utf-8")
    assert _node(wrong).returncode != 0
    unset = _node(None)
    assert unset.returncode != 0
    assert f"{VARIABLE} is not set" in unset.stdout + unset.stderr
