"""Text from the spec is only ever text in the command line's outputs too.

A copy of the spec holds a hostile string in every free-text field (tests/hostile_spec.py): the
site's strings (HTML, Markdown directives, Jinja) and bidirectional controls (escape sequences
and other control characters are refused when the spec is read, JC115). `evaluate` must print
no escape sequence or control character; the Markdown decision record and the session plan
must hold no raw HTML, link, image or directive from the spec, only its text.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest

from cli_runs import run_justculture
from hostile_spec import MARKER, PAYLOADS, HostileSpec, hostile_spec

# What a terminal would act on: C0 controls but tab and newline, DEL, C1 controls, bidi controls.
CONTROLS = {chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]}
CONTROLS |= {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
# Markdown the outputs are read with (what a viewer such as GitHub's supports, and more).
EXTENSIONS = ["tables", "admonition", "attr_list", "def_list", "fenced_code", "abbr", "md_in_html"]
FORBIDDEN_HTML = ("<script", "<img", "<iframe", "<style", "<a ", "<abbr", "<div", "<pre", "class=")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileSpec:
    folder = tmp_path_factory.mktemp("hostile-text") / "spec"
    return hostile_spec(folder, PAYLOADS)


@pytest.fixture(scope="module")
def runs(hostile: HostileSpec) -> list[dict[str, Any]]:
    """Every scenario run in the hostile copy: a tool and answers that reach an outcome."""
    from justculture import load_spec

    spec = load_spec(hostile.folder)
    found = []
    for doc in spec.documents.values():
        if doc["kind"] != "scenario":
            continue
        for stage in doc["stages"]:
            for run in stage["answers"]:
                values = {key: value["answer"] for key, value in run["values"].items()}
                found.append({"tool": run["tool"], "values": values, **_staff(run)})
    return found


def test_evaluate_prints_no_escape_sequence(hostile: HostileSpec, runs: list[Any]) -> None:
    for tool in ("just-culture-guide", "pre-disciplinary-checklist"):
        run = next(run for run in runs if run["tool"] == tool)
        printed = _justculture("evaluate", tool, *_answer_flags(run), "--spec", hostile.folder)
        assert printed.returncode == 0, printed.stderr
        assert MARKER in printed.stdout, "no hostile string reached the output"
        assert set(printed.stdout) & CONTROLS == set()
        assert "[31m" not in printed.stdout


def test_the_decision_record_holds_only_text(hostile: HostileSpec, runs: list[Any]) -> None:
    from justculture import load_spec
    from justculture.engine import evaluate
    from justculture.interactive import markdown_record
    from justculture.render.renderer import Renderer

    spec = load_spec(hostile.folder)
    for run in runs:
        result = evaluate(spec, run["tool"], run["values"], staff_group=run.get("staff_group"))
        record = markdown_record(spec, result, Renderer())
        assert MARKER in record
        # The one link a record may hold: the address of what replaced the tool, from a
        # references entry whose schema allows only a plain https: address.
        addresses = [e["url"] for e in spec.documents["references"]["entries"] if "url" in e]
        for url in addresses:
            record = record.replace(f"<{url}>", "")
        _assert_only_text(record)


def test_the_session_plan_holds_only_text(
    hostile: HostileSpec, tmp_path: Path, runs: list[Any]
) -> None:
    from justculture import load_spec

    scenarios = sorted(load_spec(hostile.folder).ids_of_kind("scenario"))[:3]
    out = tmp_path / "session"
    made = _justculture(
        "session", "--scenarios", ",".join(scenarios), "--out", out, "--spec", hostile.folder
    )
    assert made.returncode == 0, made.stderr
    plan = (out / "session-plan.md").read_text(encoding="utf-8")
    assert MARKER in plan
    _assert_only_text(plan)


def _assert_only_text(text: str) -> None:
    assert set(text) & CONTROLS == set()
    lines = text.splitlines()
    assert not [line for line in lines if line.lstrip().startswith(("!!!", "--8<--", "```"))]
    html = markdown.markdown(text, extensions=EXTENSIONS)
    assert [tag for tag in FORBIDDEN_HTML if tag in html] == []
    assert "6666666" not in html


def _staff(run: Any) -> dict[str, str]:
    return {"staff_group": str(run["staff_group"])} if "staff_group" in run else {}


def _answer_flags(run: dict[str, Any]) -> Iterator[str]:
    for key, value in run["values"].items():
        yield from ("--answer", f"{key}={value}")
    if "staff_group" in run:
        yield from ("--staff-group", run["staff_group"])


def _justculture(*args: object) -> subprocess.CompletedProcess[str]:
    return run_justculture(*args)
