"""The rule catalogue: every transformation rule the marts rely on, with a stable id.

The catalogue is the seed ``seeds/rules/cld_rule_catalogue.csv`` (one row per rule: id, area,
title, statement, the vars and seeds holding its constants, the models that implement it, the
tests that prove it, and what NHS England's or DHSC's published code does where it differs).
This module reads it and writes the dbt doc block that renders it in the docs site
(``docs/dbt/rule_catalogue.md``, block ``cld_rule_catalogue``, the seed's description).
A pytest (tests/python/test_rule_catalogue.py) checks that the committed doc block is what this
module writes, so edit the CSV and run ``python -m cld_warehouse.rule_catalogue``.
"""
from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

from cld_warehouse.project import project_path

#: Inside the project folder (``cld_warehouse.project``: $CLD_PROJECT_DIR, else the current folder).
CATALOGUE = Path("seeds", "rules", "cld_rule_catalogue.csv")
DOC_BLOCK = Path("docs", "dbt", "rule_catalogue.md")
FIELDS = ["rule_id", "area", "title", "statement", "constants", "models", "tests",
          "nhs_england_difference"]
# An id: an upper-case area, optional sub-parts, a two-digit number (SEQ-04, ASCOF-2A-03,
# STS002A-02, ASCOF-GRP-01) — or a hierarchy / mapping (H1-H4, M1-M3).
RULE_ID = re.compile(r"\b(?:[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d{2}|H[1-4]|M[1-3])\b")


def split(cell: str) -> list[str]:
    """A list cell of the catalogue (``;``-separated), without blanks."""
    return [part.strip() for part in cell.split(";") if part.strip()]


def read(path: Path | None = None) -> list[dict[str, str]]:
    """The catalogue's rows (default: seeds/rules/cld_rule_catalogue.csv of the project)."""
    path = path or project_path(*CATALOGUE.parts)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return rows


def by_id(path: Path | None = None) -> dict[str, dict[str, str]]:
    """The catalogue keyed by rule id (for `cld explain` and the tests)."""
    return {row["rule_id"]: row for row in read(path)}


def _constant(name: str) -> str:
    kind, _, value = name.partition(":")
    return f"`{value}` ({'var' if kind == 'var' else 'seed'})"


def _test(name: str) -> str:
    if "::" in name:
        path, _, function = name.partition("::")
        return f"`{function}` (pytest, `{path}`)"
    return f"`{name}`"


def render(rows: list[dict[str, str]]) -> str:
    """The doc block: an index by area, then one section per rule."""
    areas: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        areas.setdefault(row["area"], []).append(row)
    out = [
        "{% docs cld_rule_catalogue %}",
        "<!-- Generated from seeds/rules/cld_rule_catalogue.csv by "
        "`python -m cld_warehouse.rule_catalogue`: edit the CSV, not this file. -->",
        "# Rule catalogue",
        "",
        "Every transformation rule the marts rely on, in the project's own words, with a stable",
        "id. Model and column descriptions, SQL comments and tests cite these ids: search the",
        "docs site for an id (e.g. `SEQ-04`) to find every model that implements it. Each rule",
        "names the vars (`dbt_project.yml`) or seeds holding its constants — the values live",
        "there only — the models that implement it and the tests that prove it.",
        "",
        "The rules derive from NHS England's published Central Transformation Principles and",
        "SQL for SALT and ASCOF from CLD, and from DHSC's published CLD processing method,",
        "adapted to spec v4.2. Where the project's default differs from that published code,",
        "the rule says what the published code does instead (*Published code*). The glossary",
        "below the catalogue defines the terms.",
        "",
        "| Area | Rules |",
        "| --- | --- |",
    ]
    for area, members in areas.items():
        out.append(f"| {area} | " + ", ".join(f"`{m['rule_id']}`" for m in members) + " |")
    out.append("")
    for area, members in areas.items():
        out += [f"## {area[0].upper()}{area[1:]}", ""]
        for row in members:
            out += [f"### {row['rule_id']} — {row['title']}", "", row["statement"], ""]
            constants = split(row["constants"])
            out.append("- **Constants:** " + (", ".join(_constant(c) for c in constants)
                                                if constants else "none"))
            out.append("- **Models:** " + ", ".join(f"`{m}`" for m in split(row["models"])))
            tests = split(row["tests"])
            out.append("- **Tests:** " + (", ".join(_test(t) for t in tests) if tests
                                          else "unit tests citing the id (search the id)"))
            if row["nhs_england_difference"].strip():
                out.append(f"- **Published code:** {row['nhs_england_difference'].strip()}")
            out.append("")
    out.append("{% enddocs %}")
    return "\n".join(out) + "\n"


def write(rows: list[dict[str, str]] | None = None, target: Path | None = None) -> Path:
    """Write the doc block (default docs/dbt/rule_catalogue.md of the project) from the catalogue."""
    target = target or project_path(*DOC_BLOCK.parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(rows if rows is not None else read()), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    """``python -m cld_warehouse.rule_catalogue [--catalogue CSV] [--out MD]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", type=Path, default=None, help=f"default {CATALOGUE} of the project")
    parser.add_argument("--out", type=Path, default=None, help=f"default {DOC_BLOCK} of the project")
    args = parser.parse_args(argv)
    print(write(read(args.catalogue), args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
