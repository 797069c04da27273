"""Each LA's processed data back: ``cld export-la [--la 716 ...] [--out DIR] [--format csv|parquet|xlsx]``.

Writes, for each LA asked for (default: every LA with a submission), only that LA's rows of the
processed warehouse into ``<out>/<LA code>/``: typed unique events, persons, new/existing status,
long-term support episodes, request clusters and ST-Max episodes with their sequels, planned
costs, and its data-quality outputs (submissions, item quality, row issues, row flow, NHS
number tracing results), plus
``manifest.json`` (files, row counts, period, when the warehouse was built).  Every table is
filtered on its ``la_code`` in SQL; a file of another LA's rows cannot be written.  CSV files are
written by the one spreadsheet-safe writer (``spreadsheet_safe``: UTF-8 with a BOM, formula-like
text neutralised); ``--format xlsx`` writes one workbook per LA, ``<LA>_extract.xlsx``, a sheet per
table (numbers as numbers, text always text, header frozen) through the same module.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from cld_warehouse.cli.args import (CliParser, UsageError, add_database_argument, check_database, check_la_codes,
                                    confined, one_line_errors, output_folder, submitting_las)
from cld_warehouse.exports.spreadsheet_safe import workbook, write_query_csv, write_query_sheet
from cld_warehouse.project import project_path

TABLES = {
    "events": "intermediate.int_events_unique",
    "persons": "intermediate.int_persons",
    "event_client_status": "intermediate.int_events_client_status",
    "lts_episodes": "intermediate.int_lts_episodes",
    "request_clusters": "marts.salt_sts001_requests",
    "st_max_episodes": "marts.salt_sts002_episodes",
    "service_costs": "marts.fct_service_costs",
    "dq_submissions": "dq.dq_submissions",
    "dq_item_quality": "dq.dq_item_quality",
    "dq_row_issues": "dq.dq_row_issues",
    "dq_row_flow": "dq.dq_row_flow",
    "dq_trace_results": "dq.dq_trace_results",
}


def export(database: Path, out_dir: Path, las: list[str] | None = None, fmt: str = "csv") -> dict[str, dict]:
    """Write each LA's folder; LA codes are checked against the 151 and against the warehouse
    before any path is built, every path stays inside `out_dir`, and no user text goes into a
    SQL string: the LA code is a bound parameter and the file is written by DuckDB's relation
    API (to_csv / to_parquet) from its path, not by a COPY statement."""
    las = check_la_codes("cld export-la", las)
    con = duckdb.connect(str(database), read_only=True)
    written: dict[str, dict] = {}
    try:
        codes = submitting_las("cld export-la", con, database, las)
        period = con.execute("select cast(period_start as varchar), cast(period_end as varchar), "
                             "cast(snapshot_date as varchar) from intermediate.int_reporting_period").fetchone()
        out_dir = output_folder("cld export-la", "--out", Path(out_dir))
        for la in codes:
            target = confined(out_dir, la)
            target.mkdir(parents=True, exist_ok=True)
            files = []
            book = workbook(confined(target, f"{la}_extract.xlsx")) if fmt == "xlsx" else None
            for name, table in TABLES.items():
                if book is not None:   # one workbook, a sheet per table
                    cursor = con.execute(f"select * from {table} where la_code = ?", [la])
                    try:
                        rows = write_query_sheet(book, name, cursor, book.add_format({"bold": True}))
                    except ValueError as too_big:
                        book.close()
                        raise UsageError(f"cld export-la: LA {la}: {too_big}; use --format csv or parquet") from None
                    files.append({"file": f"{la}_extract.xlsx", "sheet": name, "table": table, "rows": rows})
                    continue
                path = confined(target, f"{name}.{fmt}")
                if fmt == "parquet":
                    con.sql(f"select * from {table} where la_code = $la", params={"la": la}).to_parquet(str(path))
                    rows = con.execute(f"select count(*) from {table} where la_code = ?", [la]).fetchone()[0]
                else:   # the one spreadsheet-safe writer: BOM, formula text neutralised
                    rows = write_query_csv(con.execute(f"select * from {table} where la_code = ?", [la]), path)
                files.append({"file": path.name, "table": table, "rows": rows})
            if book is not None:
                book.close()
            manifest = {
                "la_code": la, "period_start": period[0], "period_end": period[1], "snapshot_date": period[2],
                "warehouse": str(database), "warehouse_built_at": datetime.fromtimestamp(
                    database.stat().st_mtime, timezone.utc).strftime("%Y-%m-%d %H:%M:%S"),
                "exported_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S"), "format": fmt,
                "files": files,
            }
            (target / "manifest.json").write_text(json.dumps(manifest, indent=2))
            written[la] = manifest
    finally:
        con.close()
    return written


@one_line_errors
def main(argv: list[str] | None = None) -> int:
    """``cld export-la [--la CODE ...] [--out DIR] [--database DB]``."""
    p = CliParser(prog="cld export-la", description=__doc__.splitlines()[0])
    add_database_argument(p)
    p.add_argument("--out", type=Path, default=project_path("warehouse", "exports", "la"),
                   help="folder that gets one sub-folder per LA (default warehouse/exports/la)")
    p.add_argument("--la", action="append", help="LA code, one of the 151 (repeatable); default every LA "
                                                  "with a submission")
    p.add_argument("--format", choices=["csv", "parquet", "xlsx"], default="csv",
                   help="csv (a file per table, default), parquet (typed) or xlsx (one workbook, a sheet per table)")
    a = p.parse_args(argv)
    las = check_la_codes(p.prog, a.la)
    database = check_database(p.prog, a.database)
    for la, manifest in export(database, a.out, las, a.format).items():
        print(f"{la}: " + ", ".join(f"{f.get('sheet', f['file'])} {f['rows']}" for f in manifest["files"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
