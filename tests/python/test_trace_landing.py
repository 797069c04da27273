"""Landing of NHS number trace responses (src/cld_warehouse/tracing/land.py): tolerant reading,
whole-file problems named, every record kept with its number; no dbt needed."""
from __future__ import annotations

import csv
from pathlib import Path

from cld_warehouse.tracing.land import FILES_HEADER, ROWS_HEADER, land_trace_responses

REPO = Path(__file__).resolve().parents[2]


def landed(tmp_path, files: dict[str, bytes]):
    folder = tmp_path / "landing" / "trace_responses"
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    facts = {f["trace_file_name"]: f for f in land_trace_responses(tmp_path / "landing", tmp_path / "work")}
    with (tmp_path / "work" / "landed" / "trace_rows.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return facts, rows


def test_no_folder_gives_header_only_files(tmp_path):
    assert land_trace_responses(tmp_path / "nowhere", tmp_path / "work") == []
    for name, header in [("trace_files.csv", FILES_HEADER), ("trace_rows.csv", ROWS_HEADER)]:
        lines = (tmp_path / "work" / "landed" / name).read_text(encoding="utf-8").splitlines()
        assert lines == [",".join(header)]


def test_tolerant_headers_bom_windows_1252_and_blank_lines(tmp_path):
    facts, rows = landed(tmp_path, {
        "TRACE_716_20240501120000.csv": "\ufeffLOCAL REFERENCE,Traced NHS-Number,match_status,Extra\r\n"
                                        "P1,999 000 0018,Matched,x\r\n\r\nP2,,No match,\r\n".encode("utf-8"),
        "TRACE_318_20240501120000.csv": "Local Reference,Traced NHS Number,Match Status\nPé,9990000026,matched\n"
                                        .encode("cp1252"),
    })
    assert facts["TRACE_716_20240501120000.csv"]["load_status"] == "loaded"
    assert facts["TRACE_716_20240501120000.csv"]["rows_read"] == "2"
    assert facts["TRACE_716_20240501120000.csv"]["name_la_code"] == "716"
    assert facts["TRACE_716_20240501120000.csv"]["name_responded_at"] == "2024-05-01 12:00:00"
    got = [(r["trace_file_name"][6:9], r["source_row_number"], r["local_reference"], r["traced_nhs_number"],
            r["match_status"]) for r in rows]
    assert got == [("318", "1", "Pé", "9990000026", "matched"), ("716", "1", "P1", "999 000 0018", "Matched"),
                   ("716", "2", "P2", "", "No match")]


def test_whole_file_problems_are_named(tmp_path):
    facts, rows = landed(tmp_path, {
        "TRACE_716_20240501120000.csv": b"local_reference,traced_nhs_number\nP1,9990000018\n",
        "TRACE_716_20240502120000.csv": b"",
        "TRACE_716_20240503120000.csv": b'local_reference,traced_nhs_number,match_status\n"P1,999\n',
        "TRACE_716_20240504120000.csv": b"local_reference,traced_nhs_number,match_status\n\x81\x8d\x8f,1,2\n",
        "trace_716.csv": b"local_reference,traced_nhs_number,match_status\nP1,9990000018,matched\n",
    })
    assert facts["TRACE_716_20240501120000.csv"]["load_status"] == "missing_columns"
    assert facts["TRACE_716_20240501120000.csv"]["load_message"] == (
        "TRACE_716_20240501120000.csv: missing required column(s): match_status")
    assert facts["TRACE_716_20240502120000.csv"]["load_message"] == "TRACE_716_20240502120000.csv: the file is empty"
    assert facts["TRACE_716_20240503120000.csv"]["load_status"] == "unreadable"
    assert facts["TRACE_716_20240503120000.csv"]["load_message"].startswith(
        "TRACE_716_20240503120000.csv: malformed CSV at line")
    assert facts["TRACE_716_20240504120000.csv"]["load_status"] == "unreadable"
    assert facts["trace_716.csv"]["is_name_valid"] == "false" and facts["trace_716.csv"]["load_status"] == "loaded"
    # only the readable, complete file's record is landed (the misnamed one is rejected in SQL)
    assert [r["trace_file_name"] for r in rows] == ["trace_716.csv"]


def test_simulated_service_is_deterministic_and_uses_unissued_test_numbers(tmp_path):
    from cld_warehouse.nhs_number import is_test_range
    from cld_warehouse.tracing.simulate import simulate_responses

    requests = tmp_path / "requests"
    requests.mkdir()
    (requests / "TRACE_REQUEST_716_20240701000000.csv").write_text(
        "local_reference,surname,forename,date_of_birth,gender,postcode,nhs_number\n"
        + "".join(f"P{i},S,F,1950-01-01,Female,ZZ1 1ZZ,\n" for i in range(40)), encoding="utf-8")
    first = simulate_responses(requests, tmp_path / "a", "20240715120000", match_rate=0.5)
    second = simulate_responses(requests, tmp_path / "b", "20240715120000", match_rate=0.5)
    name = "TRACE_716_20240715120000.csv"
    assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    matched, unmatched = first["716"]
    assert first == second and matched + unmatched == 40 and matched > 0 and unmatched > 0
    with (tmp_path / "a" / name).open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    numbers = [r["traced_nhs_number"] for r in rows if r["match_status"] == "matched"]
    assert all(is_test_range(n) for n in numbers) and len(set(numbers)) == len(numbers)
    demo_numbers = set()
    for path in (REPO / "data" / "demo" / "landing").glob("CLD_*.csv"):
        with path.open(newline="", encoding="utf-8-sig") as fh:
            demo_numbers |= {r.get("NHS Number", "") for r in csv.DictReader(fh)}
    assert not demo_numbers & set(numbers)
