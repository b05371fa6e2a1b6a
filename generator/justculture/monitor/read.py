"""Read a CSV or XLSX file of counts into a :class:`CountTable`, or raise a located ``DataError``.

The monitor takes counts for groups of staff, never records about people: a column that looks
personal (a name, staff number, date of birth) or a group repeated within a period (one row per
person) is refused. Every error names the file, line and column (for an XLSX file, the row and
the column number) and a JC7xx code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from ..errors import BuildError, DataError, ErrorCodeId
from ..loading import byte_position
from .config import MonitorConfig
from .stats import CountRow, CountTable

MAX_BYTES = 5 * 1024 * 1024
MAX_TEXT = 200
REQUIRED = ("period", "group", "headcount", "entered")
OPTIONAL = ("dimension", "organisation")
# Headings that name details of a person. Compared after lower-casing and squeezing out spaces,
# dashes and underscores, so "Staff No", "date_of_birth" and "NI-number" are all caught.
PERSONAL = frozenset(
    {
        "name", "firstname", "forename", "forenames", "surname", "lastname", "fullname",
        "staffnumber", "staffno", "staffid", "employeenumber", "employeeno", "employeeid",
        "assignmentnumber", "esrnumber", "payrollnumber", "ninumber", "nino",
        "nationalinsurance", "nationalinsurancenumber", "nhsnumber", "dateofbirth", "dob",
        "birthdate", "age", "email", "emailaddress", "address", "postcode", "phone",
        "telephone", "mobile", "gmcnumber", "nmcpin", "pin", "casenumber", "caseid",
    }
)  # fmt: skip
_COUNT = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+$|^[0-9]+$")
_SQUEEZE = re.compile(r"[\s_\-.]+")


@dataclass(frozen=True)
class Cell:
    text: str
    line: int
    column: int
    number: float | int | None = None  # a number an XLSX cell holds as a number


@dataclass(frozen=True)
class Sheet:
    display: str
    header: list[Cell]
    rows: list[list[Cell]]


def read_counts(path: Path, config: MonitorConfig, display: str | None = None) -> CountTable:
    """The counts in ``path`` (.csv or .xlsx), checked against ``config``."""
    shown = display or str(path)
    if path.suffix.lower() == ".xlsx":
        sheet = _read_xlsx(path, shown)
    elif path.suffix.lower() in {".csv", ".txt", ".tsv"}:
        sheet = Sheet(shown, *_split(parse_csv(_read_text(path, shown), shown)))
    else:
        raise DataError("JC712", "the counts must be a .csv or .xlsx file", shown)
    return table_from_sheet(sheet, config)


def table_from_sheet(sheet: Sheet, config: MonitorConfig) -> CountTable:
    columns = _columns(sheet, config)
    stages = tuple(stage for stage in config.stages if stage in columns)
    rows = [_row(sheet, cells, columns, stages, config) for cells in sheet.rows]
    if not rows:
        where = sheet.header[0] if sheet.header else Cell("", 1, 1)
        raise _error(sheet, where, "JC713", "the file has headings but no rows of counts")
    _check_rows_are_groups(sheet, rows)
    _check_every_group_in_every_period(sheet, rows)
    _check_references(sheet, rows, config)
    return CountTable(stages, tuple(rows))


# Reading files ---------------------------------------------------------------------------


def _read_text(path: Path, shown: str) -> str:
    raw = _read_bytes(path, shown)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = f"byte 0x{raw[exc.start]:02x} is not UTF-8 text; save the file as CSV (UTF-8)"
        raise DataError("JC712", message, shown, *byte_position(raw, exc.start)) from None


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise DataError("JC712", f"cannot read the file: {exc.strerror or exc}", shown) from None
    if len(raw) > MAX_BYTES:
        raise DataError(
            "JC712", "the file is larger than 5 MB; a file of counts is far smaller", shown
        )
    return raw


def parse_csv(text: str, shown: str) -> list[list[Cell]]:
    """Rows of cells with the line and column each starts at. Commas or tabs (one per file)."""
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    rows: list[list[Cell]] = []
    for cells in _tokens(text, delimiter, shown):
        if any(cell.text.strip() for cell in cells):  # skip blank lines
            rows.append(cells)
    return rows


def _tokens(text: str, delimiter: str, shown: str) -> Iterator[list[Cell]]:
    line, column, index, size = 1, 1, 0, len(text)
    row: list[Cell] = []
    while index <= size:
        start = (line, column)
        value: list[str] = []
        if index < size and text[index] == '"':
            index, line, column = index + 1, line, column + 1
            while True:
                if index >= size:
                    raise DataError(
                        "JC715", 'a quoted cell is never closed; add the closing "', shown, *start
                    )
                char = text[index]
                if char == '"' and text[index + 1 : index + 2] == '"':
                    value.append('"')
                    index, column = index + 2, column + 2
                elif char == '"':
                    index, column = index + 1, column + 1
                    break
                else:
                    value.append(char)
                    line, column = (line + 1, 1) if char == "\n" else (line, column + 1)
                    index += 1
        while index < size and text[index] not in (delimiter, "\n"):
            value.append(text[index])
            index, column = index + 1, column + 1
        row.append(Cell("".join(value).strip().removesuffix("\r"), *start))
        if index < size and text[index] == delimiter:
            index, column = index + 1, column + 1
            continue
        yield row
        row = []
        index, line, column = index + 1, line + 1, 1


def _split(rows: list[list[Cell]]) -> tuple[list[Cell], list[list[Cell]]]:
    return (rows[0], rows[1:]) if rows else ([], [])


def _read_xlsx(path: Path, shown: str) -> Sheet:
    if find_spec("openpyxl") is None:
        raise BuildError(
            "JC504",
            "reading an XLSX file needs openpyxl, which is not installed; install it with: "
            "pip install openpyxl, or save the counts as CSV",
        )
    import io
    import zipfile

    import openpyxl

    raw = _read_bytes(path, shown)
    try:
        # Read twice: the saved values, and the formulas behind them. A formula whose value was
        # never saved (a workbook written by a program, not a spreadsheet) reads as empty, and
        # a count that silently became "empty" would be reported as not given.
        values = _sheets(openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True))
        formulas = _sheets(openpyxl.load_workbook(io.BytesIO(raw), read_only=True))
    except (OSError, ValueError, KeyError, IndexError, zipfile.BadZipFile) as exc:
        raise DataError(
            "JC712", f"the file cannot be read as an XLSX workbook ({type(exc).__name__})", shown
        ) from None
    _check_one_sheet(values, shown)
    first = next(iter(values.values()), [])
    rows = [
        _xlsx_row(number, row, formulas_row, shown)
        for number, (row, formulas_row) in enumerate(
            zip(first, next(iter(formulas.values()), []), strict=False), 1
        )
    ]
    rows = [row for row in rows if any(cell.text for cell in row)]
    return Sheet(shown, *_split(rows))


def _sheets(book: Any) -> dict[str, list[tuple[object, ...]]]:
    """Each worksheet's title and rows of values, in the workbook's order."""
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
    finally:
        book.close()


def _check_one_sheet(sheets: dict[str, list[tuple[object, ...]]], shown: str) -> None:
    """Refuse a workbook with counts on more than one sheet: reading only the first would
    quietly leave the others out of the board's report."""
    used = [
        title
        for title, rows in sheets.items()
        if any(value is not None and str(value).strip() for row in rows for value in row)
    ]
    if len(used) > 1:
        names = ", ".join(f"'{_short(title)}'" for title in used)
        message = (
            f"the workbook has counts on {len(used)} sheets ({names}); the monitor reads one "
            "sheet, so put all the counts on one sheet, or save each sheet as its own CSV file"
        )
        raise DataError("JC712", message, shown)


def _xlsx_row(
    number: int, values: Sequence[object], formulas: Sequence[object], shown: str
) -> list[Cell]:
    cells = []
    for column, value in enumerate(values, start=1):
        formula = formulas[column - 1] if column <= len(formulas) else None
        if value is None and isinstance(formula, str) and formula.startswith("="):
            message = (
                "the cell holds a formula whose value was never saved; open the file in a "
                "spreadsheet program and save it, or type the number"
            )
            raise DataError("JC701", message, shown, number, column)
        if isinstance(value, bool) or value is None:
            cells.append(Cell("" if value is None else str(value), number, column))
        elif isinstance(value, int | float):
            cells.append(Cell(f"{value:g}", number, column, value))
        else:
            cells.append(Cell(str(value).strip(), number, column))
    while cells and not cells[-1].text:  # a sheet's trailing empty cells are not cells
        cells.pop()
    return cells


# Columns -------------------------------------------------------------------------------


def _counted(name: str) -> str:
    """How a column's number is named in a message: "the headcount", "the entered count"."""
    return f"the {name}" if name == "headcount" else f"the {name} count"


def _error(sheet: Sheet, cell: Cell, code: ErrorCodeId, message: str) -> DataError:
    return DataError(code, message, sheet.display, cell.line, cell.column)


def _columns(sheet: Sheet, config: MonitorConfig) -> dict[str, int]:
    known = tuple(dict.fromkeys((*REQUIRED, *OPTIONAL, *config.stages)))
    columns: dict[str, int] = {}
    for index, cell in enumerate(sheet.header):
        name = cell.text.strip().casefold()
        if _SQUEEZE.sub("", name) in PERSONAL:
            raise _error(
                sheet,
                cell,
                "JC708",
                f"the column '{_short(cell.text)}' looks like details of individual people; the "
                "monitor takes counts for groups of staff only, so remove the column",
            )
        if name not in known:
            raise _error(
                sheet,
                cell,
                "JC707",
                f"'{_short(cell.text)}' is not a column the monitor reads; use: {', '.join(known)}",
            )
        if name in columns:
            raise _error(sheet, cell, "JC707", f"the column '{name}' appears twice")
        columns[name] = index
    for name in REQUIRED:
        if name not in columns:
            where = sheet.header[0] if sheet.header else Cell("", 1, 1)
            raise _error(
                sheet,
                where,
                "JC710",
                f"the column '{name}' is missing; the first row must name {', '.join(REQUIRED)}",
            )
    return columns


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:59] + "…"


# Rows ----------------------------------------------------------------------------------


def _row(
    sheet: Sheet,
    cells: list[Cell],
    columns: dict[str, int],
    stages: tuple[str, ...],
    config: MonitorConfig,
) -> CountRow:
    if len(cells) != len(sheet.header):
        where = cells[min(len(cells), len(sheet.header)) - 1]
        message = (
            f"this row has {len(cells)} cells but the first row has {len(sheet.header)} headings"
        )
        raise _error(sheet, where, "JC715", message)

    def text(name: str, default: str = "") -> str:
        if name not in columns:
            return default
        cell = cells[columns[name]]
        if not cell.text or len(cell.text) > MAX_TEXT:
            raise _error(
                sheet, cell, "JC701", f"the {name} must be given, in 1 to {MAX_TEXT} characters"
            )
        return cell.text

    headcount_cell = cells[columns["headcount"]]
    headcount = _count(sheet, headcount_cell, "headcount")
    if headcount == 0:
        raise _error(
            sheet, headcount_cell, "JC714", "the headcount is 0; a group with no staff has no rate"
        )
    counts = [_count(sheet, cells[columns[stage]], stage) for stage in stages]
    _check_stages(sheet, cells, columns, stages, headcount, counts)
    return CountRow(
        period=text("period"),
        group=text("group"),
        headcount=headcount,
        counts=tuple(counts),
        dimension=text("dimension", config.dimension),
        organisation=text("organisation"),
        line=cells[0].line,
    )


def _count(sheet: Sheet, cell: Cell, name: str) -> int:
    if cell.number is not None:
        if float(cell.number).is_integer():
            value = int(cell.number)
            if value < 0:
                raise _error(
                    sheet, cell, "JC702", f"{_counted(name)} is {value}; a count is 0 or more"
                )
            return value
        raise _error(sheet, cell, "JC701", f"the {name} count {cell.text} is not a whole number")
    text = cell.text.strip()
    if _COUNT.match(text):
        return int(text.replace(",", ""))
    if re.fullmatch(r"[-\u2212][0-9][0-9,]*", text):
        raise _error(
            sheet, cell, "JC702", f"{_counted(name)} is {_short(text)}; a count is 0 or more"
        )
    shown = f"'{_short(text)}'" if text else "empty"
    raise _error(
        sheet,
        cell,
        "JC701",
        f"{_counted(name)} is {shown}; write a whole number of staff (the report hides small numbers itself)",
    )


def _check_stages(
    sheet: Sheet,
    cells: list[Cell],
    columns: dict[str, int],
    stages: tuple[str, ...],
    headcount: int,
    counts: list[int],
) -> None:
    if counts and counts[0] > headcount:
        message = f"{counts[0]} entered, but the group's headcount is {headcount}"
        raise _error(sheet, cells[columns["entered"]], "JC703", message)
    for index in range(1, len(counts)):
        if counts[index] > counts[index - 1]:
            stage, before = stages[index], stages[index - 1]
            message = f"{counts[index]} {stage}, more than the {counts[index - 1]} at the stage before ({before})"
            raise _error(sheet, cells[columns[stage]], "JC704", message)


def _key(row: CountRow) -> tuple[str, str, str]:
    return (row.organisation, row.dimension, row.group)


def _check_rows_are_groups(sheet: Sheet, rows: list[CountRow]) -> None:
    seen: dict[tuple[str, str, str, str], int] = {}
    for row in rows:
        key = (*_key(row), row.period)
        if key in seen:
            raise DataError(
                "JC709",
                f"'{_short(row.group)}' in {_short(row.period)} already has a row (line {seen[key]}); "
                "give one row of counts per period and group. One row per person is person-level "
                "data, which the monitor refuses: it takes counts only",
                sheet.display,
                row.line,
                1,
            )
        seen[key] = row.line


def _check_every_group_in_every_period(sheet: Sheet, rows: list[CountRow]) -> None:
    groups: dict[tuple[str, str], list[str]] = {}
    periods: dict[tuple[str, str], dict[str, int]] = {}
    present = {(*_key(row), row.period) for row in rows}
    for row in rows:
        scope = (row.organisation, row.dimension)
        if row.group not in groups.setdefault(scope, []):
            groups[scope].append(row.group)
        periods.setdefault(scope, {}).setdefault(row.period, row.line)
    for scope, names in groups.items():
        for period, line in periods[scope].items():
            for group in names:
                if (*scope, group, period) not in present:
                    where = f" for {scope[0]}" if scope[0] else ""
                    message = (
                        f"'{_short(group)}' has counts in other periods but none in "
                        f"{_short(period)}{where}; add its row (with 0 if no one entered)"
                    )
                    raise DataError("JC705", message, sheet.display, line, 1)


def _check_references(sheet: Sheet, rows: list[CountRow], config: MonitorConfig) -> None:
    """Each dimension (in each organisation) has rows for its reference group."""
    by_scope: dict[tuple[str, str], list[str]] = {}
    first_line: dict[tuple[str, str], int] = {}
    for row in rows:
        scope = (row.dimension, row.organisation)
        names = by_scope.setdefault(scope, [])
        first_line.setdefault(scope, row.line)
        if row.group not in names:
            names.append(row.group)
    for (dimension, organisation), groups in by_scope.items():
        if config.reference_for(dimension, groups) is not None:
            continue
        wanted = config.references.get(dimension)
        where = f" in {_short(organisation)}" if organisation else ""
        if wanted is None:
            message = (
                f"no reference group is set for the dimension '{_short(dimension)}'; name the "
                "group the others are compared with under 'reference' in the config"
            )
        else:
            message = (
                f"the reference group '{wanted}' has no rows for '{_short(dimension)}'{where}; "
                f"the groups are: {_short(', '.join(groups))}"
            )
        raise DataError("JC706", message, sheet.display, first_line[(dimension, organisation)], 1)


def references(table: CountTable, config: MonitorConfig) -> dict[str, str]:
    """Each dimension's reference group as the data spells it (checked to exist on reading)."""
    groups: dict[str, list[str]] = {}
    for row in table.rows:
        names = groups.setdefault(row.dimension, [])
        if row.group not in names:
            names.append(row.group)
    return {
        dimension: config.reference_for(dimension, names) or ""
        for dimension, names in groups.items()
    }
