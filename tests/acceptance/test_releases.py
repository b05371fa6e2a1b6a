"""Releases stay published, and the id policy holds: each test edits a copy of the real spec the
way a maintainer would (remove a term, reword one, bump the version) and checks what happens."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from justculture.errors import SpecError
from justculture.releases import (
    Release,
    bump_between,
    changes_between,
    check_release_policy,
    load_releases,
    main,
    next_version,
)
from justculture.render.renderer import Renderer
from justculture.render.site import downloads, generate_pages
from justculture.validation import load_spec

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "spec"
TERM = re.compile(r"^  - id: (?P<id>[a-z0-9-]+)\n(?:(?!  - id:).*\n)*", re.MULTILINE)


def released() -> Release:
    return load_releases(SPEC)[-1]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the shipped spec, releases and all."""
    target = tmp_path / "spec"
    shutil.copytree(SPEC, target)
    return target


def set_version(spec_dir: Path, version: str) -> None:
    manifest = spec_dir / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(
        re.sub(r"^spec_version: .*$", f"spec_version: {version}", text, flags=re.MULTILINE),
        encoding="utf-8",
    )


def unreferenced_term(spec_dir: Path) -> str:
    """A glossary term that nothing links to, so removing it breaks no reference."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in spec_dir.rglob("*.yaml"))
    glossary = (spec_dir / "glossary.yaml").read_text(encoding="utf-8")
    for match in TERM.finditer(glossary):
        if f"glossary#{match['id']}" not in text:
            return match["id"]
    raise AssertionError("every glossary term is linked to; pick another item to remove")


def edit_term(spec_dir: Path, term: str, change: str) -> None:
    """Remove a glossary term, or mark it deprecated."""
    path = spec_dir / "glossary.yaml"
    glossary = path.read_text(encoding="utf-8")
    block = next(match for match in TERM.finditer(glossary) if match["id"] == term)
    if change == "remove":
        glossary = glossary.replace(block.group(0), "", 1)
    else:
        first_line = f"  - id: {term}\n"
        glossary = glossary.replace(first_line, first_line + "    deprecated: true\n", 1)
    path.write_text(glossary, encoding="utf-8")


def add_term(spec_dir: Path, term: str) -> None:
    path = spec_dir / "glossary.yaml"
    glossary = path.read_text(encoding="utf-8").rstrip("\n")
    glossary += (
        f"\n\n  - id: {term}\n    term: A new term\n    definition: A new meaning.\n"
        "    source: {ref: being-fair-2019}\n"
    )
    path.write_text(glossary, encoding="utf-8")


def reword_first_term(spec_dir: Path) -> None:
    path = spec_dir / "glossary.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("treats staff fairly", "treats all staff fairly", 1), "utf-8")


def codes(errors: list[SpecError]) -> list[str]:
    return [error.code for error in errors]


# The shipped spec ------------------------------------------------------------------------------


def test_the_shipped_spec_keeps_the_id_policy_against_its_releases() -> None:
    spec = load_spec(SPEC)
    problems = check_release_policy(spec)
    assert not problems, "\n".join(error.format() for error in problems)


def test_every_release_is_kept_with_its_export_and_schemas() -> None:
    releases = load_releases(SPEC)
    assert releases, "spec/releases/ should hold at least the first release"
    for release in releases:
        assert release.export["spec_version"] == release.version
        assert {"common", "export", "charter"} <= set(release.schemas)


def test_a_published_version_equals_its_release() -> None:
    """When the spec is at a released version, it is that release, byte for byte."""
    spec = load_spec(SPEC)
    kept = {release.version: release for release in load_releases(SPEC)}
    if spec.version in kept:
        files = downloads(spec, spec.schemas)  # type: ignore[arg-type]
        stored = (kept[spec.version].folder / "justculture.json").read_text(encoding="utf-8")
        assert files[f"spec/{spec.version}/justculture.json"] == stored


# The id policy ---------------------------------------------------------------------------------


def test_removing_an_id_without_deprecation_or_major_version_fails(copy: Path) -> None:
    term = unreferenced_term(copy)
    edit_term(copy, term, "remove")
    set_version(copy, next_version(released().version, "minor"))
    errors = check_release_policy(load_spec(copy))
    assert "JC317" in codes(errors)
    removed = next(error for error in errors if error.code == "JC317")
    assert f"'glossary#{term}'" in removed.message
    assert "deprecated: true" in removed.message and "major" in removed.message
    assert removed.file.endswith("manifest.yaml") and removed.line > 0


def test_removing_an_id_in_a_major_version_is_allowed(copy: Path) -> None:
    edit_term(copy, unreferenced_term(copy), "remove")
    set_version(copy, next_version(released().version, "major"))
    assert check_release_policy(load_spec(copy)) == []


def test_deprecating_an_id_needs_a_minor_release(copy: Path) -> None:
    edit_term(copy, unreferenced_term(copy), "deprecate")
    set_version(copy, next_version(released().version, "patch"))
    errors = check_release_policy(load_spec(copy))
    assert codes(errors) == ["JC319"]
    assert "deprecated glossary#" in errors[0].message
    assert next_version(released().version, "minor") in errors[0].message
    set_version(copy, next_version(released().version, "minor"))
    assert check_release_policy(load_spec(copy)) == []


def test_wording_changes_are_a_patch_release_and_a_published_version_never_changes(
    copy: Path,
) -> None:
    reword_first_term(copy)
    set_version(copy, released().version)
    errors = check_release_policy(load_spec(copy))
    assert codes(errors) == ["JC319"]
    assert "already published" in errors[0].message
    assert "changed glossary#just-culture" in errors[0].message
    set_version(copy, next_version(released().version, "patch"))
    assert check_release_policy(load_spec(copy)) == []


def test_a_published_versions_schemas_never_change(copy: Path) -> None:
    path = copy / "schema" / "glossary.schema.json"
    path.write_text(
        path.read_text("utf-8").replace("One term and its meaning.", "A term."), "utf-8"
    )
    set_version(copy, released().version)
    errors = check_release_policy(load_spec(copy))
    assert codes(errors) == ["JC319"]
    assert "glossary.schema.json" in errors[0].message
    set_version(copy, next_version(released().version, "patch"))
    assert check_release_policy(load_spec(copy)) == []


def test_an_added_id_needs_a_minor_release(copy: Path) -> None:
    add_term(copy, "brand-new-term")
    set_version(copy, next_version(released().version, "patch"))
    assert codes(check_release_policy(load_spec(copy))) == ["JC319"]
    set_version(copy, next_version(released().version, "minor"))
    assert check_release_policy(load_spec(copy)) == []


def test_an_id_removed_by_a_release_is_never_used_again(copy: Path) -> None:
    first = released()
    with_old = json.loads(json.dumps(first.export))
    with_old["documents"]["glossary"]["terms"].append(
        {"id": "retired-term", "term": "Retired", "definition": "Gone.", "source": {"ref": "x"}}
    )
    major = next_version(first.version, "major")
    without_old = {**json.loads(json.dumps(first.export)), "spec_version": major}
    history = [
        Release(first.version, with_old, first.schemas, first.folder),
        Release(major, without_old, first.schemas, first.folder),
    ]
    add_term(copy, "retired-term")
    set_version(copy, next_version(major, "minor"))
    errors = check_release_policy(load_spec(copy), history)
    assert "JC318" in codes(errors)
    reused = next(error for error in errors if error.code == "JC318")
    assert "'glossary#retired-term' was removed in release" in reused.message
    assert reused.file.endswith("glossary.yaml") and reused.pointer.endswith("/id")


def test_replaced_by_must_name_another_item_of_the_document(copy: Path) -> None:
    term = unreferenced_term(copy)
    path = copy / "glossary.yaml"
    text = path.read_text(encoding="utf-8")
    first_line = f"  - id: {term}\n"
    path.write_text(text.replace(first_line, first_line + "    replaced_by: nowhere\n"), "utf-8")
    set_version(copy, next_version(released().version, "minor"))
    errors = check_release_policy(load_spec(copy))
    assert "JC320" in codes(errors)
    bad = next(error for error in errors if error.code == "JC320")
    assert "'nowhere' is not another item of 'glossary'" in bad.message
    assert bad.line > 0 and bad.pointer.endswith("/replaced_by")


def test_the_release_command_checks_the_policy(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_term(copy, unreferenced_term(copy), "remove")
    set_version(copy, next_version(released().version, "minor"))
    assert main(["record", str(copy)]) == 1
    assert "error[JC317]" in capsys.readouterr().err
    assert not (copy / "releases" / next_version(released().version, "minor")).exists()


def test_recording_a_release_keeps_it_and_never_changes_it(copy: Path) -> None:
    reword_first_term(copy)
    version = next_version(released().version, "patch")
    set_version(copy, version)
    assert main(["record", str(copy)]) == 0
    kept = load_releases(copy)
    assert [release.version for release in kept][-1] == version
    assert main(["check", str(copy)]) == 0
    path = copy / "glossary.yaml"  # a second change at the same, now published, version
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("treats all staff fairly", "treats everyone fairly", 1), "utf-8")
    assert main(["record", str(copy)]) == 1


# Versions ---------------------------------------------------------------------------------------


def test_versions_compare_as_semver() -> None:
    assert bump_between("1.0.0", "1.0.1") == "patch"
    assert bump_between("1.0.9", "1.1.0") == "minor"
    assert bump_between("1.9.9", "2.0.0") == "major"
    assert bump_between("1.1.0", "1.0.0") == "none"
    assert bump_between("1.0.0-rc.1", "1.0.0") == "patch"


def test_changes_between_list_ids_by_kind() -> None:
    old = {"spec_version": "1.0.0", "documents": {"g": {"id": "g", "items": [
        {"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}]}}}  # fmt: skip
    new = {"spec_version": "1.1.0", "documents": {"g": {"id": "g", "items": [
        {"id": "a", "text": "A!"}, {"id": "b", "text": "B", "deprecated": True},
        {"id": "d", "text": "D"}]}}}  # fmt: skip
    changes = changes_between(old, new)
    assert changes.added == ("g#d",)
    assert changes.changed == ("g#a", "g#b")
    assert changes.deprecated == ("g#b",)
    assert changes.removed == ("g#c",)
    assert changes.needed == "major" and changes.bump == "minor"


# The site keeps every version -------------------------------------------------------------------


def test_building_a_second_version_keeps_the_first_ones_downloads(copy: Path) -> None:
    first = released()
    reword_first_term(copy)
    second = next_version(first.version, "patch")
    set_version(copy, second)
    spec = load_spec(copy)
    assert spec.schemas is not None
    files = downloads(spec, spec.schemas, "https://trust.example/justculture/")
    kept = (first.folder / "justculture.json").read_text(encoding="utf-8")
    assert files[f"spec/{first.version}/justculture.json"] == kept
    for version in (first.version, second):
        for path in (
            f"spec/{version}/justculture-csv.zip",
            f"spec/{version}/justculture.xlsx",
            f"spec/{version}/csv/items.csv",
            f"spec/{version}/documents/charter.json",
            f"schema/{version}/charter.schema.json",
            f"schema/{version}/bundled/export.schema.json",
        ):
            assert path in files, path
    old_schema = json.loads(files[f"schema/{first.version}/charter.schema.json"])
    assert old_schema["$id"] == (
        f"https://trust.example/justculture/schema/{first.version}/charter.schema.json"
    )
    latest = json.loads(files["spec/latest.json"])
    assert latest["spec_version"] == second
    kept_versions = [release.version for release in load_releases(SPEC)]
    assert latest["versions"] == [second, *reversed(kept_versions)]
    assert files["spec/latest/justculture.json"] == files[f"spec/{second}/justculture.json"]
    new_export = json.loads(files[f"spec/{second}/justculture.json"])
    assert new_export["spec_version"] == second


def test_the_changes_page_lists_what_each_version_changed(copy: Path) -> None:
    first = released()
    term = unreferenced_term(copy)
    edit_term(copy, term, "deprecate")
    add_term(copy, "brand-new-term")
    second = next_version(first.version, "minor")
    set_version(copy, second)
    spec = load_spec(copy)
    assert spec.schemas is not None
    page = generate_pages(spec, spec.schemas, Renderer())["developers/changes.md"]
    assert f"### {first.version} to {second} (not yet released)" in page
    assert "This is a minor release." in page
    assert "**Added** (1): `glossary#brand-new-term`" in page
    assert f"`glossary#{term}`" in page.split("**Deprecated**")[1].split("\n")[0]
    assert f"[`spec/{first.version}/justculture.json`]" in page


def test_the_changelog_has_a_section_for_every_release() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
    for release in load_releases(SPEC):
        assert f"## [{release.version}] - " in changelog, (
            f"CHANGELOG.md has no section for release {release.version}"
        )
