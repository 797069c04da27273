"""The one writer for every file the project writes for people to open in a spreadsheet.

CSV (``write_csv``, ``write_query_csv``): UTF-8 with a byte-order mark, so Excel reads ``£`` and
accented names right, header first, CRLF line ends; every text value that a spreadsheet would
run as a formula — starting ``=``, ``+``, ``-``, ``@``, tab or carriage return — gets a leading
``'`` (CSV injection).  Used by ``cld export-dq``, ``cld export-la``, ``cld export-trace``,
``cld export-marts --format csv`` and the reports' CSV downloads.

XLSX (``workbook`` + ``write_cell``): XlsxWriter with its string-to-formula/URL/number
conversions off, so text is always stored as text; formula-like text is also marked with
Excel's quote prefix (the cell shows the value unchanged and Excel treats it as text if it is
edited or re-saved as CSV).  Numbers stay numbers.
"""
from __future__ import annotations

import csv
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BATCH_ROWS = 10_000


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def neutralise(value: object) -> object:
    """Make a cell safe for spreadsheets: text that would start a formula gets a leading quote."""
    if is_formula_like(value):
        return "'" + value
    return value


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write header and rows as a spreadsheet-safe UTF-8 (BOM) CSV; returns the number of rows."""
    count = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        # CRLF line ends (RFC 4180, as Excel writes them): csv then also quotes any value holding a
        # lone CR, which a "\n" terminator would leave bare and so split the row for readers.
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([neutralise(h) for h in header])
        for row in rows:
            writer.writerow([neutralise(v) for v in row])
            count += 1
    return count


def _cursor_rows(cursor):
    while batch := cursor.fetchmany(BATCH_ROWS):
        yield from batch


def write_query_csv(cursor, path: Path) -> int:
    """Write a DuckDB cursor's result (header = its column names) with ``write_csv``."""
    return write_csv(path, [d[0] for d in cursor.description], _cursor_rows(cursor))


def workbook(path: Path):
    """An XlsxWriter workbook that never turns text into a formula, URL or number."""
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    return xlsxwriter.Workbook(str(path), {
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
    })


def write_cell(sheet, row: int, col: int, value: object, cell_format=None, text_format=None) -> None:
    """Write one value: numbers as numbers, None as blank, text as text (formula-like text with
    Excel's quote prefix, text_format being a format with ``quote_prefix`` set)."""
    if value is None:
        sheet.write_blank(row, col, None, cell_format)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, cell_format)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, cell_format)
    elif isinstance(value, Decimal):
        sheet.write_number(row, col, float(value), cell_format)
    elif is_formula_like(value):
        sheet.write_string(row, col, value, text_format or cell_format)
    else:
        sheet.write_string(row, col, str(value), cell_format)


XLSX_MAX_ROWS = 1_048_575   # a worksheet's rows, less the header


def write_query_sheet(book, name: str, cursor, header_format=None) -> int:
    """Write a DuckDB cursor's result as one worksheet of `book` (header frozen, formula-like text
    kept as text); returns the number of rows.  More rows than a worksheet holds is an error
    (ValueError): use CSV or Parquet for such a table."""
    sheet = book.add_worksheet(name)
    text = book.add_format({"quote_prefix": True})
    for col, column in enumerate(d[0] for d in cursor.description):
        sheet.write_string(0, col, column, header_format)
    sheet.freeze_panes(1, 0)
    count = 0
    for row in _cursor_rows(cursor):
        count += 1
        if count > XLSX_MAX_ROWS:
            raise ValueError(f"{name}: more than {XLSX_MAX_ROWS:,} rows, over what one worksheet holds")
        for col, value in enumerate(row):
            if isinstance(value, (date, datetime)):
                value = value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
            write_cell(sheet, count, col, value, None, text)
    return count
