"""Every malformed input under tests/fixtures/invalid/ fails well through the real CLI.

Each case folder holds ``case.yaml``::

    description: what is wrong, in a sentence
    expect: {code: JC307, file: spec/extra/tiny-flow.yaml, line: 35, column: 12}
    remove: [spec/manifest.yaml]     # optional: shipped files to delete first
    append: [spec/evidence.yaml]     # optional: case files added to the END of the shipped file

and a ``spec/`` folder of files that are added to (or replace) a copy of the shipped spec. Cases
add a small document of their own, so ``expect.line`` counts lines of that small file and stays
right however the shipped text changes. For an ``append`` file, ``expect.line`` counts from the
first appended line. ``line: 0`` means the error is about the whole folder (JC303), not a line.

The tiny documents in tests/fixtures/valid/ are the cases' starting points: each invalid case is
one of them with one defect, and the valid ones must pass, so each case fails for its one reason.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from justculture import cli, loading, validation
from justculture.errors import CATALOGUE

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "spec"
FIXTURES = REPO / "tests" / "fixtures"
INVALID = sorted(
    path for path in (FIXTURES / "invalid").iterdir() if (path / "case.yaml").is_file()
)
VALID = sorted(path for path in (FIXTURES / "valid").iterdir() if (path / "case.yaml").is_file())
LOCATED = re.compile(
    r"^(?P<file>\S+?):(?P<line>\d+):(?P<column>\d+): error\[(?P<code>JC\d{3})\]: \S"
)
FOLDER_LEVEL = re.compile(r"^(?P<file>\S+?): error\[(?P<code>JC\d{3})\]: \S")


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def read_case(folder: Path) -> dict[str, Any]:
    meta = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    assert isinstance(meta, dict), f"{folder.name}/case.yaml must be a mapping"
    return meta


def build_spec(folder: Path, workdir: Path) -> Path:
    """A copy of the shipped spec at workdir/spec with the case applied; errors read spec/..."""
    meta = read_case(folder)
    target = workdir / "spec"
    shutil.copytree(SPEC, target)
    for removed in meta.get("remove", []):
        (workdir / removed).unlink()
    appended = set(meta.get("append", []))
    case_spec = folder / "spec"
    for source in sorted(case_spec.rglob("*")) if case_spec.is_dir() else []:
        if source.is_dir():
            continue
        relative = source.relative_to(folder).as_posix()
        destination = workdir / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if relative in appended:
            destination.write_bytes(_ended(destination.read_bytes()) + source.read_bytes())
        else:
            shutil.copyfile(source, destination)
    return target


def _ended(raw: bytes) -> bytes:
    return raw if raw.endswith(b"\n") or not raw else raw + b"\n"


def line_offset(folder: Path, file: str) -> int:
    """How many shipped lines come before an appended fragment's first line."""
    if file not in read_case(folder).get("append", []):
        return 0
    return _ended((REPO / file).read_bytes()).count(b"\n")


def run_cli(*args: str) -> Run:
    environment = {**os.environ, "PYTHONPATH": str(REPO / "generator")}
    environment.pop("JUSTCULTURE_SPEC", None)
    done = subprocess.run(
        [sys.executable, "-m", "justculture", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=environment,
        timeout=120,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def specs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each case's spec folder, built once."""
    return {
        folder.name: build_spec(folder, tmp_path_factory.mktemp(folder.name))
        for folder in INVALID + VALID
    }


@pytest.fixture(scope="module")
def runs(specs: Mapping[str, Path]) -> Iterator[Mapping[str, Future[Run]]]:
    """``justculture validate`` on every case in a subprocess, started at once in the background.

    Each run costs about half a second (imports, schemas, the whole shipped spec), so they run in
    parallel while the in-process JSON tests below use the other core.
    """
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        yield {name: pool.submit(run_cli, "validate", str(spec)) for name, spec in specs.items()}


@pytest.fixture(scope="module")
def cached_reading() -> Iterator[None]:
    """Reuse what unchanged files parse to, so the in-process runs skip the shipped spec's cost.

    The cache is keyed by the file's bytes and its displayed name, so every case still gets
    exactly what an uncached run would; only the time changes. The subprocess runs are uncached.
    """
    read_yaml, load_schemas = loading.read_yaml, validation.load_schemas
    parsed: dict[tuple[str, bytes], loading.SourceFile] = {}
    schema_sets: dict[tuple[Any, ...], Any] = {}

    def cached_read(path: Path, display: str | None = None) -> loading.SourceFile:
        key = (display or str(path), path.read_bytes())
        if key not in parsed:
            parsed[key] = read_yaml(path, display)
        return parsed[key]

    def cached_schemas(schema_dir: Path, base: Path | None = None) -> Any:
        files = sorted(schema_dir.glob("*.json"))
        key = (
            schema_dir.relative_to(base) if base else schema_dir,
            *((p.name, p.read_bytes()) for p in files),
        )
        if key not in schema_sets:
            schema_sets[key] = load_schemas(schema_dir, base)
        return schema_sets[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loading, "read_yaml", cached_read)
        patch.setattr(validation, "load_schemas", cached_schemas)
        yield


def _no_traceback(run: Run) -> None:
    assert "Traceback" not in run.stdout + run.stderr, run.stdout + run.stderr


def _expected_line(folder: Path, expect: Mapping[str, Any]) -> int:
    return int(expect["line"]) + line_offset(folder, expect["file"]) if expect["line"] else 0


# The JSON tests come first: they run in-process while the subprocesses work in the background.
@pytest.mark.parametrize("folder", INVALID, ids=[path.name for path in INVALID])
def test_invalid_case_in_json_puts_the_expected_error_first(
    folder: Path,
    specs: Mapping[str, Path],
    runs: Mapping[str, Future[Run]],
    cached_reading: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    expect = read_case(folder)["expect"]
    status = cli.main(["validate", str(specs[folder.name]), "--format", "json"])
    out, err = capsys.readouterr()
    assert status == 1, out + err
    errors = json.loads(out)
    assert isinstance(errors, list) and errors, out
    first = errors[0]
    wanted = (expect["code"], expect["file"], _expected_line(folder, expect))
    assert (first["code"], first["file"], first["line"]) == wanted, first
    if "column" in expect:
        assert first["column"] == expect["column"], first
    assert first["message"] and first["name"] == CATALOGUE[expect["code"]].name


@pytest.mark.parametrize("folder", INVALID, ids=[path.name for path in INVALID])
def test_invalid_case_fails_with_a_located_coded_message(
    folder: Path, runs: Mapping[str, Future[Run]]
) -> None:
    expect = read_case(folder)["expect"]
    run = runs[folder.name].result()
    _no_traceback(run)
    assert run.returncode == 1, f"exit {run.returncode}\n{run.stderr}"
    line = _expected_line(folder, expect)
    pattern = LOCATED if line else FOLDER_LEVEL
    found = [match.groupdict() for match in map(pattern.match, run.stderr.splitlines()) if match]
    wanted = {"file": expect["file"], "code": expect["code"]}
    if line:
        wanted["line"] = str(line)
    if "column" in expect:
        wanted["column"] = str(expect["column"])
    assert any(wanted.items() <= hit.items() for hit in found), (
        f"{folder.name}: expected {wanted} among the errors, got:\n{run.stderr}"
    )
    assert found[0]["code"] == expect["code"], (
        f"the first error is not {expect['code']}:\n{run.stderr}"
    )


@pytest.mark.parametrize("folder", VALID, ids=[path.name for path in VALID])
def test_valid_starting_point_passes(folder: Path, runs: Mapping[str, Future[Run]]) -> None:
    run = runs[folder.name].result()
    _no_traceback(run)
    assert run.returncode == 0, run.stderr
    assert "The spec is valid" in run.stdout


def test_cases_are_many_and_varied() -> None:
    codes = {read_case(folder)["expect"]["code"] for folder in INVALID}
    assert len(INVALID) >= 25, f"only {len(INVALID)} invalid cases"
    assert len(codes) >= 20, f"only {len(codes)} distinct codes: {sorted(codes)}"


@pytest.mark.parametrize("folder", INVALID, ids=[path.name for path in INVALID])
def test_case_is_well_formed(folder: Path) -> None:
    meta = read_case(folder)
    assert set(meta) <= {"description", "expect", "remove", "append"}, sorted(meta)
    assert isinstance(meta.get("description"), str) and meta["description"].strip()
    expect = meta["expect"]
    assert set(expect) <= {"code", "file", "line", "column"} and expect["code"] in CATALOGUE
    assert expect["file"] == "spec" or expect["file"].startswith("spec/")
    assert isinstance(expect["line"], int) and expect["line"] >= 0
    for removed in meta.get("remove", []):
        assert (REPO / removed).is_file(), f"{removed} is not a shipped file"
    for appended in meta.get("append", []):
        assert (REPO / appended).is_file() and (folder / appended).is_file(), appended
