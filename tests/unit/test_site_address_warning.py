"""JC802: a build given no site address says that its links point at the local preview.

The full builds are in tests/acceptance/test_site_address.py; here, the rule and the wording.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from justculture.cli import build as build_command
from justculture.cli import main
from justculture.published import PREVIEW_SITE_URL, SITE_URL_VARIABLE, site_address_warnings

REPO = Path(__file__).resolve().parents[2]


def test_the_preview_address_is_the_one_mkdocs_yml_falls_back_to() -> None:
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    [line] = re.findall(r"^site_url: .*$", config, flags=re.MULTILINE)
    assert line == f'site_url: !ENV [{SITE_URL_VARIABLE}, "{PREVIEW_SITE_URL}"]'


def test_no_address_from_the_flag_or_the_variable_is_jc802() -> None:
    [warning] = site_address_warnings(None, environ={})
    assert warning.code == "JC802"
    assert warning.format().startswith("warning[JC802]: no site address was given")
    assert PREVIEW_SITE_URL in warning.message and "--site-url" in warning.message


@pytest.mark.parametrize(
    ("site_url", "environ"),
    [
        ("https://example.org/jc/", {}),
        (None, {SITE_URL_VARIABLE: "https://example.org/jc/"}),
        # Set but empty is a choice (no canonical links at all), not the preview's address.
        (None, {SITE_URL_VARIABLE: ""}),
    ],
    ids=["flag", "variable", "empty-variable"],
)
def test_an_address_given_either_way_gives_no_warning(
    site_url: str | None, environ: dict[str, str]
) -> None:
    assert site_address_warnings(site_url, environ=environ) == ()


def test_a_trusts_edition_is_told_to_set_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--site-url is refused with --profile, so the warning must not suggest it."""

    def built(args: argparse.Namespace) -> int:
        return 0

    monkeypatch.delenv(SITE_URL_VARIABLE, raising=False)
    monkeypatch.setattr(build_command, "run_editions", built)
    profile = tmp_path / "trust.yaml"
    assert main(["build", "--profile", str(profile), "--out", str(tmp_path / "out")]) == 0
    warning = capsys.readouterr().err
    assert warning.startswith("warning[JC802]: ") and warning.endswith(".\n"), warning
    assert f"with {SITE_URL_VARIABLE} set to the address" in warning
    assert "--site-url" not in warning


def test_a_failed_edition_build_gives_only_its_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(SITE_URL_VARIABLE, raising=False)
    monkeypatch.setattr(build_command, "run_editions", lambda args: 1)
    main(["build", "--profile", str(tmp_path / "t.yaml"), "--out", str(tmp_path / "out")])
    assert "JC802" not in capsys.readouterr().err
