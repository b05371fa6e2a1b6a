"""Every PDF embeds only the bundled Liberation Sans, and comes out the same without system fonts.

The PDFs are the printables, a decision record, a session's facilitator pack and a handout.
They are built once here, and once more in a child process whose fontconfig knows no font at all:
if any template leaned on an installed font, that build would differ.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from justculture.engine import evaluate
from justculture.errors import JustCultureError
from justculture.render import pdf
from justculture.render.renderer import Renderer
from justculture.render.session_packs import write_session

REPO = Path(__file__).resolve().parents[2]
FONTS = Path(pdf.__file__).parent / "fonts"
FONT_FILES = sorted(FONTS.glob("*.ttf"))
# The family name the CSS gives the bundled font; WeasyPrint writes it with hyphens, adds the
# style, and prefixes a subset tag (ABCDEF+).
BASE_FONT = re.compile(r"^/(?:[A-Z]{6}\+)?JC-Liberation-Sans(?:-Bold)?(?:-Italic)?$")
GUIDE = "just-culture-guide"
GUIDE_ANSWERS = {"1a": "no", "2a": "no", "2b": "no", "2c": "no", "3a": "yes"}
RECORD_FIELDS = {"able-to-contribute": "yes", "rationale": "Rota gaps on nights — see the log."}
TODAY = datetime.date(2026, 3, 14)
SCENARIO = "fall-at-home"
MINUTES = 45
# A printable's designed page count must not change when the machine has no fonts of its own.
PRINTABLE_PAGES = {
    "pre-disciplinary-checklist.pdf": 4,
    "just-culture-guide-poster.pdf": 1,
    "charter.pdf": 3,
    "restorative-questions-card.pdf": 2,
    "restorative-questions-cards-a4.pdf": 2,
}
NO_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- No <dir>: fontconfig finds no font at all, so only @font-face fonts can be used. -->
<fontconfig>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""
# The same builds as build_all() below, run in a child process with FONTCONFIG_FILE set.
CHILD = textwrap.dedent(
    """
    import datetime, json, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    import test_pdf_fonts as here
    here.build_all(json.loads(sys.argv[3]), Path(sys.argv[1]))
    """
)


def build_all(spec_dir: str | None, out: Path) -> dict[str, Path]:
    """Every kind of PDF the project makes, into ``out``: printables, a record, a session."""
    from justculture import load_spec

    spec = load_spec(Path(spec_dir)) if spec_dir else load_spec()
    built = {p.name: p for p in pdf.write_printables(spec, out / "printables", Renderer())}
    result = evaluate(spec, GUIDE, GUIDE_ANSWERS)
    record = out / "record.pdf"
    pdf.write_record_pdf(spec, result, RECORD_FIELDS, record, Renderer(), today=TODAY)
    built[record.name] = record
    session = write_session(spec, [SCENARIO], MINUTES, out / "session", Renderer())
    built.update({path.name: path for path in session if path.suffix == ".pdf"})
    return built


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_all(str(REPO / "spec"), tmp_path_factory.mktemp("pdfs"))


@pytest.fixture(scope="module")
def built_without_fonts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("no-system-fonts")
    conf = folder / "fonts.conf"
    conf.write_text(NO_FONTS_CONF.format(cache=folder / "fontconfig-cache"), encoding="utf-8")
    env = {
        **os.environ,
        "FONTCONFIG_FILE": str(conf),
        # An empty cache of its own, so every PDF is really rendered here.
        "JUSTCULTURE_CACHE_DIR": str(folder / "printables-cache"),
    }
    if shutil.which("fc-list"):
        listed = subprocess.run(["fc-list"], env=env, capture_output=True, text=True, check=True)
        assert not listed.stdout.strip(), "the fontconfig file should hide every system font"
    out = folder / "out"
    args = [str(out), str(Path(__file__).parent), json.dumps(str(REPO / "spec"))]
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return {path.name: path for path in out.rglob("*.pdf")}


def test_every_kind_of_pdf_is_built(built: dict[str, Path]) -> None:
    assert set(PRINTABLE_PAGES) <= set(built)
    assert {"record.pdf", "facilitator-pack.pdf", f"handout-{SCENARIO}.pdf"} <= set(built)


def test_only_the_bundled_font_is_embedded(built: dict[str, Path]) -> None:
    for name, path in built.items():
        names = {str(font["/BaseFont"]) for font in fonts(PdfReader(path))}
        assert names, name
        others = sorted(font for font in names if not BASE_FONT.match(font))
        assert not others, f"{name} embeds fonts that are not bundled: {others}"


def test_the_embedded_glyphs_come_from_the_bundled_files(built: dict[str, Path]) -> None:
    bundled = {TTFont(path)["name"].getDebugName(4) for path in FONT_FILES}
    for name, path in built.items():
        for font in fonts(PdfReader(path)):
            if "/FontDescriptor" not in font:
                continue  # a composite font's outer dictionary: its descendant has the file
            descriptor: Any = font["/FontDescriptor"].get_object()
            data = descriptor["/FontFile2"].get_object().get_data()
            embedded = TTFont(io.BytesIO(data))["name"]
            assert embedded.getDebugName(4) in bundled, name
            assert embedded.getDebugName(5).startswith("Version 2.1.5"), name


def test_every_character_printed_is_in_the_bundled_font(built: dict[str, Path]) -> None:
    """A character the font lacks would be drawn from a fallback font, or as an empty box."""
    covered = set.intersection(*(set(TTFont(path).getBestCmap()) for path in FONT_FILES))
    for name, path in built.items():
        text = "".join(page.extract_text() for page in PdfReader(path).pages)
        missing = sorted({char for char in text if ord(char) not in covered and char.isprintable()})
        assert not missing, f"{name} prints characters Liberation Sans lacks: {missing}"


def test_without_system_fonts_the_layout_and_fonts_are_unchanged(
    built: dict[str, Path], built_without_fonts: dict[str, Path]
) -> None:
    assert set(built_without_fonts) == set(built)
    for name, path in built.items():
        alone, here = PdfReader(built_without_fonts[name]), PdfReader(path)
        assert len(alone.pages) == len(here.pages), name
        assert font_names(alone) == font_names(here), name
        if name in PRINTABLE_PAGES:
            assert len(alone.pages) == PRINTABLE_PAGES[name], name


def test_without_system_fonts_the_pdfs_are_byte_for_byte_the_same(
    built: dict[str, Path], built_without_fonts: dict[str, Path]
) -> None:
    different = [
        name
        for name, path in built.items()
        if built_without_fonts[name].read_bytes() != path.read_bytes()
    ]
    assert not different, f"these depend on the machine's fonts: {different}"


def test_a_missing_bundled_font_is_an_error_not_a_fallback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf, "FONT_FILES", (*pdf.FONT_FILES, "LiberationSans-Missing.ttf"))
    with pytest.raises(JustCultureError) as caught:
        pdf.pdf_bytes("<p>Hello</p>")
    assert caught.value.code == "JC502"
    assert "LiberationSans-Missing.ttf is missing" in caught.value.message


def test_the_font_licence_travels_with_the_fonts() -> None:
    assert [path.name for path in FONT_FILES] == sorted(pdf.FONT_FILES)
    css = (Path(pdf.__file__).parent / "templates" / "print" / "fonts.css").read_text("utf-8")
    assert sorted(re.findall(r'url\("([^"]+)"\)', css)) == sorted(pdf.FONT_FILES)
    licence = (FONTS / "LICENSE").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Liberation Sans 2.1.5" in (FONTS / "README.md").read_text(encoding="utf-8")


def font_names(reader: PdfReader) -> set[str]:
    return {str(font["/BaseFont"]) for font in fonts(reader)}


def fonts(reader: PdfReader) -> Iterator[DictionaryObject]:
    """Every font the pages use, in their own resources or their form XObjects' resources;
    for a composite (Type0) font, its descendant font too."""
    for page in reader.pages:
        yield from _fonts_in(page.get("/Resources"))


def _fonts_in(resources: Any) -> Iterator[DictionaryObject]:
    if resources is None:
        return
    resources = resources.get_object()
    for ref in resources.get("/Font", {}).values():
        font: Any = ref.get_object()
        yield cast(DictionaryObject, font)
        for descendant in font.get("/DescendantFonts", []):
            yield cast(DictionaryObject, descendant.get_object())
    for ref in resources.get("/XObject", {}).values():
        yield from _fonts_in(ref.get_object().get("/Resources"))
