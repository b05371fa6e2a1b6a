"""Decision records a manager can file, read back with pypdf as a reader would see them.

A record holds the case at the top, any alerts in a box above the outcome, the outcome, the
answers, the decision fields and the sign-off together; a complete record fits its page budget.
Nothing printed (records and printables alike) shows a raw id or a developer's word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from justculture.engine import Result, evaluate
from justculture.errors import JustCultureError
from justculture.interactive import markdown_record
from justculture.render import pdf
from justculture.render.renderer import Renderer
from justculture.views.record import record_field_ids
from record_cases import (
    CHECKLIST,
    CHECKLIST_ANSWERS,
    FIELDS,
    GUIDE,
    GUIDE_ANSWERS,
    RED_FLAGS,
    TODAY,
)

# Words only a developer would use; "final" is the checklist item's id, never its label.
DEVELOPER_WORDS = ("Spec version", "spec_version", "`")


def squash(text: str) -> str:
    """Drop all whitespace: PDF text extraction breaks lines wherever the layout did."""
    return re.sub(r"\s+", "", text)


def page_texts(path: Path) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(path).pages]


def write(spec: Any, result: Result, fields: Mapping[str, str], out: Path) -> Path:
    return pdf.write_record_pdf(spec, result, fields, out, Renderer(), today=TODAY)


@pytest.fixture(scope="module")
def records(spec: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Complete records of both tools, the issue's red flags, and a blank guide record."""
    out = tmp_path_factory.mktemp("records")
    runs = {
        "guide": (evaluate(spec, GUIDE, GUIDE_ANSWERS), FIELDS),
        "checklist": (
            evaluate(spec, CHECKLIST, CHECKLIST_ANSWERS, staff_group="nursing-midwifery"),
            FIELDS,
        ),
        "red-flags": (evaluate(spec, CHECKLIST, RED_FLAGS), FIELDS),
        "blank": (evaluate(spec, GUIDE, GUIDE_ANSWERS), {}),
    }
    return {
        name: write(spec, result, fields, out / f"{name}.pdf")
        for name, (result, fields) in runs.items()
    }


@pytest.fixture(scope="module")
def printables(spec: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("printables")
    return {path.name: path for path in pdf.write_printables(spec, out, Renderer())}


# The case, the alerts, the outcome, the answers, the decision and the sign-off ----------------


@pytest.mark.parametrize("name", ["guide", "checklist"])
def test_the_case_fields_are_at_the_top_with_the_values_given(
    spec: Any, records: dict[str, Path], name: str
) -> None:
    first = page_texts(records[name])[0]
    labels = {field["id"]: field["label"] for field in spec.decision_record_fields()}
    for field in ("case-reference", "staff-member", "people-involved"):
        shown = squash(labels[field] + FIELDS[field])
        assert shown in first, field
        assert first.index(shown) < first.index("Outcome"), f"{field} should come first"


def test_alerts_are_in_a_box_above_the_outcome_in_the_words_of_the_data(
    spec: Any, records: dict[str, Path]
) -> None:
    result = evaluate(spec, CHECKLIST, RED_FLAGS)
    assert result.outcome is not None
    assert {alert["severity"] for alert in result.alerts} == {"stop", "check"}
    text = "".join(page_texts(records["red-flags"]))
    outcome = text.index(squash(result.outcome["title"]))
    for alert in result.alerts:
        assert squash(alert["text"]) in text[:outcome], alert["id"]
    stop, check = squash(spec.label("severity", "stop")), squash(spec.label("severity", "check"))
    assert text.index(stop) < text.index(check) < outcome


def test_a_record_without_alerts_has_no_alert_box(spec: Any, records: dict[str, Path]) -> None:
    assert not evaluate(spec, GUIDE, GUIDE_ANSWERS).alerts
    text = "".join(page_texts(records["guide"]))
    assert squash(spec.label("severity", "stop")) + "Get" not in text


def test_the_order_is_outcome_answers_decision_then_sign_off(
    spec: Any, documents: Mapping[str, Any], records: dict[str, Path]
) -> None:
    text = "".join(page_texts(records["guide"]))
    result = evaluate(spec, GUIDE, GUIDE_ANSWERS)
    assert result.outcome is not None
    nodes = {node["id"]: node for node in documents[GUIDE]["nodes"]}
    places = [
        text.index(squash(result.outcome["title"])),
        text.index(squash("1a" + nodes["1a"]["question"])),
        text.index(squash("5a" + nodes["5a"]["question"])),
        text.index(squash(FIELDS["information-obtained"])),
        text.index(squash(FIELDS["decision"])),
        text.index("Sign-off"),
    ]
    assert places == sorted(places)


def test_every_field_is_printed_with_its_label_and_value(
    spec: Any, records: dict[str, Path]
) -> None:
    for name in ("guide", "checklist"):
        text = "".join(page_texts(records[name]))
        for field in spec.decision_record_fields():
            assert squash(field["label"]) in text, (name, field["id"])
            value = FIELDS[field["id"]]
            assert squash(value if field["type"] != "yes-no" else "Yes") in text, field["id"]


def test_the_sign_off_keeps_decision_maker_approver_and_date_together(
    spec: Any, records: dict[str, Path]
) -> None:
    labels = {field["id"]: field["label"] for field in spec.decision_record_fields()}
    for name in ("guide", "checklist", "red-flags", "blank"):
        last = page_texts(records[name])[-1]
        for field in ("decision-maker", "approver", "decision-date"):
            assert squash(labels[field]) in last, (name, field)
        # Never alone on a page: the last decision field comes with it.
        assert squash(labels["decision"]) in last, name
        assert last.index(squash(labels["decision"])) < last.index("Sign-off")


def test_the_checklist_record_names_the_staff_group_and_who_must_agree(
    spec: Any, records: dict[str, Path]
) -> None:
    result = evaluate(spec, CHECKLIST, CHECKLIST_ANSWERS, staff_group="nursing-midwifery")
    assert result.approver is not None
    first = page_texts(records["checklist"])[0]
    assert squash("Staff group" + result.approver["applies_to"]) in first
    assert squash("Who must agree to a formal investigation") in first
    assert squash(result.approver["role"]) in first


def test_one_sign_off_the_data_defines(spec: Any, records: dict[str, Path]) -> None:
    text = "".join(page_texts(records["checklist"]))
    assert squash("Decision made by") in text and squash("Agreed by") in text
    for old in ("Decision-maker", "Checked by"):
        assert squash(old) not in text


# Page budgets -----------------------------------------------------------------------------


def test_a_complete_guide_record_fits_on_two_a4_pages(records: dict[str, Path]) -> None:
    assert len(PdfReader(records["guide"]).pages) == 2


def test_a_complete_checklist_record_fits_on_three_a4_pages(records: dict[str, Path]) -> None:
    assert len(PdfReader(records["checklist"]).pages) == 3


def test_blank_fields_print_lines_to_write_on_compactly(
    spec: Any, records: dict[str, Path]
) -> None:
    # Every field's help says what to write; the blank record stays within three pages.
    text = "".join(page_texts(records["blank"]))
    for field in spec.decision_record_fields():
        assert squash(field["help"]) in text, field["id"]
    assert len(PdfReader(records["blank"]).pages) <= 3


# The edition used -------------------------------------------------------------------------


def test_a_record_of_the_replaced_guide_says_which_edition_it_used(
    documents: Mapping[str, Any], records: dict[str, Path]
) -> None:
    status = documents[GUIDE]["status"]
    first = page_texts(records["guide"])[0]
    used = "This record used NHS Improvement, A just culture guide (2018), as described in "
    assert squash(used + "NHS Resolution, Being fair (2019).") in first
    assert squash(status["note"]) in first
    assert "shouldnot" not in first.casefold()


def test_a_record_of_a_current_tool_has_no_edition_note(records: dict[str, Path]) -> None:
    assert "Thisrecordused" not in "".join(page_texts(records["checklist"]))


# No raw ids, no developer words -------------------------------------------------------------


def hyphenated_ids(spec: Any) -> set[str]:
    """Every id in the spec with a hyphen: nothing a reader sees, so never printed."""
    return {key for key in _ids(dict(spec.documents)) if "-" in key}


def _ids(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        if isinstance(data.get("id"), str):
            yield data["id"]
        for value in data.values():
            yield from _ids(value)
    elif isinstance(data, list):
        for value in data:
            yield from _ids(value)


def test_nothing_printed_shows_a_raw_id_or_a_developer_word(
    spec: Any, records: dict[str, Path], printables: dict[str, Path]
) -> None:
    ids = hyphenated_ids(spec)
    assert {GUIDE, CHECKLIST, "case-reference", "formal-investigation"} <= ids
    for name, path in {**records, **printables}.items():
        spaced = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)
        squashed = squash(spaced)
        found = sorted(key for key in ids if key in squashed)
        assert not found, f"{name} prints ids: {found}"
        words = [word for word in DEVELOPER_WORDS if squash(word) in squashed]
        assert not words, f"{name} prints {words}"
        # The checklist's last item is "Finally", never its id "final".
        assert not re.search(r"\bfinal\b(?! question)", spaced, re.IGNORECASE), name


def test_the_checklist_record_gives_the_final_item_by_its_words_once(
    records: dict[str, Path],
) -> None:
    # The paper numbers it "Finally", which its words begin with: the No. cell is left empty.
    text = "".join(page_texts(records["checklist"]))
    assert squash("Finally, have you determined") in text
    assert squash("Finally Finally") not in text


# The Markdown record (walk --record) ---------------------------------------------------------


def test_the_markdown_record_has_the_same_parts_in_the_same_order(spec: Any) -> None:
    result = evaluate(spec, CHECKLIST, {**RED_FLAGS, "final": "no"})
    assert result.outcome is not None
    text = markdown_record(spec, result, Renderer(), today=TODAY)
    labels = [field["label"] for field in spec.decision_record_fields()]
    stop = text.index(f"> **{spec.label('severity', 'stop')}**")
    check = text.index(f"> **{spec.label('severity', 'check')}**")
    places = [
        *(text.index(f"- {label}: ") for label in labels[:3]),
        stop,
        check,
        text.index(result.outcome["title"]),
        text.index("## Questions and answers"),
        text.index(f"### {labels[3]}"),
        *(text.index(f"- {label}: ") for label in labels[-3:]),
    ]
    assert places == sorted(places)
    for alert in result.alerts:
        assert alert["text"] in text[: stop + 2000]
    assert "| Finally, have you" in text and "Finally: Finally" not in text
    assert "final" not in re.sub(r"[Tt]he final question", "", text)
    assert "Spec version" not in text and "`" not in text


def test_the_markdown_record_of_the_guide_says_which_edition_it_used(
    spec: Any, documents: Mapping[str, Any]
) -> None:
    text = markdown_record(spec, evaluate(spec, GUIDE, {"1a": "no"}), Renderer(), today=TODAY)
    assert "> **Edition used.** This record used NHS Improvement, A just culture guide" in text
    assert " ".join(documents[GUIDE]["status"]["note"].split()) in text
    assert GUIDE not in text


# Unknown fields and unfinished runs ---------------------------------------------------------


def test_a_record_of_an_unfinished_run_says_what_to_answer_next(spec: Any, tmp_path: Path) -> None:
    out = write(spec, evaluate(spec, GUIDE, {"1a": "no"}), {}, tmp_path / "record.pdf")
    text = "".join(page_texts(out))
    assert squash("No outcome yet") in text and squash("Answer next: 2a") in text


def test_record_field_ids_and_unknown_fields(spec: Any, tmp_path: Path) -> None:
    ids = record_field_ids(spec)
    assert {"case-reference", "rationale", "approver", "able-to-contribute-details"} <= set(ids)
    result = evaluate(spec, GUIDE, GUIDE_ANSWERS)
    with pytest.raises(JustCultureError) as caught:
        write(spec, result, {"nonsense": "x"}, tmp_path / "r.pdf")
    assert caught.value.code == "JC406"
    assert not list(tmp_path.iterdir())
