"""``cld export-trace``: one NHS number trace request CSV per LA, from the mart
``dscro.dscro_trace_requests`` (see the package docstring)."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from cld_warehouse.cli.args import (CliParser, UsageError, add_database_argument, check_database, check_la_codes,
                                    confined, one_line_errors, output_folder)
from cld_warehouse.project import project_path

REQUEST_COLUMNS = ["local_reference", "surname", "forename", "date_of_birth", "gender", "postcode",
                   "nhs_number"]


def export_requests(database: Path, out_dir: Path, las: list[str] | None = None) -> dict[str, int]:
    """One TRACE_REQUEST_<LA>_<timestamp>.csv per LA with persons to trace; returns rows per LA."""
    import duckdb

    from cld_warehouse.exports.spreadsheet_safe import write_query_csv

    las = check_la_codes("cld export-trace", las)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
    written: dict[str, int] = {}
    con = duckdb.connect(str(database), read_only=True)
    try:
        submitted = {r[0] for r in con.execute(
            "select distinct la_code from dq.dq_submissions where la_code is not null").fetchall()}
        missing = [la for la in las or [] if la not in submitted]
        if missing:
            raise UsageError(f"cld export-trace: no submission from LA {', '.join(missing)} in {database}")
        codes = las or [r[0] for r in con.execute(
            "select distinct la_code from dscro.dscro_trace_requests order by 1").fetchall()]
        out_dir = output_folder("cld export-trace", "--out", Path(out_dir))
        for la in codes:
            cur = con.execute(f"select {', '.join(REQUEST_COLUMNS)} from dscro.dscro_trace_requests "
                              "where la_code = ? order by local_reference", [la])
            written[la] = write_query_csv(cur, confined(out_dir, f"TRACE_REQUEST_{la}_{stamp}.csv"))
    finally:
        con.close()
    return written


@one_line_errors
def main(argv: list[str] | None = None) -> int:
    """``cld export-trace [--la CODE ...] [--out DIR] [--database DB]``."""
    p = CliParser(prog="cld export-trace", description="Write one NHS number trace request CSV per LA.")
    add_database_argument(p)
    p.add_argument("--out", type=Path, default=project_path("warehouse", "exports", "trace_requests"),
                   help="folder the request files go to (default warehouse/exports/trace_requests)")
    p.add_argument("--la", action="append", help="LA code, one of the 151 (repeatable); default every LA "
                                                  "with persons to trace")
    a = p.parse_args(argv)
    las = check_la_codes(p.prog, a.la)
    database = check_database(p.prog, a.database, "dscro.dscro_trace_requests")
    written = export_requests(database, a.out, las)
    for la, count in written.items():
        print(f"{la}: {count} person(s) to trace")
    print(f"wrote {len(written)} trace request file(s) to {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
