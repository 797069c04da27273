"""The synthetic submission generator: contract, determinism, validity, pathways, supersession."""
from __future__ import annotations

import csv
import filecmp
import re
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from cld_warehouse import generator, nhs_number

REPO = Path(__file__).resolve().parents[2]
NAME = re.compile(r"^CLD_(\d{3})_(\d{8})_(\d{8})_(\d{14})\.csv$")
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$")


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def d(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clean")
    generator.main(["--out", str(out), "--las", "716,318", "--persons-per-la", "400", "--seed", "11",
                    "--processes", "1"])
    return out


def test_check_digit_by_the_algorithm():
    # 943 476 5919 is the NHS's published example; 999 000 0018 from the test range
    assert nhs_number.check_digit("943476591") == 9
    assert nhs_number.is_valid("943 476 5919")
    assert nhs_number.is_valid("9990000018") and not nhs_number.is_valid("9990000019")
    assert nhs_number.check_digit("999000000") is None  # remainder 1: no valid check digit
    assert nhs_number.check_digit("999000005") == 0     # remainder 0: check digit 0
    assert not nhs_number.is_valid("999000001")


def test_file_names_follow_the_contract_and_are_cumulative(clean):
    files = sorted(clean.glob("*.csv"))
    assert len(files) == 8
    ends = defaultdict(list)
    for f in files:
        m = NAME.match(f.name)
        assert m, f.name
        la, start, end, submitted = m.groups()
        assert start == "20230401"
        assert datetime.strptime(submitted, "%Y%m%d%H%M%S").date() > datetime.strptime(end, "%Y%m%d").date()
        ends[la].append(end)
    assert all(sorted(v) == ["20230630", "20230930", "20231231", "20240331"] for v in ends.values())


def test_header_is_the_template(clean):
    items = read(REPO / "seeds" / "spec" / "cld_data_items.csv")
    with next(clean.glob("*.csv")).open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == [i["template_column_name"] for i in items]


def test_deterministic_same_seed_same_bytes_other_seed_differs(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out, seed in ((a, "5"), (b, "5"), (c, "6")):
        generator.main(["--out", str(out), "--las", "908", "--persons-per-la", "60", "--seed", seed])
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    assert all(filecmp.cmp(a / n, b / n, shallow=False) for n in names)
    assert sorted(p.name for p in c.iterdir()) != names or not all(
        filecmp.cmp(a / n, c / n, shallow=False) for n in names)


def final_files(out: Path) -> list[Path]:
    return sorted(out.glob("CLD_*_20240331_*.csv"))


def test_every_value_valid_at_error_rate_zero(clean):
    items = read(REPO / "seeds" / "spec" / "cld_data_items.csv")
    values = defaultdict(set)
    for v in read(REPO / "seeds" / "spec" / "cld_defined_list_values.csv"):
        values[v["list_name"]].add(v["canonical_value"])
    headers = {i["template_column_name"]: i for i in items}
    for f in clean.glob("*.csv"):
        for row in read(f):
            for col, value in row.items():
                item = headers[col]
                if value and item["value_kind"] == "list":
                    assert value in values[item["defined_list"]], (f.name, col, value)
            assert row["NHS Number"] == "" or (row["NHS Number"].startswith("999")
                                               and nhs_number.is_valid(row["NHS Number"]))
            assert POSTCODE.match(row["Postcode"])
            start = d(row["Event Start Date"])
            if row["Event End Date"]:
                assert d(row["Event End Date"]) >= start
                assert row["Event Outcome"], "a closed event has an outcome"


def test_pathways_are_consistent(clean):
    allowed = {(r["event_outcome"], r["event_type"]) for r in read(REPO / "seeds" / "spec" /
                                                                   "cld_event_outcome_event_types.csv")}
    for f in final_files(clean):
        by_person = defaultdict(list)
        for row in read(f):
            by_person[row["Person Unique Identifier"]].append(row)
        period_end = datetime.strptime(NAME.match(f.name).group(3), "%Y%m%d").date()
        for rows in by_person.values():
            details = {k: rows[0][k] for k in ("NHS Number", "Date of Birth", "Gender", "Ethnicity",
                                               "Primary Support Reason", "Postcode")}
            assert all({k: r[k] for k in details} == details for r in rows), "person details identical"
            death = d(rows[0]["Date of Death"]) if rows[0]["Date of Death"] else None
            for r in rows:
                if r["Event Outcome"]:
                    assert (r["Event Outcome"], r["Event Type"]) in allowed, r["Event Outcome"]
                if r["Event End Date"]:
                    assert d(r["Event End Date"]) <= period_end
                if death:
                    assert d(r["Event Start Date"]) <= death
                if r["Event Type"] == "Request" and r["Event Outcome"].startswith("Progress to"):
                    end = d(r["Event End Date"])
                    assert any(o is not r and end <= d(o["Event Start Date"]) <= end + timedelta(days=28)
                               for o in rows), "a 'Progress to' request is followed within 28 days"


def test_later_files_supersede_earlier_ones(clean):
    q1 = read(sorted(clean.glob("CLD_716_*_20230630_*.csv"))[0])
    q4 = {r["Event Reference"]: r for r in read(sorted(clean.glob("CLD_716_*_20240331_*.csv"))[0])
          if r["Event Reference"]}
    open_in_q1 = [r for r in q1 if not r["Event End Date"]]
    assert open_in_q1
    assert all(r["Event Reference"] in q4 for r in open_in_q1), "open events carry on into later files"
    assert any(q4[r["Event Reference"]]["Event End Date"] for r in open_in_q1), "some are closed later"
    corrected = [r for r in q1 if r["Event Reference"] in q4 and
                 (r["Service Component"], r["Request: Route of Access"]) !=
                 (q4[r["Event Reference"]]["Service Component"], q4[r["Event Reference"]]["Request: Route of Access"])]
    assert corrected, "a few events are corrected in a later file"


def test_pathway_mix(clean):
    rows = [r for f in final_files(clean) for r in read(f)]
    types = {r["Event Type"] for r in rows}
    assert types == {"Request", "Assessment", "Service", "Review"}
    freqs = {r["Cost Frequency (Unit Type)"] for r in rows if r["Cost Frequency (Unit Type)"]}
    assert {"Weekly", "Hourly", "One-off"} <= freqs
    assert any(r["Date of Death"] for r in rows)
    assert any(r["Event Outcome"] == "Admitted to hospital" for r in rows)
    ld = [r for r in rows if r["Primary Support Reason"] == "Learning Disability Support"]
    assert ld and all(r["Accommodation Status"] and r["Employment Status"] for r in ld)


def test_error_injection_produces_every_kind(tmp_path):
    generator.main(["--out", str(tmp_path), "--las", "716", "--persons-per-la", "500", "--final-only",
                    "--error-rate", "0.2", "--seed", "3"])
    rows = read(next(tmp_path.glob("*.csv")))
    text = [",".join(r.values()) for r in rows]
    assert any("Not a listed value" in t for t in text)
    assert any(r["Event Start Date"] in ("31/02/2023", "2023-13-01", "soon", "00/00/0000") for r in rows)
    assert any(r["NHS Number"] and not nhs_number.is_valid(r["NHS Number"]) for r in rows)
    assert any(r["Unit Cost (£)"].startswith("£") for r in rows)
    assert len(text) != len(set(text)), "duplicate rows"


def test_shipped_demo_data_is_what_the_command_writes(tmp_path):
    generator.main(["--out", str(tmp_path), "--demo"])
    shipped = REPO / "data" / "demo" / "landing"
    names = sorted(p.name for p in shipped.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    assert all(filecmp.cmp(shipped / n, tmp_path / n, shallow=False) for n in names)


def test_volume_scales_with_la_weight(tmp_path):
    generator.main(["--out", str(tmp_path), "--las", "716,318", "--scale", "0.002", "--final-only"])
    counts = {f.name.split("_")[1]: len(read(f)) for f in tmp_path.glob("*.csv")}
    ratio = generator.la_weight("716") / generator.la_weight("318")
    assert counts["716"] / counts["318"] == pytest.approx(ratio, rel=0.25)
