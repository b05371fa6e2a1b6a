"""What the command line and its records say, as a manager reads them (review of issue 13).

The checklist's last question is "Finally": named by its words or as "the final question",
never by its id and never with the word twice. Headers say which edition in plain words. A
record's fields take what a record can print; bidirectional controls never reach a PDF; the
replaced guide and charter say what replaced them, with the address; footers stay clear of the
paper's edge; an answers file's errors talk about an answers file; ``--out`` writes one file in
a folder that exists. Commands run in a fresh process (tests/cli_runs.py); PDFs are read back
with pypdf.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from cli_runs import run_justculture
from justculture.engine import evaluate
from justculture.interactive import markdown_record
from justculture.render import pdf
from justculture.render.renderer import Renderer

GUIDE = "just-culture-guide"
CHECKLIST = "pre-disciplinary-checklist"
TODAY = datetime.date(2026, 12, 1)
MM = 72 / 25.4
# Most printers leave the outer 5 mm or so blank; a footer 8 mm up survives any of them.
CLEAR_OF_THE_EDGE_MM = 8
DESCENT_MM = 0.7
# The review's command: everything answered but the final question.
NOT_FINISHED = ["1=conduct", "3=iii", "3a=yes", "3b=yes", "3c=yes", "3d=yes"]
# "final" as an id: the word alone, not "the final question" or "Finally".
RAW_FINAL = re.compile(r"\bfinal\b(?! question)")
# Every checklist question, in the order walk asks them; the final question's Yes (among
# others) does not change the result.
WALK_REPLIES = [
    "conduct",
    "yes",
    "no",
    "yes",
    "yes",
    "no",
    "i",
    "no",
    "no",
    "yes",
    "no",
    "no",
    "no",
    "no",
    "no",
    "yes",
    "no",
    "no",
    "yes",
    "yes",
    "yes",
    "yes",
    "yes",
    "no",
    "yes",
    "yes",
    "yes",
]
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def one_line(text: str) -> str:
    return " ".join(text.split())


def record(*args: object) -> Any:
    return run_justculture("record", CHECKLIST, *args)


# The final question, by its words --------------------------------------------------------------


def test_evaluate_names_the_final_question_and_the_edition_in_plain_words() -> None:
    done = run_justculture(
        "evaluate", CHECKLIST, *(part for pair in NOT_FINISHED for part in ("--answer", pair))
    )
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first == (
        "Pre-disciplinary checklist (justculture edition of Being fair (2019), version "
        f"{first.rsplit(' ', 1)[-1]}"
    )
    assert "spec" not in done.stdout
    assert "Answer next: the final question" in done.stdout
    assert not RAW_FINAL.search(done.stdout)


def test_walk_asks_the_final_question_by_its_words_and_lists_it_in_words(tmp_path: Path) -> None:
    out = tmp_path / "walk.md"
    done = run_justculture("walk", CHECKLIST, "--record", out, stdin="\n".join(WALK_REPLIES) + "\n")
    assert done.returncode == 0, done.stderr
    assert "\nFinally, have you determined" in done.stdout
    assert "Finally: Finally" not in done.stdout
    assert "(justculture edition of Being fair (2019), version" in done.stdout
    unused = next(line for line in done.stdout.splitlines() if "did not change the result" in line)
    assert "the final question" in unused
    assert not RAW_FINAL.search(done.stdout)
    text = out.read_text(encoding="utf-8")
    assert "| Finally, have you determined" in text
    assert "Finally: Finally" not in text and "Finally | Finally" not in text
    assert not RAW_FINAL.search(text)


def test_the_markdown_record_dates_itself_as_the_pdf_does(spec: Any) -> None:
    result = evaluate(spec, CHECKLIST, {"1": "conduct", "3": "iii", "final": "no"})
    text = markdown_record(spec, result, Renderer(), today=TODAY)
    assert "Record made on 1 December 2026." in text
    assert "2026-12-01" not in text
    # A step still to do is named once, by its words.
    assert "\n- Finally, have you determined" in text
    assert not RAW_FINAL.search(text)


def test_the_pdf_record_says_finally_once_and_gives_the_choice_in_why(
    spec: Any, tmp_path: Path
) -> None:
    answers = {"1": "conduct", "2": "no", "3": "iii", "3a": "yes", "final": "no"}
    result = evaluate(spec, CHECKLIST, answers)
    out = pdf.write_record_pdf(spec, result, {}, tmp_path / "r.pdf", Renderer(), today=TODAY)
    text = one_line(pdf_text(out))
    assert "Finally Finally" not in text
    assert "Finally, have you determined" in text
    why = text[text.index("Why") : text.index("Questions and answers")]
    assert "For question 3 you chose iii:" in why
    assert not RAW_FINAL.search(text)


# Record fields ---------------------------------------------------------------------------------


def test_a_yes_no_field_takes_only_yes_or_no(tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    done = record("--field", "able-to-contribute=maybe", "--out", out)
    assert done.returncode != 0
    assert "JC406" in done.stderr
    assert "able-to-contribute" in done.stderr and "yes or no" in done.stderr
    assert not out.exists()


def test_a_control_character_in_a_field_is_refused_with_a_code(tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    done = record("--field", "staff-member=ab\x1b[31mRED\x07", "--out", out)
    assert done.returncode != 0
    assert "JC406" in done.stderr and "U+001B" in done.stderr and "staff-member" in done.stderr
    assert "\x1b" not in done.stderr
    assert not out.exists()


def test_a_tab_or_line_break_in_a_field_becomes_a_space(tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    done = record("--field", "case-reference=A\tB\rC\nD", "--out", out)
    assert done.returncode == 0, done.stderr
    assert "A B C D" in pdf_text(out)


def test_the_field_rule_is_in_the_help() -> None:
    done = run_justculture("record", "--help")
    assert "control characters are refused" in one_line(done.stdout)
    assert "not written to standard output" in one_line(done.stdout)


# Bidirectional controls ------------------------------------------------------------------------


def test_no_bidi_control_reaches_a_record_from_a_field(tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    done = record("--field", "staff-member=x \u202eevil", "--out", out)
    assert done.returncode == 0, done.stderr
    text = pdf_text(out)
    assert "x evil" in text and "live" not in text


@pytest.mark.parametrize("control", list(BIDI))
def test_the_one_print_filter_drops_every_bidi_control(control: str) -> None:
    # Every PDF (records, printables, packs, reports) is rendered by pdf_bytes, whatever the
    # text came from: a field, a trust's profile or the spec.
    data = pdf.pdf_bytes(f"<p>Eastbrook {control}Trust {control}evil</p>")
    path_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Eastbrook Trust evil" in path_text
    assert control not in path_text


def test_a_profile_name_with_an_override_prints_in_order_in_the_footer(
    tmp_path: Path, spec: Any
) -> None:
    from justculture.render.renderer import print_text

    html = Renderer().render(
        "print/base.html.j2",
        spec_version=spec.version,
        edition={"adapted_from": "Eastbrook \u202eTrust"},
    )
    assert "\u202e" in html  # the template keeps it; the print filter takes it out
    assert "\u202e" not in print_text(html)


# The replaced guide and charter ----------------------------------------------------------------


@pytest.fixture(scope="module")
def printables(spec: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("printables")
    paths = pdf.write_printables(spec, out, Renderer(), cache_dir=out / ".cache")
    return {path.name: path for path in paths}


@pytest.mark.parametrize(
    ("name", "document"),
    [("just-culture-guide-poster.pdf", GUIDE), ("charter.pdf", "charter")],
)
def test_a_replaced_document_names_what_replaced_it_with_the_address(
    printables: dict[str, Path], documents: Mapping[str, Any], name: str, document: str
) -> None:
    ref_id = documents[document]["status"]["superseded_by_ref"]
    entry = next(e for e in documents["references"]["entries"] if e["id"] == ref_id)
    text = re.sub(r"\s+", "", pdf_text(printables[name]))
    assert re.sub(r"\s+", "", entry["url"]) in text
    assert re.sub(r"\s+", "", f"Replaced by: {entry['publisher']}, {entry['title']}") in text


@pytest.mark.parametrize(
    "name",
    [
        "restorative-questions-cards-a4.pdf",
        "restorative-questions-card.pdf",
        "just-culture-guide-poster.pdf",
        "charter.pdf",
        "pre-disciplinary-checklist.pdf",
    ],
)
def test_every_footer_line_is_clear_of_the_paper_edge(
    printables: dict[str, Path], name: str
) -> None:
    for page in PdfReader(printables[name]).pages:
        # The lowest baseline, less the descent of a letter of 9 pt (the largest footer's size).
        lowest_mm = min(baselines(page)) / MM - DESCENT_MM
        assert lowest_mm >= CLEAR_OF_THE_EDGE_MM, (name, round(lowest_mm, 1))


def baselines(page: Any) -> list[float]:
    """The height above the page's foot, in points, of each run of text on ``page``."""
    found: list[float] = []

    def visit(text: str, cm: Any, tm: Any, *_: Any) -> None:
        if text.strip():
            found.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    return found


# The answers file ------------------------------------------------------------------------------


def test_an_oversized_answers_file_is_called_an_answers_file() -> None:
    done = run_justculture("evaluate", GUIDE, "--answers", "/dev/zero")
    assert done.returncode != 0
    assert "JC112" in done.stderr and "an answers file is far smaller" in done.stderr
    assert "spec" not in done.stderr


def test_a_deeply_nested_answers_file_is_called_an_answers_file(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 5000, encoding="utf-8")
    done = run_justculture("evaluate", GUIDE, "--answers", deep)
    assert done.returncode != 0
    assert "JC103" in done.stderr and "an answers file" in done.stderr
    assert "spec" not in done.stderr


def test_true_in_an_answers_file_is_explained(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("1a: no\n2a: true\n", encoding="utf-8")
    done = run_justculture("evaluate", GUIDE, "--answers", answers)
    assert done.returncode != 0
    assert f"{answers}:2:5: error[JC403]" in done.stderr
    assert "YAML reads as true or false" in done.stderr and '2a: "yes"' in done.stderr
    assert "True is not an answer" not in done.stderr


# Where a record goes ---------------------------------------------------------------------------


def test_a_record_is_never_written_to_a_file_named_dash(tmp_path: Path) -> None:
    done = run_justculture("record", GUIDE, "--answer", "1a=yes", "--out", "-", cwd=tmp_path)
    assert done.returncode != 0 and "JC411" in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["record", "walk"])
def test_a_missing_folder_is_named_not_made(tmp_path: Path, command: str) -> None:
    target = tmp_path / "no" / "such" / "record.pdf"
    if command == "record":
        done = run_justculture("record", GUIDE, "--answer", "1a=yes", "--out", target)
    else:
        done = run_justculture("walk", GUIDE, "--record", target, stdin="yes\n")
    assert done.returncode != 0
    assert "JC415" in done.stderr and str(target.parent) in done.stderr
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("kind", ["link", "pipe"])
def test_force_never_puts_a_file_in_place_of_a_link_or_a_pipe(tmp_path: Path, kind: str) -> None:
    # As /dev/null or /dev/stdout would be: --force replaces ordinary files only.
    target = tmp_path / "record.pdf"
    if kind == "link":
        (tmp_path / "elsewhere.txt").write_text("keep me", encoding="utf-8")
        target.symlink_to(tmp_path / "elsewhere.txt")
    else:
        import os

        os.mkfifo(target)
    done = record("--answer", "1=conduct", "--out", target, "--force")
    assert done.returncode == 1
    assert "error[JC505]" in done.stderr and "not an ordinary file" in done.stderr
    assert target.is_symlink() if kind == "link" else target.is_fifo()
    assert not (tmp_path / ".justculture-outputs").exists()
    if kind == "link":
        assert (tmp_path / "elsewhere.txt").read_text(encoding="utf-8") == "keep me"


def test_a_long_unbroken_value_wraps_and_is_printed_whole(tmp_path: Path) -> None:
    out = tmp_path / "long.pdf"
    reference = "C" * 90
    rationale = "b" * 300
    done = record(
        "--answer", "1=conduct", "--field", f"case-reference={reference}",
        "--field", f"rationale={rationale}", "--out", out,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = re.sub(r"\s+", "", pdf_text(out))
    assert reference in text and rationale in text
