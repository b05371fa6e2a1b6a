"""The JavaScript engine gives the Python engine's results in Node, and the Node example runs.

The Python engine writes what it says about every case in ``tests/engine_cases.py`` (all 2,048
complete answer sets of the guide, every prefix of their paths, thousands of checklist answer
sets, the invalid ones) to a file; ``node --test tests/node/engine.test.mjs`` reads it and runs
the same cases through ``docs/assets/js/justculture-engine.js``. Node is a system package
(``scripts/bootstrap`` installs Debian's ``nodejs`` when it is missing); the engine needs no npm
package.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from engine_cases import (
    INVALID_CASES,
    Case,
    checklist_alert_cases,
    checklist_combination_cases,
    checklist_random_cases,
    guide_cases,
    guide_complete_cases,
    guide_random_partial_cases,
    python_side,
)
from justculture.exports.data import export_data

REPO = Path(__file__).resolve().parents[2]
NODE_TEST = REPO / "tests" / "node" / "engine.test.mjs"
EXAMPLE = REPO / "examples" / "node"
VARIABLE = "JUSTCULTURE_ENGINE_CASES"


@pytest.fixture(scope="module")
def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.fail(
            "Node.js is not installed: run scripts/bootstrap, which installs Debian's nodejs"
        )
    return found


def _rows(spec: Any, cases: list[Case]) -> list[dict[str, Any]]:
    return [
        {
            "tool": tool,
            "answers": [list(pair) for pair in answers],
            "staff_group": group,
            "expected": python_side(spec, (tool, answers, group)),
        }
        for tool, answers, group in cases
    ]


@pytest.fixture(scope="module")
def cases_file(spec: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    complete = guide_complete_cases(spec)
    groups = {
        "guide-complete": complete,
        "guide-prefixes": guide_cases(spec)[len(complete) :],
        "guide-partial": guide_random_partial_cases(spec),
        "checklist-combinations": checklist_combination_cases(spec),
        "checklist-random": checklist_random_cases(spec),
        "checklist-alerts": checklist_alert_cases(spec),
        "invalid": [case for case, _ in INVALID_CASES],
    }
    data = {
        "export": export_data(spec),
        "groups": {name: _rows(spec, cases) for name, cases in groups.items()},
    }
    path = tmp_path_factory.mktemp("node-engine") / "cases.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def export_file(spec: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "justculture.json"
    path.write_text(json.dumps(export_data(spec)), encoding="utf-8")
    return path


def _run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != VARIABLE}
    return subprocess.run(
        command,
        cwd=cwd,
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_node_engine_equals_the_python_engine_on_every_case(node: str, cases_file: Path) -> None:
    done = _run([node, "--test", str(NODE_TEST)], REPO, **{VARIABLE: str(cases_file)})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "# fail 0" in done.stdout, done.stdout


def test_the_node_test_fails_without_the_expected_results(node: str, tmp_path: Path) -> None:
    unset = _run([node, "--test", str(NODE_TEST)], REPO)
    assert unset.returncode != 0
    assert f"{VARIABLE} is not set" in unset.stdout + unset.stderr
    missing = _run(
        [node, "--test", str(NODE_TEST)], REPO, **{VARIABLE: str(tmp_path / "none.json")}
    )
    assert missing.returncode != 0
    assert "ENOENT" in missing.stdout + missing.stderr


def test_the_node_example_evaluates_an_answer_set(node: str, export_file: Path, spec: Any) -> None:
    package = json.loads((EXAMPLE / "package.json").read_text("utf-8"))
    assert package["type"] == "module"
    assert not package.get("dependencies") and not package.get("devDependencies")
    done = _run([node, "evaluate.js", str(export_file), "1a=no", "2a=no"], EXAMPLE)
    assert done.returncode == 0, done.stderr
    assert f"(justculture edition, version {spec.version})" in done.stdout
    assert "Answer next: 2b" in done.stdout
    answers = [("1a", "no"), ("2a", "no"), ("2b", "yes")]
    expected = python_side(spec, ("just-culture-guide", answers, None))
    done = _run([node, "evaluate.js", str(export_file), *(f"{q}={a}" for q, a in answers)], EXAMPLE)
    assert done.returncode == 0, done.stderr
    assert f"Outcome: {expected['result']['outcome']['title']}" in done.stdout
    for sentence in expected["words"]:
        assert sentence in done.stdout


def test_the_node_example_puts_alerts_above_the_outcome(
    node: str, export_file: Path, spec: Any
) -> None:
    answers = ("2a=yes", "2b=yes", "3=i")
    done = _run(
        [node, "evaluate.js", str(export_file), "--tool", "pre-disciplinary-checklist", *answers],
        EXAMPLE,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    stops = [n for n, line in enumerate(lines) if line.startswith("STOP: ")]
    outcome = next(n for n, line in enumerate(lines) if line.startswith("Outcome: "))
    assert len(stops) == 2 and max(stops) < outcome


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["missing.json", "1a=no"], "cannot read missing.json"),
        (["--tool"], "--tool needs a value"),
        (["--colour"], "unknown option --colour"),
        (["package.json", "1a=no"], None),  # JSON, but not an export
        (["evaluate.js", "1a=no"], "is not JSON"),
    ],
)
def test_the_node_example_refuses_a_wrong_command_line_without_a_stack_trace(
    node: str, arguments: list[str], said: str | None
) -> None:
    done = _run([node, "evaluate.js", *arguments], EXAMPLE)
    assert done.returncode in (1, 2)
    assert "    at " not in done.stderr, done.stderr  # no JavaScript stack trace
    if said is not None:
        assert said in done.stderr and "usage: node evaluate.js" in done.stderr


def test_the_node_example_explains_a_wrong_answer(node: str, export_file: Path) -> None:
    done = _run([node, "evaluate.js", str(export_file), "1a=maybe"], EXAMPLE)
    assert done.returncode == 1
    assert "JC403" in done.stderr
