"""Printable PDFs (checklist, guide poster, charter, restorative card) and decision records.

Python here only picks a template, gathers the spec data it shows and hands the HTML to
WeasyPrint. Every element is in ``templates/print/*.html.j2`` and every style in
``templates/print/print.css``. Each PDF is written to a temporary name in the target folder and
renamed into place (``justculture.outputs``), so a failure never leaves a half-written file.

Every PDF uses only the fonts bundled in ``render/fonts`` (``templates/print/fonts.css``), so it
comes out the same on every machine. The printables render in parallel worker processes, and a
printable whose inputs are unchanged since the last build comes from a cache of PDFs instead.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import importlib
import multiprocessing
import os
import secrets
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..cache import cache_dir
from ..engine import Result
from ..errors import BuildError, JustCultureError, UsageError
from ..extras import require
from ..model import Checklist, Flow, Spec
from ..outputs import write_all, write_one
from ..views import answered_questions, items_by_parent, poster_columns
from ..views.questions import question_names, question_numbers
from ..views.record import record_date, record_field_ids, record_view
from .renderer import Renderer, print_text

if TYPE_CHECKING:
    import weasyprint

CHECKLIST_ID = "pre-disciplinary-checklist"
GUIDE_ID = "just-culture-guide"
CHARTER_ID = "charter"
RESTORATIVE_ID = "restorative"
REFERENCES_ID = "references"
MANIFEST_KIND = "manifest"
# Only local files and inline data: a printable must never reach out to the network.
LOCAL_SCHEMES = ("file", "data")
# PDF/UA-1 turns on tagging (structure tree, reading order) and writes XMP metadata.
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}
# The bundled fonts, as package data: justculture/render/fonts.
FONTS_PACKAGE = "justculture"
FONTS_FOLDER = ("render", "fonts")
# The files templates/print/fonts.css names; WeasyPrint only warns about a missing one.
FONT_FILES = tuple(
    f"LiberationSans-{style}.ttf" for style in ("Regular", "Bold", "Italic", "BoldItalic")
)
# Enough for the base edition and a few hundred trusts' editions (four printables each, some
# 30 KiB apiece); beyond that, the least recently used PDFs are dropped.
CACHE_ENTRIES = 2048


@dataclass(frozen=True)
class Printable:
    filename: str
    template: str
    document: str


PRINTABLES: tuple[Printable, ...] = (
    Printable("pre-disciplinary-checklist.pdf", "print/checklist.html.j2", CHECKLIST_ID),
    Printable("just-culture-guide-poster.pdf", "print/guide_poster.html.j2", GUIDE_ID),
    Printable("charter.pdf", "print/charter.html.j2", CHARTER_ID),
    # A document's page links the last of its printables: the A6 card, not the sheet of four.
    Printable(
        "restorative-questions-cards-a4.pdf", "print/restorative_cards_a4.html.j2", RESTORATIVE_ID
    ),
    Printable("restorative-questions-card.pdf", "print/restorative_card.html.j2", RESTORATIVE_ID),
)


# Public API -------------------------------------------------------------------------------


def write_printables(
    spec: Spec, out_dir: Path, renderer: Renderer, *, cache_dir: Path | None = None
) -> list[Path]:
    """Write every printable into ``out_dir``; all are staged first, then renamed into place.

    A printable whose HTML, fonts and renderer versions are unchanged is taken from the cache
    (``cache_dir``, by default :func:`default_cache_dir`); the others render in parallel.
    """
    htmls = [
        renderer.render(printable.template, **_printable_context(spec, printable.document))
        for printable in PRINTABLES
    ]
    pdfs = cached_pdfs(htmls, PdfCache(cache_dir or default_cache_dir()))
    return write_all(
        out_dir, [(p.filename, data) for p, data in zip(PRINTABLES, pdfs, strict=True)]
    )


def write_record_pdf(
    spec: Spec,
    result: Result,
    fields: Mapping[str, str],
    out: Path,
    renderer: Renderer,
    *,
    today: datetime.date | None = None,
) -> Path:
    """Write a decision record for one evaluation, filling in the free-text ``fields`` given."""
    unknown = [name for name in fields if name not in record_field_ids(spec)]
    if unknown:
        known = ", ".join(record_field_ids(spec))
        message = f"'{unknown[0]}' is not a record field; use one of: {known}"
        raise UsageError("JC406", message)
    html = renderer.render("print/record.html.j2", **_record_context(spec, result, fields, today))
    return write_one(out, pdf_bytes(html))


# Contexts ---------------------------------------------------------------------------------


def _common_context(spec: Spec, doc_id: str) -> dict[str, Any]:
    doc = spec.documents[doc_id]
    return {
        "doc": doc,
        "spec_version": spec.version,
        "refs": _references(spec),
        "publisher": _publisher(spec),
    }


def _publisher(spec: Spec) -> str:
    manifests = spec.ids_of_kind(MANIFEST_KIND)
    manifest = spec.documents[manifests[0]] if manifests else {}
    return str(manifest.get("publisher", "The justculture project"))


def _printable_context(spec: Spec, doc_id: str) -> dict[str, Any]:
    context = _common_context(spec, doc_id)
    tool = spec.tools.get(doc_id)
    if isinstance(tool, Checklist):
        context["groups"] = [
            {"item": group.item.data, "children": [child.data for child in group.children]}
            for group in items_by_parent(tool)
        ]
    if isinstance(tool, Flow):
        context.update(_poster_context(tool))
    return context


def _poster_context(flow: Flow) -> dict[str, Any]:
    """One column per test (from the shared view), and a letter for each outcome.

    Outcomes get letters (A, B, ...) in the order the columns place them, so a question's
    "Yes -> B" can point at a box by name.
    """
    columns = poster_columns(flow)
    placed = [outcome.id for column in columns for outcome in column.outcomes]
    return {
        "columns": [
            {
                "test": flow.tests[column.id],
                "nodes": [node.data for node in column.nodes],
                "outcomes": [outcome.data for outcome in column.outcomes],
            }
            for column in columns
        ],
        "letters": {key: chr(ord("A") + index) for index, key in enumerate(placed)},
        "outcomes": {key: outcome.data for key, outcome in flow.outcomes.items()},
    }


def _record_context(
    spec: Spec, result: Result, fields: Mapping[str, str], today: datetime.date | None
) -> dict[str, Any]:
    tool = spec.tool(result.tool)
    context = _common_context(spec, result.tool)
    context.update(
        tool=tool,
        result=result.to_dict(),
        asked=answered_questions(tool, result.answers, unused=result.unused),
        names=question_names(tool),
        numbers=question_numbers(tool),
        why=_why(tool, result),
        view=record_view(spec, result.tool, result.alerts, fields),
        date=record_date(today or datetime.date.today()),
    )
    return context


def _why(tool: Flow | Checklist, result: Result) -> list[dict[str, Any]]:
    """The reasons the record's Why words: the rules, and each choice made (a yes or no is
    already in the record's table of answers, so it is not said twice)."""
    reasons: list[dict[str, Any]] = result.to_dict()["reasons"]
    return [
        reason
        for reason in reasons
        if "rule" in reason
        or (isinstance(tool, Checklist) and tool.items[reason["question"]].answer_type == "choice")
    ]


def _references(spec: Spec) -> dict[str, Mapping[str, Any]]:
    entries = spec.documents.get(REFERENCES_ID, {}).get("entries", [])
    return {entry["id"]: entry for entry in entries}


# WeasyPrint -------------------------------------------------------------------------------


def url_fetcher() -> weasyprint.URLFetcher:
    """A fetcher that refuses anything but local files and data URLs, and stops the render."""
    return _weasyprint().URLFetcher(allowed_protocols=LOCAL_SCHEMES, fail_on_errors=True)


def _weasyprint() -> ModuleType:
    """WeasyPrint, imported only when a PDF is really rendered: the import takes most of a
    second, which a build whose printables all come from the cache never needs to spend."""
    require("pdf", "making a PDF")
    return importlib.import_module("weasyprint")


@contextmanager
def fonts_folder() -> Iterator[Path]:
    """The folder of bundled fonts, as a real path for as long as the ``with`` block lasts.

    A missing font is an error (JC502): WeasyPrint would quietly use a system font instead.
    """
    with resources.as_file(resources.files(FONTS_PACKAGE).joinpath(*FONTS_FOLDER)) as folder:
        missing = [name for name in FONT_FILES if not (Path(folder) / name).is_file()]
        if missing:
            message = (
                f"the bundled font {missing[0]} is missing from {folder}; reinstall justculture"
            )
            raise BuildError("JC502", message)
        yield Path(folder)


def pdf_bytes(html: str) -> bytes:
    """Render HTML to a tagged PDF with WeasyPrint, fetching nothing from the network (JC502).

    Relative URLs (the ``@font-face`` sources) resolve in the bundled fonts folder. Every PDF
    comes through here, so here the one print filter (`print_text`) takes out bidirectional
    controls, whichever template, field, profile or spec text they came from.
    """
    html = print_text(html)
    weasyprint = _weasyprint()
    from weasyprint.urls import FatalURLFetchingError

    # WeasyPrint's layout raises many kinds of error, and a refused URL is a BaseException
    # (FatalURLFetchingError); each must become a JC502 message, never a traceback.
    try:
        with fonts_folder() as folder:
            base_url = folder.as_uri() + "/"
            document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=url_fetcher())
            return bytes(document.write_pdf(**PDF_OPTIONS))
    except JustCultureError:
        raise
    except (Exception, FatalURLFetchingError) as error:
        raise BuildError("JC502", f"could not render a PDF: {error}") from None


def render_pdfs(htmls: Sequence[str]) -> list[bytes]:
    """Render each HTML to a PDF, in parallel worker processes when there is more than one."""
    workers = min(len(htmls), os.cpu_count() or 1)
    # A process that multiprocessing started (a worker of the caller's own pool, building one
    # edition of many, say) already has its share of the CPUs: another pool would only crowd them.
    if workers <= 1 or multiprocessing.parent_process() is not None:
        return [pdf_bytes(html) for html in htmls]
    # The longest first, so no worker is left with a long render at the end.
    order = sorted(range(len(htmls)), key=lambda index: -len(htmls[index]))
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_worker_context()) as pool:
            rendered = list(pool.map(pdf_bytes, [htmls[index] for index in order]))
    except BrokenProcessPool as error:
        raise BuildError(
            "JC502", f"could not render a PDF: a worker process died ({error})"
        ) from None
    except OSError:
        # No processes to be had here (no semaphores, a process limit): render one by one.
        return [pdf_bytes(html) for html in htmls]
    done = dict(zip(order, rendered, strict=True))
    return [done[index] for index in range(len(htmls))]


def _worker_context() -> multiprocessing.context.BaseContext:
    """How to start the workers: fork when that is safe, else from a fresh server process.

    Forking is near-instant (WeasyPrint is already imported) and safe while this process has a
    single thread. With other threads (``mkdocs serve``) a fork could copy a lock one of them
    holds, so the workers come from a server process that imports this module once instead.
    """
    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and "fork" in methods and _single_threaded():
        return multiprocessing.get_context("fork")
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, "weasyprint"])
    return context


def _single_threaded() -> bool:
    try:  # every thread of the process, those started by C libraries too
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return threading.active_count() == 1


# The cache of printables ---------------------------------------------------------------------


def cached_pdfs(htmls: Sequence[str], cache: PdfCache) -> list[bytes]:
    """Each HTML as a PDF: from ``cache`` when its key is there, else rendered and then stored."""
    keys = [cache_key(html) for html in htmls]
    found = [cache.get(key) for key in keys]
    missing = [index for index, data in enumerate(found) if data is None]
    for index, data in zip(missing, render_pdfs([htmls[i] for i in missing]), strict=True):
        cache.put(keys[index], data)
        found[index] = data
    if missing:
        cache.prune()
    return [data for data in found if data is not None]


def cache_key(html: str) -> str:
    """What a printable depends on: its HTML (which holds the CSS), the fonts, the renderers
    (this module's code, WeasyPrint and the libraries it writes PDFs with, and their options)."""
    digest = hashlib.sha256()
    options = repr(sorted(PDF_OPTIONS.items()))
    # The filtered HTML, so a change to the print filter (in the renderer module) renders afresh.
    for part in (*_renderer_versions(), _code_digest(), options, _fonts_digest(), print_text(html)):
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


@functools.cache
def _renderer_versions() -> tuple[str, ...]:
    packages = (FONTS_PACKAGE, "weasyprint", "pydyf", "fonttools")
    return tuple(f"{package} {_version(package)}" for package in packages)


@functools.cache
def _code_digest() -> str:
    # A development checkout keeps its version number while this code changes.
    try:
        return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    except OSError:
        return "unknown"


def _version(package: str) -> str:
    # From the installed metadata, so a build served from the cache never imports WeasyPrint.
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


@functools.cache
def _fonts_digest() -> str:
    digest = hashlib.sha256()
    with fonts_folder() as folder:
        for path in sorted(folder.iterdir()):
            if path.is_file():
                digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def default_cache_dir() -> Path | None:
    """Where printables are cached: see :func:`justculture.cache.cache_dir`."""
    return cache_dir("printables")


class PdfCache:
    """PDFs by key in a folder. A cache that cannot be read or written is simply not used:
    it only ever saves time, so none of its problems may stop a build."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def get(self, key: str) -> bytes | None:
        if self.folder is None:
            return None
        path = self.folder / f"{key}.pdf"
        try:
            data = path.read_bytes()
        except OSError:
            return None
        with suppress(OSError):  # recently used: kept longest (a read-only cache still serves)
            os.utime(path)
        return data if data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF") else None

    def put(self, key: str, data: bytes) -> None:
        if self.folder is None:
            return
        temp = self.folder / f".{key}.{secrets.token_hex(6)}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temp.write_bytes(data)
            os.replace(temp, self.folder / f"{key}.pdf")  # atomic: never a half-written entry
        except OSError:
            with suppress(OSError):
                temp.unlink(missing_ok=True)

    def prune(self) -> None:
        """Keep the CACHE_ENTRIES most recently used PDFs."""
        if self.folder is None:
            return
        with suppress(OSError):
            entries = sorted(self.folder.glob("*.pdf"), key=_mtime, reverse=True)
            for stale in entries[CACHE_ENTRIES:]:
                stale.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
