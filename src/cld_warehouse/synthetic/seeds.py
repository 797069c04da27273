"""What the generator reads from the project's seeds at run time (items, defined lists, aliases, outcome rules, LAs)."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from cld_warehouse.project import seed_path


def read_seed(path: Path) -> list[dict[str, str]]:
    """The rows of a seed CSV as dicts (column name -> text)."""
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@dataclass
class Spec:
    """What the generator reads from the seeds at run time."""
    items: list[dict[str, str]]
    columns: list[str]                         # column_name, item order
    header: list[str]                          # template_column_name, item order
    lists: dict[str, list[str]]                # canonical values (template values, not guidance-only)
    aliases: dict[str, dict[str, list[str]]]   # list -> canonical -> other spellings (guidance)
    allowed: dict[tuple[str, str], tuple[bool, bool]]  # (outcome, event type) -> (new, existing)
    la_codes: list[str]

    @classmethod
    def load(cls) -> Spec:
        """Read the spec seeds, the defined lists, their aliases, the outcome rules and the LA codes."""
        items = read_seed(seed_path("spec", "cld_data_items.csv"))
        lists: dict[str, list[str]] = {}
        for row in read_seed(seed_path("spec", "cld_defined_list_values.csv")):
            if row["is_guidance_only"] != "true":
                lists.setdefault(row["list_name"], []).append(row["canonical_value"])
        aliases: dict[str, dict[str, list[str]]] = {}
        for row in read_seed(seed_path("spec", "cld_defined_list_aliases.csv")):
            if row["spelling"] != row["canonical_value"]:
                aliases.setdefault(row["list_name"], {}).setdefault(row["canonical_value"], []).append(row["spelling"])
        allowed = {(r["event_outcome"], r["event_type"]): (r["is_allowed_for_new_clients"] == "true",
                                                            r["is_allowed_for_existing_clients"] == "true")
                   for r in read_seed(seed_path("spec", "cld_event_outcome_event_types.csv"))}
        las = [r["la_code"] for r in read_seed(seed_path("reference", "cld_local_authorities.csv"))]
        return cls(items, [i["column_name"] for i in items], [i["template_column_name"] for i in items], lists,
                   aliases, allowed, las)
