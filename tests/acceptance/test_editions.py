"""``justculture build --profile``: a trust's whole site, its printables, report and Word papers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pypdf
import pytest

from justculture.cli import main

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "profiles"
TRUST = "Northshire Hospitals NHS Foundation Trust"
ALTERED = "is agreed by the Chief Operating Officer"
LOCAL = "offered a named wellbeing contact within one working day"
POLICY = "https://www.northshire.example.nhs.uk/policies/hr07-disciplinary"


def text_of(path: Path) -> str:
    return " ".join(path.read_text(encoding="utf-8").split())


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages).split())


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join([p.text for p in document.paragraphs] + cells)


def test_the_header_and_footer_name_the_trust(northshire_edition: Path) -> None:
    home = text_of(northshire_edition / "index.html")
    assert "Northshire Hospitals: just and learning culture" in home
    assert f"Adapted from Being fair (2019) by {TRUST}." in home
    assert 'src="assets/trust-logo.svg"' in home
    assert (northshire_edition / "assets" / "trust-logo.svg").is_file()
    assert 'href="assets/css/trust.css"' in home


def test_the_charter_page_marks_altered_and_local_principles(northshire_edition: Path) -> None:
    page = text_of(northshire_edition / "charter" / "index.html")
    assert ALTERED in page
    assert LOCAL in page
    assert f"A local principle of {TRUST}." in page
    # The source's words are one click away, in a <details> under the altered principle.
    assert re.search(
        r"<details class=\"jc-edition-mark\"><summary>Altered by Northshire Hospitals\. Show the "
        r"words of Being fair \(2019\) \(principle 16\)</summary> <blockquote><p>While we "
        r"recognise that disciplinary action may be necessary, we will ensure suspension is rare "
        r"and is never",
        page,
    )
    assert "referral to a professional regulator may be appropriate" not in page
    assert "The 21 principles" in page


def test_the_checklist_names_the_local_approvers(northshire_edition: Path) -> None:
    page = text_of(northshire_edition / "tools" / "pre-disciplinary-checklist" / "index.html")
    assert "Chief Nurse" in page and "Medical Director" in page
    assert "Site Director of Nursing and Midwifery" not in page


def test_outcomes_link_to_the_trusts_policies(northshire_edition: Path) -> None:
    guide = text_of(northshire_edition / "tools" / "just-culture-guide" / "index.html")
    assert f'<a href="{POLICY}">Northshire disciplinary policy (HR07)</a>' in guide
    checklist = text_of(northshire_edition / "tools" / "pre-disciplinary-checklist" / "index.html")
    assert POLICY in checklist


def test_the_report_page_lists_every_deviation_with_its_reason(northshire_edition: Path) -> None:
    page = text_of(northshire_edition / "tailoring-report" / "index.html")
    assert (
        "adopts 18 of 20 principles unchanged; alters 1; excludes 1; adds 2 local principles"
        in page
    )
    for reason in (
        "every suspension needs executive agreement",
        "regulator referral protocol",
        "felt alone after incidents",
        "People Committee asked for regular assurance",
    ):
        assert reason in page
    assert "<ins>rare, is agreed by the Chief Operating Officer,</ins>" in page


def test_the_printables_carry_the_trust(northshire_edition: Path) -> None:
    printables = northshire_edition / "printables"
    charter = pdf_text(printables / "charter.pdf")
    assert f"Adapted from Being fair (2019) by {TRUST}" in charter
    assert "agreed by the Chief Operating Officer" in charter
    assert "named wellbeing contact" in charter
    checklist = pdf_text(printables / "pre-disciplinary-checklist.pdf")
    assert "Chief Nurse" in checklist and TRUST in checklist
    report = pdf_text(printables / "tailoring-report.pdf")
    assert "regulator referral protocol" in report


def test_the_word_papers_read_back(northshire_edition: Path) -> None:
    charter = docx_text(northshire_edition / "downloads" / "charter.docx")
    assert TRUST in charter and ALTERED in charter and LOCAL in charter
    checklist = docx_text(northshire_edition / "downloads" / "pre-disciplinary-checklist.docx")
    assert "Chief Nurse" in checklist


def test_the_interactive_tools_read_the_tailored_data(northshire_edition: Path) -> None:
    export = json.loads((northshire_edition / "spec" / "latest" / "justculture.json").read_text())
    text = json.dumps(export)
    assert "Chief Nurse" in text and "L01" in text
    assert "seclusion-checks" not in [d.get("id") for d in _documents(export)]


def _documents(export: object) -> list[dict[str, object]]:
    if isinstance(export, dict):
        found = export.get("documents", export)
        if isinstance(found, dict):
            return [d for d in found.values() if isinstance(d, dict)]
        if isinstance(found, list):
            return [d for d in found if isinstance(d, dict)]
    return []


def test_nothing_is_fetched_from_another_host(northshire_edition: Path) -> None:
    fetching = re.compile(
        r"<(?:script|img|link|iframe|source)\b[^>]*\b(?:src|href)=\"(?:https?:)?//"
    )
    for page in northshire_edition.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        # A canonical link names the page's address; the browser does not fetch it.
        found = [m.group(0) for m in fetching.finditer(html) if 'rel="canonical"' not in m.group(0)]
        assert not found, (page, found)


HOSTILE = """\
kind: profile
id: hostile
base: {justculture: 1.0.0}
organisation:
  name: "<script>alert('name')</script> {{ 7*7 }} {% raw %}"
  short_name: "<img src=x onerror=alert(1)>"
parameters:
  roles: {medical: "<b>Boss</b> {{ config }}"}
  policies:
    disciplinary: {title: "[x](javascript:alert(1)) <script>", link: "https://x.example/a"}
charter:
  principles:
    P06:
      action: alter
      text: "!!! danger \\"pwned\\"\\n\\n--8<-- \\"/etc/passwd\\"\\n<script>alert(2)</script>"
      base_text: >-
        We will learn about what works well, and why, in order to replicate and optimise these
        behaviours and processes.
      reason: "</details><script>alert(3)</script>"
    P04: {action: exclude, reason: "Every principle can be left out, even one the pages cite."}
  add:
    - {id: L01, after: P01, text: "{% include 'x' %} <iframe src=https://evil.example>", reason: "r"}
"""

BROKEN = """\
kind: profile
id: broken
base: {justculture: 1.0.0}
organisation: {name: Broken Trust, website: "javascript:alert(1)"}
"""


@pytest.fixture(scope="module")
def several(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path, str]:
    folder = tmp_path_factory.mktemp("profiles")
    (folder / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    (folder / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    out = tmp_path_factory.mktemp("several") / "editions"
    status = main(
        [
            "build",
            "--profile", str(EXAMPLES / "eastbrook.yaml"),
            "--profile", str(folder),
            "--out", str(out),
        ]
    )  # fmt: skip
    return status, out, str(folder / "broken.yaml")


def test_several_editions_build_and_a_broken_one_fails_alone(
    several: tuple[int, Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = several
    assert status == 1
    assert (out / "eastbrook" / "charter" / "index.html").is_file()
    assert (out / "hostile" / "charter" / "index.html").is_file()
    assert not (out / "broken").exists()
    index = text_of(out / "index.html")
    assert "Eastbrook Community Health NHS Trust" in index
    assert "adopts the charter in full" in index
    assert "broken.yaml:4:45: error[JC605]" in index


def test_hostile_text_is_shown_never_run(several: tuple[int, Path, str]) -> None:
    _, out, _ = several
    site = out / "hostile"
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for needle in (
            "<script>alert",
            "<img src=x",
            "<iframe src=https://evil",
            "<b>Boss</b>",
            'href="javascript:',
            "</details><script>",
        ):
            assert needle not in html, (page, needle)
        assert "49" not in re.findall(r"alert\('name'\)&lt;/script&gt; (\S+)", html)
    charter = text_of(site / "charter" / "index.html")
    assert "{{ 7*7 }}" in charter or "{{ 7\\*7 }}" in charter or "&#123;&#123;" in charter
    assert "--8&lt;--" in charter or "--8<--" not in charter
    assert "admonition danger" not in charter
    report = text_of(site / "tailoring-report" / "index.html")
    assert "&lt;/details&gt;&lt;script&gt;alert(3)&lt;/script&gt;" in report
    for document in ("charter.docx", "pre-disciplinary-checklist.docx"):
        assert "<script>alert('name')</script>" in docx_text(site / "downloads" / document)
