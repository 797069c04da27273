"""The landing step on a corpus of hostile files: every file is loaded with its problems
recorded, or reported unreadable with a message naming it; rows are never lost."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pytest

from cld_warehouse import landing

REPO = Path(__file__).resolve().parents[2]
ITEMS = list(csv.DictReader((REPO / "seeds" / "spec" / "cld_data_items.csv").open(encoding="utf-8")))
HEADER = [i["template_column_name"] for i in ITEMS]
GOOD = "CLD_716_20230401_20230630_20230801093000.csv"


def row(**values: str) -> list[str]:
    base = {i["column_name"]: "" for i in ITEMS}
    base.update(person_unique_identifier="P1", nhs_number="9990000018", event_type="Request",
                event_start_date="05/04/2023", event_description="plain")
    base.update(values)
    return [base[i["column_name"]] for i in ITEMS]


def csv_text(header: list[str], rows: list[list[str]], blank_lines: int = 0) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    return buf.getvalue() + "\r\n" * blank_lines


def independent_count(data: bytes, encoding: str) -> int:
    """Records after the header, blank lines excluded — counted without the landing code."""
    records = list(csv.reader(io.StringIO(data.decode(encoding), newline="")))
    return sum(1 for r in records[1:] if any(c.strip() for c in r))


CORPUS = {
    GOOD: (csv_text(HEADER, [row(), row(person_unique_identifier="P2")]).encode("utf-8"), "utf-8"),
    "CLD_717_20230401_20230630_20230801093000.csv":
        (csv_text(HEADER, [row(event_description="£5 – café")]).encode("utf-8-sig"), "utf-8-sig"),
    "CLD_204_20230401_20230630_20230801093000.csv":
        (csv_text(HEADER, [row(event_description="£5 – café")]).encode("cp1252"), "cp1252"),
    "CLD_908_20230401_20230630_20230801093000.csv":
        (csv_text(HEADER, [row(event_description="£5 – café")]).encode("utf-16"), "utf-16"),
    "CLD_213_20230401_20230630_20230801093000.csv": (b"\x81\x8d\x8f\x90\x9d", None),
    "CLD_318_20230401_20230630_20230801093000.csv": (csv_text(
        [h.lower() for h in HEADER[:36]] + ["Unit Cost", "cost frequency (unit type)", "Planned units\nper week",
                                            "full_cost_client", "Local notes"],
        [row() + ["x"]], blank_lines=2).encode("utf-8"), "utf-8"),
    "CLD_503_20230401_20230630_20230801093000.csv": (csv_text(
        [h for h in HEADER if h not in ("Event Type", "Event Start Date")],
        [[v for h, v in zip(HEADER, row()) if h not in ("Event Type", "Event Start Date")]]).encode(), "utf-8"),
    "CLD_102_20230401_20230630_20230801093000.csv": (csv_text(HEADER, [
        row(event_description="line one\nline two"), row(event_description='=HYPERLINK("http://x")'),
        row()[:20], row() + ["surplus", "fields"]]).encode(), "utf-8"),
    "CLD_612_20230401_20230630_20230801093000.csv": (b"", None),
    "not_a_contract_name.csv": (csv_text(HEADER, [row()]).encode(), "utf-8"),
    "CLD_805_20230401_20230630_20230801093000.csv": (('"' + ",".join(HEADER) + "\r\n").encode(), None),
    "CLD_716_20230401_20230630_20230901093000.csv": (csv_text(HEADER, [row(), row(person_unique_identifier="P2")])
                                                     .encode("utf-8"), "utf-8"),
}


@pytest.fixture(scope="module")
def landed(tmp_path_factory):
    base = tmp_path_factory.mktemp("landing")
    src = base / "in"
    src.mkdir()
    for name, (data, _) in CORPUS.items():
        (src / name).write_bytes(data)
    files = {r["landed_file_name"]: r for r in landing.land(src, base / "work", processes=2)}
    return base, files


def rows_of(base: Path, name: str) -> list[dict[str, str]]:
    with (base / "work" / "landed" / "rows" / (Path(name).stem + ".csv")).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_every_file_is_registered(landed):
    _, files = landed
    assert set(files) == set(CORPUS)


def test_rows_written_equal_an_independent_count(landed):
    base, files = landed
    for name, (data, encoding) in CORPUS.items():
        if encoding is None or not data:
            continue
        expected = independent_count(data, encoding)
        assert int(files[name]["rows_read"]) == expected, name
        assert len(rows_of(base, name)) == expected, name


@pytest.mark.parametrize("name,encoding", [
    ("CLD_717_20230401_20230630_20230801093000.csv", "utf-8-sig"),
    ("CLD_204_20230401_20230630_20230801093000.csv", "cp1252"),
    ("CLD_908_20230401_20230630_20230801093000.csv", "utf-16"),
])
def test_encodings_are_read_and_text_survives(landed, name, encoding):
    base, files = landed
    assert files[name]["detected_encoding"] == encoding
    assert rows_of(base, name)[0]["event_description"] == "£5 – café"


def test_undecodable_file_is_unreadable_with_a_message_naming_it(landed):
    _, files = landed
    f = files["CLD_213_20230401_20230630_20230801093000.csv"]
    assert f["load_status"] == "unreadable"
    assert f["load_message"].startswith("CLD_213_20230401_20230630_20230801093000.csv: not UTF-8")


def test_malformed_quoting_is_unreadable_with_the_line(landed):
    _, files = landed
    f = files["CLD_805_20230401_20230630_20230801093000.csv"]
    assert f["load_status"] == "unreadable" and "malformed CSV at line" in f["load_message"]


def test_tolerant_headers_extra_columns_and_blank_lines(landed):
    base, files = landed
    name = "CLD_318_20230401_20230630_20230801093000.csv"
    f = files[name]
    assert f["missing_mandatory_columns"] == "" and f["missing_voluntary_columns"] == ""
    assert f["extra_columns"] == "Local notes"
    assert f["blank_lines_skipped"] == "2"
    with (base / "work" / "landed" / "columns.csv").open(encoding="utf-8") as fh:
        cells = [r for r in csv.DictReader(fh) if r["landed_file_name"] == name]
    assert {c["match_method"] for c in cells} == {"normalised", "unmatched"}
    assert any(c["submitted_header"] == "Planned units per week" for c in cells)


def test_missing_mandatory_columns_are_named(landed):
    _, files = landed
    f = files["CLD_503_20230401_20230630_20230801093000.csv"]
    assert f["load_status"] == "loaded"
    assert f["missing_mandatory_columns"] == "Event Type | Event Start Date"


def test_quoted_newlines_injection_text_short_and_long_rows(landed):
    base, _ = landed
    rows = rows_of(base, "CLD_102_20230401_20230630_20230801093000.csv")
    assert rows[0]["event_description"] == "line one\nline two"
    assert rows[1]["event_description"] == '=HYPERLINK("http://x")'
    assert [r["source_field_count"] for r in rows] == ["40", "40", "20", "42"]


def test_empty_file_and_bad_name_are_loaded_for_sql_to_judge(landed):
    _, files = landed
    empty = files["CLD_612_20230401_20230630_20230801093000.csv"]
    assert (empty["load_status"], empty["rows_read"]) == ("loaded", "0")
    bad = files["not_a_contract_name.csv"]
    assert (bad["load_status"], bad["is_name_valid"]) == ("loaded", "false")


def test_duplicate_content_has_the_same_hash(landed):
    _, files = landed
    assert files[GOOD]["content_sha256"] == files["CLD_716_20230401_20230630_20230901093000.csv"]["content_sha256"]


def test_duckdb_reads_the_rows_area_completely(landed):
    base, files = landed
    total = duckdb.sql(f"select count(*) from read_csv('{base}/work/landed/rows/*.csv', header=true, "
                       "all_varchar=true, union_by_name=true)").fetchone()[0]
    assert total == sum(int(f["rows_read"]) for f in files.values() if f["load_status"] == "loaded")


def test_rerun_removes_rows_of_files_no_longer_landed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / GOOD).write_bytes(CORPUS[GOOD][0])
    (src / "CLD_717_20230401_20230630_20230801093000.csv").write_bytes(CORPUS[GOOD][0])
    landing.land(src, tmp_path / "work")
    (src / GOOD).unlink()
    landing.land(src, tmp_path / "work")
    names = sorted(p.name for p in (tmp_path / "work" / "landed" / "rows").iterdir())
    assert names == ["CLD_717_20230401_20230630_20230801093000.csv", "_empty.csv"]


def test_missing_landing_dir_is_a_clear_error(tmp_path, capsys):
    assert landing.main(["--landing-dir", str(tmp_path / "nope"), "--work-dir", str(tmp_path)]) == 2
    assert "does not exist" in capsys.readouterr().err
