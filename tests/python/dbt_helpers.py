"""Helpers for pytest: land a folder and run dbt into a throw-away warehouse."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# Every warehouse the tests build holds synthetic data: the development pseudonymisation key may
# be used (src/cld_warehouse/duckdb_plugin.py); a test that needs otherwise overrides it.
os.environ.setdefault("CLD_SYNTHETIC_DATA", "1")


# dbt parses the whole project (~10 s of CPU) whenever its target dir has no partial-parse file
# that still fits.  That file fits another build only when the profile's connection (the DuckDB
# path included), the CLI vars, the target and the files parsed are the same, so each pytest
# process builds through one fixed path of its own, a symlink pointed at the build's work dir
# (builds in one process run one after another), and keeps the first parse for its later builds.
# Set by conftest.py to a folder of the session's base temp dir; a temp dir when unset.
SLOT_DIR: Path | None = None


def _slot() -> Path:
    """This process's folder for its fixed work-dir symlink and its kept partial-parse file."""
    global SLOT_DIR
    if SLOT_DIR is None:
        SLOT_DIR = Path(tempfile.mkdtemp(prefix="cld-dbt-slot-"))
    SLOT_DIR.mkdir(parents=True, exist_ok=True)
    return SLOT_DIR


def _point_slot_at(work_dir: Path) -> Path:
    """The fixed path (<slot>/work), now a symlink to work_dir."""
    link, new = _slot() / "work", _slot() / "work.new"
    new.unlink(missing_ok=True)
    new.symlink_to(work_dir.resolve(), target_is_directory=True)
    os.replace(new, link)
    return link


def build_warehouse(landing_dir: Path | None, work_dir: Path, *, select: str | None = None,
                    vars_: str | None = None, command: str = "build",
                    exclude: str | None = None, project_dir: Path | None = None,
                    unit_tests: bool = False, data_tests: bool = True) -> subprocess.CompletedProcess:
    """`cld land` (skipped when landing_dir is None: the landed area is already written) then
    `dbt <command> --target test`, with every path inside work_dir; project_dir = a copy of the
    project (copy_project) when a test needs different seeds.  `dbt build` leaves out the unit
    tests unless unit_tests: they test the code on fixed inputs, whatever was landed, and
    `make dbt-test` runs every one of them.  The data tests run on every build unless
    data_tests=False, for a build whose tables a test compares, row for row, with a build that
    ran them (an incremental build against a full one), or a step before such a build: on equal
    tables they prove nothing new.  With select, the data tests are those of the selected
    models alone (--indirect-selection cautious).

    dbt reads the work dir through this process's fixed symlink (see SLOT_DIR), so the parse of
    its first build is reused by the next ones (not with project_dir or vars_: another parse)."""
    work_dir.mkdir(parents=True, exist_ok=True)
    reuse_parse = project_dir is None and vars_ is None
    dbt_work = _point_slot_at(work_dir)
    kept_parse = _slot() / "partial_parse.msgpack"
    target_parse = work_dir / "target" / "partial_parse.msgpack"
    if reuse_parse and kept_parse.exists():   # also over one copied from another process's build
        target_parse.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(kept_parse, target_parse)
    env = dict(os.environ)
    env.update({
        "DBT_PROFILES_DIR": str(REPO / "profiles"),
        "CLD_LANDING_DIR": str(landing_dir or work_dir / "no-landing"),
        "CLD_WORK_DIR": str(dbt_work),
        "CLD_DUCKDB_PATH": str(dbt_work / "cld.duckdb"),
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
    if command == "build" and not data_tests:
        args += ["--exclude-resource-type", "test"]
    if select:
        args += ["--select", select, "--indirect-selection", "cautious"]
    if exclude:
        args += ["--exclude", exclude]
    if vars_:
        args += ["--vars", vars_]
    result = subprocess.run(args, cwd=project_dir or REPO, env=env, capture_output=True, text=True)
    result.stdout = land_output + result.stdout
    if reuse_parse and result.returncode == 0 and target_parse.exists() and not kept_parse.exists():
        shutil.copyfile(target_parse, kept_parse)
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
