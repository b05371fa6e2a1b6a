"""`justculture build --out` only ever replaces a new or empty folder, or a site it built."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from justculture.build import SITE_MARKER, build_site
from justculture.errors import BuildError


def test_a_folder_with_someone_elses_files_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "notes"
    out.mkdir()
    (out / "mywork.txt").write_text("precious", encoding="utf-8")
    with pytest.raises(BuildError) as raised:
        build_site(out)
    assert raised.value.code == "JC503"
    assert (out / "mywork.txt").read_text(encoding="utf-8") == "precious"


def test_a_file_is_never_replaced_by_a_site(tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    out.write_text("keep me", encoding="utf-8")
    with pytest.raises(BuildError) as raised:
        build_site(out)
    assert raised.value.code == "JC503"
    assert out.read_text(encoding="utf-8") == "keep me"


def test_the_current_folder_is_never_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mywork.txt").write_text("precious", encoding="utf-8")
    with pytest.raises(BuildError) as raised:
        build_site(Path("."))
    assert raised.value.code == "JC503"
    assert sorted(os.listdir(tmp_path)) == ["mywork.txt"]


def test_the_built_site_carries_the_marker_that_allows_a_rebuild(built_site: Path) -> None:
    assert (built_site / SITE_MARKER).is_file()


# The swap: killed at every step, the path holds a whole site -----------------------------------

REPO = Path(__file__).resolve().parents[2]
OLD_STAMP = "old-site.txt"
# Runs `justculture build` with the build's named steps (justculture.build._step) replaced by one
# that sends the process a signal at the step named. mkdocs is replaced by a copy of a real site
# built once (a real build is tested below), so each run takes a second, not a minute.
KILL_SCRIPT = """
import os, shutil, signal, sys
import justculture.build as build
from justculture.cli import main

step, signal_name, reference, exchange, real, *argv = sys.argv[1:]

def at_step(name):
    if name == step:
        os.kill(os.getpid(), getattr(signal, signal_name))

def copy_of_reference(site_dir, *rest):
    shutil.copytree(reference, site_dir, dirs_exist_ok=True)

build._step = at_step
if real != "real":
    build._run_mkdocs = copy_of_reference
if exchange != "exchange":
    build._exchange = lambda a, b: False
sys.exit(main(["build", *argv]))
"""


def _files(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}


def _build_killed_at(
    step: str,
    signal_name: str,
    reference: Path,
    out: Path,
    *,
    exchange: bool,
    real: bool = False,
    extra: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO / "generator")}
    environment.pop("JUSTCULTURE_SPEC", None)
    return subprocess.run(
        [
            sys.executable, "-c", KILL_SCRIPT, step, signal_name, str(reference),
            "exchange" if exchange else "two-renames", "real" if real else "copy",
            "--out", str(out), *extra,
        ],
        capture_output=True, text=True, env=environment, cwd=out.parent, timeout=300,
        check=False,
    )  # fmt: skip


def _old_site(reference: Path, out: Path) -> None:
    shutil.copytree(reference, out)
    (out / OLD_STAMP).write_text("the previous site\n", encoding="utf-8")


def _assert_whole_site(out: Path, reference: Path) -> str:
    """``out`` is the whole old site or the whole new one; says which."""
    assert out.is_dir() and not out.is_symlink(), f"{out} is missing"
    files = _files(out)
    which = "old" if OLD_STAMP in files else "new"
    assert files - {OLD_STAMP} == _files(reference) | {SITE_MARKER}, which
    return which


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


# (step, whether the old or the new site is there after a SIGKILL at that step)
EXCHANGE_STEPS = [("staging-made", "old"), ("built", "old"), ("exchanged", "new")]
TWO_RENAME_STEPS = [("built", "old"), ("moved-new", "new")]


@pytest.mark.parametrize(("step", "expected"), EXCHANGE_STEPS)
def test_sigkill_at_each_step_of_the_exchange_leaves_a_whole_site(
    built_site: Path, tmp_path: Path, step: str, expected: str
) -> None:
    out = tmp_path / "site"
    _old_site(built_site, out)
    done = _build_killed_at(step, "SIGKILL", built_site, out, exchange=True)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert _assert_whole_site(out, built_site) == expected
    # The next build removes what the killed one left, and puts the new site in place.
    again = _build_killed_at("none", "SIGKILL", built_site, out, exchange=True)
    assert again.returncode == 0, again.stderr
    assert _assert_whole_site(out, built_site) == "new"
    assert _leftovers(out) == []


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("step", ["staging-made", "built", "exchanged"])
def test_ctrl_c_or_sigterm_at_each_step_leaves_a_whole_site_and_nothing_else(
    built_site: Path, tmp_path: Path, step: str, signal_name: str
) -> None:
    out = tmp_path / "site"
    _old_site(built_site, out)
    done = _build_killed_at(step, signal_name, built_site, out, exchange=True)
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr
    _assert_whole_site(out, built_site)
    assert _leftovers(out) == []


@pytest.mark.parametrize(("step", "expected"), TWO_RENAME_STEPS)
def test_sigkill_without_exchange_leaves_a_whole_site(
    built_site: Path, tmp_path: Path, step: str, expected: str
) -> None:
    out = tmp_path / "site"
    _old_site(built_site, out)
    done = _build_killed_at(step, "SIGKILL", built_site, out, exchange=False)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert _assert_whole_site(out, built_site) == expected


def test_sigkill_between_the_two_renames_is_undone_by_the_next_build(
    built_site: Path, tmp_path: Path
) -> None:
    """Without an atomic exchange (macOS, some network file systems) the one gap is between the
    renames: the next build puts the old site back first, even if that build then fails."""
    out = tmp_path / "site"
    _old_site(built_site, out)
    done = _build_killed_at("moved-old", "SIGKILL", built_site, out, exchange=False)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert not out.exists()
    broken = tmp_path / "broken-spec"
    broken.mkdir()
    (broken / "manifest.yaml").write_text("kind: manifest\n", encoding="utf-8")
    again = _build_killed_at(
        "none", "SIGKILL", built_site, out, exchange=False, extra=("--spec", str(broken))
    )
    assert again.returncode == 1, again.stderr
    assert "note: Put back the previous site" in again.stderr
    assert _assert_whole_site(out, built_site) == "old"
    assert _leftovers(out) == []


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("step", ["moved-old", "moved-new"])
def test_ctrl_c_between_or_after_the_two_renames_leaves_the_new_site(
    built_site: Path, tmp_path: Path, step: str, signal_name: str
) -> None:
    """Signals are held while the path is empty, so Ctrl-C arrives once the new site is in."""
    out = tmp_path / "site"
    _old_site(built_site, out)
    done = _build_killed_at(step, signal_name, built_site, out, exchange=False)
    assert done.returncode == 130, done.stderr
    assert _assert_whole_site(out, built_site) == "new"
    assert _leftovers(out) == []


def test_a_real_build_killed_after_its_exchange_leaves_the_new_site(
    built_site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    _old_site(built_site, out)
    done = _build_killed_at("exchanged", "SIGKILL", built_site, out, exchange=True, real=True)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert _assert_whole_site(out, built_site) == "new"


def test_a_stale_folder_of_a_live_build_is_left_alone(built_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    live = tmp_path / f".site.new-{os.getpid()}-abcdef"  # this process is alive
    live.mkdir()
    dead = tmp_path / ".site.new-999999999-abcdef"
    dead.mkdir()
    done = _build_killed_at("none", "SIGKILL", built_site, out, exchange=True)
    assert done.returncode == 0, done.stderr
    assert live.is_dir() and not dead.exists()


def test_a_folder_of_someone_elses_is_replaced_only_with_force(
    built_site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "notes"
    out.mkdir()
    (out / "mywork.txt").write_text("precious", encoding="utf-8")
    refused = _build_killed_at("none", "SIGKILL", built_site, out, exchange=True)
    assert refused.returncode == 1 and "error[JC503]" in refused.stderr
    assert "--force" in refused.stderr
    forced = _build_killed_at("none", "SIGKILL", built_site, out, exchange=True, extra=("--force",))
    assert forced.returncode == 0, forced.stderr
    assert _assert_whole_site(out, built_site) == "new"


def test_an_edition_never_replaces_the_folder_of_its_profile_even_with_force(
    tmp_path: Path,
) -> None:
    # The review found `build --profile trust/trust.yaml --out trust --force` deleted the profile.
    trust = tmp_path / "northshire"
    shutil.copytree(Path(__file__).resolve().parents[2] / "examples/profiles/northshire", trust)
    before = sorted(path.relative_to(trust) for path in trust.rglob("*"))
    for out in (trust, tmp_path):
        with pytest.raises(BuildError) as raised:
            build_site(out, profile=trust / "northshire.yaml", force=True)
        assert raised.value.code == "JC506"
    assert sorted(path.relative_to(trust) for path in trust.rglob("*")) == before
