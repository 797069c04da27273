"""NHS number tracing round trip, end to end: submission → trace request (mart and `cld
export-trace`) → trace responses landed by `cld land` → identity and DQ.

One LA file (real CSV through `cld land`), six people:
  P1 valid NHS number X; P2 (the same person under another LA id) without one — tracing
  gives P2 the number X, so P1 and P2 become one person; P3 without one — tracing fills Y;
  P4 valid Z — the response says W: a contradiction, reported, not applied; P5 without one —
  the response's number fails its check digit: rejected with a message, P5 still to trace;
  P6 submitted an invalid number and gets no response: still to trace, the number as sent.
A second response file lacks a required column: rejected whole, with its name in the message.
A build of the same submission without responses gives the original identities.
Each build is of the models the tests read (and `cld export-trace`), with their data tests.
"""
from __future__ import annotations

import csv
import subprocess

import pytest

from dbt_helpers import BIN, REPO, build_warehouse, query
from landed_area import ddmmyyyy, item_columns, nhs_number

pytestmark = pytest.mark.warehouse_build

FILE = "CLD_716_20230401_20240331_20240420000000.csv"
X, Y, Z, W = nhs_number(1), nhs_number(2), nhs_number(3), nhs_number(4)
PEOPLE = {  # LA id -> (NHS number as submitted, request start)
    "P1": (X, "2023-05-01"), "P2": ("", "2023-07-01"), "P3": ("", "2023-08-01"), "P4": (Z, "2023-09-01"),
    "P5": ("", "2023-10-01"), "P6": ("9990000019", "2023-11-01"),
}
# What the tests and `cld export-trace` read, and what it is built from.
WITHOUT_READ = "+int_persons +dscro_trace_requests"
WITH_READ = WITHOUT_READ + " +int_event_rows_identified +dq_trace_results +dq_trace_files +dq_submissions"
RESPONSES = [  # local reference, traced NHS number, match status
    ("P2", X, "Matched"), ("P3", Y, "matched"), ("P4", W, "Matched"), ("P5", "9990000027", "Matched"),
]


def write_submission(path) -> None:
    columns = item_columns()
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([c["template_column_name"] for c in columns])
        for i, (la_id, (nhs, start)) in enumerate(PEOPLE.items(), start=1):
            row = {"la_code": "716", "person_unique_identifier": la_id, "nhs_number": nhs, "first_name": "Test",
                   "last_name": f"Trace{i}", "gender": "Female", "ethnicity": "White Irish",
                   "date_of_birth": ddmmyyyy("1950-06-15"), "postcode": "ZZ1 1ZZ",
                   "primary_support_reason": "Physical Support: Personal care support",
                   "accommodation_status": "Tenant", "employment_status": "Unknown", "has_informal_carer": "Yes",
                   "event_type": "Request", "route_of_access": "Community / Other route",
                   "event_start_date": ddmmyyyy(start), "event_end_date": ddmmyyyy(start),
                   "event_outcome": "NFA - Support declined"}
            writer.writerow([row.get(c["column_name"], "") for c in columns])


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("tracing")
    landing = base / "landing"
    (landing / "trace_responses").mkdir(parents=True)
    write_submission(landing / FILE)
    without = build_warehouse(landing, base / "without", select=WITHOUT_READ)
    assert without.returncode == 0, without.stdout[-5000:] + without.stderr[-2000:]
    with (landing / "trace_responses" / "TRACE_716_20240501120000.csv").open("w", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["Local Reference", "Traced NHS Number", "Match Status"])
        writer.writerows(RESPONSES)
    (landing / "trace_responses" / "TRACE_716_20240502120000.csv").write_text(
        "local_reference,traced_nhs_number\nP6,9990000042\n", encoding="utf-8")
    traced = build_warehouse(landing, base / "with", select=WITH_READ)
    assert traced.returncode == 0, traced.stdout[-5000:] + traced.stderr[-2000:]
    return base / "without", base / "with", traced.stdout


def persons(work):
    return {r[0]: r[1:] for r in query(work, "select la_person_id, person_id, nhs_number, nhs_number_source "
                                             "from intermediate.int_persons order by 1")}


def test_without_responses_identities_are_the_submitted_ones(builds):
    without, _, _ = builds
    got = persons(without)
    assert got["P1"] == (f"N{X}", X, "submitted")
    assert got["P2"] == ("LP2", None, None)
    assert got["P3"] == ("LP3", None, None)
    assert got["P4"] == (f"N{Z}", Z, "submitted")
    requests = query(without, "select local_reference, nhs_number from dscro.dscro_trace_requests order by 1")
    assert requests == [("P2", None), ("P3", None), ("P5", None), ("P6", "9990000019")]


def test_a_response_fills_a_gap_and_merges_two_rows_of_one_person(builds):
    """Rules: ID-02."""
    without, traced, _ = builds
    rows = dict(query(traced, "select person_unique_identifier, person_id from intermediate.int_event_rows_identified"))
    assert rows["P1"] == rows["P2"] == f"N{X}"
    got = query(traced, "select person_id, nhs_number, nhs_number_source from intermediate.int_persons "
                        "where person_id in (?, ?) order by 1", [f"N{X}", f"N{Y}"])
    assert got == [(f"N{X}", X, "submitted"), (f"N{Y}", Y, "traced")]
    # P1 and P2 are one person now: one fewer person than without the responses
    count = "select count(*) from intermediate.int_persons"
    assert query(traced, count)[0][0] == query(without, count)[0][0] - 1
    sources = dict(query(traced, "select person_unique_identifier, nhs_number_source "
                                 "from intermediate.int_event_rows_identified"))
    assert sources["P2"] == "traced" and sources["P1"] == "submitted"


def test_a_contradicting_response_is_reported_not_applied(builds):
    """Rules: TRACE-02."""
    _, traced, _ = builds
    assert persons(traced)["P4"] == (f"N{Z}", Z, "submitted")
    outcome = query(traced, "select trace_outcome, is_applied, submitted_nhs_number from dq.dq_trace_results "
                            "where local_reference = 'P4'")
    assert outcome == [("contradicts_submitted", False, Z)]


def test_a_bad_response_row_is_rejected_with_a_message(builds):
    _, traced, _ = builds
    got = query(traced, "select trace_outcome, message from dq.dq_trace_results where local_reference = 'P5'")
    assert got == [("rejected", "TRACE_716_20240501120000.csv row 4: traced NHS number '9990000027' "
                                "fails its check digit")]
    assert persons(traced)["P5"] == ("LP5", None, None)


def test_a_response_file_without_a_required_column_is_rejected_whole(builds):
    """Rules: TRACE-01."""
    _, traced, land_output = builds
    got = query(traced, "select is_accepted, rejection_message from dq.dq_trace_files "
                        "where trace_file_name = 'TRACE_716_20240502120000.csv'")
    assert got == [(False, "TRACE_716_20240502120000.csv: missing required column(s): match_status")]
    assert "TRACE_716_20240502120000.csv: missing required column(s): match_status" in land_output


def test_dq_lists_what_tracing_filled_in(builds):
    _, traced, _ = builds
    got = query(traced, "select local_reference, trace_outcome, rows_filled from dq.dq_trace_results "
                        "where la_code = '716' order by trace_file_name, source_row_number")
    assert got == [("P2", "filled", 1), ("P3", "filled", 1), ("P4", "contradicts_submitted", 0),
                   ("P5", "rejected", 0)]
    totals = query(traced, "select filled_records, contradicts_submitted_records, rejected_records, rows_filled "
                           "from dq.dq_trace_files where trace_file_name = 'TRACE_716_20240501120000.csv'")
    assert totals == [(2, 1, 1, 2)]


def test_trace_request_export_holds_those_still_to_trace(builds, tmp_path):
    """Rules: TRACE-03."""
    _, traced, _ = builds
    out = tmp_path / "requests"
    proc = subprocess.run([str(BIN / "cld"), "export-trace", "--database", str(traced / "cld.duckdb"),
                           "--out", str(out)], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    files = sorted(out.glob("TRACE_REQUEST_716_*.csv"))
    assert len(files) == 1
    with files[0].open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["local_reference", "surname", "forename", "date_of_birth", "gender", "postcode",
                             "nhs_number"]
    assert [(r["local_reference"], r["surname"], r["nhs_number"]) for r in rows] == [
        ("P5", "Trace5", ""), ("P6", "Trace6", "9990000019")]
