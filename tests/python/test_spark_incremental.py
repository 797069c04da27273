"""Incremental builds on Spark (macros/incremental/spark.sql) give exactly the tables a full
build gives, as on DuckDB (test_resubmission.py).

The demo submissions minus LA 716's final file are built on the `spark` target (full refresh,
two threads); then the landing folder changes — that file lands (a resubmission) and every file
of LA 908 is removed (an LA that vanishes: in scope with no rows now, so its partitions must be
dropped, not overwritten) — and the warehouse is rebuilt incrementally.  Every table of the
staging, intermediate, marts, dq and dscro schemas then equals, row for row (as multisets), a
full build of the same landing folder; both are read from their Parquet files with DuckDB
through the comparison of `cld compare` (src/cld_warehouse/warehouse/compare.py: canonical
types, exact decimals, row digests).  The landing step's `landed_at` is left out, as on DuckDB.
Views have no files (they are the same SQL over equal tables) and are not compared.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from cld_warehouse.warehouse.compare import canonical_rows, compare_relation, relations_from_manifest
from dbt_helpers import BIN, REPO
from test_resubmission import DEMO, HELD_BACK, landing_folder

pytestmark = [pytest.mark.spark, pytest.mark.warehouse_build]

VANISHED_LA = "908"
SCHEMAS = ("staging", "intermediate", "marts", "dq", "dscro")
KEY = "spark-incremental-test-key-Hw27"
COMPILED = Path("target") / "compiled" / "cld_warehouse" / "models"


def spark_build(landing: Path, work: Path, *extra: str, full_refresh: bool) -> subprocess.CompletedProcess:
    """`cld land` then `dbt build --target spark` (no data or unit tests) in work."""
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, DBT_PROFILES_DIR=str(REPO / "profiles"), CLD_LANDING_DIR=str(landing),
               CLD_WORK_DIR=str(work), DBT_TARGET_PATH=str(work / "target"), DBT_LOG_PATH=str(work / "logs"),
               CLD_PSEUDO_KEY=KEY, DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    land = subprocess.run([str(BIN / "cld"), "land", "--landing-dir", str(landing), "--work-dir", str(work)],
                          cwd=REPO, env=env, capture_output=True, text=True)
    if land.returncode != 0:
        return land
    args = [str(BIN / "dbt"), "build", "--target", "spark", "--exclude-resource-type", "test",
            "--exclude-resource-type", "unit_test", *extra]
    return subprocess.run(args + (["--full-refresh"] if full_refresh else []), cwd=REPO, env=env,
                          capture_output=True, text=True)


class ParquetSide:
    """A Spark build's tables read from their Parquet folders with DuckDB (no JVM, no metastore:
    two builds side by side); partition columns from the folder names, as text."""

    def __init__(self, work: Path):
        self.root = work / "spark" / "warehouse"
        self.label = f"parquet:{self.root}"
        self.con = duckdb.connect()

    def _source(self, schema: str, name: str) -> str | None:
        folder = self.root / f"{schema}.db" / name
        if not folder.is_dir():
            return None
        if not any(folder.rglob("*.parquet")):
            return "empty"
        return (f"read_parquet('{folder}/**/*.parquet', hive_partitioning = true, "
                f"hive_types_autocast = false, union_by_name = true)")

    def columns(self, schema: str, name: str):
        source = self._source(schema, name)
        if source is None:
            return None
        if source == "empty":
            return []
        return [(c, t) for c, t, *_ in self.con.execute(f"describe select * from {source}").fetchall()
                if c != "landed_at"]

    def rows(self, schema: str, name: str, columns):
        source = self._source(schema, name)
        if source == "empty" or not columns:
            return iter(())
        select = ", ".join(f'"{c}"' for c, _ in columns)
        return canonical_rows(self.con.execute(f"select {select} from {source}").fetchall(), columns)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("spark_incremental")
    without_908 = tuple(f.name for f in DEMO.glob(f"CLD_{VANISHED_LA}_*.csv"))
    first, second = base / "landing_first", base / "landing_second"
    landing_folder(first, without=(HELD_BACK,))
    landing_folder(second, without=without_908)
    incremental, full = base / "incremental", base / "full"
    step = spark_build(first, incremental, full_refresh=True)
    assert step.returncode == 0, step.stdout[-6000:] + step.stderr[-3000:]
    assert (incremental / "spark" / "warehouse" / "intermediate.db" / "int_persons" / f"la_code={VANISHED_LA}").is_dir()
    step = spark_build(second, incremental, full_refresh=False)
    assert step.returncode == 0, step.stdout[-6000:] + step.stderr[-3000:]
    rebuilt = spark_build(second, full, full_refresh=True)
    assert rebuilt.returncode == 0, rebuilt.stdout[-6000:] + rebuilt.stderr[-3000:]
    return incremental, full, step.stdout, without_908


def test_incremental_run_rebuilt_only_what_changed(builds):
    incremental, _, output, without_908 = builds
    assert "cld_per_la model intermediate.int_persons" in output, output[-3000:]
    persons = (incremental / COMPILED / "intermediate" / "core" / "int_persons.sql").read_text()
    assert f"where la_code in ('716', '{VANISHED_LA}')" in persons
    issues = (incremental / COMPILED / "intermediate" / "validation" / "int_row_issues.sql").read_text()
    found = re.search(r"landed_file_name in \(([^)]*)\)", issues)
    assert found and set(re.findall(r"'([^']*)'", found.group(1))) == {HELD_BACK, *without_908}


def test_vanished_la_and_files_leave_their_partitions(builds):
    incremental, _, _, without_908 = builds
    warehouse = incremental / "spark" / "warehouse"
    assert not (warehouse / "intermediate.db" / "int_persons" / f"la_code={VANISHED_LA}").exists()
    assert (warehouse / "intermediate.db" / "int_persons" / "la_code=716").is_dir()
    issues = warehouse / "intermediate.db" / "int_rows_validated"
    assert not [p for p in issues.iterdir() if any(name in p.name for name in without_908)]


def test_incremental_equals_full_build_table_for_table(builds):
    incremental, full, _, _ = builds
    relations, _ = relations_from_manifest(full / "target" / "manifest.json")
    tables = [r for r in relations if r.schema in SCHEMAS and r.materialized != "view"]
    assert {r.name for r in tables} >= {"int_persons", "salt_sts001", "ascof_measures", "pseudo_persons",
                                       "int_rows_validated", "dq_item_quality"}
    left, right = ParquetSide(incremental), ParquetSide(full)
    problems = []
    for rel in tables:
        result = compare_relation(left, right, rel)
        assert left.columns(rel.schema, rel.name) != [] or rel.name != "int_persons"
        problems += [f"{rel.label}: {p}" for p in result.problems]
    assert not problems, "\n".join(problems)


def test_the_key_is_in_no_file_the_builds_wrote(builds):
    secrets = {KEY, KEY.encode().hex(), KEY.encode().hex().upper()}
    for work in builds[:2]:
        for folder in ("target", "logs"):
            for path in (work / folder).rglob("*"):
                if path.is_file():
                    text = path.read_bytes().decode("utf-8", errors="replace")
                    assert not [s for s in secrets if s in text], path
    assert json.loads((builds[1] / "target" / "run_results.json").read_text())["results"]
