"""The spec seeds: complete, consistent with the spec's CSV extracts, and every spelling resolves."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from cld_warehouse import spec_seeds

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared" / "seed"


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_all_151_local_authorities_with_three_digit_codes():
    las = read(SEEDS / "reference" / "cld_local_authorities.csv")
    assert len(las) == 151
    assert len({la["la_code"] for la in las}) == 151
    assert all(re.fullmatch(r"\d{3}", la["la_code"]) for la in las)


def test_every_la_has_a_dscro_and_the_bridge_holds_the_two_dscro_las():
    las = {la["la_code"] for la in read(SEEDS / "reference" / "cld_local_authorities.csv")}
    dscros = {d["dscro_code"] for d in read(SEEDS / "reference" / "cld_dscros.csv")}
    bridge = read(SEEDS / "reference" / "cld_la_dscros.csv")
    assert {b["la_code"] for b in bridge} == las
    assert {b["dscro_code"] for b in bridge} <= dscros
    per_la: dict[str, int] = {}
    for b in bridge:
        per_la[b["la_code"]] = per_la.get(b["la_code"], 0) + 1
    assert max(per_la.values()) == 2, "some LAs are served by two DSCROs"


def test_no_contact_details_in_reference_seeds():
    for path in (SEEDS / "reference").glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        assert "@" not in text, f"{path.name} holds an e-mail address"


def test_forty_data_items_23_mandatory_17_voluntary():
    items = read(SEEDS / "spec" / "cld_data_items.csv")
    assert [int(i["item_number"]) for i in items] == list(range(1, 41))
    mandatory = [i for i in items if i["is_mandatory"] == "true"]
    assert (len(mandatory), len(items) - len(mandatory)) == (23, 17)


def test_every_defined_list_of_the_items_has_values():
    items = read(SEEDS / "spec" / "cld_data_items.csv")
    lists = {v["list_name"] for v in read(SEEDS / "spec" / "cld_defined_list_values.csv")}
    for item in items:
        if item["value_kind"] == "list":
            assert item["defined_list"] in lists, item["template_column_name"]


def test_every_spec_list_value_resolves_to_one_canonical_value():
    """Every value of the spec extract (template and guidance spellings) maps, by the
    normalised key, to exactly one canonical value of its list."""
    spec_values = read(SHARED / "cld_v4_2_defined_list_values.csv") if SHARED.exists() else \
        [{"list_name": a["list_name"], "value": a["spelling"]}
         for a in read(SEEDS / "spec" / "cld_defined_list_aliases.csv")]
    aliases = read(SEEDS / "spec" / "cld_defined_list_aliases.csv")
    canonical = {(v["list_name"], v["canonical_value"])
                 for v in read(SEEDS / "spec" / "cld_defined_list_values.csv")}
    by_key: dict[tuple[str, str], set[str]] = {}
    for a in aliases:
        by_key.setdefault((a["list_name"], spec_seeds.match_key(a["spelling"])), set()).add(a["canonical_value"])
    for v in spec_values:
        targets = by_key.get((v["list_name"], spec_seeds.match_key(v["value"])))
        assert targets, f"{v['list_name']}: {v['value']!r} does not resolve"
        assert len(targets) == 1, f"{v['list_name']}: {v['value']!r} is ambiguous: {targets}"
        assert (v["list_name"], next(iter(targets))) in canonical


@pytest.mark.parametrize("list_name,spelling,expected", [
    ("gender", "Unknown", "Not known"),
    ("event_type", "Requests", "Request"),
    ("event_outcome", "NFA – Service ended as planned", "Service ended as planned"),
    ("event_outcome", "NFA - Support ended – other reason", "NFA - Support ended: Other reason"),
    ("route_of_access", "Discharge from Reablement **NEW** voluntary", "Discharge from Reablement"),
    ("review_outcomes_achieved", "Fully met", "Fully Met"),
    ("service_component", "Other Long Term Community Support", "Other Long Term Support"),
])
def test_known_guidance_spellings(list_name, spelling, expected):
    aliases = read(SEEDS / "spec" / "cld_defined_list_aliases.csv")
    assert {a["canonical_value"] for a in aliases
            if a["list_name"] == list_name
            and spec_seeds.match_key(a["spelling"]) == spec_seeds.match_key(spelling)} == {expected}


@pytest.mark.skipif(not SHARED.exists(), reason="the spec extracts are not beside this clone")
def test_committed_seeds_are_what_the_builder_makes_from_the_spec(tmp_path):
    spec_seeds.build(SHARED, tmp_path)
    for built in tmp_path.rglob("*.csv"):
        committed = SEEDS / built.relative_to(tmp_path)
        assert committed.read_text(encoding="utf-8") == built.read_text(encoding="utf-8"), committed
