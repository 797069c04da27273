"""Rule-change impact: the demo data's SALT, ASCOF and DQ outputs against golden files.

The demo build (data/demo/landing, deterministic: the session's demo_warehouse, conftest.py) is
built and every mart is compared with
tests/golden/<mart>.csv (non-zero cells only; an absent cell is zero).  On a mismatch the test
prints a readable diff — mart, LA, cell, old → new — and the count of changed cells.  A change
to a transformation rule updates the golden files in the same commit, so the reviewer sees the
effect beside the code:

    CLD_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/python/test_golden_outputs.py
"""
from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from dbt_helpers import query

pytestmark = pytest.mark.warehouse_build

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "golden"
DEMO = REPO / "data" / "demo" / "landing"
MARTS = {
    "salt_sts001": ("marts", ["la_code", "age_band", "route_of_access", "sequel"], "request_count"),
    "salt_sts002a": ("marts", ["la_code", "age_band", "sequel"], "episode_count"),
    "salt_sts002b": ("marts", ["la_code", "age_band", "sequel"], "episode_count"),
    "salt_lts001a": ("marts", ["la_code", "age_band", "primary_support_reason", "support_setting"], "person_count"),
    "salt_lts001b_psr": ("marts", ["la_code", "age_band", "primary_support_reason", "support_setting"], "person_count"),
    "salt_lts001b_carer": ("marts", ["la_code", "has_informal_carer", "support_setting"], "person_count"),
    "salt_lts001b_ethnicity": ("marts", ["la_code", "gender", "ethnicity", "support_setting"], "person_count"),
    "salt_lts001c": ("marts", ["la_code", "age_band", "primary_support_reason", "support_setting"], "person_count"),
    "salt_lts002a": ("marts", ["la_code", "review_reason", "support_setting", "what_followed"], "review_count"),
    "salt_lts002b": ("marts", ["la_code", "review_reason", "support_setting", "what_followed"], "review_count"),
    "salt_lts004": ("marts", ["la_code", "gender", "status_type", "status"], "person_count"),
    "ascof_measures": ("marts", ["la_code", "measure", "measure_group"], "numerator, denominator, outcome"),
    "dq_submission_rules": ("dq", ["landed_file_name", "rule_code", "severity"], "issue_count, rows_affected"),
}


def current(work: Path, mart: str) -> dict[tuple, tuple]:
    schema, keys, values = MARTS[mart]
    first_value = values.split(",")[0].strip()
    rows = query(work, f"select {', '.join(keys)}, {values} from {schema}.{mart} where {first_value} != 0 "
                       f"order by {', '.join(keys)}")
    return {tuple(str(v) for v in r[:len(keys)]): tuple(str(v) for v in r[len(keys):]) for r in rows}


def golden(mart: str) -> dict[tuple, tuple] | None:
    path = GOLDEN / f"{mart}.csv"
    if not path.exists():
        return None
    keys = MARTS[mart][1]
    with path.open(newline="", encoding="utf-8") as fh:
        return {tuple(r[:len(keys)]): tuple(r[len(keys):]) for r in list(csv.reader(fh))[1:]}


def write_golden(mart: str, cells: dict[tuple, tuple]) -> None:
    _, keys, values = MARTS[mart]
    GOLDEN.mkdir(parents=True, exist_ok=True)
    with (GOLDEN / f"{mart}.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(keys + [v.strip() for v in values.split(",")])
        for k in sorted(cells):
            w.writerow(list(k) + list(cells[k]))


def readable_diff(mart: str, old: dict, new: dict) -> list[str]:
    lines = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key, ("0",)), new.get(key, ("0",))
        if before != after:
            lines.append(f"{mart} | {key[0]} | {' / '.join(key[1:])}: {', '.join(before)} → {', '.join(after)}")
    return lines


@pytest.mark.parametrize("mart", sorted(MARTS))
def test_mart_matches_golden(demo_warehouse, mart):
    cells = current(demo_warehouse, mart)
    assert cells, f"{mart} is empty on the demo data"
    if os.environ.get("CLD_UPDATE_GOLDEN") == "1":
        write_golden(mart, cells)
        return
    old = golden(mart)
    assert old is not None, f"no golden file for {mart}: run with CLD_UPDATE_GOLDEN=1 and review it"
    diff = readable_diff(mart, old, cells)
    assert not diff, f"{len(diff)} changed cell(s) in {mart}:\n" + "\n".join(diff[:200])
