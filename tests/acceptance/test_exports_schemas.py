"""The published schemas work in other people's tools, offline: Ajv in strict mode compiles every
schema the built site serves and validates every export against them, and
json-schema-to-typescript makes types from the bundled schemas. The Node tools are installed by
scripts/bootstrap into tests/node/node_modules (npm ci); nothing is fetched here."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from justculture import load_spec
from justculture.engine import evaluate
from justculture.model import Spec
from justculture.scenarios import answers_of, scenario_ids

REPO = Path(__file__).resolve().parents[2]
NODE_TOOLS = REPO / "tests" / "node"


def node(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("node")
    if executable is None or not (NODE_TOOLS / "node_modules" / "ajv").is_dir():
        pytest.fail("Node.js or tests/node/node_modules is missing: run scripts/bootstrap")
    return subprocess.run(
        [executable, str(NODE_TOOLS / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def schema_ids(folder: Path) -> dict[str, str]:
    return {
        path.name.removesuffix(".schema.json"): json.loads(path.read_text("utf-8"))["$id"]
        for path in folder.glob("*.schema.json")
    }


@pytest.fixture(scope="module")
def spec() -> Spec:
    return load_spec()


@pytest.fixture(scope="module")
def version(built_site: Path) -> str:
    latest = json.loads((built_site / "spec" / "latest.json").read_text("utf-8"))
    return str(latest["spec_version"])


def engine_files(spec: Spec, folder: Path) -> dict[str, list[Path]]:
    """Results, answers files and scenario runs, as the engine and the scenarios give them."""
    made: dict[str, list[Path]] = {"result": [], "answers": [], "scenario-run": []}

    def write(kind: str, data: Any) -> None:
        path = folder / f"{kind}-{len(made[kind])}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        made[kind].append(path)

    cases: list[tuple[str, dict[str, str], str | None]] = [
        ("just-culture-guide", {}, None),
        ("just-culture-guide", {"1a": "no", "2a": "no"}, None),
        ("pre-disciplinary-checklist", {}, "medical"),
    ]
    for scenario_id in scenario_ids(spec):
        for stage in spec.documents[scenario_id]["stages"]:
            for run in stage.get("answers", ()):
                write("scenario-run", run)
                cases.append((run["tool"], answers_of(run), run.get("staff_group")))
    for tool, answers, staff_group in cases:
        write("answers", answers)
        write("result", evaluate(spec, tool, answers, staff_group=staff_group).to_dict())
    return made


def test_ajv_strict_compiles_every_schema_and_validates_every_export(
    built_site: Path, version: str, spec: Spec, tmp_path: Path
) -> None:
    folder = built_site / "schema" / version
    ids = schema_ids(folder)
    export = built_site / "spec" / version / "justculture.json"
    checks = [f"{ids['export']}={export}"]
    for path in sorted((built_site / "spec" / version / "documents").glob("*.json")):
        kind = json.loads(path.read_text("utf-8"))["kind"]
        checks.append(f"{ids[kind]}={path}")
    for kind, paths in engine_files(spec, tmp_path).items():
        checks.extend(f"{ids[kind]}={path}" for path in paths)
    found = node("ajv_check.mjs", str(folder), *checks)
    assert found.returncode == 0, found.stdout + found.stderr
    assert f"{len(ids)} schemas, {len(checks)} documents, 0 problems" in found.stdout


def test_ajv_strict_accepts_every_bundled_schema_on_its_own(built_site: Path, version: str) -> None:
    folder = built_site / "schema" / version / "bundled"
    ids = schema_ids(folder)
    export = built_site / "spec" / version / "justculture.json"
    found = node("ajv_check.mjs", str(folder), f"{ids['export']}={export}")
    assert found.returncode == 0, found.stdout + found.stderr


def test_every_published_version_compiles(built_site: Path) -> None:
    versions = [path for path in (built_site / "schema").iterdir() if path.is_dir()]
    assert versions
    for folder in versions:
        found = node("ajv_check.mjs", str(folder))
        assert found.returncode == 0, f"{folder.name}: {found.stdout}{found.stderr}"


def test_schema_ids_are_their_addresses_on_the_site(built_site: Path, version: str) -> None:
    folder = built_site / "schema" / version
    for name, schema_id in schema_ids(folder).items():
        assert schema_id.endswith(f"/schema/{version}/{name}.schema.json")
        assert not schema_id.startswith("https://justculture.example/")
    for name, schema_id in schema_ids(folder / "bundled").items():
        assert schema_id.endswith(f"/schema/{version}/bundled/{name}.schema.json")


def test_typescript_types_come_from_every_bundled_schema(
    built_site: Path, version: str, tmp_path: Path
) -> None:
    found = node("types_check.mjs", str(built_site / "schema" / version / "bundled"), str(tmp_path))
    assert found.returncode == 0, found.stdout + found.stderr
    types = (tmp_path / "export.d.ts").read_text("utf-8")
    assert "export interface Export" in types and "spec_version" in types
    result = (tmp_path / "result.d.ts").read_text("utf-8")
    assert "export interface EvaluationResult" in result
