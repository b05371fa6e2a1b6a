"""`justculture validate`, run as a user runs it: exit status, where the messages go, their shape."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "spec"
TINY_FLOW = (
    REPO / "tests" / "fixtures" / "valid" / "tiny-flow" / "spec" / "extra" / "tiny-flow.yaml"
)
ERROR_LINE = re.compile(r"^\S+:\d+:\d+: error\[JC\d{3}\]: \S")


def run(*args: str, module: str = "justculture") -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO / "generator")}
    environment.pop("JUSTCULTURE_SPEC", None)
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done


def spec_with(tmp_path: Path, files: dict[str, str]) -> Path:
    """A copy of the shipped spec with extra files, given by their path under spec/."""
    target = tmp_path / "spec"
    shutil.copytree(SPEC, target)
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target


def broken_flow(*replacements: tuple[str, str]) -> str:
    text = TINY_FLOW.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


# Four schema errors in one file: a bad version, a bad status, and a misspelt key (which is both
# unknown and leaves a required one missing).
SEVERAL = broken_flow(
    ("version: 1.0.0", 'version: "one"'),
    ("status: {state: current}", "status: {state: draft}"),
    ("    title: Go on\n", "    tittle: Go on\n"),
)


def test_the_shipped_spec_is_valid() -> None:
    done = run("validate")
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"The spec is valid: \d+ documents, spec version \S+\.\n", done.stdout)
    assert done.stderr == ""


def test_the_shipped_spec_is_valid_in_json_too() -> None:
    done = run("validate", str(SPEC), "--format", "json")
    assert done.returncode == 0, done.stdout
    assert json.loads(done.stdout) == []


def test_the_cli_module_runs_as_well_as_the_package() -> None:
    done = run("validate", str(SPEC), module="justculture.cli")
    assert done.returncode == 0, done.stderr


def test_a_missing_folder_is_error_jc101(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-spec"
    done = run("validate", str(missing))
    assert done.returncode == 1
    assert done.stderr.startswith(f"{missing}: error[JC101]: ")
    assert "does not exist" in done.stderr
    assert done.stdout == ""


def test_a_missing_folder_in_json(tmp_path: Path) -> None:
    done = run("validate", str(tmp_path / "no-such-spec"), "--format", "json")
    assert done.returncode == 1
    [error] = json.loads(done.stdout)
    assert (error["code"], error["name"]) == ("JC101", "file-unreadable")


def test_a_file_instead_of_a_folder_is_error_jc101() -> None:
    done = run("validate", str(SPEC / "charter.yaml"))
    assert done.returncode == 1
    assert "error[JC101]" in done.stderr


def test_a_folder_with_no_documents_is_error_jc303(tmp_path: Path) -> None:
    done = run("validate", str(tmp_path))
    assert done.returncode == 1
    assert "error[JC303]" in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--no-such-option"],
        ["validate", "--format", "xml"],
        ["no-such-command"],
        [],
    ],
    ids=["unknown-option", "bad-format", "unknown-command", "no-command"],
)
def test_a_bad_command_line_exits_2_with_usage(args: list[str]) -> None:
    done = run(*args)
    assert done.returncode == 2, done.stderr
    assert "usage:" in done.stderr


def test_errors_go_to_stderr_one_located_line_each(tmp_path: Path) -> None:
    spec = spec_with(tmp_path, {"extra/tiny-flow.yaml": SEVERAL})
    done = run("validate", str(spec))
    assert done.returncode == 1
    assert done.stdout == ""
    errors = [line for line in done.stderr.splitlines() if ERROR_LINE.match(line)]
    assert errors and all(line.startswith("spec/extra/tiny-flow.yaml:") for line in errors)


def test_verbose_shows_every_error_of_a_file(tmp_path: Path) -> None:
    spec = spec_with(tmp_path, {"extra/tiny-flow.yaml": SEVERAL})
    short = run("validate", str(spec))
    full = run("validate", str(spec), "--verbose")
    assert short.returncode == full.returncode == 1
    shown = [line for line in short.stderr.splitlines() if ERROR_LINE.match(line)]
    every = [line for line in full.stderr.splitlines() if ERROR_LINE.match(line)]
    assert len(shown) == 1 and len(every) == 4, full.stderr
    assert shown[0] == every[0]
    assert "3 other error(s)" in short.stderr and "--verbose" in short.stderr
    assert "--verbose" not in full.stderr
    codes = {code for line in every for code in re.findall(r"error\[(JC\d+)\]", line)}
    assert codes == {"JC202", "JC203", "JC205", "JC206"}


def test_json_lists_every_error_with_its_location(tmp_path: Path) -> None:
    spec = spec_with(tmp_path, {"extra/tiny-flow.yaml": SEVERAL})
    done = run("validate", str(spec), "--format", "json")
    assert done.returncode == 1
    assert done.stderr == ""
    errors = json.loads(done.stdout)
    assert len(errors) == 4
    for error in errors:
        assert set(error) == {"code", "name", "message", "file", "line", "column", "pointer"}
        assert error["file"] == "spec/extra/tiny-flow.yaml"
        assert error["line"] >= 1 and error["column"] >= 1


def test_each_broken_file_gets_its_own_first_error(tmp_path: Path) -> None:
    spec = spec_with(
        tmp_path,
        {
            "extra/a.yaml": "kind: flow\nid: a\nid: b\n",
            "extra/b.yaml": "kind: flow\nid: b\nlist:\n\t- x\n",
        },
    )
    done = run("validate", str(spec))
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if ERROR_LINE.match(line)]
    assert [line.split(": ", 1)[0] for line in lines] == [
        "spec/extra/a.yaml:3:1",
        "spec/extra/b.yaml:4:1",
    ]
    assert "error[JC104]" in lines[0] and "error[JC106]" in lines[1]
