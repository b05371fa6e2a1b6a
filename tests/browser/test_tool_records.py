"""The tools' printed records and the answers file, as a manager meets them in real Chromium: the
printed record within its page budget at A4 (printed to PDF with the page's print CSS, read back
with pypdf), the edition used and what replaced it, Open answers asking before it replaces
answers, and a file that answers a question twice refused.

Expected words come from the spec, never from this file.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from browsing import (
    CHECKLIST,
    GUIDE,
    TOOL_PAGES,
    TOOL_PREFIX,
    WatchedPage,
    answer_checklist,
    describe_violations,
    open_tool,
)
from pypdf import PdfReader

import record_cases as cases
from justculture import load_spec
from justculture.engine import evaluate

pytestmark = pytest.mark.browser

SPEC = load_spec()
PAGES, PREFIX = TOOL_PAGES, TOOL_PREFIX


# A date field takes the date as the browser's date input does.
DATE_VALUES = {"decision-date": "2026-03-14"}


def normal(text: str) -> str:
    """One space between words; NFKC undoes the ligatures (ﬁ, ﬀ) that PDF text comes back with."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def answer_guide(page: Any, answers: dict[str, str]) -> None:
    for value in answers.values():
        page.locator(".jct-question").get_by_label(value.capitalize(), exact=True).check()
        page.get_by_role("button", name="Continue").click()


def fill_fields(page: Any, tool: str) -> None:
    prefix = f"{PREFIX[tool]}-field-"
    for field in SPEC.decision_record_fields():
        value = cases.FIELDS[field["id"]]
        if field["type"] == "yes-no":
            page.locator(f"input[name='{prefix}{field['id']}'][value='{value}']").check()
            details = cases.FIELDS.get(f"{field['id']}-details")
            if details:
                page.locator(f"#{prefix}{field['id']}-details").fill(details)
        else:
            page.locator(f"#{prefix}{field['id']}").fill(DATE_VALUES.get(field["id"], value))


def printed_pdf(page: Any) -> list[str]:
    """The record printed at A4 with the page's own print CSS, each page's text read back."""
    page.emulate_media(media="print")
    try:
        data = page.pdf(format="A4", prefer_css_page_size=True)
    finally:
        page.emulate_media(media="screen")
    return [normal(sheet.extract_text() or "") for sheet in PdfReader(io.BytesIO(data)).pages]


def complete_record(watched: WatchedPage, site_url: str, tool: str) -> Any:
    page = open_tool(watched, site_url, tool)
    if tool == GUIDE:
        answer_guide(page, cases.GUIDE_ANSWERS)
        page.wait_for_selector(".jct-outcome__heading")
    else:
        answer_checklist(page, cases.CHECKLIST_ANSWERS)
        page.locator(f"#{PREFIX[CHECKLIST]}-staff-group").select_option("nursing-midwifery")
    fill_fields(page, tool)
    return page


# Page budgets ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("tool", "budget"), [(GUIDE, 2), (CHECKLIST, 3)])
def test_a_complete_record_with_realistic_text_prints_within_its_budget(
    watched: WatchedPage, site_url: str, tool: str, budget: int
) -> None:
    page = complete_record(watched, site_url, tool)
    pages = printed_pdf(page)
    text = " ".join(pages)
    assert len(pages) <= budget, f"{len(pages)} A4 pages, budget {budget}"
    # Every field's text is printed, and the sign-off too.
    assert normal(cases.FIELDS["decision"]) in text
    assert normal(cases.FIELDS["rationale"]) in text
    assert "Signature" in pages[-1]


def test_the_checklist_record_lists_answers_given_and_counts_those_not_needed(
    watched: WatchedPage, site_url: str
) -> None:
    answers = {"1": "conduct", "2": "no", "3": "iii", "3a": "yes", "3b": "yes", "3c": "yes"}
    answers |= {"3d": "yes", "final": "yes"}
    assert evaluate(SPEC, CHECKLIST, answers).complete
    page = open_tool(watched, site_url, CHECKLIST)
    answer_checklist(page, answers)
    page.emulate_media(media="print")
    table = normal(page.locator(".jct-record .jct-table").inner_text())
    record = normal(page.locator(".jct-record").inner_text())
    page.emulate_media(media="screen")
    assert "Not answered" not in record
    answerable = [
        item
        for item in SPEC.document(CHECKLIST)["items"]
        if item["answer"]["type"] in {"yes-no", "choice"}
    ]
    assert table.count(" Yes") == list(answers.values()).count("yes") and " No" in table
    left = len(answerable) - len(answers)
    assert f"{left} questions were not answered. The outcome did not need them." in record


# What replaced the guide ----------------------------------------------------------------------


def replacement() -> dict[str, Any]:
    later = SPEC.document(GUIDE)["status"]["superseded_by_ref"]
    entries = SPEC.document("references")["entries"]
    return next(entry for entry in entries if entry["id"] == later)


@pytest.mark.parametrize("tool", [GUIDE, CHECKLIST])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_tool_page_links_what_replaced_the_guide_and_which_tool(
    watched: WatchedPage, site_url: str, tool: str, width: int
) -> None:
    watched.page.set_viewport_size({"width": width, "height": 900})
    page = open_tool(watched, site_url, tool)
    notice = page.locator(".jct-ui .jct-notice[role=note]").filter(has_text="replaced")
    later = replacement()
    link = notice.get_by_role("link", name=f"{later['title']} ({later['year']})")
    assert link.get_attribute("href") == later["url"]
    which = notice.get_by_role("link", name="which tool to use")
    assert which.evaluate("a => a.href") == site_url + "/which-tool/"
    violations = watched.axe_violations()
    assert violations == [], describe_violations(violations)
    assert watched.foreign_requests() == []


def test_the_printed_guide_record_names_the_edition_used_and_the_address_of_its_replacement(
    watched: WatchedPage, site_url: str
) -> None:
    page = complete_record(watched, site_url, GUIDE)
    text = " ".join(printed_pdf(page))
    note = normal(text.split("Edition used.")[1])
    source = next(
        entry
        for entry in SPEC.document("references")["entries"]
        if entry["id"] == SPEC.document(GUIDE)["source"]["ref"]
    )
    assert note.startswith(f"This record used {source['publisher']}, {source['title']}")
    assert replacement()["url"] in note.replace(" ", "")


# Open answers ---------------------------------------------------------------------------------


def open_answers(page: Any, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Open answers").click()
    chooser.value.set_files(str(path))


def focused_text(page: Any) -> str:
    return normal(page.evaluate("document.activeElement.textContent"))


def answers_now(page: Any) -> dict[str, str]:
    return dict(page.evaluate("document.querySelector('[data-jc-tool]').jcTool.answersFile()"))


GIVEN = {
    GUIDE: {"1a": "no", "2a": "no", "2b": "no"},
    CHECKLIST: {"1": "conduct", "2": "no", "3": "iii", "3a": "yes", "3b": "yes"},
}
IN_FILE = {GUIDE: {"1a": "yes"}, CHECKLIST: {"2a": "yes"}}


@pytest.mark.parametrize("tool", [GUIDE, CHECKLIST])
@pytest.mark.parametrize("choice", ["Keep my answers", "Replace my answers"])
def test_open_answers_asks_before_replacing_answers_already_given(
    watched: WatchedPage, site_url: str, tmp_path: Path, tool: str, choice: str
) -> None:
    page = open_tool(watched, site_url, tool)
    if tool == GUIDE:
        answer_guide(page, GIVEN[tool])
    else:
        answer_checklist(page, GIVEN[tool])
    assert answers_now(page) == GIVEN[tool]
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(IN_FILE[tool]), encoding="utf-8")
    open_answers(page, path)
    question = page.locator(".jct-confirm")
    question.wait_for()
    assert f"You have answered {len(GIVEN[tool])} questions" in focused_text(page)
    # Nothing has changed yet.
    assert answers_now(page) == GIVEN[tool]
    violations = watched.axe_violations()
    assert violations == [], describe_violations(violations)
    question.get_by_role("button", name=choice).click()
    status = page.locator(".jct-keep__status")
    kept = choice == "Keep my answers"
    status.filter(has_text="Nothing was changed" if kept else "Answers opened from").wait_for()
    assert page.evaluate("document.activeElement.classList.contains('jct-keep__status')")
    assert answers_now(page) == (GIVEN[tool] if kept else IN_FILE[tool])
    assert page.locator(".jct-confirm").count() == 0


def test_open_answers_with_no_answers_yet_opens_at_once(
    watched: WatchedPage, site_url: str, tmp_path: Path
) -> None:
    page = open_tool(watched, site_url, CHECKLIST)
    path = tmp_path / "answers.json"
    path.write_text('{"2a": "yes"}', encoding="utf-8")
    open_answers(page, path)
    page.locator(".jct-keep__status").filter(has_text="Answers opened from").wait_for()
    assert page.locator(".jct-confirm").count() == 0
    assert page.evaluate("document.activeElement.classList.contains('jct-keep__status')")


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ('{"2a": "yes", "2a": "no"}', "it answers question 2a twice."),
        ('{"final": "maybe"}', "its answer to “Finally"),
        ('{"2a": "perhaps"}', "its answer to question 2a is not"),
    ],
)
def test_a_file_answering_a_question_twice_or_wrongly_is_refused_by_its_label(
    watched: WatchedPage, site_url: str, tmp_path: Path, content: str, said: str
) -> None:
    page = open_tool(watched, site_url, CHECKLIST)
    bad = tmp_path / "answers.json"
    bad.write_text(content, encoding="utf-8")
    open_answers(page, bad)
    status = page.locator(".jct-keep__status")
    status.filter(has_text="Nothing was changed").wait_for()
    text = normal(status.inner_text())
    assert said in text, text
    assert "final" not in text.replace("Finally", "")
    name = f"{PREFIX[CHECKLIST]}-item-2a-answer"
    assert page.locator(f"input[name='{name}']:checked").count() == 0
