"""The synthetic submission generator: landing contract, determinism, validity, pathways, supersession,
error injection, the shipped demo data.  Run: .venv/bin/python -m pytest tests/python/test_generator.py -q
"""
from __future__ import annotations

import csv
import random
import re
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from cld_warehouse import nhs_number
from cld_warehouse.synthetic import authority, corrupter, generate, seeds, weights

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "seeds" / "spec"
NAME = re.compile(r"^CLD_(\d{3})_(\d{8})_(\d{8})_(\d{14})\.csv$")
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2}$")
DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")
MONEY = re.compile(r"^\d+\.\d{2}$")


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
def seed(name: str) -> list[dict[str, str]]:
    with (SPEC / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


ITEMS = seed("cld_data_items.csv")
HEADER = [i["template_column_name"] for i in ITEMS]
COL = {i["column_name"]: i["template_column_name"] for i in ITEMS}
PERSON_COLS = [i["template_column_name"] for i in ITEMS if i["section"] == "Person"]
LIST_COLS = {i["template_column_name"]: i["defined_list"] for i in ITEMS if i["value_kind"] == "list"}
CANONICAL: dict[str, set[str]] = defaultdict(set)
for _v in seed("cld_defined_list_values.csv"):
    CANONICAL[_v["list_name"]].add(_v["canonical_value"])
ALIASES: dict[str, set[str]] = defaultdict(set)
for _a in seed("cld_defined_list_aliases.csv"):
    if _a["spelling"] != _a["canonical_value"]:
        ALIASES[_a["list_name"]].add(_a["spelling"])
ALLOWED = {(r["event_outcome"], r["event_type"]): (r["is_allowed_for_new_clients"] == "true",
                                                    r["is_allowed_for_existing_clients"] == "true")
           for r in seed("cld_event_outcome_event_types.csv")}
ALWAYS_MANDATORY = [i["template_column_name"] for i in ITEMS
                    if i["is_mandatory"] == "true" and i["requirement_rule"] == "always"]
TYPE_MANDATORY = {t: [i["template_column_name"] for i in ITEMS if i["is_mandatory"] == "true"
                      and i["requirement_rule"] == "event_type" and i["applies_to_event_type"] == t]
                  for t in ("Request", "Assessment", "Service", "Review")}
DELIVERY = COL["delivery_mechanism"]
COST, FREQ = COL["unit_cost"], COL["cost_frequency"]
UNITS, FULL_COST = COL["planned_units_per_week"], COL["full_cost_client"]


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def d(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


def period_end(path: Path) -> date:
    return datetime.strptime(NAME.match(path.name).group(3), "%Y%m%d").date()


def files_of(out: Path, la: str) -> list[Path]:
    """One LA's files in period order."""
    return sorted(out.glob(f"CLD_{la}_*.csv"), key=lambda p: NAME.match(p.name).group(2, 3))


def by_person(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    out = defaultdict(list)
    for r in rows:
        out[r["Person Unique Identifier"]].append(r)
    return out


def norm(value: str) -> str:
    return " ".join(value.replace("\u2013", "-").split()).casefold()


def run(out: Path, *args: str) -> None:
    assert generate.main(["--out", str(out), *args]) == 0


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    """Two LAs (908 without Event References), one year, the four quarterly files, no errors."""
    out = tmp_path_factory.mktemp("clean")
    run(out, "--las", "716,908", "--persons-per-la", "600", "--seed", "11", "--no-references-for", "908")
    return out


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("two_years")
    run(out, "--las", "318", "--years", "2023,2024", "--persons-per-la", "300", "--seed", "5")
    return out


# ---------------------------------------------------------------------------------------------
# NHS numbers
# ---------------------------------------------------------------------------------------------
def reference_check_digit(first9: str) -> int | None:
    """The algorithm as described: weights 10..2, 11 - (sum mod 11), 11 -> 0, 10 -> no valid number."""
    check = 11 - sum(int(c) * w for c, w in zip(first9, range(10, 1, -1))) % 11
    return {11: 0, 10: None}.get(check, check)


def test_check_digit_known_examples():
    # 9*10+4*9+3*8+4*7+7*6+6*5+5*4+9*3+1*2 = 299; 299 mod 11 = 2; 11-2 = 9
    assert nhs_number.check_digit("943476591") == 9
    # 9*10+9*9+9*8+1*2 = 245; mod 11 = 3; 11-3 = 8
    assert nhs_number.check_digit("999000001") == 8
    # 243 mod 11 = 1 -> 10: no valid check digit
    assert nhs_number.check_digit("999000000") is None
    # 243+10 = 253 = 23*11 -> 11 -> 0
    assert nhs_number.check_digit("999000005") == 0
    assert nhs_number.is_valid("9434765919") and nhs_number.is_valid("943 476 5919")
    assert nhs_number.is_valid("9990000018") and nhs_number.is_valid("9990000050")
    for bad in ("9990000019", "999000001", "99900000188", "999000001X", "", "9990000000", "abcdefghij"):
        assert not nhs_number.is_valid(bad), bad
    with pytest.raises(ValueError):
        nhs_number.check_digit("12345678")


def test_check_digit_agrees_with_the_description_everywhere():
    rng = random.Random(0)
    for _ in range(3000):
        stem = f"{rng.randrange(10 ** 9):09d}"
        assert nhs_number.check_digit(stem) == reference_check_digit(stem)
        for last in range(10):
            assert nhs_number.is_valid(stem + str(last)) == (reference_check_digit(stem) == last)


def test_test_range_numbers_are_valid_distinct_and_deterministic():
    first = [n for _, n in zip(range(5000), nhs_number.test_range_numbers(1234))]
    assert first == [n for _, n in zip(range(5000), nhs_number.test_range_numbers(1234))]
    assert len(set(first)) == 5000
    assert all(n.startswith("999") and len(n) == 10 and nhs_number.is_valid(n) for n in first)
    assert all(nhs_number.is_test_range(n) for n in first) and not nhs_number.is_test_range("9434765919")


# ---------------------------------------------------------------------------------------------
# the lists come from the seeds
# ---------------------------------------------------------------------------------------------
def test_list_values_come_from_the_seeds(monkeypatch):
    spec = seeds.Spec.load()
    everything = weights.ListWeighted("ethnicity", {}, default=1, register=False).compile(spec)
    assert everything.values == [v["canonical_value"] for v in seed("cld_defined_list_values.csv")
                                 if v["list_name"] == "ethnicity" and v["is_guidance_only"] == "false"]
    with pytest.raises(ValueError, match="Femail"):
        weights.ListWeighted("gender", {"Femail": 1}, register=False).compile(spec)
    monkeypatch.setitem(weights.LITERALS, "review_reason", {"Planned", "Unplanned - Whim"})
    with pytest.raises(ValueError, match="Whim"):
        weights.compile_tables(spec)


# ---------------------------------------------------------------------------------------------
# the landing contract
# ---------------------------------------------------------------------------------------------
def test_file_names_follow_the_contract_and_are_cumulative(clean):
    files = sorted(clean.glob("*.csv"))
    assert len(files) == 8
    ends = defaultdict(list)
    for f in files:
        m = NAME.match(f.name)
        assert m, f.name
        la, start, end, submitted = m.groups()
        assert start == "20230401", "periods are cumulative from 1 April"
        end_date = datetime.strptime(end, "%Y%m%d").date()
        sent = datetime.strptime(submitted, "%Y%m%d%H%M%S")
        assert timedelta(days=14) < sent - datetime.combine(end_date, datetime.min.time()) < timedelta(days=120)
        ends[la].append(end)
    assert dict(ends) == {la: ["20230630", "20230930", "20231231", "20240331"] for la in ("716", "908")}


def test_files_are_utf8_csv_with_the_template_header(clean):
    for f in clean.glob("*.csv"):
        text = f.read_bytes().decode("utf-8")
        rows = list(csv.reader(text.splitlines()))
        assert rows[0] == HEADER
        assert len(rows) > 1 and all(len(r) == 40 for r in rows)


def test_final_only_and_quarter_selection(tmp_path):
    run(tmp_path / "f", "--las", "716", "--persons-per-la", "30", "--final-only")
    assert [NAME.match(p.name).group(3) for p in (tmp_path / "f").iterdir()] == ["20240331"]
    run(tmp_path / "q", "--las", "716", "--persons-per-la", "30", "--quarters", "2,3", "--years", "2022")
    assert sorted(NAME.match(p.name).group(2, 3) for p in (tmp_path / "q").iterdir()) == [
        ("20220401", "20220930"), ("20220401", "20221231")]


def test_unknown_la_is_refused_and_la_count_is_deterministic(tmp_path, capsys):
    assert generate.main(["--out", str(tmp_path / "x"), "--las", "716,000"]) == 2
    assert "000" in capsys.readouterr().err
    for out in ("a", "b"):
        run(tmp_path / out, "--la-count", "3", "--persons-per-la", "5", "--final-only")
    las = sorted(NAME.match(p.name).group(1) for p in (tmp_path / "a").iterdir())
    assert len(set(las)) == 3 and las == sorted(NAME.match(p.name).group(1) for p in (tmp_path / "b").iterdir())


def test_runs_as_a_module(tmp_path):
    done = subprocess.run([sys.executable, "-m", "cld_warehouse.synthetic.generate", "--out", str(tmp_path),
                           "--las", "213",
                           "--persons-per-la", "10", "--final-only"], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert "CLD_213_20230401_20240331_" in done.stdout and len(list(tmp_path.glob("*.csv"))) == 1


# ---------------------------------------------------------------------------------------------
# determinism
# ---------------------------------------------------------------------------------------------
def test_same_seed_same_bytes_other_seed_differs_processes_do_not_matter(tmp_path):
    args = ["--las", "908,213", "--persons-per-la", "80", "--quarters", "1,4"]
    run(tmp_path / "a", *args, "--seed", "5", "--processes", "1")
    run(tmp_path / "b", *args, "--seed", "5", "--processes", "2")
    run(tmp_path / "c", *args, "--seed", "6")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(names) == 4 and names == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert all((tmp_path / "a" / n).read_bytes() == (tmp_path / "b" / n).read_bytes() for n in names)
    other = {p.name: p.read_bytes() for p in (tmp_path / "c").iterdir()}
    assert all(other.get(n) != (tmp_path / "a" / n).read_bytes() for n in names)


# ---------------------------------------------------------------------------------------------
# validity of error-free files
# ---------------------------------------------------------------------------------------------
def test_every_value_is_valid_at_error_rate_zero(clean):
    nhs_blank = nhs_total = 0
    for f in clean.glob("*.csv"):
        pe = period_end(f)
        for row in read(f):
            for col, value in row.items():
                if value and col in LIST_COLS:
                    assert value in CANONICAL[LIST_COLS[col]], (f.name, col, value)
            for col in ALWAYS_MANDATORY + TYPE_MANDATORY[row["Event Type"]]:
                assert row[col], (f.name, col, row)
            for col in ("Date of Birth", "Date of Death", "Event Start Date", "Event End Date"):
                assert not row[col] or (DATE.match(row[col]) and d(row[col]) <= pe), (col, row[col])
            nhs_total += 1
            nhs_blank += not row["NHS Number"]
            assert not row["NHS Number"] or nhs_number.is_test_range(row["NHS Number"]), row["NHS Number"]
            assert POSTCODE.match(row["Postcode"]), row["Postcode"]
            assert re.fullmatch(r"[A-Za-z0-9]+", row["Person Unique Identifier"])
            assert d(row["Event Start Date"]) >= date(d(row["Date of Birth"]).year + 18, 1, 1), "adults only"
            if row["Primary Support Reason"] == "Learning Disability Support":
                assert row["Accommodation Status"] and row["Employment Status"]
    assert 0 < nhs_blank / nhs_total < 0.08


def test_services_costs_and_delivery_mechanisms(clean):
    rows = [r for f in clean.glob("*.csv") for r in read(f)]
    services = [r for r in rows if r["Event Type"] == "Service"]
    for r in rows:
        if r["Event Type"] != "Service":
            assert not any(r[c] for c in (COL["service_type"], COST, FREQ, DELIVERY))
    for r in services:
        community = r["Service Type"] == "Long Term Support: Community"
        assert bool(r[DELIVERY]) == community, r
        assert bool(r[COST]) == bool(r[FREQ])
        if r[COST]:
            assert MONEY.match(r[COST]) and float(r[COST]) > 0, r[COST]
            assert bool(r[UNITS]) == (r[FREQ] in ("Hourly", "Daily", "Per Session")), r
            assert not r[UNITS] or MONEY.match(r[UNITS])
        if r[FULL_COST]:
            assert r[COST] and r["Service Type"].startswith("Long Term")
        expected = (r["Service Type"].startswith("Long Term") and not r[DELIVERY].endswith("Commissioned Support")
                    or r["Service Component"] in ("Short Term Residential Care", "Short Term Nursing Care"))
        assert r[COST] or not expected, ("costed where the guidance expects a cost", r)
        if r["Service Type"] == "Short Term Support: ST-Max":
            assert r["Service Component"] == "Reablement"
        if r["Service Type"] == "Long Term Support: Residential Care":
            assert r["Service Component"] == "Long Term Residential Care"
        if r["Service Type"] == "Long Term Support: Nursing Care":
            assert r["Service Component"] == "Long Term Nursing Care"
    assert {r[FREQ] for r in services if r[FREQ]} == CANONICAL["cost_frequency"], "every cost frequency is used"
    long_term = [r for r in services if r["Service Type"].startswith("Long Term")]
    assert sum(bool(r[COST]) for r in long_term) / len(long_term) > 0.7, "long-term services are mostly costed"
    assert {r[FULL_COST] for r in long_term} >= {"Yes", "No", ""}


def test_person_details_are_identical_on_every_row_of_a_person(clean):
    for f in clean.glob("*.csv"):
        for pid, rows in by_person(read(f)).items():
            first = [rows[0][c] for c in PERSON_COLS]
            assert all([r[c] for c in PERSON_COLS] == first for r in rows), (f.name, pid)


def is_existing(row: dict[str, str], rows: list[dict[str, str]]) -> bool:
    """In long-term support on the event's start date (both ends inclusive; open = still going)."""
    start = d(row["Event Start Date"])
    return any(o["Service Type"].startswith("Long Term")
               and d(o["Event Start Date"]) <= start and (not o["Event End Date"] or start <= d(o["Event End Date"]))
               for o in rows)


def check_pathways(f: Path) -> Counter:
    seen = Counter()
    pe = period_end(f)
    for pid, rows in by_person(read(f)).items():
        death = d(rows[0]["Date of Death"]) if rows[0]["Date of Death"] else None
        if death:
            seen["deaths"] += 1
            assert death <= pe
        for r in rows:
            start, outcome, kind = d(r["Event Start Date"]), r["Event Outcome"], r["Event Type"]
            end = d(r["Event End Date"]) if r["Event End Date"] else None
            assert start <= pe and (end is None or start <= end <= pe), (f.name, r)
            assert bool(end) == bool(outcome), "closed events have an outcome, open ones none"
            if death:
                assert start <= death and end is not None and end <= death, "nothing after (or open at) death"
                seen["closed_at_death"] += end == death and outcome == "NFA - Deceased"
            if outcome:
                flags = ALLOWED.get((outcome, kind))
                assert flags is not None, (kind, outcome)
                assert flags[1 if is_existing(r, rows) else 0], (f.name, pid, kind, outcome)
                seen[(kind, outcome)] += 1
            if outcome.startswith("Progress to") and kind in ("Request", "Assessment") and end + timedelta(28) <= pe:
                nxt = [o for o in rows if o is not r and end <= d(o["Event Start Date"]) <= end + timedelta(28)]
                assert nxt, (f.name, pid, kind, outcome, "is followed within 28 days")
                if outcome == "Progress to Reablement/ST-Max":
                    assert any(o["Service Type"] == "Short Term Support: ST-Max" for o in nxt)
                if kind == "Request" and outcome.startswith("Progress to Assessment"):
                    assert any(o["Event Type"] in ("Assessment", "Review") for o in nxt)
                seen["followed"] += 1
    return seen


def test_pathways_are_consistent(clean):
    seen = Counter()
    for f in sorted(clean.glob("*.csv")):
        seen += check_pathways(f)
    assert seen["followed"] > 100 and seen["deaths"] > 5 and seen["closed_at_death"] > 0
    for expected in [("Request", "Progress to Reablement/ST-Max"),
                     ("Request", "Progress to Assessment / Unplanned Review"),
                     ("Request", "NFA - Information & Advice / Signposting only"), ("Service", "Admitted to hospital"),
                     ("Assessment", "Progress to Support Planning / Services"), ("Review", "No change in package"),
                     ("Service", "Service ended as planned"), ("Review", "Progress to Re-assessment")]:
        assert seen[expected] > 0, expected


def test_pathway_mix(clean):
    rows = [r for r in read(files_of(clean, "716")[-1])]
    assert {r["Event Type"] for r in rows} == {"Request", "Assessment", "Service", "Review"}
    assert any(r["Review Reason"] == "Unplanned - Hospital (Planned and unplanned episodes)" for r in rows)
    assert {r["Assessment Type"] for r in rows} >= {"Short Term Assessment", "Long Term Assessment"}
    assert {r["Service Type"] for r in rows} >= {
        "Short Term Support: ST-Max", "Long Term Support: Community", "Long Term Support: Residential Care",
        "Long Term Support: Nursing Care"}
    existing = [r for r in rows if r["Event Start Date"] and d(r["Event Start Date"]) < date(2023, 4, 1)]
    assert existing and all(not r["Event End Date"] or d(r["Event End Date"]) >= date(2023, 4, 1) for r in existing)
    ages = [(date(2024, 3, 31) - d(r["Date of Birth"])).days / 365.25 for r in rows]
    assert sum(a >= 65 for a in ages) / len(ages) > 0.5 and min(ages) >= 18 and max(ages) < 110
    assert sum(not r["Accommodation Status"] for r in rows) / len(rows) < 0.3, "mostly filled"


# ---------------------------------------------------------------------------------------------
# event references and supersession
# ---------------------------------------------------------------------------------------------
def test_event_references_unique_or_blank(clean):
    for f in files_of(clean, "716"):
        refs = [r["Event Reference"] for r in read(f)]
        assert all(refs) and len(set(refs)) == len(refs)
    for f in files_of(clean, "908"):
        assert all(r["Event Reference"] == "" for r in read(f)), "LA 908 has no Event References"


def test_later_files_supersede_earlier_ones(clean):
    files = files_of(clean, "716")
    closed_later = corrected = 0
    for earlier, later in zip(files, files[1:]):
        before = {r["Event Reference"]: r for r in read(earlier)}
        after = {r["Event Reference"]: r for r in read(later)}
        for ref, r in before.items():
            if not r["Event End Date"]:
                assert ref in after, "an event open in an earlier file is in the later one"
                closed_later += bool(after[ref]["Event End Date"])
            elif ref in after:
                assert after[ref]["Event End Date"] == r["Event End Date"], "a closed event stays closed"
            if ref in after:
                keys = ("Event Start Date", "Request: Route of Access", "Service Component", "Event Outcome")
                corrected += any(r[k] != after[ref][k] for k in keys if r["Event End Date"] or k != "Event Outcome")
    assert closed_later > 50, "open events get their end dates in later files"
    assert corrected > 0, "some events are corrected in a later file"


def test_years_continue_into_each_other(two_years):
    files = files_of(two_years, "318")
    assert [NAME.match(f.name).group(2) for f in files] == ["20230401"] * 4 + ["20240401"] * 4
    end_2023 = {r["Event Reference"]: r for r in read(files[3])}
    rows_2024 = read(files[7])
    for f in files:
        check_pathways(f)
    in_2024 = {r["Event Reference"]: r for r in rows_2024}
    carried = [ref for ref, r in end_2023.items() if not r["Event End Date"]]
    assert carried and all(ref in in_2024 for ref in carried), "open at the year end -> in next year's files"
    for ref in carried:
        a, b = end_2023[ref], in_2024[ref]
        same = ("Person Unique Identifier", "NHS Number", "Date of Birth", "Event Type", "Service Type")
        assert [a[k] for k in same] == [b[k] for k in same]
        if a["Event Type"] != "Review":      # a review's start date may be corrected later
            assert a["Event Start Date"] == b["Event Start Date"]
    assert all(not r["Event End Date"] or d(r["Event End Date"]) >= date(2024, 4, 1) for r in rows_2024)
    assert any(d(r["Event Start Date"]) >= date(2024, 4, 1) for r in rows_2024)


# ---------------------------------------------------------------------------------------------
# error injection
# ---------------------------------------------------------------------------------------------
def test_error_injection_produces_every_kind(tmp_path):
    run(tmp_path, "--las", "716", "--persons-per-la", "400", "--final-only", "--error-rate", "0.25", "--seed", "3")
    f = next(tmp_path.glob("*.csv"))
    pe = period_end(f)
    rows = read(f)
    found = Counter()

    def parse(text: str) -> date | None:
        try:
            return d(text) if DATE.match(text) else None
        except ValueError:
            return None

    for r in rows:
        for col, value in r.items():
            if col in LIST_COLS and value:
                name = LIST_COLS[col]
                if value in CANONICAL[name]:
                    continue
                if value in ALIASES[name]:
                    found["guidance_spelling"] += 1
                elif norm(value) in {norm(v) for v in CANONICAL[name] | ALIASES[name]}:
                    found["case_variant"] += 1
                else:
                    found["invalid_list"] += 1
        for col in ("Event Start Date", "Event End Date", "Date of Birth"):
            if r[col] and parse(r[col]) is None:
                found["bad_date"] += 1
        start, end = parse(r["Event Start Date"]), parse(r["Event End Date"])
        found["future_date"] += bool(end and end > pe)
        found["end_before_start"] += bool(start and end and end < start)
        found["missing_mandatory"] += any(not r[c] for c in ALWAYS_MANDATORY + TYPE_MANDATORY.get(r["Event Type"], []))
        found["bad_nhs"] += bool(r["NHS Number"]) and not nhs_number.is_valid(r["NHS Number"])
        found["pound_cost"] += r[COST].startswith("£") and "," in r[COST]
    lines = [tuple(r.values()) for r in rows]
    found["duplicate"] = len(lines) - len(set(lines))
    for pid, person_rows in by_person(rows).items():
        dobs = {r["Date of Birth"] for r in person_rows if parse(r["Date of Birth"])}
        found["inconsistent_person"] += bool(pid) and len(dobs) > 1
    missing = [k for k in corrupter.Corrupter.KINDS if not found[k]]
    assert not missing, (missing, found)


def test_error_rate_zero_means_no_damage(clean):
    for f in clean.glob("*.csv"):
        rows = [tuple(r.values()) for r in read(f)]
        assert len(rows) == len(set(rows)), "no duplicate rows"


# ---------------------------------------------------------------------------------------------
# volume and the demo data
# ---------------------------------------------------------------------------------------------
def test_volume_follows_scale_and_la_weight(tmp_path):
    las = sorted(["716", "318", "908", "213"], key=authority.la_weight)
    small, big = las[0], las[-1]
    run(tmp_path, "--las", f"{small},{big}", "--scale", "0.02", "--final-only")
    counts = {NAME.match(f.name).group(1): len(read(f)) for f in tmp_path.glob("*.csv")}
    total_weight = sum(authority.la_weight(c) for c in seeds.Spec.load().la_codes)
    for la in (small, big):
        expected = 0.02 * authority.NATIONAL_ROWS * authority.la_weight(la) / total_weight
        assert counts[la] == pytest.approx(expected, rel=0.3), (la, counts[la], expected)
    assert all(0.25 <= authority.la_weight(c) <= 4.0 for c in seeds.Spec.load().la_codes)


def test_the_docstring_documents_the_demo_command():
    doc = generate.__doc__
    assert "cld generate --out data/demo/landing --demo" in doc
    assert " ".join(generate.DEMO_ARGS) in doc


def test_shipped_demo_data_is_what_the_command_writes(tmp_path):
    assert generate.main(["--out", str(tmp_path), "--demo", "--quiet"]) == 0
    shipped = REPO / "data" / "demo" / "landing"
    names = sorted(p.name for p in shipped.glob("*.csv"))
    assert names == sorted(p.name for p in tmp_path.iterdir())
    assert all((shipped / n).read_bytes() == (tmp_path / n).read_bytes() for n in names)
    assert len(names) == 16 and {NAME.match(n).group(1) for n in names} == {"716", "318", "908", "213"}
    total = sum(len(read(shipped / n)) for n in names)
    assert 15_000 <= total <= 30_000
    assert all(not r["Event Reference"] for n in names if n.startswith("CLD_908_") for r in read(shipped / n))
