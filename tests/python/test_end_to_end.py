"""End to end: the test fixtures (errors and hostile files) build, bad files are rejected with
clear messages without blocking the others, no row is lost, and quarterly supersession works.
The fixtures warehouse is the session's (conftest.py)."""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from cld_warehouse.synthetic import generate as generator
from dbt_helpers import build_warehouse, query

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "landing"


def independent_rows(path: Path, encoding: str) -> int:
    text = path.read_bytes().decode({"utf-8-sig": "utf-8-sig", "cp1252": "cp1252"}.get(encoding, encoding))
    records = list(csv.reader(io.StringIO(text, newline="")))
    return sum(1 for r in records[1:] if any(c.strip() for c in r))


def test_build_passes_and_the_landing_step_names_unreadable_files(fixtures_warehouse):
    stdout = fixtures_warehouse.stdout   # what `cld land` printed
    assert "unreadable: CLD_102_20230401_20230630_20230815100000.csv: not UTF-8" in stdout


@pytest.mark.parametrize("file_name,reason,words", [
    ("CLD_999_20230401_20230630_20230815100000.csv", "unknown_la", "LA code 999 is not one of the 151"),
    ("submission_from_barnet_final.csv", "invalid_file_name", "does not follow CLD_<LA code>"),
    ("CLD_213_20230401_20230630_20230815100000.csv", "missing_mandatory_columns", "Event Type | Event Start Date"),
    ("CLD_503_20230401_20230630_20230815100000.csv", "empty_file", "holds no data rows"),
    ("CLD_102_20230401_20230630_20230815100000.csv", "unreadable", "not UTF-8"),
    ("CLD_716_20230401_20240331_20240601120000.csv", "duplicate_content", "already landed as CLD_716_"),
])
def test_whole_file_problems_reject_that_file_with_a_message(fixtures_warehouse, file_name, reason, words):
    """Rules: FILE-01."""
    work = fixtures_warehouse.work
    status, reasons, message = query(work, "select submission_status, rejection_reasons, rejection_message "
                                           "from dq.dq_submissions where landed_file_name = ?", [file_name])[0]
    assert status == "rejected" and reason in reasons
    assert file_name in message and words in message


def test_the_other_las_are_built(fixtures_warehouse):
    work = fixtures_warehouse.work
    accepted = {r[0] for r in query(work, "select distinct la_code from dq.dq_submissions where is_accepted")}
    assert {"716", "318", "204", "908"} <= accepted
    las = {r[0] for r in query(work, "select distinct la_code from marts.salt_sts001")}
    assert {"716", "318", "ENG"} <= las
    assert query(work, "select sum(request_count) from marts.salt_sts001 where la_code = 'ENG'")[0][0] > 0


def test_row_problems_are_flagged_and_rows_kept(fixtures_warehouse):
    """Rules: VAL-02."""
    work = fixtures_warehouse.work
    rules = {r[0] for r in query(work, "select distinct rule_code from dq.dq_row_issues")}
    assert {"invalid_date", "end_before_start", "invalid_list_value", "duplicate_row",
            "inconsistent_person_details", "invalid_nhs_number"} <= rules


def test_staged_rows_equal_rows_in_each_file_counted_independently(fixtures_warehouse):
    work = fixtures_warehouse.work
    for name, encoding, staged in query(work, "select landed_file_name, detected_encoding, rows_staged "
                                              "from dq.dq_submissions where detected_encoding is not null"):
        assert staged == independent_rows(FIXTURES / name, encoding), name


def test_landed_equals_used_plus_excluded_per_la(fixtures_warehouse):
    """Rules: FLOW-01."""
    work = fixtures_warehouse.work
    landed = {}
    for name, encoding, la in query(work, "select landed_file_name, detected_encoding, coalesce(la_code, '(no LA)') "
                                          "from dq.dq_submissions where detected_encoding is not null"):
        landed[la] = landed.get(la, 0) + independent_rows(FIXTURES / name, encoding)
    flowed = dict(query(work, "select la_code, sum(row_count) from dq.dq_row_flow group by la_code"))
    assert flowed == {la: n for la, n in landed.items() if n}


def test_windows_1252_text_survives(fixtures_warehouse):
    work = fixtures_warehouse.work
    assert query(work, "select distinct event_description from staging.stg_cld__rows "
                       "where landed_file_name like 'CLD_204_%'") == [("Home visit – paid £12.50 to café",)]


def unique_events(work: Path) -> set[tuple]:
    return set(query(work, "select event_key, cast(event_start_date as varchar), cast(event_end_date as varchar), "
                           "event_outcome, service_component, route_of_access from intermediate.int_events_unique"))


@pytest.mark.warehouse_build
def test_quarterly_files_give_the_same_unique_events_as_the_final_file_alone(tmp_path):
    all_quarters = tmp_path / "quarters"
    generator.main(["--out", str(all_quarters), "--las", "318", "--persons-per-la", "250", "--seed", "21"])
    final_only = tmp_path / "final"
    final_only.mkdir()
    for f in all_quarters.glob("CLD_318_*_20240331_*.csv"):
        shutil.copy(f, final_only / f.name)
    results = {}
    for label, landing_dir in (("quarters", all_quarters), ("final", final_only)):
        work = tmp_path / f"work_{label}"
        result = build_warehouse(landing_dir, work, select="+int_events_unique")
        assert result.returncode == 0, result.stdout[-4000:]
        results[label] = unique_events(work)
    assert results["quarters"] == results["final"]
    assert len(results["final"]) > 500
    # events open in Q1 were closed later: the latest edition carries the end date
    q1 = next(all_quarters.glob("CLD_318_*_20230630_*.csv"))
    with q1.open(newline="", encoding="utf-8") as fh:
        open_q1 = {r["Event Reference"] for r in csv.DictReader(fh) if not r["Event End Date"]}
    closed_later = [k for k in results["quarters"] if k[0].startswith("318|REF|") and k[0][8:] in open_q1 and k[2]]
    assert closed_later


def test_build_summary_names_each_rejected_file_and_fail_on_rejected_exits_4(fixtures_warehouse, tmp_path):
    import os
    import subprocess
    import sys

    from cld_warehouse.warehouse import build

    work = fixtures_warehouse.work
    lines, rejected = build.summary(work / "cld.duckdb")
    text = "\n".join(lines)
    expected = query(work, "select landed_file_name, rejection_message from dq.dq_submissions where not is_accepted")
    assert rejected == len(expected) >= 5
    for name, message in expected:
        assert f"  rejected: {name}: {message.removeprefix(name + ': ')}" in text
    assert f"{len(expected)} rejected" in lines[0] and "rows staged" in lines[0] and "error" in lines[0]
    assert "    716: 3 file(s), 2 accepted, 1 rejected; selected 2023: CLD_716_" in text
    assert f"warehouse: {work / 'cld.duckdb'}" in text
    # the same warehouse published through `cld build` (nothing to rebuild): exit 4 with the flag
    copy = tmp_path / "work"
    copy.mkdir()
    shutil.copyfile(work / "cld.duckdb", copy / "cld.duckdb")
    env = dict(os.environ, DBT_PROFILES_DIR=str(REPO / "profiles"), CLD_WORK_DIR=str(copy),
               CLD_DUCKDB_PATH=str(copy / "cld.duckdb"), DBT_TARGET_PATH=str(copy / "target"),
               DBT_LOG_PATH=str(copy / "logs"), CLD_DUCKDB_MEMORY_LIMIT="2GB")
    done = subprocess.run([str(Path(sys.executable).parent / "cld"), "build", "--target", "test", "--select",
                           "tag:cld_selects_nothing", "--fail-on-rejected"], cwd=REPO, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 4, done.stdout[-3000:] + done.stderr
    assert f"--fail-on-rejected: {len(expected)} file(s) rejected" in done.stderr
    assert "rejected: CLD_999_20230401_20230630_20230815100000.csv: LA code 999" in done.stdout
