"""Mistakes in the shipped guide or checklist themselves are reported, never crash validation.

Scenario replay runs the engine over these tools, so it must wait until they are known sound.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from justculture import validate_dir

REPO = Path(__file__).resolve().parents[2]
GUIDE = "guides/just-culture-guide.yaml"
CHECKLIST = "checklists/pre-disciplinary-checklist.yaml"

MUTATIONS = [
    ("cycle", GUIDE, 'on_no: {node: "2b"}', 'on_no: {node: "1a"}', "JC307"),
    ("dangling-target", GUIDE, 'on_no: {node: "2b"}', 'on_no: {node: "9z"}', "JC306"),
    (
        "unknown-outcome",
        GUIDE,
        "on_yes: {outcome: mitigation}",
        "on_yes: {outcome: pardon}",
        "JC312",
    ),
    (
        "rule-unknown-item",
        CHECKLIST,
        "any_of: [3a, 3b, 3c, 3d, final]",
        "any_of: [3a, 3z, 3c, 3d, final]",
        "JC309",
    ),
    ("two-approvers", CHECKLIST, "staff_group: medical", "staff_group: other", "JC313"),
]


@pytest.mark.parametrize(
    ("name", "file", "old", "new", "code"), MUTATIONS, ids=[row[0] for row in MUTATIONS]
)
def test_a_broken_shipped_tool_gives_a_located_error(
    tmp_path: Path, name: str, file: str, old: str, new: str, code: str
) -> None:
    spec_dir = tmp_path / "spec"
    shutil.copytree(REPO / "spec", spec_dir)
    target = spec_dir / file
    text = target.read_text(encoding="utf-8")
    assert old in text, f"the shipped {file} no longer contains {old!r}; update this test"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")

    report = validate_dir(spec_dir)

    assert report.spec is None
    assert code in [error.code for error in report.errors], [
        error.format() for error in report.errors
    ]
    located = [error for error in report.errors if error.code == code]
    assert located[0].file == f"spec/{file}" and located[0].line > 0
