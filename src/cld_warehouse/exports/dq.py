"""Write each LA's data-quality feedback as CSV files: ``cld export-dq``.

For every LA (or the ones named with ``--la``) it writes, into ``--out`` (default
``warehouse/exports/dq``):

- ``<LA>_row_issues.csv``   the row-level issue list (mart ``dq.dq_row_issues``),
- ``<LA>_submissions.csv``  that LA's submissions registry and summary (``dq.dq_submissions``),
- ``<LA>_item_quality.csv`` completeness and validity per data item (``dq.dq_item_quality``),
- ``<LA>_trace_files.csv`` / ``<LA>_trace_results.csv``  what NHS number tracing did
  (``dq.dq_trace_files``, ``dq.dq_trace_results``).

Only that LA's rows are written to its files, by the project's one spreadsheet-safe writer
(``spreadsheet_safe``): UTF-8 with a BOM, and values that a spreadsheet would run as a formula
(starting ``=``, ``+``, ``-``, ``@``, tab or carriage return) prefixed with ``'``.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from cld_warehouse.cli.args import (CliParser, add_database_argument, check_database, check_la_codes, confined,
                                    one_line_errors, output_folder, submitting_las)
from cld_warehouse.exports.spreadsheet_safe import write_query_csv
from cld_warehouse.project import project_path

TABLES = {
    "row_issues": ("dq.dq_row_issues", "landed_file_name, source_row_number, item_number, rule_code"),
    "submissions": ("dq.dq_submissions", "submitted_at, landed_file_name"),
    "item_quality": ("dq.dq_item_quality", "landed_file_name, item_number"),
    "trace_files": ("dq.dq_trace_files", "responded_at, trace_file_name"),
    "trace_results": ("dq.dq_trace_results", "trace_file_name, source_row_number"),
}
def export(database: Path, out_dir: Path, las: list[str] | None = None) -> dict[str, dict[str, int]]:
    """Write the files of each LA in `las` (default: every LA with a submission); an LA code that
    is not one of the 151, or has no submission in the warehouse, is refused (UsageError) before
    anything is written, and every file stays inside `out_dir`."""
    las = check_la_codes("cld export-dq", las)
    written: dict[str, dict[str, int]] = {}
    con = duckdb.connect(str(database), read_only=True)
    try:
        codes = submitting_las("cld export-dq", con, database, las)
        out_dir = output_folder("cld export-dq", "--out", Path(out_dir))
        for la in codes:
            written[la] = {}
            for name, (table, order) in TABLES.items():
                cur = con.execute(f"select * from {table} where la_code = ? order by {order}", [la])
                count = write_query_csv(cur, confined(out_dir, f"{la}_{name}.csv"))
                written[la][name] = count
    finally:
        con.close()
    return written


@one_line_errors
def main(argv: list[str] | None = None) -> int:
    """``cld export-dq [--la CODE ...] [--out DIR] [--database DB]``."""
    p = CliParser(prog="cld export-dq", description=__doc__.splitlines()[0])
    add_database_argument(p)
    p.add_argument("--out", type=Path, default=project_path("warehouse", "exports", "dq"),
                   help="folder the CSV files are written into (default warehouse/exports/dq)")
    p.add_argument("--la", action="append", help="LA code, one of the 151 (repeatable); default every LA "
                                                  "with a submission")
    a = p.parse_args(argv)
    las = check_la_codes(p.prog, a.la)
    database = check_database(p.prog, a.database)
    written = export(database, a.out, las)
    for la, counts in written.items():
        print(f"{la}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print(f"wrote {len(written)} LA(s) to {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
