"""A resubmission rebuilt incrementally gives exactly the warehouse a full rebuild gives.

The demo submissions minus one LA's final quarterly file are built; the file then lands and the
warehouse is rebuilt incrementally (`dbt build` without --full-refresh, what `make rebuild`
runs: the per-file models reload only that file).  Every table of the SALT/ASCOF/finance/pseudo
marts, the DQ marts and the intermediate and staging layers is compared row for row (as
multisets) with a full build of all the demo submissions.  The landing step's `landed_at` (the
time of landing) is the only column left out.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from dbt_helpers import build_warehouse

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data" / "demo" / "landing"
HELD_BACK = "CLD_716_20230401_20240331_20240525112409.csv"   # LA 716's Q4 (final) file
SCHEMAS = ("staging", "intermediate", "marts", "dq")


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory):
    landing = tmp_path_factory.mktemp("resub_landing")
    # the demo's NHS number trace responses too: the full build of DEMO reads them
    shutil.copytree(DEMO / "trace_responses", landing / "trace_responses")
    for f in DEMO.glob("*.csv"):
        if f.name != HELD_BACK:
            shutil.copy(f, landing / f.name)
    incremental = tmp_path_factory.mktemp("resub_incremental")
    first = build_warehouse(landing, incremental)
    assert first.returncode == 0, first.stdout[-6000:]
    shutil.copy(DEMO / HELD_BACK, landing / HELD_BACK)
    second = build_warehouse(landing, incremental)
    assert second.returncode == 0, second.stdout[-6000:]
    assert "incremental model staging.stg_cld__rows" in second.stdout
    full = tmp_path_factory.mktemp("resub_full")
    rebuilt = build_warehouse(DEMO, full)
    assert rebuilt.returncode == 0, rebuilt.stdout[-6000:]
    return incremental, full, second.stdout


def test_incremental_run_reloads_only_the_new_file(warehouses):
    incremental, _, _ = warehouses
    compiled = (incremental / "target" / "compiled" / "cld_warehouse" / "models" / "intermediate"
                / "validation" / "int_row_issues.sql").read_text()
    assert f"landed_file_name in ('{HELD_BACK}')" in compiled


def test_resubmission_matches_full_rebuild(warehouses):
    incremental, full, _ = warehouses
    con = duckdb.connect()
    con.execute(f"attach '{incremental / 'cld.duckdb'}' as inc (read_only)")
    con.execute(f"attach '{full / 'cld.duckdb'}' as ful (read_only)")
    listing = ("select schema_name, table_name from duckdb_tables() where database_name = '{db}' "
               f"and schema_name in {SCHEMAS}")
    tables_inc = set(con.execute(listing.format(db="inc")).fetchall())
    tables_full = set(con.execute(listing.format(db="ful")).fetchall())
    assert tables_inc == tables_full
    assert {t for s, t in tables_full if s == "marts"} >= {"salt_sts001", "salt_lts001a", "ascof_measures"}
    differences = []
    for schema, table in sorted(tables_full):
        columns = [r[0] for r in con.execute(
            "select column_name from duckdb_columns() where database_name = 'ful' and schema_name = ? "
            "and table_name = ? order by column_index", [schema, table]).fetchall()]
        selected = ", ".join(f'"{c}"' for c in columns if c != "landed_at")
        for a, b in (("inc", "ful"), ("ful", "inc")):
            extra = con.execute(f"select count(*) from (select {selected} from {a}.{schema}.{table} "
                                f"except all select {selected} from {b}.{schema}.{table})").fetchone()[0]
            if extra:
                differences.append(f"{schema}.{table}: {extra} row(s) only in {a}")
    assert not differences, "\n".join(differences)
