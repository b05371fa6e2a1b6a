"""The trust's papers read back: the Word charter and checklist, and the tailoring report."""

from __future__ import annotations

from pathlib import Path

import docx
import pypdf
import pytest

from justculture.cli import main

REPO = Path(__file__).resolve().parents[2]
NORTHSHIRE = REPO / "examples" / "profiles" / "northshire" / "northshire.yaml"
TRUST = "Northshire Hospitals NHS Foundation Trust"


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("papers") / "northshire"
    assert main(["profile", "report", str(NORTHSHIRE), "--out", str(out)]) == 0
    return out


def paragraphs(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name if p.style else "", p.text) for p in docx.Document(str(path)).paragraphs]


def test_the_charter_has_real_headings_and_numbered_principles(papers: Path) -> None:
    found = paragraphs(papers / "charter.docx")
    assert found[0] == ("Title", f"{TRUST}: Just and learning culture charter")
    assert ("Heading 1", "The 21 principles") in found
    principles = [text for style, text in found if style == "List Number"]
    assert len(principles) == 21
    assert any(
        "agreed by the Chief Operating Officer" in p and "adapted by" in p for p in principles
    )
    assert any("named wellbeing contact" in p and "local principle" in p for p in principles)
    assert not any("referral to a professional regulator" in p for p in principles)
    texts = " ".join(text for _, text in found)
    assert f"Adapted from Being fair (2019) by {TRUST}" in texts
    assert "Adapted from NHS Resolution, Being fair" in texts
    document = docx.Document(str(papers / "charter.docx"))
    assert document.core_properties.author == TRUST
    assert TRUST in document.sections[0].footer.paragraphs[0].text


def test_the_checklist_is_a_table_with_tick_boxes_and_local_roles(papers: Path) -> None:
    document = docx.Document(str(papers / "pre-disciplinary-checklist.docx"))
    assert document.paragraphs[0].text == f"{TRUST}: Pre-disciplinary checklist" or (
        document.paragraphs[0].text.startswith(f"{TRUST}: ")
    )
    questions, approvers = document.tables
    header = [cell.text for cell in questions.rows[0].cells]
    assert header == ["No.", "Question", "Answer", "Notes"]
    answers = [row.cells[2].text for row in questions.rows[1:]]
    assert sum("\u2610 Yes" in answer for answer in answers) >= 20
    roles = {row.cells[0].text: row.cells[1].text for row in approvers.rows[1:]}
    assert roles["Nurses and Midwives"] == "Chief Nurse"
    assert roles["Doctors"] == "Medical Director"


def test_the_report_lists_every_deviation_with_its_reason(papers: Path) -> None:
    markdown = (papers / "tailoring-report.md").read_text(encoding="utf-8")
    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(papers / "tailoring-report.pdf").pages
    )
    text = " ".join(text.split())
    for needle in (
        "adopts 18 of 20 principles unchanged; alters 1; excludes 1; adds 2 local principles",
        "every suspension needs executive agreement",
        "regulator referral protocol",
        "felt alone after incidents",
        "People Committee asked for regular assurance",
        "Chief Nurse",
    ):
        assert needle in " ".join(markdown.split()), needle
        assert needle in text, needle
    assert "<del>rare</del> <ins>rare, is agreed by the Chief Operating Officer,</ins>" in markdown
