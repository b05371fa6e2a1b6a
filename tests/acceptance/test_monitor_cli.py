"""`justculture monitor` as a user runs it: a board report as HTML and PDF, figures as JSON, and
every bad file refused with its located code, exit 1, no traceback and nothing written."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from cli_runs import run_justculture

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "monitor"
EXAMPLES = REPO / "examples" / "monitor"
BAD = {
    "not-a-number.csv": "JC701",
    "negative-count.csv": "JC702",
    "entered-above-headcount.csv": "JC703",
    "stage-above-previous.csv": "JC704",
    "group-missing-from-period.csv": "JC705",
    "reference-group-missing.csv": "JC706",
    "unknown-column.csv": "JC707",
    "person-level-column.csv": "JC708",
    "one-row-per-person.csv": "JC709",
    "missing-column.csv": "JC710",
    "no-rows.csv": "JC713",
    "zero-headcount.csv": "JC714",
    "wrong-cell-count.csv": "JC715",
}


def monitor(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_justculture("monitor", *args)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("monitor") / "report"
    done = monitor(
        EXAMPLES / "made-up-trust.csv", "--config", EXAMPLES / "monitor.yaml", "--out", out
    )
    assert done.returncode == 0, done.stderr
    assert "fairness-monitor.html" in done.stdout
    return out


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_bad_file_exits_1_with_its_located_code_and_writes_nothing(
    name: str, tmp_path: Path
) -> None:
    out = tmp_path / "report"
    done = monitor(FIXTURES / name, "--out", out)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    first = done.stderr.splitlines()[0]
    assert first.startswith(f"{FIXTURES / name}:")
    location, _, rest = first.partition(": error[")
    line, column = location.rsplit(":", 2)[1:]
    assert int(line) >= 1 and int(column) >= 1
    assert rest.startswith(f"{BAD[name]}]")
    assert not out.exists()


def test_a_bad_config_exits_1_located(tmp_path: Path) -> None:
    done = monitor(
        EXAMPLES / "made-up-trust.csv",
        "--config",
        FIXTURES / "config-unknown-setting.yaml",
        "--out",
        tmp_path / "r",
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"{FIXTURES / 'config-unknown-setting.yaml'}:2:1: error[JC711]")
    assert "Traceback" not in done.stderr


def test_without_out_or_json_it_is_a_usage_error() -> None:
    done = monitor(EXAMPLES / "made-up-trust.csv")
    assert done.returncode == 2
    assert "--out" in done.stderr


def test_json_prints_the_figures() -> None:
    done = monitor(EXAMPLES / "made-up-system.csv", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    dimension = data["dimensions"][0]
    assert data["threshold"] == 10 and data["band"] == [0.8, 1.25]
    assert dimension["reference"] == "White"
    assert len(dimension["organisations"]) == 4
    assert {row["group"] for row in dimension["spread"]} == {"BAME"}


def test_json_errors_are_json() -> None:
    done = monitor(FIXTURES / "negative-count.csv", "--format", "json")
    assert done.returncode == 1
    # The reporters decide which stream errors go to; either way they are JSON.
    assert json.loads(done.stdout or done.stderr)[0]["code"] == "JC702"


def test_the_report_pdf_holds_the_summary_the_table_and_the_method(report: Path) -> None:
    from pypdf import PdfReader

    text = " ".join(
        page.extract_text() or "" for page in PdfReader(report / "fairness-monitor.pdf").pages
    )
    text = " ".join(text.split())
    assert "Summary" in text
    assert "times as likely as White staff to enter the formal disciplinary process" in text
    assert "Relative likelihood against White staff, with 95% intervals" in text
    # The footnote names each dimension's own reference group, not the first one's for all.
    assert "(White staff for ethnicity; Non-disabled staff for disability)" in text
    assert "Method and its limits" in text
    assert "Katz log method" in text
    assert "fewer than 10" in text
    assert "not a test" in text


def test_the_report_html_has_charts_with_titles_descriptions_and_data_tables(report: Path) -> None:
    html = (report / "fairness-monitor.html").read_text(encoding="utf-8")
    assert html.count('role="img"') >= 2
    assert '<title id="trend-ethnicity-black-entered-title">' in html
    assert '<desc id="trend-ethnicity-black-entered-desc">' in html
    assert "Data for the chart: Black staff compared with White staff" in html
    assert "Stage by stage in 2024-25" in html
    # Nothing the report loads comes from anywhere else.
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html and "<script" not in html


def test_text_from_the_counts_is_escaped(tmp_path: Path) -> None:
    counts = tmp_path / "counts.csv"
    counts.write_text(
        "period,group,headcount,entered\n2024,White,1000,20\n2024,<script>alert(1)</script>,500,20\n",
        encoding="utf-8",
    )
    done = monitor(counts, "--out", tmp_path / "report")
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "report" / "fairness-monitor.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_report_never_replaces_a_users_file_or_its_own_input(tmp_path: Path) -> None:
    counts = EXAMPLES / "made-up-trust.csv"
    (tmp_path / "fairness-monitor.html").write_text("mine", encoding="utf-8")
    done = monitor(counts, "--out", tmp_path)
    assert done.returncode == 1 and "error[JC505]" in done.stderr
    assert (tmp_path / "fairness-monitor.html").read_text(encoding="utf-8") == "mine"
    copy = tmp_path / "counts.csv"
    copy.write_bytes(counts.read_bytes())
    done = monitor(copy, "--out", tmp_path / "counts.csv", "--force")
    assert done.returncode == 1 and "error[JC506]" in done.stderr
    assert copy.read_bytes() == counts.read_bytes()
    again = tmp_path / "again"
    assert monitor(counts, "--out", again).returncode == 0
    assert monitor(counts, "--out", again).returncode == 0, "its own report may be replaced"
