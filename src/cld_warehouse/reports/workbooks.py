"""SALT and ASCOF workbooks from the tidy marts: ``cld report salt|ascof|dq``.

    cld report salt  [--la 716 ... | --all] [--out DIR]   one SALT workbook per LA and one for England
    cld report ascof [--la 716 ... | --all] [--out DIR]   the same for the ASCOF measures
    cld report dq    [--la 716 ... | --all] [--out DIR]   the LA data-quality page (HTML; reports.dq_page)

Each workbook (``<out>/SALT_<LA>_<period>.xlsx``, ``ASCOF_<LA>_<period>.xlsx``; LA ``ENG`` =
England) has a cover sheet (LA, DSCRO, reporting period, snapshot date, build time, the source
files used with their submitted timestamps, the period settings, how many LAs the England
figures cover), then one sheet per SALT table in the return's layout — categories as rows, age
bands (or gender, or support setting) as columns, row and column totals — or the ASCOF sheet
(measure, group, numerator, denominator, outcome and its unit).  Values are numbers; headers
are frozen; columns sized.  Written with XlsxWriter through the project's one spreadsheet-safe
writer (``spreadsheet_safe``); every figure comes from the marts, in their display order.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from cld_warehouse.cli.args import (CliParser, UsageError, add_database_argument, check_database, check_la_codes,
                                    one_line_errors, output_folder)
from cld_warehouse.exports.spreadsheet_safe import workbook, write_cell
from cld_warehouse.project import project_path

ENGLAND = "ENG"


@dataclass(frozen=True)
class SaltTable:
    sheet: str           # sheet name (at most 31 characters)
    mart: str            # marts.<mart>
    title: str
    rows: tuple[str, ...]     # category columns shown as rows
    columns: tuple[str, ...]  # columns shown across (one header line each)
    value: str


SALT_TABLES = (
    SaltTable("STS001", "salt_sts001", "STS001: requests for support from new clients, by what happened next",
              ("route_of_access", "sequel"), ("age_band",), "request_count"),
    SaltTable("STS002a", "salt_sts002a", "STS002a: new clients, what followed ST-Max",
              ("sequel",), ("age_band",), "episode_count"),
    SaltTable("STS002b", "salt_sts002b", "STS002b: existing clients, what followed ST-Max",
              ("sequel",), ("age_band",), "episode_count"),
    SaltTable("LTS001a", "salt_lts001a", "LTS001a: people in long-term support during the year",
              ("primary_support_reason",), ("age_band", "support_setting"), "person_count"),
    SaltTable("LTS001b PSR", "salt_lts001b_psr", "LTS001b: people in long-term support at the snapshot, by primary support reason",
              ("primary_support_reason",), ("age_band", "support_setting"), "person_count"),
    SaltTable("LTS001b Carer", "salt_lts001b_carer", "LTS001b: people in long-term support at the snapshot, by informal carer",
              ("has_informal_carer",), ("support_setting",), "person_count"),
    SaltTable("LTS001b Ethnicity", "salt_lts001b_ethnicity", "LTS001b: people in long-term support at the snapshot, by ethnicity",
              ("ethnicity",), ("gender", "support_setting"), "person_count"),
    SaltTable("LTS001c", "salt_lts001c", "LTS001c: people in long-term support for more than 12 months at the snapshot",
              ("primary_support_reason",), ("age_band", "support_setting"), "person_count"),
    SaltTable("LTS002a", "salt_lts002a", "LTS002a: reviews of long-term support, by what followed",
              ("review_reason", "what_followed"), ("support_setting",), "review_count"),
    SaltTable("LTS002b", "salt_lts002b", "LTS002b: reviews of people in long-term support for more than 12 months",
              ("review_reason", "what_followed"), ("support_setting",), "review_count"),
    SaltTable("LTS004", "salt_lts004", "LTS004: learning disability clients aged 18-64, employment and accommodation",
              ("status_type", "status"), ("gender",), "person_count"),
)
ASCOF_COLUMNS = ("measure", "measure_group", "description", "numerator", "denominator", "outcome", "unit")
UNITS = {100: "%", 100000: "per 100,000 population"}


def label(column: str) -> str:
    return column.replace("_", " ").capitalize()


def pivot(con, table: SaltTable, la: str):
    """(row keys, column keys, cell values) of one SALT table for one LA, keys in display order."""
    dims = table.rows + table.columns
    data = con.execute(
        f"select {', '.join(dims)}, {table.value}, display_order from marts.{table.mart} "
        "where la_code = ? order by display_order", [la]).fetchall()
    n_rows = len(table.rows)
    row_order: dict[tuple, int] = {}
    col_order: dict[tuple, int] = {}
    cells: dict[tuple, int] = {}
    for record in data:
        row_key, col_key = tuple(record[:n_rows]), tuple(record[n_rows:len(dims)])
        value, order = record[len(dims)], record[len(dims) + 1]
        row_order[row_key] = min(order, row_order.get(row_key, order))
        col_order[col_key] = min(order, col_order.get(col_key, order))
        cells[(row_key, col_key)] = value
    return sorted(row_order, key=row_order.get), sorted(col_order, key=col_order.get), cells


class Formats:
    def __init__(self, book):
        self.title = book.add_format({"bold": True, "font_size": 13})
        self.header = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True,
                                       "valign": "top"})
        self.text = book.add_format({"border": 1})
        self.text_quoted = book.add_format({"border": 1, "quote_prefix": True})
        self.number = book.add_format({"border": 1, "num_format": "#,##0"})
        self.decimal = book.add_format({"border": 1, "num_format": "#,##0.0"})
        self.total = book.add_format({"bold": True, "border": 1, "num_format": "#,##0", "bg_color": "#F2F2F2"})
        self.total_label = book.add_format({"bold": True, "border": 1, "bg_color": "#F2F2F2"})
        self.note = book.add_format({"italic": True, "font_color": "#555555"})


def write_salt_sheet(book, fmt: Formats, con, table: SaltTable, la: str) -> None:
    sheet = book.add_worksheet(table.sheet)
    rows, cols, cells = pivot(con, table, la)
    sheet.write_string(0, 0, table.title, fmt.title)
    header_top = 2
    n_head = len(table.columns)
    first_value_col = len(table.rows)
    for i, name in enumerate(table.rows):
        sheet.write_string(header_top + n_head - 1, i, label(name), fmt.header)
    for level in range(n_head):
        for i in range(len(table.rows)):
            if level < n_head - 1:
                sheet.write_blank(header_top + level, i, None, fmt.header)
        for j, key in enumerate(cols):
            write_cell(sheet, header_top + level, first_value_col + j, key[level], fmt.header, fmt.header)
        sheet.write_string(header_top + level, first_value_col + len(cols),
                           "Total" if level == n_head - 1 else "", fmt.header)
    body = header_top + n_head
    col_totals = [0] * len(cols)
    for r, row_key in enumerate(rows):
        for i, part in enumerate(row_key):
            write_cell(sheet, body + r, i, part, fmt.text, fmt.text_quoted)
        row_total = 0
        for j, col_key in enumerate(cols):
            value = int(cells.get((row_key, col_key), 0))
            sheet.write_number(body + r, first_value_col + j, value, fmt.number)
            row_total += value
            col_totals[j] += value
        sheet.write_number(body + r, first_value_col + len(cols), row_total, fmt.total)
    total_row = body + len(rows)
    sheet.write_string(total_row, 0, "Total", fmt.total_label)
    for i in range(1, len(table.rows)):
        sheet.write_blank(total_row, i, None, fmt.total_label)
    for j, value in enumerate(col_totals):
        sheet.write_number(total_row, first_value_col + j, value, fmt.total)
    sheet.write_number(total_row, first_value_col + len(cols), sum(col_totals), fmt.total)
    sheet.freeze_panes(body, first_value_col)
    for i, name in enumerate(table.rows):
        width = max([len(label(name))] + [len(str(k[i])) for k in rows]) + 2
        sheet.set_column(i, i, min(width, 70))
    for j, key in enumerate(cols):
        sheet.set_column(first_value_col + j, first_value_col + j, min(max(10, max(len(str(p)) for p in key) // 2 + 2), 24))
    sheet.set_column(first_value_col + len(cols), first_value_col + len(cols), 10)


def write_ascof_sheet(book, fmt: Formats, con, la: str) -> None:
    sheet = book.add_worksheet("ASCOF")
    sheet.write_string(0, 0, "ASCOF measures from client level data", fmt.title)
    data = con.execute(
        "select m.measure, m.measure_group, m.description, m.numerator, m.denominator, m.outcome, "
        "g.outcome_multiplier from marts.ascof_measures as m left join spec.cld_ascof_groups as g "
        "on m.measure = g.measure and m.measure_group = g.measure_group where m.la_code = ? "
        "order by m.display_order", [la]).fetchall()
    for j, name in enumerate(ASCOF_COLUMNS):
        sheet.write_string(2, j, label(name), fmt.header)
    for r, record in enumerate(data, start=3):
        measure, group, description, numerator, denominator, outcome, multiplier = record
        for j, value in enumerate((measure, group, description)):
            write_cell(sheet, r, j, value, fmt.text, fmt.text_quoted)
        sheet.write_number(r, 3, numerator, fmt.number)
        sheet.write_number(r, 4, denominator, fmt.number)
        sheet.write_number(r, 5, float(outcome), fmt.decimal)
        sheet.write_string(r, 6, UNITS.get(int(multiplier or 0), f"x {multiplier}"), fmt.text)
    sheet.freeze_panes(3, 2)
    for j, width in enumerate((18, 14, 80, 12, 12, 10, 24)):
        sheet.set_column(j, j, width)


def cover_facts(con, database: Path, la: str) -> tuple[list[tuple[str, object]], list[tuple]]:
    """(label, value) pairs for the cover sheet and the source files (LA, file, submitted at)."""
    period = con.execute("select period_start, period_end, snapshot_date, submission_cutoff, is_period_from_vars "
                         "from intermediate.int_reporting_period").fetchone()
    period_label, la_count = con.execute(
        "select period_label, la_count from marts.salt_sts001 where la_code = ? limit 1", [la]).fetchone()
    files = con.execute(
        "select la_code, la_name, selected_file_name, selected_submitted_at, selection_reason "
        "from intermediate.int_submissions_selected where has_usable_file and (la_code = ? or ? = ?) "
        "order by la_code, part_start", [la, la, ENGLAND]).fetchall()
    if la == ENGLAND:
        name, dscro = "England", "All DSCROs"
    else:
        name = con.execute("select la_name from spec.cld_local_authorities where la_code = ?", [la]).fetchone()[0]
        dscro = ", ".join(f"{r[0]} ({r[1]})" for r in con.execute(
            "select d.dscro_name, d.dscro_code from spec.cld_la_dscros as b inner join spec.cld_dscros as d "
            "on b.dscro_code = d.dscro_code where b.la_code = ? order by b.dscro_order", [la]).fetchall())
    built = datetime.fromtimestamp(database.stat().st_mtime, timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    facts = [
        ("Local authority", name), ("LA code", la), ("DSCRO", dscro),
        ("Reporting period", period_label),
        ("Period start", str(period[0])), ("Period end", str(period[1])), ("Snapshot date", str(period[2])),
        ("Submission cut-off", str(period[3]) if period[3] else "none"),
        ("Period set by", "vars period_start / period_end" if period[4] else "derived: latest complete year"),
        ("Rule profile", "dbt project cld_warehouse, vars as built (dbt_project.yml)"),
        ("Warehouse built", built),
        ("Warehouse", database.name),
        ("LAs covered", la_count),
        ("Note", "England = the sum of the LAs covered (those with a usable file for the period), not all 151."
         if la == ENGLAND else "Figures for this LA only."),
    ]
    return facts, files


def write_cover(book, fmt: Formats, con, database: Path, la: str, title: str) -> None:
    sheet = book.add_worksheet("Cover")
    sheet.write_string(0, 0, title, fmt.title)
    facts, files = cover_facts(con, database, la)
    for r, (name, value) in enumerate(facts, start=2):
        sheet.write_string(r, 0, name, fmt.header)
        write_cell(sheet, r, 1, value, fmt.text, fmt.text_quoted)
    start = len(facts) + 3
    sheet.write_string(start, 0, "Source files used", fmt.title)
    for j, name in enumerate(("LA code", "LA name", "File", "Submitted at", "Why this file")):
        sheet.write_string(start + 1, j, name, fmt.header)
    for r, record in enumerate(files, start=start + 2):
        for j, value in enumerate(record):
            write_cell(sheet, r, j, str(value) if j == 3 else value, fmt.text, fmt.text_quoted)
    for j, width in enumerate((22, 40, 48, 22, 70)):
        sheet.set_column(j, j, width)


def las_with_figures(con) -> list[str]:
    return [r[0] for r in con.execute(
        "select distinct la_code from marts.salt_sts001 where la_code <> ? order by 1", [ENGLAND]).fetchall()]


def write_workbooks(database: Path, out_dir: Path, kind: str, las: list[str] | None = None) -> list[Path]:
    """Write the SALT or ASCOF workbook of each LA asked for (default: every LA with figures) and
    England; returns the paths."""
    con = duckdb.connect(str(database), read_only=True)
    written = []
    try:
        known = las_with_figures(con)
        period_label = con.execute("select period_label from marts.salt_sts001 limit 1").fetchone()[0]
        for la in (las or known) + [ENGLAND]:
            if la != ENGLAND and la not in known:
                raise UsageError(f"cld report {kind}: LA {la} has no figures in {database} (no usable file for the period)")
            path = out_dir / f"{kind.upper()}_{la}_{period_label}.xlsx"
            book = workbook(path)
            fmt = Formats(book)
            write_cover(book, fmt, con, database, la, f"{kind.upper()} {period_label} from client level data")
            if kind == "salt":
                for table in SALT_TABLES:
                    write_salt_sheet(book, fmt, con, table, la)
            else:
                write_ascof_sheet(book, fmt, con, la)
            book.close()
            written.append(path)
    finally:
        con.close()
    return written


@one_line_errors
def main(argv: list[str] | None = None) -> int:
    """``cld report salt|ascof|dq`` (see the module docstring)."""
    p = CliParser(prog="cld report", description=__doc__.splitlines()[0])
    p.add_argument("kind", choices=["salt", "ascof", "dq"],
                   help="salt / ascof: workbooks per LA and England; dq: each LA's data-quality page")
    add_database_argument(p)
    p.add_argument("--out", type=Path, default=project_path("warehouse", "reports"),
                   help="folder the reports are written into (default warehouse/reports)")
    p.add_argument("--la", action="append", help="LA code, one of the 151 (repeatable)")
    p.add_argument("--all", action="store_true", help="every LA with figures (the default when --la is not given)")
    a = p.parse_args(argv)
    if a.la and a.all:
        raise UsageError(f"{p.prog}: --la and --all exclude each other")
    a.la = check_la_codes(f"cld report {a.kind}", a.la)
    a.database = check_database(f"cld report {a.kind}", a.database)
    a.out = output_folder(f"cld report {a.kind}", "--out", a.out)
    if a.kind == "dq":
        from cld_warehouse.reports import dq_page
        paths = dq_page.write_reports(a.database, a.out, a.la)
    else:
        paths = write_workbooks(a.database, a.out, a.kind, a.la)
    for path in paths:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
