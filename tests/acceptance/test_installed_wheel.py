"""The wheel carries everything it needs: installed outside the clone, every command works.

The wheel is built once per session from a copy of the sources and installed (without its
dependencies) into a fresh virtual environment. Its dependencies come from the development
environment's site-packages, put on ``sys.path`` *after* the new environment's own, so that
``justculture`` is imported from the wheel and never from the clone; a test checks the versions
there meet the wheel's ``[all]`` requirements. Nothing is downloaded, so this runs offline.
Every command runs from an empty folder, with no $JUSTCULTURE_SPEC, so the spec, the pages and
mkdocs.yml can only come from the package.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
# What the wheel is built from: the project files, not the clone's caches or outputs.
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "NOTICE", "mkdocs.yml", "spec", "docs")
GENERATOR = "generator"
SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
TIMEOUT = 300

pytestmark = pytest.mark.wheel


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    def run(
        self, *args: str, cwd: Path, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"JUSTCULTURE_SPEC", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}
        }
        environment["PATH"] = f"{self.bin}{os.pathsep}{environment.get('PATH', '')}"
        done = subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            text=True,
            env=environment,
            timeout=TIMEOUT,
            check=False,
        )
        assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
        return done

    def justculture(
        self, *args: str, cwd: Path, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        done = self.run("justculture", *args, cwd=cwd, stdin=stdin)
        assert done.returncode == 0, done.stdout + done.stderr
        return done


def _pip(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", *args],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )


def _copy_sources(target: Path) -> None:
    target.mkdir()
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=SKIPPED)
        else:
            shutil.copy2(source, target / name)
    # symlinks=True keeps generator/justculture/_data's links, which point into the copy.
    shutil.copytree(REPO / GENERATOR, target / GENERATOR, symlinks=True, ignore=SKIPPED)


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("wheel")
    source, dist, venv = root / "src", root / "dist", root / "venv"
    _copy_sources(source)
    _pip("wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(dist), str(source))
    [wheel] = dist.glob("justculture-*.whl")
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=TIMEOUT
    )
    python = venv / "bin" / "python"
    _pip("--python", str(python), "install", "--no-deps", "--no-index", str(wheel))
    # Installed after the wheel, so pip saw an empty environment; a .pth line is appended to
    # sys.path after the environment's own site-packages, where the wheel's justculture is.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    dependencies = sysconfig.get_paths()["purelib"]
    (Path(purelib) / "justculture-test-dependencies.pth").write_text(
        dependencies + "\n", encoding="utf-8"
    )
    return Installed(wheel, venv)


def test_the_wheel_carries_the_spec_the_pages_and_mkdocs_yml(installed: Installed) -> None:
    import zipfile

    names = set(zipfile.ZipFile(installed.wheel).namelist())
    for path in ("spec/manifest.yaml", "spec/schema/flow.schema.json", "docs/index.md"):
        assert f"justculture/_data/{path}" in names
    assert "justculture/_data/mkdocs.yml" in names
    shipped = {
        path.relative_to(REPO).as_posix() for path in (REPO / "spec").rglob("*") if path.is_file()
    }
    assert {f"justculture/_data/{path}" for path in shipped} <= names


def test_justculture_is_imported_from_the_wheel_not_the_clone(
    installed: Installed, tmp_path: Path
) -> None:
    script = (
        "import justculture\n"
        "from justculture import load_spec, evaluate, Spec, Result, SpecError, JustCultureError\n"
        "from justculture.locate import locate_spec\n"
        "result = evaluate(load_spec(), 'just-culture-guide', {'1a': 'no', '2a': 'no'})\n"
        "print(justculture.__file__)\n"
        "print(locate_spec())\n"
        "print(result.next)\n"
    )
    done = installed.run("python", "-c", script, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    module, spec_dir, following = done.stdout.splitlines()
    for path in (module, spec_dir):
        assert Path(path).resolve().is_relative_to(installed.venv.resolve()), path
        assert not Path(path).resolve().is_relative_to(REPO), path
    assert following == "('2b',)"


def test_the_environment_meets_the_wheels_all_extra(installed: Installed, tmp_path: Path) -> None:
    script = (
        "from importlib.metadata import requires, version\n"
        "from packaging.requirements import Requirement\n"
        "unmet = []\n"
        "for line in requires('justculture'):\n"
        "    need = Requirement(line)\n"
        "    wanted = any(need.marker is None or need.marker.evaluate({'extra': extra})\n"
        "                 for extra in ('site', 'pdf'))\n"
        "    if wanted and need.name != 'justculture':\n"
        "        if version(need.name) not in need.specifier:\n"
        "            unmet.append(f'{need} (have {version(need.name)})')\n"
        "print('\\n'.join(unmet))\n"
    )
    done = installed.run("python", "-c", script, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", done.stdout


def test_version_names_the_package_and_the_spec(installed: Installed, tmp_path: Path) -> None:
    manifest = yaml.safe_load((REPO / "spec" / "manifest.yaml").read_text(encoding="utf-8"))
    done = installed.justculture("--version", cwd=tmp_path)
    package = installed.wheel.name.split("-")[1]
    assert done.stdout == f"justculture {package} (spec {manifest['spec_version']})\n"


def test_validate_and_export_read_the_packaged_spec(installed: Installed, tmp_path: Path) -> None:
    from justculture import load_spec
    from justculture.exports.data import export_data

    done = installed.justculture("validate", cwd=tmp_path)
    assert done.stdout.startswith("The spec is valid: ")
    exported = json.loads(installed.justculture("export", cwd=tmp_path).stdout)
    assert exported == json.loads(json.dumps(export_data(load_spec(REPO / "spec"))))


def test_evaluate_and_walk(installed: Installed, tmp_path: Path) -> None:
    done = installed.justculture(
        "evaluate", "just-culture-guide", "--answer", "1a=no", "--answer", "2a=no", cwd=tmp_path
    )
    assert "Answer next: 2b" in done.stdout
    walked = installed.justculture(
        "walk", "just-culture-guide", "--record", "r.md", cwd=tmp_path, stdin="yes\n"
    )
    assert "The record is in r.md." in walked.stdout
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# Decision record")


def test_record_and_session_write_pdfs(installed: Installed, tmp_path: Path) -> None:
    installed.justculture(
        "record", "just-culture-guide", "--answer", "1a=yes", "--out", "r.pdf", cwd=tmp_path
    )
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")
    installed.justculture(
        "session", "--scenarios", "fall-at-home", "--minutes", "60", "--out", "s", cwd=tmp_path
    )
    pdfs = sorted((tmp_path / "s").glob("*.pdf"))
    assert pdfs and all(pdf.read_bytes().startswith(b"%PDF-") for pdf in pdfs)


def test_build_makes_the_site_and_its_printables(installed: Installed, tmp_path: Path) -> None:
    installed.justculture("build", "--out", "site", cwd=tmp_path)
    site = tmp_path / "site"
    assert (site / "index.html").is_file()
    assert (site / "developers" / "cli" / "index.html").is_file()  # a hand-written page
    # The Python API pages: mkdocstrings documents the installed package, not the clone.
    api = (site / "developers" / "api" / "engine" / "index.html").read_text("utf-8")
    assert 'id="justculture.engine.evaluate"' in api
    assert list((site / "printables").glob("*.pdf"))
