"""Exports back to LAs: each LA's processed data and DQ feedback hold that LA's rows only."""
from __future__ import annotations

import csv
import json

import duckdb
import pytest

from cld_warehouse.exports import dq as export_dq, la as export_la, spreadsheet_safe
from dbt_helpers import REPO


@pytest.fixture(scope="module")
def warehouse(fixtures_warehouse):
    """The session's fixtures warehouse (conftest.py), read only."""
    return fixtures_warehouse.work


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_la_export_holds_only_that_las_rows_and_a_true_manifest(warehouse, tmp_path, fmt):
    import duckdb
    written = export_la.export(warehouse / "cld.duckdb", tmp_path, ["716"], fmt)
    manifest = json.loads((tmp_path / "716" / "manifest.json").read_text())
    assert manifest == written["716"] and manifest["period_start"] and manifest["period_end"]
    total = 0
    for f in manifest["files"]:
        path = tmp_path / "716" / f["file"]
        reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
        las = duckdb.sql(f"select distinct la_code from {reader}('{path}')").fetchall()
        count = duckdb.sql(f"select count(*) from {reader}('{path}')").fetchone()[0]
        assert count == f["rows"], f["file"]
        assert las in ([("716",)], [(716,)], []), (f["file"], las)
        total += count
    assert total > 0
    assert {f["file"].split(".")[0] for f in manifest["files"]} >= {"events", "persons", "request_clusters",
                                                                    "service_costs", "dq_row_issues"}


def test_dq_export_per_la_and_neutralised_formulas(warehouse, tmp_path):
    counts = export_dq.export(warehouse / "cld.duckdb", tmp_path)
    assert {"716", "318"} <= set(counts)
    with (tmp_path / "716_row_issues.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and {r["la_code"] for r in rows} == {"716"}
    assert spreadsheet_safe.neutralise('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert spreadsheet_safe.neutralise("-5") == "'-5" and spreadsheet_safe.neutralise("plain") == "plain"


def test_unknown_la_is_refused(warehouse, tmp_path):
    from cld_warehouse.cli.args import UsageError
    with pytest.raises(UsageError, match="'123' is not one of the 151"):
        export_la.export(warehouse / "cld.duckdb", tmp_path, ["123"])
    with pytest.raises(UsageError, match="no submission from LA 104"):
        export_la.export(warehouse / "cld.duckdb", tmp_path, ["104"])
    assert list(tmp_path.iterdir()) == []


def test_la_export_path_is_never_pasted_into_sql(warehouse, tmp_path):
    out = tmp_path / "it's a folder'; drop table x; --"
    written = export_la.export(warehouse / "cld.duckdb", out, ["716"], "csv")
    assert (out / "716" / "events.csv").is_file() and written["716"]["files"][0]["rows"] >= 0


FORMULAS = ("=cmd|'/c calc'!A0", "@SUM(A1:A9)", "+1+1", "-2-2", "\tx", "\rx")


def hostile_copy(warehouse, target):
    """A copy of every table the two exports read, each text column (but la_code) replaced by
    formula text (a different opening character per column), to test every text column."""
    tables = set(export_la.TABLES.values()) | {t for t, _ in export_dq.TABLES.values()}
    tables |= {"intermediate.int_reporting_period"}
    con = duckdb.connect(str(target))
    try:
        con.execute(f"attach '{warehouse / 'cld.duckdb'}' as src (read_only)")
        text_columns = {}
        for relation in sorted(tables):
            schema, name = relation.split(".")
            columns = con.execute("select column_name, data_type from information_schema.columns where "
                                  "table_catalog = 'src' and table_schema = ? and table_name = ? "
                                  "order by ordinal_position", [schema, name]).fetchall()
            text = [c for c, t in columns if t == "VARCHAR" and c != "la_code"]
            text_columns[relation] = text
            quoted = [f.replace("'", "''") for f in FORMULAS]
            replace = ", ".join(f"'{quoted[i % len(quoted)]}' || coalesce({c}, '') as {c}"
                                for i, c in enumerate(text))
            con.execute(f"create schema if not exists {schema}")
            con.execute(f"create table {relation} as select * {f'replace ({replace})' if replace else ''} "
                        f"from src.{relation}")
    finally:
        con.close()
    return text_columns


def assert_safe_csv(path, text_columns):
    raw = path.read_bytes()
    assert raw[:3] == b"\xef\xbb\xbf", f"{path.name}: no UTF-8 BOM"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for column in text_columns:
        values = [r[column] for r in rows]
        assert all(not v.startswith(spreadsheet_safe.FORMULA_START) for v in values), (path.name, column)
        assert all(v.startswith("'") for v in values), (path.name, column)   # every value was formula text
    return len(rows)


def test_export_la_csv_neutralises_every_text_column(warehouse, tmp_path):
    text_columns = hostile_copy(warehouse, tmp_path / "hostile.duckdb")
    manifest = export_la.export(tmp_path / "hostile.duckdb", tmp_path / "out", ["716"], "csv")["716"]
    checked = 0
    for f in manifest["files"]:
        columns = text_columns[f["table"]]
        assert assert_safe_csv(tmp_path / "out" / "716" / f["file"], columns) == f["rows"]
        checked += len(columns) if f["rows"] else 0
    assert checked > 50


def test_export_dq_neutralises_every_text_column(warehouse, tmp_path):
    text_columns = hostile_copy(warehouse, tmp_path / "hostile.duckdb")
    counts = export_dq.export(tmp_path / "hostile.duckdb", tmp_path / "out", ["716"])
    for name, (table, _) in export_dq.TABLES.items():
        assert assert_safe_csv(tmp_path / "out" / f"716_{name}.csv", text_columns[table]) == counts["716"][name]


def test_the_one_writer():
    assert spreadsheet_safe.neutralise("=1+1") == "'=1+1" and spreadsheet_safe.neutralise(-5) == -5
    assert spreadsheet_safe.neutralise("\u00a3 12") == "\u00a3 12"
    # no module writes CSV for people with its own csv.writer: they all import the one writer
    src = REPO / "src" / "cld_warehouse"
    for module in ["exports/dq", "exports/la", "exports/marts", "reports/dq_page", "reports/workbooks",
                   "reports/explain"]:
        text = (src / f"{module}.py").read_text()
        assert "csv.writer" not in text and "spreadsheet_safe import" in text, module


def test_workbook_text_stays_text(tmp_path):
    import openpyxl
    book = spreadsheet_safe.workbook(tmp_path / "w.xlsx")
    sheet = book.add_worksheet("S")
    quoted = book.add_format({"quote_prefix": True})
    for col, value in enumerate(["=cmd|'/c calc'!A0", "@SUM(A1:A9)", "plain", 12, None]):
        spreadsheet_safe.write_cell(sheet, 0, col, value, None, quoted)
    book.close()
    ws = openpyxl.load_workbook(tmp_path / "w.xlsx")["S"]
    cells = [ws.cell(1, c) for c in range(1, 6)]
    assert [c.value for c in cells] == ["=cmd|'/c calc'!A0", "@SUM(A1:A9)", "plain", 12, None]
    assert [c.data_type for c in cells[:4]] == ["s", "s", "s", "n"]   # text, never a formula
    assert cells[0].quotePrefix and cells[1].quotePrefix and not cells[2].quotePrefix


def test_export_la_xlsx_one_sheet_per_table_with_every_row_and_text_kept_as_text(warehouse, tmp_path):
    import openpyxl
    text_columns = hostile_copy(warehouse, tmp_path / "hostile.duckdb")
    manifest = export_la.export(tmp_path / "hostile.duckdb", tmp_path / "out", ["716"], "xlsx")["716"]
    book = openpyxl.load_workbook(tmp_path / "out" / "716" / "716_extract.xlsx", read_only=True)
    assert book.sheetnames == list(export_la.TABLES)
    checked = 0
    for f in manifest["files"]:
        rows = list(book[f["sheet"]].iter_rows(values_only=True))
        assert len(rows) - 1 == f["rows"], f["sheet"]
        header = rows[0]
        assert "la_code" in header and all(r[header.index("la_code")] == "716" for r in rows[1:])
        for column in text_columns[f["table"]]:
            # (openpyxl's read-only reader leaves a carriage return in its XML escape, _x000D_)
            values = [r[header.index(column)].replace("_x000D_", "\r") for r in rows[1:]]
            # formula text arrives as the text itself (a string cell), never as a formula
            assert all(isinstance(v, str) and v.startswith(spreadsheet_safe.FORMULA_START) for v in values), column
            checked += bool(values)
    assert checked > 20
