"""Tables as files: CSV (one file per table, or all of them in one zip) and one XLSX workbook.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, so a text
from the spec could run as one when a CSV is opened (formula injection). Every text cell that
starts with one of those, with a tab or carriage return, or with an apostrophe, gets one leading
apostrophe: spreadsheets show the text as it is, and :func:`unescape_cell` takes it off again.
In the workbook every text cell is stored as text, never as a formula, so it needs no apostrophe.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence

from .tables import Cell, Table

CSV_SUFFIX = ".csv"
RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
ESCAPE = "'"
# A fixed date for the files inside the zip, so the same tables always give the same bytes.
_ZIP_DATE = (2019, 1, 1, 0, 0, 0)


def csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return ESCAPE + value if value.startswith(RISKY_STARTS) else value
    return str(value)


def unescape_cell(text: str) -> str:
    """A CSV cell's text as the spec has it: without the apostrophe :func:`csv_cell` added."""
    return text[1:] if text.startswith(ESCAPE) else text


def table_csv(table: Table) -> bytes:
    """One table as CSV: UTF-8 with a byte order mark (so Excel reads the accents), CRLF rows."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows([csv_cell(value) for value in row] for row in table.rows)
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


def csv_files(tables: Iterable[Table]) -> list[tuple[str, bytes]]:
    """Each table as ``(NAME.csv, bytes)``."""
    return [(table.name + CSV_SUFFIX, table_csv(table)) for table in tables]


def csv_zip(tables: Iterable[Table]) -> bytes:
    """Every table's CSV in one zip file."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in csv_files(tables):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return stream.getvalue()


def read_csv(data: bytes) -> list[dict[str, str]]:
    """A CSV file written by :func:`table_csv`, back as rows of text, apostrophes taken off."""
    text = data.decode("utf-8-sig")
    return [
        {column: unescape_cell(value) for column, value in row.items()}
        for row in csv.DictReader(io.StringIO(text, newline=""))
    ]


def read_csv_zip(data: bytes) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name.removesuffix(CSV_SUFFIX): read_csv(archive.read(name))
            for name in archive.namelist()
        }


def workbook(tables: Sequence[Table], *, title: str = "justculture") -> bytes:
    """One XLSX workbook with a sheet per table, a bold frozen header row and a filter."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    for default_sheet in list(book.worksheets):
        book.remove(default_sheet)
    book.properties.title = title
    book.properties.creator = "justculture"
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table))
        sheet.append(list(table.columns))
        for row in table.rows:
            sheet.append([_xlsx_value(value) for value in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def read_workbook(data: bytes) -> dict[str, list[dict[str, Cell]]]:
    """A workbook written by :func:`workbook`, back as rows by sheet name."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    found: dict[str, list[dict[str, Cell]]] = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        header = [str(name) for name in rows[0]] if rows else []
        found[sheet.title] = [dict(zip(header, _cells(row), strict=True)) for row in rows[1:]]
    book.close()
    return found


def _sheet_title(table: Table) -> str:
    return table.name[:31]


def _xlsx_value(value: Cell) -> Cell:
    return None if value == "" else value


def _cells(row: Sequence[object]) -> list[Cell]:
    return [value if isinstance(value, str | int | float | bool) else None for value in row]
