"""What every ``cld`` command shares to check its input: one parser class whose errors are one
line, the `--database` option, LA codes checked against the 151, output folders that files
cannot leave.

Misuse (an unknown LA code, a missing or non-warehouse database file, a missing folder, an
out-of-range option, a year that is not a year) ends the command with ONE line on stderr naming
the problem and exit code 2 (`UsageError`, caught by ``cld``'s dispatcher) -- never a
traceback, never an empty success.
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

from cld_warehouse.project import project_path, seed_path

LA_SEED = ("reference", "cld_local_authorities.csv")   # under seeds/
#: DuckDB's database file header: 8 bytes of checksum, then the magic bytes.
DUCKDB_MAGIC = b"DUCK"
EXIT_USAGE = 2


class UsageError(Exception):
    """A user's input is wrong: the message is the one line printed (exit code 2)."""


class CliParser(argparse.ArgumentParser):
    """argparse with one-line errors: ``<prog>: <problem> (see --help)`` and exit code 2 (raised
    as UsageError, which one_line_errors prints; argparse would print the usage block too)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)   # `cld build --select` is dbt's, not --selector
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # noqa: D401 - argparse's hook
        raise UsageError(f"{self.prog}: {message} (see --help)")


def default_database() -> Path:
    """The warehouse file: $CLD_DUCKDB_PATH, else warehouse/cld.duckdb in the project folder."""
    return Path(os.environ.get("CLD_DUCKDB_PATH") or project_path("warehouse", "cld.duckdb"))


def add_database_argument(parser: argparse.ArgumentParser) -> None:
    """--database: the DuckDB warehouse (default CLD_DUCKDB_PATH, else warehouse/cld.duckdb)."""
    parser.add_argument("--database", type=Path, default=None,
                        help="the built DuckDB warehouse to read (default: $CLD_DUCKDB_PATH, "
                             "else warehouse/cld.duckdb)")


def la_codes() -> dict[str, str]:
    """The 151 LA codes of the reference seed and their names."""
    with seed_path(*LA_SEED).open(newline="", encoding="utf-8") as fh:
        return {r["la_code"]: r["la_name"] for r in csv.DictReader(fh)}


def check_la_codes(prog: str, codes: list[str] | None) -> list[str] | None:
    """The codes given with --la, each one of the 151 (checked before any path is built)."""
    if not codes:
        return codes
    known = la_codes()
    for code in codes:
        if code == "ENG":
            raise UsageError(f"{prog}: --la ENG (England) has no meaning here; give one of the "
                             f"{len(known)} LA codes of {Path('seeds', *LA_SEED)}")
        if code not in known:
            raise UsageError(f"{prog}: --la {code!r} is not one of the {len(known)} LA codes of "
                             f"{Path('seeds', *LA_SEED)}")
    return list(dict.fromkeys(codes))


def check_database(prog: str, database: Path | None, required_table: str = "dq.dq_submissions") -> Path:
    """The warehouse file, checked: it exists, is a DuckDB database, and holds `required_table`."""
    database = (database or default_database()).expanduser().resolve()
    if not database.exists():
        raise UsageError(f"{prog}: no warehouse at {database}; run `make build` first (or give --database)")
    if not database.is_file():
        raise UsageError(f"{prog}: --database {database} is not a file")
    with database.open("rb") as fh:
        header = fh.read(12)
    if header[8:12] != DUCKDB_MAGIC:
        raise UsageError(f"{prog}: --database {database} is not a DuckDB database file")
    import duckdb

    schema, table = required_table.split(".")
    try:
        con = duckdb.connect(str(database), read_only=True)
    except duckdb.Error as exc:
        raise UsageError(f"{prog}: cannot open {database}: {str(exc).splitlines()[0]}") from None
    try:
        found = con.execute("select count(*) from information_schema.tables where table_schema = ? "
                            "and table_name = ?", [schema, table]).fetchone()[0]
    finally:
        con.close()
    if not found:
        raise UsageError(f"{prog}: {database} is not a built CLD warehouse (no table {required_table}); "
                         "run `make build`")
    return database


def submitting_las(prog: str, con, database: Path, las: list[str] | None) -> list[str]:
    """The LAs a per-LA command writes for: `las` when every one has a submission in the
    warehouse (an open DuckDB connection `con`), else every LA with one; an LA without a
    submission is refused (UsageError) before anything is written."""
    submitted = [r[0] for r in con.execute(
        "select distinct la_code from dq.dq_submissions where la_code is not null order by 1").fetchall()]
    missing = [la for la in las or [] if la not in submitted]
    if missing:
        raise UsageError(f"{prog}: no submission from LA {', '.join(missing)} in {database}")
    return list(las or submitted)


def check_folder(prog: str, option: str, folder: Path) -> Path:
    """An existing folder a command reads from."""
    folder = folder.expanduser().resolve()
    if not folder.exists():
        raise UsageError(f"{prog}: {option} {folder} does not exist")
    if not folder.is_dir():
        raise UsageError(f"{prog}: {option} {folder} is not a folder")
    return folder


def output_folder(prog: str, option: str, folder: Path) -> Path:
    """A folder a command writes into, resolved (created when missing; refused when it is a file)."""
    folder = folder.expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{prog}: {option} {folder} exists and is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{prog}: cannot create {option} {folder}: {exc.strerror}") from None
    return folder


def confined(folder: Path, name: str) -> Path:
    """`folder / name`, refused unless it stays inside `folder` (no separators, no `..`)."""
    path = (folder / name).resolve()
    if path.parent != folder.resolve() or name in {"", ".", ".."}:
        raise UsageError(f"cld: refusing to write {name!r} outside {folder}")
    return path


def check_range(prog: str, option: str, value: float, low: float, high: float) -> float:
    """`value` of `option`, refused (UsageError) unless low <= value <= high."""
    if not low <= value <= high:
        raise UsageError(f"{prog}: {option} {value} is out of range ({low} to {high})")
    return value


def year(text: str) -> int:
    """argparse type: a reporting year by its first calendar year (2000-2100)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year (e.g. 2023 for 2023-24)") from None
    if not 2000 <= value <= 2100:
        raise argparse.ArgumentTypeError(f"{text!r} is not a reporting year (2000-2100, e.g. 2023)")
    return value


def positive_int(text: str) -> int:
    """argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def one_line_errors(main):
    """Decorate a command's main(argv): a UsageError becomes its one line on stderr and exit 2."""
    import functools

    @functools.wraps(main)
    def wrapper(argv: list[str] | None = None) -> int:
        try:
            return main(argv)
        except UsageError as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_USAGE
    return wrapper
