"""Helpers for pytest: land a folder and run dbt into a throw-away warehouse."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# Every warehouse the tests build holds synthetic data: the development pseudonymisation key may
# be used (src/cld_warehouse/duckdb_plugin.py); a test that needs otherwise overrides it.
os.environ.setdefault("CLD_SYNTHETIC_DATA", "1")


def build_warehouse(landing_dir: Path | None, work_dir: Path, *, select: str | None = None,
                    vars_: str | None = None, command: str = "build",
                    project_dir: Path | None = None, unit_tests: bool = False) -> subprocess.CompletedProcess:
    """`cld land` (skipped when landing_dir is None: the landed area is already written) then
    `dbt <command> --target test`, with every path inside work_dir; project_dir = a copy of the
    project (copy_project) when a test needs different seeds.  `dbt build` leaves out the unit
    tests unless unit_tests: they test the code on fixed inputs, whatever was landed, and
    `make dbt-test` runs every one of them; the data tests run on every build."""
    work_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update({
        "DBT_PROFILES_DIR": str(REPO / "profiles"),
        "CLD_LANDING_DIR": str(landing_dir or work_dir / "no-landing"),
        "CLD_WORK_DIR": str(work_dir),
        "CLD_DUCKDB_PATH": str(work_dir / "cld.duckdb"),
        "CLD_DUCKDB_MEMORY_LIMIT": "2GB",
        "DBT_TARGET_PATH": str(work_dir / "target"),
        "DBT_LOG_PATH": str(work_dir / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    })
    land_output = ""
    if landing_dir is not None:
        land = subprocess.run([str(BIN / "cld"), "land", "--landing-dir", str(landing_dir),
                               "--work-dir", str(work_dir)], cwd=REPO, env=env,
                              capture_output=True, text=True)
        if land.returncode != 0:
            return land
        land_output = land.stdout
    args = [str(BIN / "dbt"), command, "--target", "test"]
    if command == "build" and not unit_tests:
        args += ["--exclude-resource-type", "unit_test"]
    if select:
        args += ["--select", select, "--indirect-selection", "cautious"]
    if vars_:
        args += ["--vars", vars_]
    result = subprocess.run(args, cwd=project_dir or REPO, env=env, capture_output=True, text=True)
    result.stdout = land_output + result.stdout
    return result


def query(work_dir: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(work_dir / "cld.duckdb"), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def copy_project(target: Path) -> Path:
    """A copy of the dbt project (models, macros, seeds, data tests, analyses, dbt_project.yml)
    for a test that must change a seed, e.g. the year-lock register."""
    import shutil
    target.mkdir(parents=True, exist_ok=True)
    for name in ["models", "macros", "seeds", "analyses"]:
        shutil.copytree(REPO / name, target / name)
    shutil.copytree(REPO / "tests" / "dbt", target / "tests" / "dbt")
    shutil.copytree(REPO / "docs" / "dbt", target / "docs" / "dbt")   # docs-paths: the rule catalogue's doc blocks
    shutil.copy2(REPO / "dbt_project.yml", target / "dbt_project.yml")
    return target


def schema_tables(work_dir: Path, schema: str) -> list[str]:
    return [r[0] for r in query(work_dir, "select table_name from information_schema.tables "
                                          "where table_schema = ? order by 1", [schema])]


WAREHOUSE_SCHEMAS = ("staging", "intermediate", "marts", "dq", "dscro")


def warehouse_differences(incremental: Path, full: Path, schemas=WAREHOUSE_SCHEMAS,
                          ignore_columns=("landed_at",)) -> tuple[set, set, list[str]]:
    """Compare two warehouses table by table, row for row (as multisets): the table listings of
    each and the differences found ("schema.table: N row(s) only in inc|ful").  The landing
    step's `landed_at` (the time of landing) is left out."""
    con = duckdb.connect()
    try:
        con.execute(f"attach '{incremental / 'cld.duckdb'}' as inc (read_only)")
        con.execute(f"attach '{full / 'cld.duckdb'}' as ful (read_only)")
        listing = ("select schema_name, table_name from duckdb_tables() where database_name = '{db}' "
                   f"and schema_name in {tuple(schemas)}")
        tables_inc = set(con.execute(listing.format(db="inc")).fetchall())
        tables_full = set(con.execute(listing.format(db="ful")).fetchall())
        differences = []
        for schema, table in sorted(tables_full & tables_inc):
            columns = [r[0] for r in con.execute(
                "select column_name from duckdb_columns() where database_name = 'ful' and schema_name = ? "
                "and table_name = ? order by column_index", [schema, table]).fetchall()]
            selected = ", ".join(f'"{c}"' for c in columns if c not in ignore_columns)
            for a, b in (("inc", "ful"), ("ful", "inc")):
                extra = con.execute(f"select count(*) from (select {selected} from {a}.{schema}.{table} "
                                    f"except all select {selected} from {b}.{schema}.{table})").fetchone()[0]
                if extra:
                    differences.append(f"{schema}.{table}: {extra} row(s) only in {a}")
        return tables_inc, tables_full, differences
    finally:
        con.close()
