"""A resubmission rebuilt incrementally gives exactly the warehouse a full rebuild gives.

Scenario 1, a new file: the demo submissions minus one LA's final quarterly file are built; the
file then lands and the warehouse is rebuilt incrementally (`dbt build` without --full-refresh,
what `make rebuild` runs: the per-file models reload only that file).

Scenario 2, files removed and acceptance changed, continuing from a build of all the demo
submissions: one file is removed from the landing folder, and a copy of another LA's file lands
under an earlier submission time — the copy is accepted and the original, its rows unchanged,
becomes a rejected duplicate.  Rebuilt incrementally, then the landing folder is put back as it
was (the removed file back, the copy gone: the original is accepted again) and rebuilt again.

After each incremental build every table of the SALT/ASCOF/finance/pseudo marts, the DQ marts
and the intermediate and staging layers is compared row for row (as multisets) with a full
build of the same submissions.  The landing step's `landed_at` (the time of landing) is the
only column left out.  The full builds run every data test; the incremental builds, and the
first build they start from, run none (data_tests=False): tables equal to a tested build's
pass the same tests.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from dbt_helpers import build_warehouse, query, warehouse_differences

pytestmark = pytest.mark.warehouse_build

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data" / "demo" / "landing"
HELD_BACK = "CLD_716_20230401_20240331_20240525112409.csv"   # LA 716's Q4 (final) file
REMOVED = "CLD_908_20230401_20230930_20231103085004.csv"     # LA 908's Q2 file, removed in scenario 2
ORIGINAL = "CLD_213_20230401_20230630_20230816153421.csv"    # LA 213's Q1 file ...
EARLY_COPY = "CLD_213_20230401_20230630_20230810090000.csv"  # ... and a copy submitted 6 days earlier
SCHEMAS = ("staging", "intermediate", "marts", "dq", "dscro")
COMPILED = Path("target") / "compiled" / "cld_warehouse" / "models"
# The per-file incremental models downstream of the row-level chain.
PER_FILE_MODELS = [
    "marts/dq/dq_item_quality.sql",
    "marts/dq/dq_row_issues.sql",
    "intermediate/core/int_submission_coverage.sql",
    "intermediate/validation/int_submission_row_summary.sql",
]


def landing_folder(path: Path, *, without: tuple[str, ...] = (), extra: dict[str, str] | None = None) -> Path:
    """path emptied, then the demo submissions except `without`, plus extra {new name: demo file};
    the demo's NHS number trace responses too (a full build of DEMO reads them)."""
    shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(DEMO / "trace_responses", path / "trace_responses")
    for f in DEMO.glob("*.csv"):
        if f.name not in without:
            shutil.copy(f, path / f.name)
    for name, source in (extra or {}).items():
        shutil.copy(DEMO / source, path / name)
    return path


def reloaded_files(work_dir: Path, model: str) -> set[str]:
    """The files in the compiled incremental filter of a model (the first `in (...)` list)."""
    compiled = (work_dir / COMPILED / model).read_text()
    found = re.search(r"landed_file_name in \(([^)]*)\)", compiled)
    assert found, f"no file filter in the compiled {model}"
    return set(re.findall(r"'([^']*)'", found.group(1)))


def table_differences(incremental: Path, full: Path) -> list[str]:
    tables_inc, tables_full, differences = warehouse_differences(incremental, full, SCHEMAS)
    assert tables_inc == tables_full
    assert {t for s, t in tables_full if s == "marts"} >= {"salt_sts001", "salt_lts001a", "ascof_measures"}
    return differences


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory, demo_warehouse):
    landing = landing_folder(tmp_path_factory.mktemp("resub_landing"), without=(HELD_BACK,))
    incremental = tmp_path_factory.mktemp("resub_incremental")
    first = build_warehouse(landing, incremental, data_tests=False)
    assert first.returncode == 0, first.stdout[-6000:]
    shutil.copy(DEMO / HELD_BACK, landing / HELD_BACK)
    second = build_warehouse(landing, incremental, data_tests=False)
    assert second.returncode == 0, second.stdout[-6000:]
    assert "cld_per_file model staging.stg_cld__rows" in second.stdout
    # the full build of the demo: the session's (conftest.py), read only
    return incremental, demo_warehouse, second.stdout


@pytest.fixture(scope="module")
def changed_warehouses(warehouses, tmp_path_factory):
    """Scenario 2: (incremental after the change, its full build, incremental after the revert)."""
    _, full_demo, _ = warehouses
    base = tmp_path_factory.mktemp("changed")
    changed, reverted = base / "changed", base / "reverted"
    shutil.copytree(full_demo, changed)
    landing = landing_folder(base / "landing", without=(REMOVED,), extra={EARLY_COPY: ORIGINAL})
    step = build_warehouse(landing, changed, data_tests=False)
    assert step.returncode == 0, step.stdout[-6000:]
    full = base / "full"
    rebuilt = build_warehouse(landing, full)
    assert rebuilt.returncode == 0, rebuilt.stdout[-6000:]
    shutil.copytree(changed, reverted)
    back = build_warehouse(landing_folder(landing), reverted, data_tests=False)
    assert back.returncode == 0, back.stdout[-6000:]
    return changed, full, reverted, full_demo


def test_incremental_run_reloads_only_the_new_file(warehouses):
    incremental, _, _ = warehouses
    compiled = (incremental / COMPILED / "intermediate" / "validation" / "int_row_issues.sql").read_text()
    assert f"landed_file_name in ('{HELD_BACK}')" in compiled
    # stg_cld__rows opens only that file's rows file (named after it; the file register says so)
    rows = (incremental / COMPILED / "staging" / "cld" / "stg_cld__rows.sql").read_text()
    assert re.search(r"\(filename\) in \('" + re.escape(HELD_BACK) + r"'\)", rows), rows[:3000]
    # and the per-LA models rebuild LA 716 only (macros/incremental/per_la.sql)
    persons = (incremental / COMPILED / "intermediate" / "core" / "int_persons.sql").read_text()
    assert "where la_code in ('716')" in persons


@pytest.mark.parametrize("model", PER_FILE_MODELS)
def test_downstream_per_file_models_reload_only_the_new_file(warehouses, model):
    incremental, _, _ = warehouses
    compiled = (incremental / COMPILED / model).read_text()
    assert f"landed_file_name in ('{HELD_BACK}')" in compiled
    assert reloaded_files(incremental, model) == {HELD_BACK}


def test_resubmission_matches_full_rebuild(warehouses):
    incremental, full, _ = warehouses
    differences = table_differences(incremental, full)
    assert not differences, "\n".join(differences)


def test_acceptance_change_is_seen_without_a_row_change(changed_warehouses):
    changed, _, reverted, _ = changed_warehouses
    status = "select landed_file_name, is_accepted from dq.dq_submissions where landed_file_name in (?, ?)"
    assert dict(query(changed, status, [ORIGINAL, EARLY_COPY])) == {ORIGINAL: False, EARLY_COPY: True}
    assert dict(query(reverted, status, [ORIGINAL, EARLY_COPY])) == {ORIGINAL: True}
    for model in PER_FILE_MODELS:
        # the new copy, the original (now rejected) and the removed file; then back again
        assert reloaded_files(changed, model) == {REMOVED, ORIGINAL, EARLY_COPY}, model
        assert reloaded_files(reverted, model) == {REMOVED, ORIGINAL, EARLY_COPY}, model


@pytest.mark.parametrize("table", ["dq.dq_item_quality", "dq.dq_row_issues", "dq.dq_submissions",
                                   "intermediate.int_submission_coverage",
                                   "intermediate.int_submission_row_summary",
                                   "intermediate.int_rows_validated", "intermediate.int_row_issues"])
def test_removed_and_rejected_files_leave_the_per_file_models(changed_warehouses, table):
    changed, _, reverted, _ = changed_warehouses
    files = "select distinct landed_file_name from " + table
    after_change = {r[0] for r in query(changed, files)}
    after_revert = {r[0] for r in query(reverted, files)}
    assert REMOVED not in after_change
    assert REMOVED in after_revert and EARLY_COPY not in after_revert
    if table.startswith("dq.dq_item_quality") or table.startswith("dq.dq_row_issues") \
            or table.endswith("int_submission_coverage") or table.endswith("int_row_issues"):
        # accepted files only: the original is out while rejected, back when accepted again
        assert ORIGINAL not in after_change and EARLY_COPY in after_change
        assert ORIGINAL in after_revert


def test_removal_and_acceptance_change_match_full_rebuild(changed_warehouses):
    changed, full, reverted, full_demo = changed_warehouses
    differences = table_differences(changed, full) + [f"after the revert: {d}" for d in
                                                      table_differences(reverted, full_demo)]
    assert not differences, "\n".join(differences)
