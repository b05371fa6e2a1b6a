"""The printable PDFs and decision records, read back with pypdf as a reader would see them."""

from __future__ import annotations

import concurrent.futures
import datetime
import io
import multiprocessing
import os
import re
import stat
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, cast

import pytest
import weasyprint
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from justculture.engine import evaluate
from justculture.errors import JustCultureError
from justculture.render import pdf
from justculture.render.renderer import Renderer
from record_cases import GUIDE_ANSWERS

GUIDE = "just-culture-guide"
CHECKLIST = "pre-disciplinary-checklist"
MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
A3_LANDSCAPE = (420 * MM, 297 * MM)
A6 = (105 * MM, 148 * MM)
# The layout each printable is designed to have. The checklist's items fill three pages and
# its triumvirate and sign-off start a fourth; the card is a front and a back, and so is the
# sheet of four cards.
EXPECTED = {
    "pre-disciplinary-checklist.pdf": (4, A4),
    "just-culture-guide-poster.pdf": (1, A3_LANDSCAPE),
    "charter.pdf": (3, A4),
    "restorative-questions-card.pdf": (2, A6),
    "restorative-questions-cards-a4.pdf": (2, A4),
}
# The poster hangs on a wall: no text on it is smaller than this, in points.
POSTER_SMALLEST_PT = 9
TODAY = datetime.date(2026, 3, 14)


def squash(text: str) -> str:
    """Drop all whitespace: PDF text extraction breaks lines wherever the layout did."""
    return re.sub(r"\s+", "", text)


def page_texts(path: Path) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(path).pages]


def all_text(path: Path) -> str:
    return "".join(page_texts(path))


def assert_contains(path: Path, texts: list[str], *, fold: bool = False) -> None:
    haystack = all_text(path)
    if fold:
        haystack = haystack.casefold()
    missing = [t for t in texts if (squash(t).casefold() if fold else squash(t)) not in haystack]
    assert not missing, f"{path.name} lacks: {missing}"


@pytest.fixture(scope="module")
def printables(spec: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("printables")
    written = pdf.write_printables(spec, out, Renderer())
    return {path.name: path for path in written}


def test_every_printable_is_written_with_no_leftovers(printables: dict[str, Path]) -> None:
    assert set(printables) == set(EXPECTED)
    folder = next(iter(printables.values())).parent
    assert sorted(path.name for path in folder.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_count_and_size_are_the_designed_layout(
    printables: dict[str, Path], name: str
) -> None:
    pages, (width, height) = EXPECTED[name]
    reader = PdfReader(printables[name])
    assert len(reader.pages) == pages
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(width, abs=1)
        assert float(page.mediabox.height) == pytest.approx(height, abs=1)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_footer_says_what_it_is_the_edition_source_and_page(
    spec: Any, printables: dict[str, Path], name: str
) -> None:
    title = PdfReader(printables[name]).metadata.title  # type: ignore[union-attr]
    edition = f"justculture edition of Being fair (2019) · version {spec.version}"
    texts = page_texts(printables[name])
    for number, text in enumerate(texts, start=1):
        assert squash(f"{title}") in text and squash(f" · {edition}") in text, f"page {number}"
        assert squash(f"Page {number} of {len(texts)}") in text, f"page {number}"
        assert "Source:" in text and "Beingfair(2019)" in text, f"page {number}"
    if name == "just-culture-guide-poster.pdf":
        assert "NHSImprovement,Ajustcultureguide(2018)" in texts[0]


def test_the_poster_has_no_text_smaller_than_9pt(printables: dict[str, Path]) -> None:
    sizes = text_sizes(printables["just-culture-guide-poster.pdf"])
    assert min(sizes) >= POSTER_SMALLEST_PT, sorted(sizes.items())
    # Most of the poster is body text at the smallest size: the rule really was tested.
    assert sizes[min(sizes)] > sum(sizes.values()) / 2


def text_sizes(path: Path) -> dict[float, int]:
    """How many characters the PDF draws at each font size, in points, as a reader sees them."""
    sizes: dict[float, int] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        # The size on the page: the font size scaled by the text and the current matrices.
        points = round(size * abs(tm[0] or 1) * abs(cm[0] or 1), 1)
        if text.strip():
            sizes[points] = sizes.get(points, 0) + len(text.strip())

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_the_sheet_of_cards_has_four_fronts_then_four_backs(
    documents: Mapping[str, Any], printables: dict[str, Path]
) -> None:
    questions = documents["restorative"]["questions"]
    front, back = [
        text.casefold() for text in page_texts(printables["restorative-questions-cards-a4.pdf"])
    ]
    for row in questions:
        assert front.count(squash(row["text"]).casefold()) == 4, row["id"]
        assert back.count(squash(row["explanation"]).casefold()) == 4, row["id"]
    assert squash("cut along the dashed lines") in front


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fonts_are_embedded_and_metadata_set(printables: dict[str, Path], name: str) -> None:
    reader = PdfReader(printables[name])
    fonts = list(_fonts(reader))
    assert fonts
    for font in fonts:
        descriptor: Any = font["/FontDescriptor"].get_object()
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font
    assert reader.metadata is not None and reader.metadata.title
    assert reader.metadata.author
    catalog: Any = reader.trailer["/Root"].get_object()
    assert str(catalog["/Lang"]) == "en-GB"
    assert "/StructTreeRoot" in catalog, "the PDF should be tagged"


def _fonts(reader: PdfReader) -> Iterator[DictionaryObject]:
    """Every font each page uses; for a composite (Type0) font, its descendant font."""
    for page in reader.pages:
        resources: Any = page["/Resources"].get_object()
        for ref in resources.get("/Font", {}).values():
            font: Any = ref.get_object()
            if str(font["/Subtype"]) == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            yield cast(DictionaryObject, font)


def test_checklist_has_every_item_footnote_and_the_sign_off(
    documents: Mapping[str, Any], printables: dict[str, Path]
) -> None:
    doc = documents[CHECKLIST]
    texts = [item["text"] for item in doc["items"]]
    texts += [bullet for item in doc["items"] for bullet in item.get("bullets", [])]
    texts += [note["text"] for note in doc["footnotes"]]
    texts += [row["role"] for row in doc["approvers"]] + [
        row["applies_to"] for row in doc["approvers"]
    ]
    texts += [doc["usage"]["text"], doc["introduction"]["text"], doc["approval_text"]["text"]]
    texts += ["Capability", "Conduct", "Yes", "No", "Notes", "Name", "Role", "Signature", "Date"]
    assert_contains(printables["pre-disciplinary-checklist.pdf"], texts)


def test_poster_has_every_question_outcome_and_the_obligation(
    documents: Mapping[str, Any], printables: dict[str, Path]
) -> None:
    doc = documents[GUIDE]
    texts = [node["question"] for node in doc["nodes"]]
    texts += [test["title"] for test in doc["tests"]]
    texts += [row["title"] for row in doc["outcomes"]] + [
        row["recommendation"] for row in doc["outcomes"]
    ]
    texts += [row["text"] for row in doc["obligations"]] + [doc["status"]["note"]]
    texts += ["Yes → go to 3b", "No → go to 2a"]
    assert_contains(printables["just-culture-guide-poster.pdf"], texts)


def test_charter_has_preamble_and_all_twenty_principles(
    documents: Mapping[str, Any], printables: dict[str, Path]
) -> None:
    doc = documents["charter"]
    assert len(doc["principles"]) == 20
    texts = [doc["title"], doc["attribution"], doc["preamble"]["text"]]
    texts += [row["text"] for row in doc["principles"]]
    assert_contains(printables["charter.pdf"], texts)


def test_card_has_the_questions_and_a_prompt_for_each(
    documents: Mapping[str, Any], printables: dict[str, Path]
) -> None:
    questions = documents["restorative"]["questions"]
    assert any(row.get("extended") for row in questions)
    texts = [row["text"] for row in questions] + [row["explanation"] for row in questions]
    # The card capitalises each question's first letter for display.
    assert_contains(printables["restorative-questions-card.pdf"], texts, fold=True)


# Failures leave nothing behind --------------------------------------------------------------


def _half_write_then_fail(self: Any, target: Any = None, **options: Any) -> None:
    target.write(b"%PDF-1.7\n% half a PDF")
    raise RuntimeError("the renderer broke")


def test_a_failing_record_leaves_no_partial_file(
    spec: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", _half_write_then_fail)
    result = evaluate(spec, GUIDE, GUIDE_ANSWERS)
    with pytest.raises(JustCultureError) as caught:
        pdf.write_record_pdf(spec, result, {}, tmp_path / "record.pdf", Renderer(), today=TODAY)
    assert caught.value.code == "JC502"
    assert not list(tmp_path.iterdir())


def test_a_failing_printable_leaves_no_files_at_all(spec: Any, tmp_path: Path) -> None:
    # The charter's render fails (an image that does not exist), so the other printables are
    # not written either.
    class BrokenCharter(Renderer):
        def render(self, template: str, **context: Any) -> str:
            html = super().render(template, **context)
            if template == "print/charter.html.j2":
                missing = (tmp_path / "missing.png").as_uri()
                html = html.replace("</body>", f'<img src="{missing}" alt=""></body>')
            return html

    with pytest.raises(JustCultureError) as caught:
        pdf.write_printables(spec, tmp_path / "out", BrokenCharter())
    assert caught.value.code == "JC502"
    assert "could not render a PDF" in caught.value.message
    assert not list(tmp_path.iterdir())


def test_parallel_renders_keep_their_order_and_bring_errors_back() -> None:
    pages = [f"<p>Page {number}</p>" for number in range(3)]
    rendered = pdf.render_pdfs(pages)
    assert [PdfReader(io.BytesIO(data)).pages[0].extract_text() for data in rendered] == [
        "Page 0",
        "Page 1",
        "Page 2",
    ]
    remote = '<img src="https://example.invalid/a.png" alt="">'
    with pytest.raises(JustCultureError) as caught:
        pdf.render_pdfs([*pages, remote])
    assert caught.value.code == "JC502"
    assert "example.invalid" in caught.value.message


def test_beside_other_threads_the_workers_are_not_forked_from_this_process() -> None:
    # `mkdocs serve` builds while its server threads run; forking then could copy a held lock.
    stop = threading.Event()
    server = threading.Thread(target=stop.wait, daemon=True)
    server.start()
    try:
        assert pdf._worker_context().get_start_method() in ("forkserver", "spawn")
        rendered = pdf.render_pdfs(["<p>One</p>", "<p>Two</p>"])
    finally:
        stop.set()
        server.join()
    assert [PdfReader(io.BytesIO(data)).pages[0].extract_text() for data in rendered] == [
        "One",
        "Two",
    ]


def test_without_worker_processes_the_pdfs_render_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_processes(*args: Any, **kwargs: Any) -> Any:
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(pdf, "ProcessPoolExecutor", no_processes)
    rendered = pdf.render_pdfs(["<p>One</p>", "<p>Two</p>"])
    assert [PdfReader(io.BytesIO(data)).pages[0].extract_text() for data in rendered] == [
        "One",
        "Two",
    ]


def _render_without_a_pool(htmls: list[str]) -> list[bytes]:
    """Runs in a worker process of the test's own pool."""

    def no_pool(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a worker process started a pool of its own")

    pdf.ProcessPoolExecutor = no_pool  # type: ignore[misc, assignment]
    return pdf.render_pdfs(htmls)


def test_inside_a_worker_process_the_pdfs_render_one_by_one() -> None:
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        rendered = pool.submit(_render_without_a_pool, ["<p>One</p>", "<p>Two</p>"]).result()
    assert [PdfReader(io.BytesIO(data)).pages[0].extract_text() for data in rendered] == [
        "One",
        "Two",
    ]


def test_an_existing_pdf_survives_a_failed_rewrite(
    spec: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "record.pdf"
    out.write_bytes(b"the old record")
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", _half_write_then_fail)
    with pytest.raises(JustCultureError):
        pdf.write_record_pdf(spec, evaluate(spec, GUIDE, {}), {}, out, Renderer(), today=TODAY)
    assert out.read_bytes() == b"the old record"
    assert [path.name for path in tmp_path.iterdir()] == ["record.pdf"]


def test_remote_resources_are_refused(
    spec: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class RemoteImage(Renderer):
        def render(self, template: str, **context: Any) -> str:
            return (
                '<html><body><p>x</p><img src="https://example.invalid/a.png" alt=""></body></html>'
            )

    with pytest.raises(JustCultureError) as caught:
        pdf.write_printables(spec, tmp_path, RemoteImage())
    assert caught.value.code == "JC502"
    assert not list(tmp_path.iterdir())
    with pytest.raises(ValueError, match="disallowed protocol"):
        pdf.url_fetcher().fetch("http://example.invalid/style.css")


def test_a_target_that_cannot_be_replaced_is_reported(spec: Any, tmp_path: Path) -> None:
    (tmp_path / "record.pdf").mkdir()
    with pytest.raises(JustCultureError) as caught:
        pdf.write_record_pdf(
            spec, evaluate(spec, GUIDE, {}), {}, tmp_path / "record.pdf", Renderer()
        )
    assert caught.value.code == "JC502"
    assert [path.name for path in tmp_path.iterdir()] == ["record.pdf"]


def test_printables_follow_the_umask(printables: dict[str, Path]) -> None:
    # A site build is served to others, so the PDFs must not keep a temp file's 0600 mode.
    umask = os.umask(0)
    os.umask(umask)
    for path in printables.values():
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path.name
