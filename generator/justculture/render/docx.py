"""Word copies of the charter and the pre-disciplinary checklist (python-docx, the ``[docx]`` extra).

HR teams put these into policy appendices and board papers, so they use Word's own structure:
real headings, a numbered list for the principles, the checklist as a table with tick boxes, the
attribution and, for a trust's edition, the trust's name and role titles. python-docx writes
text as XML text nodes, so nothing in a profile can become markup; characters XML cannot hold at
all (most control characters) are dropped first.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Pt
from docx.table import Table

from ..model import Checklist, ChecklistItem, Spec
from ..tailor.report import Edition
from ..views import items_by_parent
from ..views.questions import question_label

CHARTER_ID = "charter"
CHECKLIST_ID = "pre-disciplinary-checklist"
CHARTER_FILE = "charter.docx"
CHECKLIST_FILE = "pre-disciplinary-checklist.docx"
BOX = "\u2610"  # ☐, a ballot box to tick on paper
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: object) -> str:
    """Text as Word can hold it: one run of words, without characters XML forbids."""
    return _NOT_XML.sub("", " ".join(str(text).split()))


def charter_docx(spec: Spec, edition: Edition | None = None) -> bytes:
    """The (adopted) charter as a Word document."""
    charter = spec.documents[CHARTER_ID]
    document = _new_document(str(charter["title"]), edition)
    title = str(charter["title"])
    document.add_heading(clean(f"{edition.name}: {title}" if edition else title), level=0)
    _attribution(document, charter, edition)
    if "preamble" in charter:
        document.add_heading("How the charter begins", level=1)
        paragraph = document.add_paragraph(clean(charter["preamble"]["text"]))
        _mark(paragraph, edition, "preamble")
    document.add_heading(f"The {len(charter['principles'])} principles", level=1)
    for principle in charter["principles"]:
        paragraph = document.add_paragraph(style="List Number")
        if principle.get("heading"):
            paragraph.add_run(clean(principle["heading"]) + ". ").bold = True
        paragraph.add_run(clean(principle["text"]))
        _mark(paragraph, edition, str(principle["id"]))
    return _saved(document)


def checklist_docx(spec: Spec, edition: Edition | None = None) -> bytes:
    """The pre-disciplinary checklist as a Word document: a table with tick boxes."""
    doc = spec.documents[CHECKLIST_ID]
    checklist = spec.tools[CHECKLIST_ID]
    assert isinstance(checklist, Checklist)
    document = _new_document(str(doc["title"]), edition)
    heading = f"{edition.name}: {doc['title']}" if edition else str(doc["title"])
    document.add_heading(clean(heading), level=0)
    _attribution(document, doc, edition)
    document.add_heading("The questions", level=1)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, words in zip(
        table.rows[0].cells, ("No.", "Question", "Answer", "Notes"), strict=True
    ):
        cell.text = words
        cell.paragraphs[0].runs[0].bold = True
    for group in items_by_parent(checklist):
        for item in (group.item, *group.children):
            _item_row(table, item, question_label(checklist, item.id))
    _approvers(document, doc, checklist)
    return _saved(document)


# Parts ----------------------------------------------------------------------------------------


def _new_document(title: str, edition: Edition | None) -> DocxDocument:
    document = Document()
    style: Any = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    properties = document.core_properties
    properties.title = clean(title)
    properties.author = clean(edition.name if edition else "The justculture project")
    if edition is not None:
        footer = document.sections[0].footer.paragraphs[0]
        footer.text = clean(edition.adapted_from)
    return document


def _attribution(document: DocxDocument, doc: Mapping[str, Any], edition: Edition | None) -> None:
    if edition is not None:
        document.add_paragraph(clean(f"{edition.adapted_from}."))
    document.add_paragraph(clean(doc["attribution"])).runs[0].italic = True


def _mark(paragraph: Any, edition: Edition | None, item_id: str) -> None:
    mark = edition.mark(item_id) if edition else None
    if mark is None or edition is None:
        return
    words = (
        f" (adapted by {edition.short_name} from principle {mark.base_number} of the source)"
        if mark.status == "altered" and mark.base_number
        else f" (adapted by {edition.short_name})"
        if mark.status == "altered"
        else f" (a local principle of {edition.short_name})"
    )
    # clean() trims its ends, so the space that parts the mark from the text is added after.
    paragraph.add_run(" " + clean(words)).italic = True


def _item_row(table: Table, item: ChecklistItem, label: str) -> None:
    cells = table.add_row().cells  # type: ignore[no-untyped-call]  # python-docx 1.2 leaves it untyped
    cells[0].text = clean(label)
    cells[1].text = clean(item.text)
    if item.answer_type == "heading":
        return
    if item.answer_type == "yes-no":
        cells[2].text = f"{BOX} Yes   {BOX} No"
    elif item.answer_type == "choice":
        cells[2].text = "Tick one: " + "   ".join(
            clean(f"{BOX} {option.label if not option.item else option.value}")
            for option in item.options
        )
    else:
        cells[2].text = BOX


def _approvers(document: DocxDocument, doc: Mapping[str, Any], checklist: Checklist) -> None:
    document.add_heading("Who must agree to a formal investigation", level=1)
    if "approval_text" in doc:
        document.add_paragraph(clean(doc["approval_text"]["text"]))
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text, header[1].text = "Staff group", "Who must agree"
    for row in checklist.approvers.values():
        cells = table.add_row().cells
        cells[0].text, cells[1].text = clean(row["applies_to"]), clean(row["role"])


def _saved(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
