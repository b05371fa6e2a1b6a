"""The command line's red-team cases (tests/fixtures/hostile/commands.yaml), run as a user would.

Each case runs `justculture` in a subprocess in a fresh folder, with the streams the case asks
for (closed, full, a broken pipe), and checks the exit status, the error code, that the files it
names are untouched, and that no traceback, "Exception ignored" or staged file is left.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "spec"
CASES_FILE = REPO / "tests" / "fixtures" / "hostile" / "commands.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
TIME_LIMIT = 120  # seconds; a case that hangs (a FIFO, a slow regex) fails instead
STAGED_MARKS = (".new-", ".old-")


def test_case_names_are_unique() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_hostile_command_fails_safe(case: dict[str, Any], tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    _prepare(case, work)
    before = {path: (work / path).read_bytes() for path in case.get("unchanged", [])}
    status, out, err = _run(case, work)
    expect = case["expect"]
    shown = f"exit {status}\n--- stdout\n{out[:2000]!r}\n--- stderr\n{err[:2000]!r}"
    assert status == expect["exit"], shown
    if "code" in expect and case.get("stderr", "capture") == "capture":
        assert f"error[{expect['code']}]" in err or f'"{expect["code"]}"' in err, shown
    if expect.get("stdout_empty"):
        assert out == "", shown
    if "stderr_under" in expect:
        assert len(err) < expect["stderr_under"], shown
    for text in case.get("forbid", []):
        assert text not in out and text not in err, f"{text!r} was printed raw\n{shown}"
    assert "Traceback" not in out + err, shown
    assert "Exception ignored" not in err, shown
    for path, content in before.items():
        assert (work / path).read_bytes() == content, f"{path} was changed"
    leftovers = [p for p in work.rglob(".*") if any(m in p.name for m in STAGED_MARKS)]
    assert leftovers == [], leftovers


def _prepare(case: dict[str, Any], work: Path) -> None:
    if case.get("spec_copy"):
        shutil.copytree(SPEC, work / "spec", symlinks=True)
    for relative, source in case.get("copies", {}).items():
        (work / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(work / source, work / relative)
    for relative, edits in case.get("edits", {}).items():
        path = work / relative
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text, f"{old!r} is not in {relative}"
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    for relative, content in case.get("files", {}).items():
        path = work / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, dict):
            content = content["before"] + content["repeat"] * content["times"] + content["after"]
        path.write_text(content, encoding="utf-8")
    for relative, hex_text in case.get("bytes", {}).items():
        (work / relative).write_bytes(bytes.fromhex(hex_text))
    for relative, target in case.get("links", {}).items():
        (work / relative).symlink_to(target)
    for relative in case.get("fifos", []):
        os.mkfifo(work / relative)


def _run(case: dict[str, Any], work: Path) -> tuple[int, str, str]:
    args = [str(arg).replace("{spec}", str(SPEC)) for arg in case["args"]]
    environment = {**os.environ, "PYTHONPATH": str(REPO / "generator")}
    environment.pop("JUSTCULTURE_SPEC", None)
    stdin, stdin_bytes = _stdin(case.get("stdin", ""))
    with _StreamFor(case.get("stdout", "capture")) as (stdout, reader):
        stderr = subprocess.DEVNULL if case.get("stderr") == "closed" else subprocess.PIPE
        command = _closing([sys.executable, "-m", "justculture", *args], case)
        process = subprocess.Popen(
            command, cwd=work, env=environment, stdin=stdin, stdout=stdout, stderr=stderr
        )
        if reader is not None:
            reader.close()  # the reader goes away before the command writes: a broken pipe
        try:
            out, err = process.communicate(stdin_bytes, timeout=TIME_LIMIT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            pytest.fail(f"{case['name']} did not finish in {TIME_LIMIT} s")
        finally:
            if hasattr(stdin, "close"):
                stdin.close()
    return (
        process.returncode,
        (out or b"").decode(errors="replace"),
        (err or b"").decode(errors="replace"),
    )


def _stdin(given: Any) -> tuple[Any, bytes | None]:
    if given == "closed":
        return subprocess.DEVNULL, None  # the shell closes it: see _closing
    if given == "zero":
        return open("/dev/zero", "rb"), None
    if isinstance(given, dict):
        return subprocess.PIPE, bytes.fromhex(given["hex"].replace(" ", ""))
    return subprocess.PIPE, given.encode("utf-8")


class _StreamFor:
    """The stdout a case asks for; yields (what Popen gets, a pipe reader to close or None)."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.opened: list[Any] = []

    def __enter__(self) -> tuple[Any, Any]:
        if self.mode == "full":
            stream = open("/dev/full", "wb")
            self.opened.append(stream)
            return stream, None
        if self.mode == "broken":
            read_end, write_end = os.pipe()
            reader = os.fdopen(read_end, "rb")
            writer = os.fdopen(write_end, "wb")
            self.opened += [writer]
            return writer, reader
        if self.mode == "closed":
            return subprocess.DEVNULL, None  # the shell closes it: see _closing
        return subprocess.PIPE, None

    def __exit__(self, *exc: object) -> None:
        for stream in self.opened:
            stream.close()


def _closing(command: list[str], case: dict[str, Any]) -> list[str]:
    """Run through a shell that closes the streams the case wants closed, as `>&-` does."""
    redirects = []
    if case.get("stdout") == "closed":
        redirects.append(">&-")
    if case.get("stdin") == "closed":
        redirects.append("<&-")
    if case.get("stderr") == "closed":
        redirects.append("2>&-")
    if not redirects:
        return command
    quoted = " ".join(_quote(part) for part in command)
    return ["/bin/sh", "-c", f"exec {quoted} {' '.join(redirects)}"]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"
