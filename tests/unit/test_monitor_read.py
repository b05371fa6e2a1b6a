"""Reading counts: CSV and XLSX, every refusal located and coded, person-level data refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from justculture.errors import DataError, SpecError
from justculture.monitor import read_config, read_counts
from justculture.monitor.config import MonitorConfig

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "monitor"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "monitor"

# fixture -> (code, line, column)
BAD_COUNTS = {
    "not-a-number.csv": ("JC701", 3, 19),
    "negative-count.csv": ("JC702", 3, 19),
    "entered-above-headcount.csv": ("JC703", 3, 19),
    "stage-above-previous.csv": ("JC704", 3, 22),
    "group-missing-from-period.csv": ("JC705", 4, 1),
    "unknown-column.csv": ("JC707", 1, 32),
    "person-level-column.csv": ("JC708", 1, 32),
    "one-row-per-person.csv": ("JC709", 3, 1),
    "missing-column.csv": ("JC710", 1, 1),
    "reference-group-missing.csv": ("JC706", 2, 1),
    "no-rows.csv": ("JC713", 1, 1),
    "zero-headcount.csv": ("JC714", 2, 15),
    "wrong-cell-count.csv": ("JC715", 2, 15),
}


@pytest.mark.parametrize("name", sorted(BAD_COUNTS))
def test_each_bad_file_gives_its_located_code(name: str) -> None:
    with pytest.raises(DataError) as caught:
        read_counts(FIXTURES / name, MonitorConfig())
    code, line, column = BAD_COUNTS[name]
    assert (caught.value.code, caught.value.line, caught.value.column) == (code, line, column)
    assert caught.value.format().startswith(f"{FIXTURES / name}:{line}:{column}: error[{code}]")


def test_person_level_data_is_refused_with_an_explanation() -> None:
    with pytest.raises(DataError) as column:
        read_counts(FIXTURES / "person-level-column.csv", MonitorConfig())
    assert "counts for groups of staff only" in column.value.message
    with pytest.raises(DataError) as rows:
        read_counts(FIXTURES / "one-row-per-person.csv", MonitorConfig())
    assert "takes counts only" in rows.value.message


@pytest.mark.parametrize(
    "heading", ["Name", "date_of_birth", "NI number", "Staff No", "Employee-ID", "NHS number"]
)
def test_personal_headings_are_caught_however_written(tmp_path: Path, heading: str) -> None:
    path = tmp_path / "counts.csv"
    path.write_text(
        f"period,group,headcount,entered,{heading}\n2024,White,10,1,x\n", encoding="utf-8"
    )
    with pytest.raises(DataError) as caught:
        read_counts(path, MonitorConfig())
    assert caught.value.code == "JC708"


def test_quoted_cells_commas_in_names_and_thousands(tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    path.write_text(
        'period,group,headcount,entered\n2024,White,"5,200",60\n2024,"Black, African, Caribbean or Black British",900,21\n',
        encoding="utf-8",
    )
    table = read_counts(path, MonitorConfig())
    assert table.rows[0].headcount == 5200
    assert table.rows[1].group == "Black, African, Caribbean or Black British"


def test_a_bad_count_after_a_quoted_cell_is_located_by_its_column(tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    path.write_text(
        'period,group,headcount,entered\n2024,"A, B",900,<5\n2024,White,10,1\n', encoding="utf-8"
    )
    with pytest.raises(DataError) as caught:
        read_counts(path, MonitorConfig())
    assert (caught.value.code, caught.value.line, caught.value.column) == ("JC701", 2, 17)
    assert "hides small numbers itself" in caught.value.message


def test_tab_separated_counts_pasted_from_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "counts.tsv"
    path.write_text(
        "period\tgroup\theadcount\tentered\n2024\tWhite\t100\t3\n2024\tBlack\t50\t2\n",
        encoding="utf-8",
    )
    assert [row.counts for row in read_counts(path, MonitorConfig()).rows] == [(3,), (2,)]


def test_xlsx_counts_read_like_csv_and_errors_name_row_and_column(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (
        ["period", "group", "headcount", "entered"],
        ["2024", "White", 1000, 20],
        ["2024", "Black", 400, 12.0],
    ):
        sheet.append(row)
    good = tmp_path / "counts.xlsx"
    book.save(good)
    table = read_counts(good, MonitorConfig())
    assert [(r.group, r.headcount, r.counts) for r in table.rows] == [
        ("White", 1000, (20,)),
        ("Black", 400, (12,)),
    ]
    sheet["D3"] = 12.5
    bad = tmp_path / "bad.xlsx"
    book.save(bad)
    with pytest.raises(DataError) as caught:
        read_counts(bad, MonitorConfig())
    assert (caught.value.code, caught.value.line, caught.value.column) == ("JC701", 3, 4)


def test_a_formula_with_no_saved_value_is_named_not_read_as_empty(tmp_path: Path) -> None:
    # openpyxl writes formulas without their values, as any program that makes workbooks does.
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (
        ["period", "group", "headcount", "entered"],
        ["2024", "White", 1000, "=10+10"],
        ["2024", "Black", 400, 12],
    ):
        sheet.append(row)
    path = tmp_path / "formulas.xlsx"
    book.save(path)
    with pytest.raises(DataError) as caught:
        read_counts(path, MonitorConfig())
    problem = caught.value
    assert (problem.code, problem.line, problem.column) == ("JC701", 2, 4)
    assert "formula" in str(problem) and "formulas.xlsx" in str(problem)


def test_counts_on_two_sheets_are_refused_not_half_read(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "2023-24"
    book.active.append(["period", "group", "headcount", "entered"])
    book.active.append(["2023-24", "White", 1000, 20])
    later = book.create_sheet("2024-25")
    later.append(["period", "group", "headcount", "entered"])
    later.append(["2024-25", "White", 1000, 20])
    book.create_sheet("Notes")  # an empty sheet is no problem
    path = tmp_path / "two-years.xlsx"
    book.save(path)
    with pytest.raises(DataError) as caught:
        read_counts(path, MonitorConfig())
    assert caught.value.code == "JC712"
    assert "'2023-24', '2024-25'" in str(caught.value)
    assert "Notes" not in str(caught.value)


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "counts.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(DataError) as caught:
        read_counts(path, MonitorConfig())
    assert caught.value.code == "JC712"


def test_the_examples_read_cleanly() -> None:
    config = read_config(EXAMPLES / "monitor.yaml")
    trust = read_counts(EXAMPLES / "made-up-trust.csv", config)
    assert trust.stages == config.stages
    assert {row.dimension for row in trust.rows} == {"ethnicity", "disability"}
    system = read_counts(EXAMPLES / "made-up-system.csv", config)
    assert len({row.organisation for row in system.rows}) == 4


@pytest.mark.parametrize(
    ("name", "line", "column"),
    [("config-unknown-setting.yaml", 2, 1), ("config-bad-range.yaml", 1, 8)],
)
def test_config_problems_are_located(name: str, line: int, column: int) -> None:
    with pytest.raises(DataError) as caught:
        read_config(FIXTURES / name)
    assert (caught.value.code, caught.value.line, caught.value.column) == ("JC711", line, column)


def test_config_yaml_errors_come_from_the_strict_loader(tmp_path: Path) -> None:
    path = tmp_path / "monitor.yaml"
    path.write_text("small_numbers: 10\nsmall_numbers: 5\n", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        read_config(path)
    assert caught.value.code == "JC104"


def test_custom_stages_and_reference_groups(tmp_path: Path) -> None:
    config_path = tmp_path / "monitor.yaml"
    config_path.write_text(
        "dimension: disability\nprocess: the formal capability process\nreference: {disability: Non-disabled}\nstages: [entered, hearing]\n",
        encoding="utf-8",
    )
    counts = tmp_path / "counts.csv"
    counts.write_text(
        "period,group,headcount,entered,hearing\n2024,non-disabled,900,20,5\n2024,Disabled,100,4,1\n",
        encoding="utf-8",
    )
    config = read_config(config_path)
    table = read_counts(counts, config)
    assert table.stages == ("entered", "hearing")
    assert config.reference_for("disability", ["Disabled", "non-disabled"]) == "non-disabled"
