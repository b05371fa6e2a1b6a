"""The cache of printables: unchanged inputs reuse last build's PDFs, any change renders again."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from justculture.render import pdf
from justculture.render.renderer import Renderer

TEMPLATES = Path(pdf.__file__).parent / "templates"
SPEC_DIR = Path(__file__).resolve().parents[2] / "spec"
CHARTER = "charter.pdf"
# Small enough to render instantly, and shaped like a PDF, so the cache accepts it.
FAKE_PDF = b"%PDF-1.7\n% a stand-in for a rendered printable\n%%EOF\n"


def fake_pdf(html: str) -> bytes:
    """A different stand-in for each HTML."""
    return FAKE_PDF.replace(b"printable", hashlib.sha256(html.encode("utf-8")).hexdigest().encode())


class Renders:
    """Stands in for the real renderer; counts the HTML pages it was asked to render."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, htmls: Sequence[str]) -> list[bytes]:
        self.calls.append(len(htmls))
        return [fake_pdf(html) for html in htmls]

    @property
    def rendered(self) -> int:
        return sum(self.calls)


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> Renders:
    spy = Renders()
    monkeypatch.setattr(pdf, "render_pdfs", spy)
    return spy


def contents(paths: list[Path]) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in paths}


def test_a_second_build_with_the_same_inputs_renders_nothing(
    spec: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, printables_cache: Path
) -> None:
    # The test session's own cache (tests/conftest.py), which other tests may have filled.
    first = contents(pdf.write_printables(spec, tmp_path / "a", Renderer()))
    assert len(list(printables_cache.glob("*.pdf"))) >= len(pdf.PRINTABLES)

    def must_not_render(htmls: Sequence[str]) -> list[bytes]:
        assert not htmls, "an unchanged printable was rendered again"
        return []

    monkeypatch.setattr(pdf, "render_pdfs", must_not_render)
    second = contents(pdf.write_printables(spec, tmp_path / "b", Renderer()))
    assert second == first
    assert all(data.startswith(b"%PDF-") for data in second.values())


def test_a_changed_template_renders_only_that_printable(
    spec: Any, tmp_path: Path, renders: Renders
) -> None:
    cache = tmp_path / "cache"
    pdf.write_printables(spec, tmp_path / "a", Renderer(), cache_dir=cache)
    assert renders.rendered == len(pdf.PRINTABLES)
    override = tmp_path / "templates"
    (override / "print").mkdir(parents=True)
    template = (TEMPLATES / "print" / "charter.html.j2").read_text(encoding="utf-8")
    edited = template.replace("{% block content %}", "{% block content %}<p>Our trust</p>", 1)
    assert edited != template
    (override / "print" / "charter.html.j2").write_text(edited, encoding="utf-8")
    written = contents(
        pdf.write_printables(spec, tmp_path / "b", Renderer(override), cache_dir=cache)
    )
    assert renders.calls == [len(pdf.PRINTABLES), 1]
    assert written[CHARTER] != (tmp_path / "a" / CHARTER).read_bytes()


def test_changed_data_renders_again(spec: Any, tmp_path: Path, renders: Renders) -> None:
    cache = tmp_path / "cache"
    pdf.write_printables(spec, tmp_path / "a", Renderer(), cache_dir=cache)

    class NewVersion(Renderer):
        """The same templates, given a spec with another version number."""

        def render(self, template: str, **context: Any) -> str:
            return super().render(template, **{**context, "spec_version": "99.0.0"})

    pdf.write_printables(spec, tmp_path / "b", NewVersion(), cache_dir=cache)
    assert renders.calls == [len(pdf.PRINTABLES), len(pdf.PRINTABLES)]


def test_changed_fonts_versions_or_code_render_again(
    spec: Any, tmp_path: Path, renders: Renders, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    pdf.write_printables(spec, tmp_path / "a", Renderer(), cache_dir=cache)
    monkeypatch.setattr(pdf, "_fonts_digest", lambda: "other fonts")
    pdf.write_printables(spec, tmp_path / "b", Renderer(), cache_dir=cache)
    monkeypatch.setattr(pdf, "_renderer_versions", lambda: ("weasyprint 71.0",))
    pdf.write_printables(spec, tmp_path / "c", Renderer(), cache_dir=cache)
    monkeypatch.setattr(pdf, "_code_digest", lambda: "edited pdf.py")
    pdf.write_printables(spec, tmp_path / "d", Renderer(), cache_dir=cache)
    assert renders.calls == [len(pdf.PRINTABLES)] * 4


def test_a_build_served_from_the_cache_never_imports_weasyprint(spec: Any, tmp_path: Path) -> None:
    # Importing WeasyPrint costs most of a second: more than the rest of a warm build's PDFs.
    pdf.write_printables(spec, tmp_path / "first", Renderer())  # fills the session's cache
    child = (
        "import sys\n"
        "from pathlib import Path\n"
        "from justculture import load_spec\n"
        "from justculture.render import pdf\n"
        "from justculture.render.renderer import Renderer\n"
        f"spec = load_spec(Path({str(SPEC_DIR)!r}))\n"
        f"pdf.write_printables(spec, Path({str(tmp_path / 'again')!r}), Renderer())\n"
        "print('weasyprint' in sys.modules)\n"
    )
    # The child inherits JUSTCULTURE_CACHE_DIR, so it finds every printable there.
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
    again = contents(sorted((tmp_path / "again").iterdir()))
    assert again == contents(sorted((tmp_path / "first").iterdir()))


def test_the_key_covers_the_html_fonts_and_versions() -> None:
    key = pdf.cache_key("<p>a</p>")
    assert key == pdf.cache_key("<p>a</p>")
    assert key != pdf.cache_key("<p>b</p>")
    assert len(key) == 64 and int(key, 16) >= 0


def test_a_cache_that_cannot_be_written_is_bypassed(
    spec: Any, tmp_path: Path, renders: Renders
) -> None:
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file where the cache folder should be", encoding="utf-8")
    written = pdf.write_printables(spec, tmp_path / "out", Renderer(), cache_dir=not_a_folder)
    assert sorted(path.name for path in written) == sorted(p.filename for p in pdf.PRINTABLES)
    assert not_a_folder.read_text(encoding="utf-8").startswith("a file")
    pdf.write_printables(spec, tmp_path / "out", Renderer(), cache_dir=not_a_folder)
    assert renders.calls == [len(pdf.PRINTABLES)] * 2


def test_broken_or_unreadable_entries_are_rendered_again(
    spec: Any, tmp_path: Path, renders: Renders
) -> None:
    cache = tmp_path / "cache"
    pdf.write_printables(spec, tmp_path / "a", Renderer(), cache_dir=cache)
    entries = sorted(cache.glob("*.pdf"))
    entries[0].write_bytes(b"%PDF-1.7\n half a file")  # never finished writing
    entries[1].unlink()
    entries[1].mkdir()  # cannot be read, nor replaced
    written = contents(pdf.write_printables(spec, tmp_path / "b", Renderer(), cache_dir=cache))
    assert renders.calls == [len(pdf.PRINTABLES), 2]
    assert written == contents(sorted((tmp_path / "a").iterdir()))
    assert entries[0].read_bytes().endswith(b"%%EOF\n")
    assert not [path for path in cache.iterdir() if path.name.endswith(".tmp")]


def test_the_cache_keeps_only_the_most_recently_used_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "CACHE_ENTRIES", 3)
    cache = pdf.PdfCache(tmp_path)
    for number in range(5):
        cache.put(f"{number:064x}", FAKE_PDF)
        os.utime(tmp_path / f"{number:064x}.pdf", (number, number))
    assert cache.get(f"{0:064x}") == FAKE_PDF  # used again just now: kept
    cache.prune()
    kept = sorted(int(path.stem, 16) for path in tmp_path.glob("*.pdf"))
    assert kept == [0, 3, 4]


def test_where_the_cache_lives(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("JUSTCULTURE_CACHE_DIR", str(tmp_path / "mine"))
    assert pdf.default_cache_dir() == tmp_path / "mine" / "printables"
    monkeypatch.delenv("JUSTCULTURE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert pdf.default_cache_dir() == tmp_path / "xdg" / "justculture" / "printables"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert pdf.default_cache_dir() == tmp_path / "home" / ".cache" / "justculture" / "printables"


def test_no_cache_folder_at_all_still_builds(renders: Renders) -> None:
    cache = pdf.PdfCache(None)
    assert cache.get("0" * 64) is None
    cache.put("0" * 64, FAKE_PDF)
    assert pdf.cached_pdfs(["<p>a</p>"], cache) == [fake_pdf("<p>a</p>")]
    assert renders.calls == [1]
