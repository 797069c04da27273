"""The landing step on a corpus of hostile files built here: every file is registered; a readable
one is loaded with its problems recorded as facts for SQL, an unreadable one is reported with a
message naming it; no record is lost or altered (checked against an independent csv count)."""
from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import duckdb
import pytest

from cld_warehouse.landing import file_reader, header_matching, submissions as landing

REPO = Path(__file__).resolve().parents[2]
with (REPO / "seeds" / "spec" / "cld_data_items.csv").open(newline="", encoding="utf-8") as _fh:
    ITEMS = list(csv.DictReader(_fh))
TEMPLATE = [i["template_column_name"] for i in ITEMS]
COLUMNS = [i["column_name"] for i in ITEMS]
ROWS_HEADER = ["landed_file_name", "source_row_number", "source_field_count", *COLUMNS]


def source_read(table: str, env: dict[str, str] | None = None) -> str:
    """The source's own read_csv call (models/staging/cld/_cld__sources.yml) for `table`,
    rendered as dbt renders it, with `{}` where the work dir goes (CLD_WORK_DIR) and the
    environment variables of `env` (e.g. CLD_LANDED_URI)."""
    import jinja2
    import yaml
    sources = yaml.safe_load((REPO / "models" / "staging" / "cld" / "_cld__sources.yml").read_text())
    tables = {t["name"]: t for s in sources["sources"] for t in s["tables"]}
    text = tables[table]["config"]["meta"]["external_location"]
    values = {"CLD_WORK_DIR": "{}", **(env or {})}
    return jinja2.Environment().from_string(text).render(
        env_var=lambda name, default=None: values.get(name, default),
        var=lambda name: {"cld_landed_max_line_bytes": file_reader.MAX_LINE_BYTES}[name])


DUCKDB_ROWS = source_read("landed_rows")

GOOD = "CLD_716_20230401_20230630_20230801093000.csv"
COPY = "CLD_716_20230401_20230630_20230901093000.csv"
BOM8 = "CLD_717_20230401_20230630_20230801093000.csv"
CP1252 = "CLD_204_20230401_20230630_20230801093000.csv"
UTF16 = "CLD_908_20230401_20230630_20230801093000.csv"
UNDECODABLE = "CLD_213_20230401_20230630_20230801093000.csv"
BAD_UTF16 = "CLD_909_20230401_20230630_20230801093000.csv"
BAD_BOM8 = "CLD_910_20230401_20230630_20230801093000.csv"
HEADERS = "CLD_318_20230401_20230630_20230801093000.csv"
MISSING = "CLD_503_20230401_20230630_20230801093000.csv"
HOSTILE = "CLD_102_20230401_20230630_20230801093000.csv"
QUOTED = "CLD_103_20230401_20230630_20230801093000.csv"
MAC = "CLD_104_20230401_20230630_20230801093000.csv"
EMPTY = "CLD_612_20230401_20230630_20230801093000.csv"
BAD_NAME = "not_a_contract_name.csv"
BAD_DATE = "CLD_716_20230401_20230631_20230801093000.csv"
SAME_STEM = "CLD_716_20230401_20230630_20230801093000.txt"
ODD_NAME = "CLD 716 [copy] (1).csv"
UNCLOSED = "CLD_805_20230401_20230630_20230801093000.csv"
STRAY_QUOTE = "CLD_806_20230401_20230630_20230801093000.csv"

TRICKY = ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "@SUM(1)", "-1+1", "  padded  ", 'C:\\dir\\"x',
          "a, b", 'say "hi"', "£5 – café", "tab\there", "nul\x00byte", "ünïcödé ✓"]


def row(i: int = 1, **values: str) -> list[str]:
    base = {c: "" for c in COLUMNS}
    base.update(person_unique_identifier=f"P{i}", nhs_number="9990000018", first_name="Ann", event_type="Request",
                event_start_date="05/04/2023", event_description="plain", unit_cost="12.50")
    base.update(values)
    return [base[c] for c in COLUMNS]


def csv_text(header: list[str], rows: list[list[str]], *, terminator: str = "\r\n",
             quoting: int = csv.QUOTE_MINIMAL) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=terminator, quoting=quoting)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def good_rows(n: int = 3) -> list[list[str]]:
    return [row(i) for i in range(1, n + 1)]


def header_variants() -> tuple[list[str], list[list[str]]]:
    header = []
    for item in ITEMS:
        name, column = item["template_column_name"], item["column_name"]
        header.append({
            "NHS Number": "  nhs   NUMBER ",
            "First Name": "first_name",
            "Gender": "GENDER",
            "Unit Cost (£)": "Unit Cost",
            "Planned units per week": "Planned units\nper week",
            "Delivery Mechanism (Long Term Community or Prison Only)": "Delivery Mechanism",
            "Cost Frequency (Unit Type)": "cost-frequency (unit type)",
            "Event Start Date": "event_start_date",
        }.get(name, name))
    header += ["Local notes", "Person Unique Identifier", ""]
    rows = [row(i, gender="Female", unit_cost=f"{i}.00", planned_units_per_week="7", delivery_mechanism="Direct Payment")
            + ["note", f"DUP{i}", ""] for i in range(1, 4)]
    return header, rows


def build_corpus() -> dict[str, tuple[bytes, str | None]]:
    """name -> (bytes, the encoding the test itself decodes it with; None = must be unreadable)."""
    good = csv_text(TEMPLATE, good_rows()).encode("utf-8")
    accented = csv_text(TEMPLATE, [row(1, event_description="£5 – café", last_name="Éowyn"), row(2)])
    h_header, h_rows = header_variants()
    h_text = csv_text(h_header, h_rows[:1]) + "\r\n\r\n" + csv_text(h_header, h_rows[1:]).split("\r\n", 1)[1] \
        + ",,, ,\r\n\r\n"
    missing_header = [h for h in TEMPLATE if h not in ("Event Type", "Event Start Date")]
    missing_rows = [[v for h, v in zip(TEMPLATE, row(i)) if h in missing_header] for i in (1, 2)]
    hostile_rows = [row(1, event_description="line one\nline two"),
                    row(2, event_description="crlf one\r\ncrlf two", first_name="lone\rcr")]
    hostile_rows += [row(3 + k, event_description=v) for k, v in enumerate(TRICKY)]
    hostile_rows += [row(20)[:20], row(21) + ["surplus", "fields"], row(22)[:1]]
    quoted = csv_text(TEMPLATE, good_rows(), quoting=csv.QUOTE_ALL)
    mac = csv_text(TEMPLATE, [row(1), row(2, event_description="mac\rbreak"), row(3)], terminator="\r")
    undecodable = good[:200] + b"\x81" + good[200:]
    return {
        GOOD: (good, "utf-8"),
        COPY: (good, "utf-8"),
        BOM8: (accented.encode("utf-8-sig"), "utf-8-sig"),
        CP1252: (accented.encode("cp1252"), "cp1252"),
        UTF16: (accented.encode("utf-16"), "utf-16"),
        UNDECODABLE: (undecodable, None),
        BAD_UTF16: ("a,b\r\n".encode("utf-16") + b"\x00\xd8\x41\x00", None),   # a lone surrogate
        BAD_BOM8: (b"\xef\xbb\xbf" + good[:50] + b"\xe9" + good[50:], None),
        HEADERS: (h_text.encode("utf-8"), "utf-8"),
        MISSING: (csv_text(missing_header, missing_rows).encode("utf-8"), "utf-8"),
        HOSTILE: (csv_text(TEMPLATE, hostile_rows).encode("utf-8"), "utf-8"),
        QUOTED: (quoted.encode("utf-8"), "utf-8"),
        MAC: (mac.encode("utf-8"), "utf-8"),
        EMPTY: (b"", "utf-8"),
        BAD_NAME: (good, "utf-8"),
        BAD_DATE: (good, "utf-8"),
        SAME_STEM: (good, "utf-8"),
        ODD_NAME: (good, "utf-8"),
        UNCLOSED: ((csv_text(TEMPLATE, good_rows()) + 'P9,"unclosed,x\r\nP10,y\r\n').encode("utf-8"), None),
        STRAY_QUOTE: ((csv_text(TEMPLATE, good_rows(1)) + 'P2,"quoted"tail,x\r\n').encode("utf-8"), None),
    }


def independent_records(data: bytes, encoding: str) -> tuple[list[str], list[list[str]]]:
    """(header, data records): the csv module straight over the decoded text, blank records dropped."""
    records = [r for r in csv.reader(io.StringIO(data.decode(encoding), newline=""))
               if any(c.strip() for c in r)]
    return (records[0], records[1:]) if records else ([], [])


@pytest.fixture(scope="module")
def corpus():
    return build_corpus()


@pytest.fixture(scope="module")
def landed(tmp_path_factory, corpus):
    base = tmp_path_factory.mktemp("landing")
    src = base / "in"
    src.mkdir()
    for name, (data, _) in corpus.items():
        (src / name).write_bytes(data)
    (src / ".DS_Store").write_bytes(b"\x00\x01")
    (src / "subfolder").mkdir()
    (src / "subfolder" / GOOD).write_bytes(corpus[GOOD][0])
    rows = landing.land(src, base / "work", processes=2)
    return base / "work" / "landed", {r["landed_file_name"]: r for r in rows}, rows


def read_csv_file(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def rows_of(landed_dir: Path, files: dict, name: str) -> list[dict[str, str]]:
    return read_csv_file(landed_dir / files[name]["rows_path"])


def columns_of(landed_dir: Path, name: str) -> list[dict[str, str]]:
    return [r for r in read_csv_file(landed_dir / "columns.csv") if r["landed_file_name"] == name]


# --- registration ------------------------------------------------------------------------------

def test_every_regular_file_is_registered_in_name_order(landed, corpus):
    landed_dir, files, rows = landed
    assert [r["landed_file_name"] for r in rows] == sorted(corpus)
    with (landed_dir / "files.csv").open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        assert next(reader) == landing.FILES_HEADER
        assert [r[0] for r in reader] == sorted(corpus)
    assert read_csv_file(landed_dir / "files.csv") == rows


def test_status_per_file(landed, corpus):
    _, files, _ = landed
    for name, (_, encoding) in corpus.items():
        expected = "unreadable" if encoding is None else "loaded"
        assert files[name]["load_status"] == expected, (name, files[name]["load_message"])
        assert (files[name]["load_message"] == "") == (encoding is not None), name
        assert bool(files[name]["rows_path"]) == (encoding is not None), name


def test_size_hash_and_landed_at(landed, corpus):
    import hashlib
    _, files, _ = landed
    for name, (data, _) in corpus.items():
        assert files[name]["file_size_bytes"] == str(len(data))
        assert files[name]["content_sha256"] == hashlib.sha256(data).hexdigest()
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", files[name]["landed_at"])
    assert files[GOOD]["content_sha256"] == files[COPY]["content_sha256"]      # SQL's duplicate check


# --- no record lost or altered --------------------------------------------------------------------

def test_rows_written_equal_rows_read_and_an_independent_count(landed, corpus):
    landed_dir, files, _ = landed
    for name, (data, encoding) in corpus.items():
        if encoding is None:
            continue
        _, records = independent_records(data, encoding)
        assert int(files[name]["rows_read"]) == len(records), name
        rows = rows_of(landed_dir, files, name)
        assert len(rows) == len(records), name
        assert [r["source_row_number"] for r in rows] == [str(i) for i in range(1, len(rows) + 1)], name
        assert {r["landed_file_name"] for r in rows} <= {name}


def test_values_are_exactly_the_submitted_text(landed, corpus):
    """For every file with the template header: each landed value equals the independently parsed one."""
    landed_dir, files, _ = landed
    checked = 0
    for name, (data, encoding) in corpus.items():
        if encoding is None:
            continue
        header, records = independent_records(data, encoding)
        if header != TEMPLATE:
            continue
        for landed_row, record in zip(rows_of(landed_dir, files, name), records, strict=True):
            padded = (record + [""] * 40)[:40]
            assert [landed_row[c] for c in COLUMNS] == padded, (name, landed_row["source_row_number"])
            assert landed_row["source_field_count"] == str(len(record))
            checked += 1
    assert checked > 30


def test_rows_file_format(landed):
    landed_dir, files, _ = landed
    data = (landed_dir / files[GOOD]["rows_path"]).read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
    assert data.split(b"\n", 1)[0].decode() == ",".join(ROWS_HEADER)
    assert (landed_dir / "rows" / "_empty.csv").read_text(encoding="utf-8") == ",".join(ROWS_HEADER) + "\n"
    for name in (GOOD, HOSTILE, HEADERS, EMPTY, MISSING):
        with (landed_dir / files[name]["rows_path"]).open(newline="", encoding="utf-8") as fh:
            assert next(csv.reader(fh)) == ROWS_HEADER


# --- encodings ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,encoding", [(GOOD, "utf-8"), (BOM8, "utf-8-sig"), (CP1252, "cp1252"),
                                           (UTF16, "utf-16"), (EMPTY, "utf-8")])
def test_encodings_are_detected_and_text_survives(landed, name, encoding):
    landed_dir, files, _ = landed
    assert files[name]["detected_encoding"] == encoding
    if name in (BOM8, CP1252, UTF16):
        first = rows_of(landed_dir, files, name)[0]
        assert first["event_description"] == "£5 – café" and first["last_name"] == "Éowyn"
        assert first["person_unique_identifier"] == "P1"          # no BOM glued to the first value


def test_undecodable_file_is_unreadable_with_a_message_naming_it(landed):
    _, files, _ = landed
    f = files[UNDECODABLE]
    assert f["load_status"] == "unreadable" and f["detected_encoding"] == ""
    assert f["load_message"] == f"{UNDECODABLE}: not UTF-8 or Windows-1252 (invalid byte 0x81 at offset 200)"
    assert f["rows_read"] == "0" and f["rows_path"] == ""
    assert f["is_name_valid"] == "true" and f["name_la_code"] == "213"


def test_a_bom_with_invalid_content_is_unreadable(landed):
    _, files, _ = landed
    assert files[BAD_BOM8]["load_message"] == (f"{BAD_BOM8}: a UTF-8 byte-order mark but not valid UTF-8 "
                                               f"(invalid byte 0xe9 at offset 53)")
    assert files[BAD_UTF16]["load_message"].startswith(f"{BAD_UTF16}: a UTF-16 byte-order mark but not valid UTF-16")


# --- CSV structure --------------------------------------------------------------------------------

def test_malformed_quoting_is_unreadable_with_the_line(landed):
    _, files, _ = landed
    assert files[UNCLOSED]["load_message"] == (f"{UNCLOSED}: malformed CSV at line 5: unexpected end of data "
                                               f"inside quotes (a quoted field is never closed)")
    assert files[STRAY_QUOTE]["load_message"].startswith(f"{STRAY_QUOTE}: malformed CSV at line 3: a closing quote")


def test_quoted_newlines_injection_text_short_and_long_rows(landed):
    landed_dir, files, _ = landed
    rows = rows_of(landed_dir, files, HOSTILE)
    assert rows[0]["event_description"] == "line one\nline two"
    assert rows[1]["event_description"] == "crlf one\r\ncrlf two" and rows[1]["first_name"] == "lone\rcr"
    assert [r["event_description"] for r in rows[2:2 + len(TRICKY)]] == TRICKY
    short, long_, single = rows[-3:]
    assert [r["source_field_count"] for r in (short, long_, single)] == ["20", "42", "1"]
    assert short["person_unique_identifier"] == "P20" and short["event_type"] == "Request" and short["unit_cost"] == ""
    assert long_["full_cost_client"] == "" and "surplus" not in long_.values()
    assert single["person_unique_identifier"] == "P22" and single["event_type"] == ""
    assert files[HOSTILE]["rows_read"] == str(len(rows)) == str(5 + len(TRICKY))


def test_fully_quoted_and_cr_only_files(landed):
    landed_dir, files, _ = landed
    plain = rows_of(landed_dir, files, GOOD)
    quoted = rows_of(landed_dir, files, QUOTED)
    assert [dict(r, landed_file_name="") for r in quoted] == [dict(r, landed_file_name="") for r in plain]
    mac = rows_of(landed_dir, files, MAC)
    assert [r["person_unique_identifier"] for r in mac] == ["P1", "P2", "P3"]
    assert mac[1]["event_description"] == "mac\rbreak"


def test_blank_lines_are_skipped_and_counted(landed):
    _, files, _ = landed
    assert files[HEADERS]["blank_lines_skipped"] == "4"     # 2 in the middle, a row of blank fields, 1 at the end
    assert files[GOOD]["blank_lines_skipped"] == "0"


# --- header matching ------------------------------------------------------------------------------

def test_tolerant_headers_extra_duplicate_and_blank_cells(landed):
    landed_dir, files, _ = landed
    f = files[HEADERS]
    assert f["missing_mandatory_columns"] == "" and f["missing_voluntary_columns"] == ""
    assert f["extra_columns"] == "Local notes | (blank header in column 43)"
    assert f["header_column_count"] == "43"
    cells = columns_of(landed_dir, HEADERS)
    assert [c["column_position"] for c in cells] == [str(i) for i in range(1, 44)]
    by_header = {c["submitted_header"]: c for c in cells}
    assert by_header["Planned units per week"]["matched_column_name"] == "planned_units_per_week"
    for submitted, column in [("  nhs   NUMBER ", "nhs_number"), ("first_name", "first_name"), ("GENDER", "gender"),
                              ("Unit Cost", "unit_cost"), ("Delivery Mechanism", "delivery_mechanism"),
                              ("cost-frequency (unit type)", "cost_frequency"),
                              ("event_start_date", "event_start_date")]:
        assert (by_header[submitted]["matched_column_name"], by_header[submitted]["match_method"]) \
            == (column, "normalised"), submitted
    assert by_header["Event Type"]["match_method"] == "exact"
    assert [(c["matched_column_name"], c["match_method"]) for c in cells[40:]] == [
        ("", "unmatched"), ("person_unique_identifier", "duplicate"), ("", "unmatched")]
    rows = rows_of(landed_dir, files, HEADERS)
    assert [r["person_unique_identifier"] for r in rows] == ["P1", "P2", "P3"]       # the first cell wins
    assert [r["unit_cost"] for r in rows] == ["1.00", "2.00", "3.00"]
    assert {r["gender"] for r in rows} == {"Female"} and {r["planned_units_per_week"] for r in rows} == {"7"}
    assert {r["delivery_mechanism"] for r in rows} == {"Direct Payment"}
    assert {r["source_field_count"] for r in rows} == {"43"}
    assert "note" not in {v for r in rows for v in r.values()}


def test_missing_mandatory_columns_are_named_and_left_empty(landed):
    landed_dir, files, _ = landed
    f = files[MISSING]
    assert f["load_status"] == "loaded" and f["header_column_count"] == "38"
    assert f["missing_mandatory_columns"] == "Event Type | Event Start Date"
    rows = rows_of(landed_dir, files, MISSING)
    assert len(rows) == 2 and {r["event_type"] for r in rows} == {""} and rows[0]["nhs_number"] == "9990000018"


def test_empty_file_is_loaded_with_every_column_missing(landed):
    landed_dir, files, _ = landed
    f = files[EMPTY]
    assert (f["load_status"], f["rows_read"], f["header_column_count"]) == ("loaded", "0", "0")
    mandatory = [i["template_column_name"] for i in ITEMS if i["is_mandatory"] == "true"]
    assert f["missing_mandatory_columns"] == " | ".join(mandatory)
    assert rows_of(landed_dir, files, EMPTY) == [] and columns_of(landed_dir, EMPTY) == []


@pytest.mark.parametrize("submitted,column,method", [
    ("Unit Cost (£)", "unit_cost", "exact"), ("unit cost £", "unit_cost", "normalised"),
    ("UNIT_COST", "unit_cost", "normalised"), ("Unit Cost (GBP)", "unit_cost", "normalised"),
    ("Request:Route of Access", "route_of_access", "normalised"), ("Autism Spectrum Disorder", "autism_spectrum_disorder",
                                                                  "normalised"),
    ("Informal Carer involved\r\nin Assessment", "carer_involved_in_assessment", "normalised"),
    ("carer_involved_in_assessment", "carer_involved_in_assessment", "normalised"),
    ("\ufeffPerson Unique Identifier", "person_unique_identifier", "normalised"),
    ("Notes", None, "unmatched"), ("", None, "unmatched"), ("(£)", None, "unmatched"),
])
def test_header_matcher(submitted, column, method):
    assert header_matching.HeaderMatcher(ITEMS).match(submitted) == (column, method)


# --- file names ----------------------------------------------------------------------------------

def test_bad_names_are_loaded_for_sql_to_judge_with_what_could_be_parsed(landed):
    _, files, _ = landed
    good = files[GOOD]
    assert (good["is_name_valid"], good["name_la_code"], good["name_period_start"], good["name_period_end"],
            good["name_submitted_at"]) == ("true", "716", "2023-04-01", "2023-06-30", "2023-08-01 09:30:00")
    bad = files[BAD_NAME]
    assert (bad["load_status"], bad["is_name_valid"], bad["name_la_code"]) == ("loaded", "false", "")
    bad_date = files[BAD_DATE]
    assert (bad_date["is_name_valid"], bad_date["name_la_code"], bad_date["name_period_start"],
            bad_date["name_period_end"], bad_date["name_submitted_at"]) \
        == ("false", "716", "2023-04-01", "", "2023-08-01 09:30:00")
    assert files[SAME_STEM]["is_name_valid"] == "false" and files[SAME_STEM]["name_la_code"] == "716"


@pytest.mark.parametrize("name,valid", [
    ("CLD_716_20230401_20230630_20230801093000.csv", True),
    ("CLD_716_20240229_20240630_20240801235959.csv", True),
    ("CLD_716_20230229_20230630_20230801093000.csv", False),     # no 29 Feb 2023
    ("CLD_716_20230401_20230630_20230801250000.csv", False),     # hour 25
    ("CLD_7160_20230401_20230630_20230801093000.csv", False),
    ("CLD_716_20230401_20230630_20230801093000.CSV", False),
    ("CLD_716_20230401_20230630_20230801093000.csv.bak", False),
    ("cld_716_20230401_20230630_20230801093000.csv", False),
    ("CLD_716_20230401_20230630_20230801093000 (1).csv", False),
    ("CLD_716_20230401_20230630.csv", False),
])
def test_name_contract(name, valid):
    assert file_reader.parse_name(name)["is_name_valid"] == ("true" if valid else "false")


def test_rows_paths_are_unique_even_for_the_same_stem(landed):
    landed_dir, files, _ = landed
    assert files[GOOD]["rows_path"] == f"rows/{Path(GOOD).stem}.csv"
    assert files[SAME_STEM]["rows_path"] == f"rows/{SAME_STEM}.csv"
    assert files[ODD_NAME]["rows_path"] == "rows/CLD 716 [copy] (1).csv"
    paths = [f["rows_path"] for f in files.values() if f["rows_path"]]
    assert len(paths) == len(set(paths))
    on_disk = sorted(p.name for p in (landed_dir / "rows").iterdir())
    assert on_disk == sorted([Path(p).name for p in paths] + ["_empty.csv"])


# --- what dbt reads --------------------------------------------------------------------------------

def test_duckdb_reads_the_rows_area_completely(landed):
    landed_dir, files, _ = landed
    rel = duckdb.sql("select landed_file_name, count(*) from " + DUCKDB_ROWS.format(landed_dir.parent)
                     + " group by all")
    counts = dict(rel.fetchall())
    expected = {n: int(f["rows_read"]) for n, f in files.items() if f["load_status"] == "loaded" and f["rows_read"] != "0"}
    assert counts == expected
    assert sum(counts.values()) == sum(int(f["rows_read"]) for f in files.values() if f["load_status"] == "loaded")
    descriptions = [r[0] for r in duckdb.sql("select event_description from " + DUCKDB_ROWS.format(landed_dir.parent)
                                             + f" where landed_file_name = '{HOSTILE}' order by "
                                               "cast(source_row_number as int)").fetchall()]
    assert descriptions[:2] == ["line one\nline two", "crlf one\r\ncrlf two"]
    assert descriptions[2:2 + len(TRICKY)] == TRICKY
    files_read = duckdb.sql("select count(*) from " + source_read("landed_files").format(landed_dir.parent)
                            ).fetchone()[0]
    columns_read = duckdb.sql("select count(*) from " + source_read("landed_columns").format(landed_dir.parent)
                              ).fetchone()[0]
    assert files_read == len(files)
    assert columns_read == len(read_csv_file(landed_dir / "columns.csv"))


def test_all_unreadable_still_leaves_a_readable_rows_area(tmp_path, corpus):
    src = tmp_path / "in"
    src.mkdir()
    (src / UNDECODABLE).write_bytes(corpus[UNDECODABLE][0])
    landing.land(src, tmp_path / "work")
    assert sorted(p.name for p in (tmp_path / "work" / "landed" / "rows").iterdir()) == ["_empty.csv"]
    assert duckdb.sql("select count(*) from " + DUCKDB_ROWS.format(tmp_path / "work")).fetchone()[0] == 0


# --- re-runs --------------------------------------------------------------------------------------

def test_rerun_reuses_unchanged_files_and_removes_rows_of_files_gone(tmp_path, corpus):
    src, work = tmp_path / "in", tmp_path / "work"
    src.mkdir()
    for name in (GOOD, BOM8, HOSTILE, UNDECODABLE):
        (src / name).write_bytes(corpus[name][0])
    rows_dir = work / "landed" / "rows"
    landing.land(src, work)
    before = {p.name: p.stat().st_mtime_ns for p in rows_dir.iterdir()}
    first_columns = (work / "landed" / "columns.csv").read_text(encoding="utf-8")

    (src / GOOD).unlink()
    (src / BOM8).write_bytes(corpus[CP1252][0])                        # same name, new content
    rows, stats = landing.land_with_stats(src, work)
    files = {r["landed_file_name"]: r for r in rows}
    assert stats["reused"] == 2                                            # HOSTILE and UNDECODABLE
    names = sorted(p.name for p in rows_dir.iterdir())
    assert names == sorted([Path(BOM8).stem + ".csv", Path(HOSTILE).stem + ".csv", "_empty.csv"])
    assert (rows_dir / f"{Path(HOSTILE).stem}.csv").stat().st_mtime_ns == before[f"{Path(HOSTILE).stem}.csv"]
    assert files[BOM8]["detected_encoding"] == "cp1252"
    assert files[HOSTILE]["rows_read"] == str(5 + len(TRICKY))
    assert files[UNDECODABLE]["load_status"] == "unreadable"
    assert first_columns.count(HOSTILE) == (work / "landed" / "columns.csv").read_text(encoding="utf-8").count(HOSTILE)

    # a damaged rows file or cache is not trusted
    (rows_dir / f"{Path(HOSTILE).stem}.csv").write_text("garbage\n", encoding="utf-8")
    (work / "landed" / landing.CACHE_NAME).write_text("{not json", encoding="utf-8")
    landing.land(src, work)
    (rows_dir / f"{Path(HOSTILE).stem}.csv").write_text("garbage\n", encoding="utf-8")
    rows, stats = landing.land_with_stats(src, work)
    assert stats["reused"] == 2                                            # BOM8 (cp1252) and UNDECODABLE
    assert len(read_csv_file(rows_dir / f"{Path(HOSTILE).stem}.csv")) == 5 + len(TRICKY)


def test_parallel_and_serial_runs_write_the_same_landed_area(tmp_path, landed, corpus):
    landed_dir, _, _ = landed
    src = tmp_path / "in"
    src.mkdir()
    for name, (data, _) in corpus.items():
        (src / name).write_bytes(data)
    landing.land(src, tmp_path / "work", processes=1)
    serial = tmp_path / "work" / "landed"
    for rel in ["columns.csv", *(f"rows/{p.name}" for p in (landed_dir / "rows").iterdir())]:
        assert (serial / rel).read_bytes() == (landed_dir / rel).read_bytes(), rel
    strip = re.compile(r",\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\n")
    assert strip.sub("\n", (serial / "files.csv").read_text("utf-8")) \
        == strip.sub("\n", (landed_dir / "files.csv").read_text("utf-8"))


# --- the command ----------------------------------------------------------------------------------

def test_command_summary_and_exit_code(tmp_path, corpus, capsys, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    for name in (GOOD, UNDECODABLE, UNCLOSED):
        (src / name).write_bytes(corpus[name][0])
    monkeypatch.setenv("CLD_LANDING_DIR", str(src))
    monkeypatch.setenv("CLD_WORK_DIR", str(tmp_path / "work"))
    assert landing.main([]) == 0
    out = capsys.readouterr().out
    assert "3 file(s) found" in out and "loaded: 1" in out and "unreadable: 2" in out and "rows: 3" in out
    assert f"unreadable: {UNDECODABLE}: not UTF-8 or Windows-1252" in out
    assert f"unreadable: {UNCLOSED}: malformed CSV at line 5" in out
    assert (tmp_path / "work" / "landed" / "files.csv").exists()


def test_missing_landing_dir_is_a_clear_error(tmp_path, capsys):
    missing = tmp_path / "nope"
    assert landing.main(["--landing-dir", str(missing), "--work-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "does not exist" in err
    assert not (tmp_path / "landed").exists()


def test_large_file_is_streamed(tmp_path):
    """A 20k-row file with quotes halfway through: both read paths, counts agree."""
    src = tmp_path / "in"
    src.mkdir()
    rows = [row(i, event_description='say "hi"' if i > 10_000 and i % 7 == 0 else "plain") for i in range(20_000)]
    data = csv_text(TEMPLATE, rows).encode("utf-8")
    (src / GOOD).write_bytes(data)
    (src / COPY).write_bytes(data)
    files = {r["landed_file_name"]: r for r in landing.land(src, tmp_path / "work", processes=2)}
    assert files[GOOD]["rows_read"] == files[COPY]["rows_read"] == "20000"
    landed_rows = read_csv_file(tmp_path / "work" / "landed" / files[GOOD]["rows_path"])
    assert [r["event_description"] for r in landed_rows] == [r[23] for r in rows]
    assert os.path.getsize(tmp_path / "work" / "landed" / files[GOOD]["rows_path"]) > len(data)


def test_a_line_break_inside_a_quoted_cell_never_changes_how_other_files_are_read(tmp_path):
    """A CRLF typed inside a cell (a multi-line note from Excel on Windows), in a file landed
    after plain ones: the rows glob is read with one explicit dialect, every file whole, the
    value exactly as submitted."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "CLD_213_20230401_20230630_20230801093000.csv").write_text(csv_text(TEMPLATE, good_rows(3)),
                                                                       encoding="utf-8")
    note = "Discussed at panel.\r\nFollow-up booked."
    (src / "CLD_801_20230401_20230630_20230801093000.csv").write_text(
        csv_text(TEMPLATE, [row(1, event_description=note), row(2, event_description="lone\rcr")]),
        encoding="utf-8", newline="")
    landing.land(src, tmp_path / "work", processes=1)
    got = duckdb.sql("select landed_file_name, event_description from " + DUCKDB_ROWS.format(tmp_path / "work")
                     + " order by 1, cast(source_row_number as int)").fetchall()
    assert [r[0][4:7] for r in got] == ["213"] * 3 + ["801"] * 2
    assert [r[1] for r in got[3:]] == [note, "lone\rcr"]


@pytest.mark.parametrize("cell,quoting", [("x" * 2_200_000, csv.QUOTE_MINIMAL), ("x, y" * 550_000, csv.QUOTE_MINIMAL),
                                          ("é" * 1_100_000, csv.QUOTE_ALL)],
                         ids=["unquoted", "quoted-too-many-characters", "quoted-too-many-bytes"])
def test_a_record_over_the_limit_rejects_its_file_alone_quoted_or_not(tmp_path, cell, quoting):
    src = tmp_path / "in"
    src.mkdir()
    big = "CLD_802_20230401_20230630_20230801093000.csv"
    (src / big).write_text(csv_text(TEMPLATE, [row(1), row(2, event_description=cell)], quoting=quoting),
                           encoding="utf-8")
    (src / GOOD).write_text(csv_text(TEMPLATE, good_rows(2)), encoding="utf-8")
    files = {r["landed_file_name"]: r for r in landing.land(src, tmp_path / "work", processes=1)}
    assert files[big]["load_status"] == "unreadable" and files[big]["rows_path"] == ""
    message = files[big]["load_message"]
    assert message.startswith(f"{big}: "), message[:300]
    assert "starting at line 3" in message, message[:300]
    assert f"over the limit of {file_reader.MAX_LINE_BYTES:,} bytes per record, var cld_landed_max_line_bytes" \
        in message.replace(" (var", ", var"), message[:300]
    assert files[GOOD]["load_status"] == "loaded"
    counts = dict(duckdb.sql("select landed_file_name, count(*) from " + DUCKDB_ROWS.format(tmp_path / "work")
                             + " group by all").fetchall())
    assert counts == {GOOD: 2}


def test_a_record_just_within_the_limit_lands_and_is_read_whole(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    probe = csv_line_size = len(file_reader.csv_line([GOOD, 1, len(COLUMNS), *row(1, event_description="")])
                                .encode("utf-8"))
    cell = "x" * (file_reader.MAX_LINE_BYTES - csv_line_size)
    (src / GOOD).write_text(csv_text(TEMPLATE, [row(1, event_description=cell)]), encoding="utf-8")
    files = {r["landed_file_name"]: r for r in landing.land(src, tmp_path / "work", processes=1)}
    assert files[GOOD]["load_status"] == "loaded", files[GOOD]["load_message"]
    assert probe + len(cell) == os.path.getsize(tmp_path / "work" / "landed" / files[GOOD]["rows_path"]) \
        - len(file_reader.csv_line(file_reader.ROW_META + COLUMNS))
    got = duckdb.sql("select length(event_description) from " + DUCKDB_ROWS.format(tmp_path / "work")).fetchall()
    assert got == [(len(cell),)]
    (src / GOOD).write_text(csv_text(TEMPLATE, [row(1, event_description=cell + "x")]), encoding="utf-8")
    files = {r["landed_file_name"]: r for r in landing.land(src, tmp_path / "work", processes=1)}
    assert files[GOOD]["load_status"] == "unreadable"
