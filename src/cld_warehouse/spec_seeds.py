"""Build the spec seeds from the CSV extracts of CLD spec v4.2 (a folder given with ``--source``).

The seeds under ``seeds/`` are committed; this module is how they were made and how a
pytest proves they still agree with the source extracts.  A spec change is a data change:
re-run ``python -m cld_warehouse.spec_seeds --source <extracts folder>`` and review the diff.

Canonical spelling (documented choice): the template's drop-down spelling is canonical,
except that the template's annotations ``**NEW** voluntary`` are not part of a value, and
``NFA – Service ended as planned`` (guidance) is the same value as ``Service ended as planned``
(template), rule VAL-03 of the rule catalogue.  Guidance-only values (``Short Term Support: End of Life``) are
kept as their own canonical value and flagged ``is_guidance_only``.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from cld_warehouse.cli.args import CliParser, UsageError, check_folder, one_line_errors
from cld_warehouse.project import project_path


# template column name -> (warehouse column name, value kind)
COLUMN_NAMES: dict[int, tuple[str, str]] = {
    1: ("person_unique_identifier", "identifier"),
    2: ("nhs_number", "nhs_number"),
    3: ("first_name", "text"),
    4: ("last_name", "text"),
    5: ("gp_practice_name", "text"),
    6: ("gp_practice_code", "code"),
    7: ("gender", "list"),
    8: ("ethnicity", "list"),
    9: ("date_of_birth", "date"),
    10: ("date_of_death", "date"),
    11: ("primary_support_reason", "list"),
    12: ("postcode", "postcode"),
    13: ("accommodation_status", "list"),
    14: ("employment_status", "list"),
    15: ("has_informal_carer", "list"),
    16: ("autism_spectrum_disorder", "list"),
    17: ("visual_impairment", "list"),
    18: ("hearing_impairment", "list"),
    19: ("dementia", "list"),
    20: ("event_type", "list"),
    21: ("event_reference", "code"),
    22: ("event_start_date", "date"),
    23: ("event_end_date", "date"),
    24: ("event_description", "text"),
    25: ("event_outcome", "list"),
    26: ("route_of_access", "list"),
    27: ("assessment_type", "list"),
    28: ("eligible_needs_identified", "list"),
    29: ("carer_involved_in_assessment", "list"),
    30: ("service_type", "list"),
    31: ("service_component", "list"),
    32: ("delivery_mechanism", "list"),
    33: ("provider_location_name", "text"),
    34: ("provider_cqc_id", "code"),
    35: ("review_reason", "list"),
    36: ("review_outcomes_achieved", "list"),
    37: ("unit_cost", "number"),
    38: ("cost_frequency", "list"),
    39: ("planned_units_per_week", "number"),
    40: ("full_cost_client", "list"),
}

# Which items a row needs, by the rule that decides applicability (validation reads this).
# 'all' = every row; an event type = rows of that type; the conditional rules are named.
REQUIREMENT_RULE: dict[int, str] = {
    2: "where_known",
    10: "when_died",
    13: "ld_18_64",
    14: "ld_18_64",
    23: "when_ended",
    25: "when_ended",
    32: "lts_community_or_prison",
}

# Items without which a row cannot be used in any derived table: a missing or invalid value
# is an error (not a warning).  Person id, date of birth (ages), event type, event start date,
# and a service's type.
CRITICAL_ITEMS = {1, 9, 20, 22, 30}

# Guidance (or template-annotated) spellings that normalising alone cannot match:
# (list, spelling) -> canonical value.  Everything else matches its canonical value by the
# normalised key (lower case, letters and digits only).
EXPLICIT_ALIASES: dict[tuple[str, str], str] = {
    ("gender", "Unknown"): "Not known",
    ("has_informal_carer", "Unknown"): "Not known",
    ("autism_spectrum_disorder", "Unknown"): "Not known",
    ("dementia", "Unknown"): "Not known",
    ("informal_carer_involved_in_assessment", "Unknown"): "Don't know",
    ("hearing_impairment", "People who are deaf with speech"): "Deaf with speech",
    ("hearing_impairment", "People who are deaf without speech"): "Deaf without speech",
    ("hearing_impairment", "People who are hard of hearing"): "Hard of hearing",
    ("event_type", "Requests"): "Request",
    ("event_type", "Assessments"): "Assessment",
    ("event_type", "Services"): "Service",
    ("event_type", "Reviews"): "Review",
    ("event_outcome", "NFA – Service ended as planned"): "Service ended as planned",
    ("route_of_access", "Discharge from Reablement **NEW** voluntary"): "Discharge from Reablement",
    ("route_of_access", "Transfer from Other LA **NEW** voluntary"): "Transfer from Other LA",
    ("assessment_type", "Long Term Support Assessment"): "Long Term Assessment",
    ("assessment_type", "Short Term Support Assessment"): "Short Term Assessment",
    ("service_component", "Other Long Term Community Support"): "Other Long Term Support",
}

# Guidance "possible Event Outcome by event type" table (N = new client, E = existing client).
OUTCOME_BY_EVENT_TYPE: list[tuple[str, str, str, str, str]] = [
    # outcome, Request, Assessment, Service, Review
    ("Progress to Reablement/ST-Max", "N+E", "N+E", "", "E"),
    ("Progress to Assessment / Unplanned Review", "N+E", "", "", ""),
    ("Admitted to hospital", "", "", "N+E", ""),
    ("Progress to Re-assessment", "", "", "", "N+E"),
    ("Progress to Support Planning / Services", "N", "N+E", "", ""),
    ("Progress to End of Life Care", "N+E", "N+E", "N+E", "N+E"),
    ("No change in package", "", "", "", "N+E"),
    ("NFA - Deceased", "N+E", "N+E", "N+E", "N+E"),
    ("NFA - Moved to another LA", "N+E", "N+E", "N+E", "N+E"),
    ("NFA - 100% NHS funded care", "N+E", "N+E", "N+E", "N+E"),
    ("NFA - Information & Advice / Signposting only", "N", "N", "N+E", ""),
    ("NFA - Self-funded client (inc 12wk disregard)", "N+E", "N+E", "N+E", "N+E"),
    ("NFA - Support declined", "N+E", "N+E", "N+E", "N+E"),
    ("NFA - Support ended: Other reason", "", "", "N+E", "N+E"),
    ("NFA - No services offered: Other reason", "N+E", "N+E", "N+E", ""),
    # Not in the guidance table; the template lists it and it ends services (rule VAL-03).
    ("Service ended as planned", "", "", "N+E", ""),
]

ANNOTATION = re.compile(r"\s*\*\*NEW\*\*\s*voluntary\s*$", re.IGNORECASE)


def match_key(value: str) -> str:
    """The normalised matching key: lower case, letters and digits only (mirrors the SQL macro)."""
    return re.sub(r"[^a-z0-9]", "", value.lower())


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def build(source: Path, seeds: Path | None = None) -> None:
    """Write the spec seeds into `seeds` (default: seeds/ of the project) from the spec's extracts."""
    seeds = seeds or project_path("seeds")
    items = _read(source / "cld_v4_2_data_items.csv")
    assert len(items) == 40, "the spec has 40 data items"
    rows = []
    for it in items:
        n = int(it["item_number"])
        col, kind = COLUMN_NAMES[n]
        applies = it["applies_to_event_type"]
        rows.append([
            n, it["template_column_name"], col, it["section"],
            "true" if it["mandatory_or_voluntary"] == "Mandatory" else "false",
            it["data_type"], kind, it["defined_list"], applies,
            REQUIREMENT_RULE.get(n, "always" if applies == "all" else "event_type"),
            "true" if n in CRITICAL_ITEMS else "false",
            it["condition"],
        ])
    _write(seeds / "spec" / "cld_data_items.csv",
           ["item_number", "template_column_name", "column_name", "section", "is_mandatory",
            "data_type", "value_kind", "defined_list", "applies_to_event_type",
            "requirement_rule", "is_critical", "condition_text"], rows)

    values = _read(source / "cld_v4_2_defined_list_values.csv")
    canon: list[list[object]] = []
    aliases: list[list[object]] = []
    order: dict[str, int] = {}
    for v in values:
        lst, val, src = v["list_name"], v["value"], v["source"]
        explicit = EXPLICIT_ALIASES.get((lst, val))
        if src == "template":
            canonical = ANNOTATION.sub("", val)
        elif explicit:
            canonical = explicit
        else:
            # a guidance spelling: its template twin is the value with the same key,
            # or it is a guidance-only value of its own
            twins = [c for c in canon if c[0] == lst and match_key(str(c[1])) == match_key(val)]
            canonical = str(twins[0][1]) if twins else val
        if explicit and src == "template":
            canonical = explicit
        if not any(c[0] == lst and c[1] == canonical for c in canon):
            order[lst] = order.get(lst, 0) + 1
            canon.append([lst, canonical, order[lst], "true" if src == "guidance" else "false"])
        aliases.append([lst, val, canonical, src])
    # the canonical spellings are aliases of themselves too
    for lst, canonical, _, _ in canon:
        if not any(a[0] == lst and a[1] == canonical for a in aliases):
            aliases.append([lst, canonical, canonical, "warehouse"])
    _write(seeds / "spec" / "cld_defined_list_values.csv",
           ["list_name", "canonical_value", "sort_order", "is_guidance_only"], canon)
    _write(seeds / "spec" / "cld_defined_list_aliases.csv",
           ["list_name", "spelling", "canonical_value", "spelling_source"],
           sorted(aliases, key=lambda a: (a[0], a[2], a[1])))

    out = []
    for outcome, *cells in OUTCOME_BY_EVENT_TYPE:
        assert any(c[0] == "event_outcome" and c[1] == outcome for c in canon), outcome
        for event_type, cell in zip(["Request", "Assessment", "Service", "Review"], cells):
            if cell:
                out.append([outcome, event_type, "true" if "N" in cell else "false",
                            "true" if "E" in cell else "false"])
    _write(seeds / "spec" / "cld_event_outcome_event_types.csv",
           ["event_outcome", "event_type", "is_allowed_for_new_clients",
            "is_allowed_for_existing_clients"], out)

    las = _read(source / "cld_v4_2_local_authorities.csv")
    _write(seeds / "reference" / "cld_local_authorities.csv", ["la_code", "la_name"],
           sorted([[la["la_code"], la["la_name"]] for la in las]))
    bridge = []
    for la in las:
        for i, d in enumerate(la["dscro_codes"].split("/"), start=1):
            bridge.append([la["la_code"], d.strip(), i])
    _write(seeds / "reference" / "cld_la_dscros.csv", ["la_code", "dscro_code", "dscro_order"],
           sorted(bridge))
    dscros = _read(source / "cld_v4_2_dscros.csv")
    _write(seeds / "reference" / "cld_dscros.csv", ["dscro_code", "dscro_name"],
           [[d["dscro_code"], d["dscro_name"]] for d in dscros])


SOURCE_FILES = ["cld_v4_2_data_items.csv", "cld_v4_2_defined_list_values.csv",
                "cld_v4_2_local_authorities.csv", "cld_v4_2_dscros.csv"]


@one_line_errors
def main(argv: list[str] | None = None) -> int:
    """``cld seeds --source DIR [--seeds DIR]``."""
    p = CliParser(prog="cld seeds", description=__doc__.splitlines()[0])
    p.add_argument("--source", type=Path, required=True,
                   help="folder of the spec's CSV extracts (" + ", ".join(SOURCE_FILES) + ")")
    p.add_argument("--seeds", type=Path, default=None,
                   help="the project's seeds folder to write (default seeds/ of the project folder)")
    a = p.parse_args(argv)
    source = check_folder(p.prog, "--source", a.source)
    missing = [name for name in SOURCE_FILES if not (source / name).is_file()]
    if missing:
        raise UsageError(f"{p.prog}: --source {source} lacks the spec extract(s) {', '.join(missing)}")
    build(source, check_folder(p.prog, "--seeds", a.seeds or project_path("seeds")))
    print(f"{p.prog}: seeds rebuilt in {a.seeds} from {source}; review the diff")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
