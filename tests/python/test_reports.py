"""The outputs people open, on the demo: SALT/ASCOF workbooks checked cell by cell against the
tidy marts, the LA data-quality page loaded in headless Chromium, export-marts' manifest."""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import openpyxl
import pytest

from cld_warehouse.exports import marts as export_marts
from cld_warehouse.reports import dq_page as report_dq, workbooks as reports
from dbt_helpers import REPO, query

pytestmark = pytest.mark.warehouse_build   # reads the shared demo build
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def demo(demo_warehouse):
    """The session's shared demo build (read only)."""
    return demo_warehouse


def usable_las(work: Path) -> list[str]:
    return [r[0] for r in query(work, "select la_code from intermediate.int_submissions_selected "
                                      "where has_usable_file order by 1")]


# ---------------------------------------------------------------- presentation columns

def test_tidy_marts_carry_presentation_columns(demo):
    las = usable_las(demo)
    for table in [t.mart for t in reports.SALT_TABLES] + ["ascof_measures"]:
        rows = query(demo, f"select la_code, la_name, period_label, la_count, display_order from marts.{table}")
        names = dict(query(demo, "select la_code, la_name from spec.cld_local_authorities"))
        assert {r[0] for r in rows} == set(las) | {"ENG"}, table
        for la_code, la_name, period_label, la_count, _ in rows:
            assert la_name == (names[la_code] if la_code != "ENG" else "England"), table
            assert period_label == "2023-24", table
            assert la_count == (len(las) if la_code == "ENG" else 1), table
        # one display order per category, the same for every LA and England
        orders = defaultdict(set)
        for la_code, *_, order in rows:
            orders[la_code].add(order)
        assert len({frozenset(v) for v in orders.values()}) == 1, table
        per_la = query(demo, f"select la_code, count(*), count(distinct display_order) from marts.{table} group by 1")
        assert all(n == d for _, n, d in per_la), table


# ---------------------------------------------------------------- workbooks

def mart_cells(work: Path, table: reports.SaltTable, la: str) -> dict[tuple, int]:
    dims = table.rows + table.columns
    return {tuple(r[:-1]): r[-1] for r in query(
        work, f"select {', '.join(dims)}, {table.value} from marts.{table.mart} where la_code = ?", [la])}


def read_salt_sheet(ws, table: reports.SaltTable):
    """The sheet back as {(row key, column key): value}, row totals, column totals, grand total;
    header lines found from the frozen pane."""
    body = ws.freeze_panes  # e.g. 'B5': first body row 5, first value column B
    first_row = ws[body].row
    first_col = ws[body].column
    n_head = len(table.columns)
    head_rows = range(first_row - n_head, first_row)
    last_col = ws.max_column
    assert ws.cell(first_row - 1, last_col).value == "Total"
    col_keys = [tuple(ws.cell(r, c).value for r in head_rows) for c in range(first_col, last_col)]
    cells, row_totals, col_totals = {}, {}, {}
    r = first_row
    while ws.cell(r, 1).value != "Total":
        row_key = tuple(ws.cell(r, c).value for c in range(1, first_col))
        for j, col_key in enumerate(col_keys):
            value = ws.cell(r, first_col + j).value
            assert isinstance(value, int), (ws.title, r, j, value)
            cells[(row_key, col_key)] = value
        row_totals[row_key] = ws.cell(r, last_col).value
        r += 1
    for j, col_key in enumerate(col_keys):
        col_totals[col_key] = ws.cell(r, first_col + j).value
    return cells, row_totals, col_totals, ws.cell(r, last_col).value


def test_salt_workbooks_equal_the_marts_cell_by_cell(demo, tmp_path):
    paths = reports.write_workbooks(demo / "cld.duckdb", tmp_path, "salt")
    las = usable_las(demo)
    assert sorted(p.name for p in paths) == sorted(f"SALT_{la}_2023-24.xlsx" for la in las + ["ENG"])
    for path in paths:
        la = path.name.split("_")[1]
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == ["Cover"] + [t.sheet for t in reports.SALT_TABLES]
        for table in reports.SALT_TABLES:
            ws = book[table.sheet]
            expected = mart_cells(demo, table, la)
            cells, row_totals, col_totals, grand = read_salt_sheet(ws, table)
            n_rows = len(table.rows)
            got = {row_key + col_key: v for (row_key, col_key), v in cells.items()}
            assert got == expected, (path.name, table.sheet)
            for row_key, total in row_totals.items():
                assert total == sum(v for k, v in expected.items() if k[:n_rows] == row_key), (table.sheet, row_key)
            for col_key, total in col_totals.items():
                assert total == sum(v for k, v in expected.items() if k[n_rows:] == col_key), (table.sheet, col_key)
            mart_total = query(demo, f"select sum({table.value}) from marts.{table.mart} where la_code = ?", [la])[0][0]
            assert grand == mart_total, (path.name, table.sheet)
            assert ws.column_dimensions["A"].width > 8.43   # sized, not Excel's default
        cover = {}
        for name, value in book["Cover"].iter_rows(min_row=3, max_col=2, values_only=True):
            if name is None:   # the facts end at the first blank line; the source files follow
                break
            cover[name] = value
        assert cover["LA code"] == la and cover["Reporting period"] == "2023-24"
        assert cover["LAs covered"] == (len(las) if la == "ENG" else 1)
        assert cover["Snapshot date"] == "2024-03-31"
        files = {r[2] for r in book["Cover"].iter_rows(min_row=len(cover) + 5, values_only=True) if r[2]}
        selected = {r[0] for r in query(demo, "select selected_file_name from intermediate.int_submissions_selected "
                                              "where has_usable_file and (la_code = ? or ? = 'ENG')", [la, la])}
        assert selected <= files and files - selected == {"File"}


def test_ascof_workbook_equals_the_mart(demo, tmp_path):
    paths = reports.write_workbooks(demo / "cld.duckdb", tmp_path, "ascof", ["716"])
    assert [p.name for p in paths] == ["ASCOF_716_2023-24.xlsx", "ASCOF_ENG_2023-24.xlsx"]
    for path, la in zip(paths, ["716", "ENG"]):
        ws = openpyxl.load_workbook(path)["ASCOF"]
        assert ws.freeze_panes == "C4"
        got = [r for r in ws.iter_rows(min_row=4, values_only=True)]
        expected = query(demo, "select m.measure, m.measure_group, m.description, m.numerator, m.denominator, "
                               "m.outcome, g.outcome_multiplier from marts.ascof_measures as m "
                               "join spec.cld_ascof_groups as g using (measure, measure_group) "
                               "where m.la_code = ? order by m.display_order", [la])
        assert len(got) == len(expected)
        for row, exp in zip(got, expected):
            assert row[:5] == exp[:5]
            assert row[5] == pytest.approx(float(exp[5]))
            assert row[6] == {100: "%", 100000: "per 100,000 population"}[exp[6]]


# ---------------------------------------------------------------- export-marts

@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_marts_manifest_equals_the_tables(demo, tmp_path, fmt):
    manifest = export_marts.export(demo / "cld.duckdb", tmp_path, fmt)
    assert json.loads((tmp_path / "manifest.json").read_text()) == manifest
    public = export_marts.public_marts()
    assert {"salt_sts001", "ascof_measures", "dq_submissions"} <= set(public)
    assert [f["mart"] for f in manifest["files"]] == public
    for f in manifest["files"]:
        relation = f'{f["schema"]}.{f["mart"]}'
        assert f["rows"] == query(demo, f"select count(*) from {relation}")[0][0]
        assert [(c["name"], c["type"]) for c in f["columns"]] == query(
            demo, "select column_name, data_type from information_schema.columns where table_schema = ? "
                  "and table_name = ? order by ordinal_position", [f["schema"], f["mart"]])
        path = tmp_path / f["file"]
        if fmt == "parquet":
            con = duckdb.connect()
            assert con.execute(f"select count(*) from read_parquet('{path}')").fetchone()[0] == f["rows"]
        else:
            assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
            with path.open(encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.reader(fh))
            assert rows[0] == [c["name"] for c in f["columns"]] and len(rows) - 1 == f["rows"]


# ---------------------------------------------------------------- DQ page in a real browser

def chromium() -> str:
    """The chromium binary; installed from Debian's packages when missing (tests run as root)."""
    found = shutil.which("chromium")
    if found:
        return found
    install = subprocess.run("apt-get update -q && apt-get install -y -q chromium", shell=True,
                             capture_output=True, text=True, timeout=900)
    found = shutil.which("chromium")
    if not found:
        pytest.fail("headless Chromium is needed for the DQ page test and could not be installed "
                    f"(apt-get install -y chromium):\n{install.stdout[-2000:]}\n{install.stderr[-2000:]}")
    return found


def run_chromium(url: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr",
                           "--v=0", *args, url], capture_output=True, text=True, timeout=180)


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.classes, self.hrefs, self.srcs, self.data_counts = set(), defaultdict(int), [], [], {}
        self._count = None
        self.text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for c in (a.get("class") or "").split():
            self.classes[c] += 1
        if "href" in a:
            self.hrefs.append(a["href"])
        if "src" in a:
            self.srcs.append(a["src"])
        self._count = a.get("data-count")

    def handle_data(self, data):
        if self._count and data.strip():
            self.data_counts[self._count] = int(data.strip())
            self._count = None
        self.text.append(data)


def test_dq_page_in_chromium(demo, tmp_path):
    [page] = report_dq.write_reports(demo / "cld.duckdb", tmp_path, ["716"])
    dumped = run_chromium(page.as_uri(), tmp_path / "profile-dom", "--dump-dom")
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    assert "CONSOLE" not in dumped.stderr and "Uncaught" not in dumped.stderr, dumped.stderr[-2000:]
    dom = Dom()
    dom.feed(dumped.stdout)
    assert {"files", "issues", "items", "trend", "rows", "tracing", "summary", "csv-download"} <= dom.ids
    # nothing fetched from anywhere: no script, no remote link or image
    assert not dom.srcs and "<script" not in dumped.stdout
    assert not [h for h in dom.hrefs if h.startswith(("http:", "https:", "//"))]
    files = query(demo, "select landed_file_name, is_accepted from dq.dq_submissions where la_code = '716' "
                        "and period_start = (select period_start from intermediate.int_reporting_period) "
                        "order by submitted_at")
    latest = [f for f, accepted in files if accepted][-1]
    assert dom.classes["file-row"] == len(files) == dom.data_counts["files"]
    assert dom.data_counts["accepted"] == sum(1 for _, a in files if a)
    rules = query(demo, "select rule_code, rule_level, severity, issue_count from dq.dq_submission_rules "
                        "where la_code = '716' and landed_file_name = ?", [latest])
    assert dom.classes["rule-row"] == len(rules)
    for severity in ("error", "warning", "info"):
        assert dom.data_counts[severity] == sum(r[3] for r in rules if r[2] == severity)
    issues = query(demo, "select count(*) from dq.dq_row_issues where la_code = '716' and landed_file_name = ?",
                   [latest])[0][0]
    all_files_issues = query(demo, "select count(*) from dq.dq_row_issues where la_code = '716'")[0][0]
    assert dom.classes["row-issue"] == issues and issues < all_files_issues   # the latest file only
    for rule_code, level, *_ in rules:
        if level != "file":
            assert f"#rule-{rule_code}" in dom.hrefs and f"rule-{rule_code}" in dom.ids
    assert dom.classes["item-row"] == 40 and dom.classes["item-bar"] == 80
    assert dom.classes["trend-point"] == sum(1 for _, a in files if a)
    assert dom.classes["trace-file"] == query(demo, "select count(*) from dq.dq_trace_files where la_code = '716'")[0][0]
    # the CSV beside the page: BOM, the latest file's issues
    csv_path = tmp_path / "DQ_716_2023-24_row_issues.csv"
    assert f"{csv_path.name}" in dom.hrefs and csv_path.read_bytes()[:3] == b"\xef\xbb\xbf"
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == issues
    shot = tmp_path / "dq_report.png"
    taken = run_chromium(page.as_uri(), tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1200,2400",
                         "--hide-scrollbars")
    assert taken.returncode == 0 and shot.stat().st_size > 10_000, taken.stderr[-2000:]
    if os.environ.get("CLD_UPDATE_DOCS"):
        shutil.copy2(shot, REPO / "docs" / "dq_report.png")
