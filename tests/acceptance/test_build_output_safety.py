"""`justculture build --out` only ever replaces a new or empty folder, or a site it built."""

from __future__ import annotations

import os
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
