"""Standard streams as shells and scripts use them: pipes that close early, closed and full outputs.

More cases (closed and binary stdin, /dev/full, a broken pipe before any output) are data in
tests/fixtures/hostile/commands.yaml, run by test_cli_hostile.py. These are the ones that need a
real shell pipeline.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "spec"
JUSTCULTURE = f"{shlex.quote(sys.executable)} -m justculture"


def shell(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``script`` with bash (for PIPESTATUS); ``jc`` is the command under test."""
    environment = {**os.environ, "PYTHONPATH": str(REPO / "generator")}
    environment.pop("JUSTCULTURE_SPEC", None)
    done = subprocess.run(
        ["bash", "-c", f'jc() {{ {JUSTCULTURE} "$@"; }}\n{script}'],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    assert "Exception ignored" not in done.stderr, done.stderr
    return done


def invalid_spec(tmp_path: Path) -> Path:
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec)
    (spec / "zzz.yaml").write_text("kind: nothing-known\n", encoding="utf-8")
    return spec


def test_a_reader_that_stops_early_does_not_make_an_invalid_spec_valid(tmp_path: Path) -> None:
    invalid_spec(tmp_path)
    done = shell(
        "jc validate spec --format json --verbose | head -c 1 >/dev/null; echo ${PIPESTATUS[0]}",
        tmp_path,
    )
    assert done.stdout.strip() == "1"


def test_a_reader_that_stops_early_leaves_a_good_export_at_zero(tmp_path: Path) -> None:
    done = shell("jc export | head -c 100 >/dev/null; echo ${PIPESTATUS[0]}", tmp_path)
    assert done.stdout.strip() == "0"
    assert done.stderr == ""


def test_the_export_to_a_full_disk_is_jc502_and_exit_1(tmp_path: Path) -> None:
    done = shell("jc export > /dev/full; echo $?", tmp_path)
    assert done.stdout.strip() == "1"
    [error] = json.loads(done.stderr)
    assert error["code"] == "JC502"
    assert "no space left" in error["message"]


def test_export_of_an_invalid_spec_leaves_the_redirected_file_empty(tmp_path: Path) -> None:
    invalid_spec(tmp_path)
    done = shell("jc export --spec spec > spec.json; echo $?", tmp_path)
    assert done.stdout.strip() == "1"
    assert (tmp_path / "spec.json").read_text("utf-8") == ""
    assert json.loads(done.stderr)[0]["code"] == "JC201"


def test_export_out_writes_the_same_json_and_replaces_only_its_own(tmp_path: Path) -> None:
    done = shell(
        "jc export --out spec.json && jc export > piped.json && jc export --out spec.json", tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "spec.json").read_bytes() == (tmp_path / "piped.json").read_bytes()
    refused = shell("jc export --out piped.json", tmp_path)
    assert refused.returncode == 1 and "JC505" in refused.stderr


def test_walk_prompts_into_a_closed_pipe_fail_without_a_traceback(tmp_path: Path) -> None:
    done = shell(
        "yes no | jc walk just-culture-guide | head -c 1 >/dev/null; echo ${PIPESTATUS[1]}",
        tmp_path,
    )
    assert done.stdout.strip() in {"0", "1"}


def test_version_and_help_with_stdout_closed(tmp_path: Path) -> None:
    done = shell("jc --version >&-; echo $?; jc --help >&-; echo $?", tmp_path)
    assert done.stdout.split() == ["0", "0"]


def test_errors_with_every_stream_closed_still_exit_1(tmp_path: Path) -> None:
    invalid_spec(tmp_path)
    done = shell("jc validate spec <&- >&- 2>&-; echo $?", tmp_path)
    assert done.stdout.strip() == "1"
