"""Per-LA incremental models (macros/incremental/per_la.sql): an incremental run rebuilds exactly
the LAs whose inputs changed, and gives the warehouse a full build gives.

Scenario: the demo is built without LA 318's trace responses; they then land and the warehouse
is rebuilt incrementally.  Only LA 318's inputs change (its trace response files), so the
per-LA models rebuild LA 318 alone; every table must equal a full build of the demo.  Then:
a run with nothing new rebuilds no LA; a changed rule var rebuilds every LA of the root model;
restoring it rebuilds the root again, and the models downstream (built from the default vars,
which their parents again were built from) nothing — and the warehouse still equals a full build.
The builds here run no data test (data_tests=False): the warehouse they end in equals the full
build, which ran them.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dbt_helpers import build_warehouse, query, warehouse_differences

pytestmark = pytest.mark.warehouse_build

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data" / "demo" / "landing"
HELD_BACK = Path("trace_responses") / "TRACE_318_20240715120000.csv"


def compiled(work: Path, folder: str, model: str) -> str:
    return (work / "target" / "compiled" / "cld_warehouse" / "models" / folder / f"{model}.sql").read_text()


def stored_state(work: Path, model: str) -> list[tuple]:
    return query(work, "select la_code, input_kind, input_value from intermediate.int_la_build_state "
                       "where model_name = ? order by all", [model])


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory, demo_warehouse):
    landing = tmp_path_factory.mktemp("la_landing")
    shutil.copytree(DEMO, landing, dirs_exist_ok=True)
    (landing / HELD_BACK).unlink()
    incremental = tmp_path_factory.mktemp("la_incremental")
    first = build_warehouse(landing, incremental, data_tests=False)
    assert first.returncode == 0, first.stdout[-6000:]
    state_before = stored_state(incremental, "salt_sts001_requests")
    shutil.copy(DEMO / HELD_BACK, landing / HELD_BACK)
    second = build_warehouse(landing, incremental, data_tests=False)
    assert second.returncode == 0, second.stdout[-6000:]
    persons_sql = compiled(incremental, "intermediate/core", "int_persons")
    salt_sql = compiled(incremental, "marts/salt", "salt_sts001_requests")
    # the full build of the demo: the session's (conftest.py), read only
    return {"incremental": incremental, "full": demo_warehouse, "state_before": state_before,
            "persons_sql": persons_sql, "salt_sql": salt_sql}


def test_only_the_la_with_new_trace_responses_is_rebuilt(warehouses):
    for sql in (warehouses["persons_sql"], warehouses["salt_sql"]):
        assert "where la_code in ('318')" in sql
        assert "'716'" not in sql


def test_the_state_records_the_new_inputs(warehouses):
    before = warehouses["state_before"]
    after = stored_state(warehouses["incremental"], "salt_sts001_requests")
    changed = {row[0] for row in set(before) ^ set(after)}
    assert changed == {"318"}
    assert [kind for la, kind, _ in set(after) - set(before)] == ["trace_file"]
    # every per-LA model records the same inputs after a complete run, and the models that
    # pseudonymise (and the models built on them) one more: the key's fingerprint, once each
    recorded = query(warehouses["incremental"], "select count(distinct model_name), count(*) from "
                     "intermediate.int_la_build_state where input_kind != 'pseudonymisation_key'")[0]
    assert recorded[0] >= 20 and recorded[1] == recorded[0] * len(after)
    keyed = query(warehouses["incremental"], "select model_name, count(*) from intermediate.int_la_build_state "
                  "where input_kind = 'pseudonymisation_key' group by 1")
    assert {"pseudo_persons", "pseudo_events"} <= {m for m, _ in keyed} and all(n == 1 for _, n in keyed)


def test_incremental_warehouse_equals_a_full_build(warehouses):
    tables_inc, tables_full, differences = warehouse_differences(warehouses["incremental"], warehouses["full"])
    assert tables_inc == tables_full
    assert ("intermediate", "int_persons") in tables_full
    assert not differences, "\n".join(differences)


def test_no_change_rebuilds_no_la_and_partial_runs_stay_consistent(warehouses):
    work = warehouses["incremental"]
    roots = "int_la_build_inputs int_event_rows_identified"
    # nothing new: the per-LA models read no LA
    again = build_warehouse(None, work, command="run", select=roots + " int_events_unique")
    assert again.returncode == 0, again.stdout[-4000:]
    for model in ("int_event_rows_identified", "int_events_unique"):
        assert "where la_code in (cast(null as string))" in compiled(work, "intermediate/core", model)
    # a changed rule var is a national input: the root rebuilds every LA (no LA filter at all)
    changed = build_warehouse(None, work, command="run", select=roots, vars_="{cld_adult_age_years: 19}")
    assert changed.returncode == 0, changed.stdout[-4000:]
    assert "la_scoped" not in compiled(work, "intermediate/core", "int_event_rows_identified")
    # back to the default, a run of the whole project: the root rebuilds every LA again (its
    # recorded rule vars differ), but downstream models rebuild nothing: what they were built
    # from (the default vars) is again what their parents were built from
    restored = build_warehouse(None, work, command="run")
    assert restored.returncode == 0, restored.stdout[-4000:]
    assert "la_scoped" not in compiled(work, "intermediate/core", "int_event_rows_identified")
    for folder, model in (("intermediate/core", "int_persons"), ("marts/salt", "salt_sts001_requests")):
        assert "where la_code in (cast(null as string))" in compiled(work, folder, model), model
    _, _, differences = warehouse_differences(work, warehouses["full"])
    assert not differences, "\n".join(differences)
