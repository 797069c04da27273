"""The `--database` option every command that reads the built warehouse shares, defined once."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def add_database_argument(parser: argparse.ArgumentParser) -> None:
    """--database: the DuckDB warehouse (default CLD_DUCKDB_PATH, else warehouse/cld.duckdb)."""
    parser.add_argument("--database", type=Path,
                        default=Path(os.environ.get("CLD_DUCKDB_PATH", REPO / "warehouse" / "cld.duckdb")))


def warehouse_missing(prog: str, database: Path) -> bool:
    """True (after saying so on stderr) when the warehouse has not been built yet."""
    if database.exists():
        return False
    print(f"{prog}: no warehouse at {database}; run `make build` first", file=sys.stderr)
    return True
