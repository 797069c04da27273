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
    cld compare    two builds (DuckDB and DuckDB, or DuckDB and Spark), every table row for row

    cld --project-dir DIR COMMAND ...   run COMMAND for the project in DIR (default: $CLD_PROJECT_DIR,
                   else the current folder): its seeds are read and its warehouse/ is the default output
"""
from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

from cld_warehouse.cli.args import EXIT_USAGE, UsageError
from cld_warehouse.project import PROJECT_DIR_ENV

# command -> (module of cld_warehouse, its entry point taking the remaining arguments)
COMMANDS = {
    "land": ("landing.submissions", "main"),
    "generate": ("synthetic.generate", "main"),
    "export-dq": ("exports.dq", "main"),
    "export-la": ("exports.la", "main"),
    "export-trace": ("tracing.export", "main"),
    "simulate-trace": ("tracing.simulate", "main"),
    "lock-year": ("warehouse.year_locks", "main"),
    "explain": ("reports.explain", "main"),
    "seeds": ("spec_seeds", "main"),
    "build": ("warehouse.build", "main"),
    "report": ("reports.workbooks", "main"),
    "export-marts": ("exports.marts", "main"),
    "compare": ("warehouse.compare", "main"),
}


def set_project_dir(argv: list[str]) -> list[str]:
    """Take a leading ``--project-dir DIR`` (or ``--project-dir=DIR``) off `argv`: the folder
    becomes $CLD_PROJECT_DIR for this command and any process it starts.  Returns the rest."""
    if argv and argv[0].startswith("--project-dir="):
        folder, argv = argv[0].split("=", 1)[1], argv[1:]
    elif argv and argv[0] == "--project-dir":
        if len(argv) < 2:
            raise UsageError("cld: --project-dir needs a folder")
        folder, argv = argv[1], argv[2:]
    else:
        return argv
    path = Path(folder).expanduser().resolve()
    if not (path / "dbt_project.yml").is_file():
        raise UsageError(f"cld: --project-dir {path} has no dbt_project.yml")
    os.environ[PROJECT_DIR_ENV] = str(path)
    return argv


def main(argv: list[str] | None = None) -> int:
    """``cld COMMAND ...``: run the command's entry point with the remaining arguments."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        argv = set_project_dir(argv)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    module_and_entry = COMMANDS.get(command)
    if module_and_entry:
        try:
            module = importlib.import_module(f"cld_warehouse.{module_and_entry[0]}")
            return getattr(module, module_and_entry[1])(rest) or 0
        except UsageError as exc:   # a command's check outside its own main
            print(str(exc), file=sys.stderr)
            return EXIT_USAGE
    print(f"cld: unknown command {command!r}; `cld --help` lists the commands", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
