"""Without an optional extra, the commands that need it say which to install (JC504); the rest work.

Each case runs the real command in a fresh interpreter where the extra's modules are missing: a
``None`` entry in ``sys.modules`` makes Python treat a module as not installed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from cli_runs import run_justculture
from justculture.extras import EXTRAS, Extra

REPO = Path(__file__).resolve().parents[2]
SITE_AND_PDF = [*EXTRAS["site"], *EXTRAS["pdf"]]


def run_without(
    modules: list[str], *args: str, cwd: Path, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return run_justculture(*args, cwd=cwd, stdin=stdin, missing=modules)


@pytest.mark.parametrize(
    ("missing", "extra", "args"),
    [
        (EXTRAS["site"], "site", ["build", "--out", "site"]),
        (["material"], "site", ["build", "--out", "site"]),
        (EXTRAS["pdf"], "pdf", ["build", "--out", "site"]),
        (
            EXTRAS["pdf"],
            "pdf",
            ["record", "just-culture-guide", "--answer", "1a=yes", "--out", "r.pdf"],
        ),
        (EXTRAS["pdf"], "pdf", ["session", "--scenarios", "fall-at-home", "--out", "s"]),
    ],
    ids=["build-no-site", "build-no-theme", "build-no-pdf", "record-no-pdf", "session-no-pdf"],
)
def test_a_missing_extra_is_error_jc504_naming_it(
    missing: tuple[str, ...] | list[str], extra: Extra, args: list[str], tmp_path: Path
) -> None:
    done = run_without(list(missing), *args, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("error[JC504]: ")
    assert f"pip install 'justculture[{extra}]'" in done.stderr
    assert list(tmp_path.iterdir()) == []  # nothing half-written


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["export"],
        ["evaluate", "just-culture-guide", "--answer", "1a=no", "--answer", "2a=no"],
        ["walk", "just-culture-guide"],
        ["--version"],
    ],
    ids=["validate", "export", "evaluate", "walk", "version"],
)
def test_the_core_commands_need_no_extra(args: list[str], tmp_path: Path) -> None:
    done = run_without(SITE_AND_PDF, *args, cwd=tmp_path, stdin="yes\n")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_the_mkdocs_plugin_names_the_pdf_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from justculture.mkdocs_plugin import JustCulturePlugin

    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(PluginError, match=r"error\[JC504\].*justculture\[pdf\]"):
        JustCulturePlugin().on_config(None)  # type: ignore[arg-type]
