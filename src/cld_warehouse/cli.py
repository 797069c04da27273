"""``cld`` — one entry point for the project's Python tooling.

    cld land       read every file in CLD_LANDING_DIR into the warehouse's landed area
    cld build      land (optional), dbt build into a new file, publish it atomically, print a summary
    cld generate   write deterministic synthetic submissions (landing contract)
    cld seeds      rebuild the spec seeds from the spec's CSV extracts
    cld export-dq  write each LA's data-quality feedback (issues, registry, item quality) as CSV
    cld export-la  write each LA's processed data (events, persons, statuses, sequels, costs, DQ)
    cld export-trace  write one NHS number trace request CSV per LA
    cld simulate-trace  answer trace requests like the tracing service (synthetic data only)
    cld lock-year  add the files a year's figures were built from to the year-lock register
    cld explain    list the members behind one cell of a SALT table or ASCOF measure, with their events
    cld report salt|ascof|dq  SALT / ASCOF workbooks (.xlsx) per LA and England; the LA data-quality page (HTML)
    cld export-marts  every public mart as one Parquet or CSV file each, with a manifest (for Power BI)
"""
from __future__ import annotations

import importlib
import sys

from cld_warehouse.warehouse_args import EXIT_USAGE, UsageError

# command -> (module of cld_warehouse, its entry point taking the remaining arguments)
COMMANDS = {
    "land": ("landing", "main"),
    "generate": ("generator", "main"),
    "export-dq": ("export_dq", "main"),
    "export-la": ("export_la", "main"),
    "export-trace": ("tracing", "main"),
    "simulate-trace": ("tracing", "simulate_main"),
    "lock-year": ("year_locks", "main"),
    "explain": ("explain", "main"),
    "seeds": ("spec_seeds", "main"),
    "build": ("build", "main"),
    "report": ("reports", "main"),
    "export-marts": ("export_marts", "main"),
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    module_and_entry = COMMANDS.get(command)
    if module_and_entry:
        module = importlib.import_module(f"cld_warehouse.{module_and_entry[0]}")
        try:
            return getattr(module, module_and_entry[1])(rest) or 0
        except UsageError as exc:   # a command's check outside its own main
            print(str(exc), file=sys.stderr)
            return EXIT_USAGE
    print(f"cld: unknown command {command!r}; `cld --help` lists the commands", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
