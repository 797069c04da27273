"""Lock a consolidated reporting year: ``cld lock-year --year 2023 --change PUB-2024-07 [--la 716 ...]``.

Reads, from a built warehouse, the file each LA's year was built from
(``intermediate.int_submissions_selected``: the selected file must cover the whole year, i.e.
the Q4 file is in) and its SHA-256 (``staging.stg_cld__files``), and appends one row per LA to
the year-lock register ``seeds/governance/cld_year_locks.csv``.  Commit the seed change: from
then on ``dbt build`` keeps using exactly those files for that year (int_submissions_selected),
while later files are validated and reported as received after lock (dq.dq_submissions).
Unlocking is deleting the rows in a reviewed commit; this command never removes or replaces a
lock (an LA-year already locked is reported and left alone).
"""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from cld_warehouse.cli.args import (CliParser, UsageError, add_database_argument, check_database, check_la_codes,
                                    one_line_errors, year)
from cld_warehouse.project import project_path

SEED = ("seeds", "governance", "cld_year_locks.csv")   # in the project folder
HEADER = ["year_start", "la_code", "locked_file_name", "locked_content_sha256", "locked_on", "locked_by_change"]


def read_locks(seed: Path) -> list[dict[str, str]]:
    if not seed.exists():
        return []
    with seed.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def lock_year(database: Path, seed: Path, year: int, change: str, las: list[str] | None = None,
              today: date | None = None) -> tuple[list[dict[str, str]], list[str]]:
    """Append locks for `year` (1 April start); returns (rows added, messages about LAs skipped)."""
    import duckdb

    year_start = date(year, 4, 1).isoformat()
    year_end = date(year + 1, 3, 31).isoformat()
    existing = read_locks(seed)
    locked = {(r["year_start"], r["la_code"]) for r in existing}
    con = duckdb.connect(str(database), read_only=True)
    try:
        selected = con.execute(
            """
            select sel.la_code, sel.selected_file_name, files.content_sha256,
                   cast(files.period_end as varchar), sel.has_usable_file, sel.selection_reason,
                   cast(sel.part_end as varchar)
            from intermediate.int_submissions_selected as sel
            left join staging.stg_cld__files as files on sel.selected_file_name = files.landed_file_name
            where sel.year_start = cast(? as date)
            order by sel.la_code
            """, [year_start]).fetchall()
    finally:
        con.close()
    if not selected:
        raise UsageError(f"cld lock-year: the warehouse {database} was not built for a period in "
                         f"{year}-{year + 1 - 2000:02d}")
    unknown = [la for la in las or [] if la not in {row[0] for row in selected}]
    if unknown:
        raise UsageError(f"cld lock-year: no file from LA {', '.join(unknown)} for {year}-{year + 1 - 2000:02d} "
                         f"in {database}")
    added, skipped = [], []
    for la, file_name, sha, file_end, usable, reason, part_end in selected:
        if las and la not in las:
            continue
        if not usable:
            if las or reason != "no accepted file for this year":
                skipped.append(f"{la}: not locked — {reason}")
            continue
        if (year_start, la) in locked:
            skipped.append(f"{la}: already locked; unlock by removing its row in a reviewed commit")
            continue
        if file_end != year_end or part_end != year_end:
            skipped.append(f"{la}: not locked — {file_name} covers only to {file_end} (the year is not consolidated)")
            continue
        added.append({"year_start": year_start, "la_code": la, "locked_file_name": file_name,
                      "locked_content_sha256": sha, "locked_on": (today or date.today()).isoformat(),
                      "locked_by_change": change})
    rows = sorted(existing + added, key=lambda r: (r["year_start"], r["la_code"]))
    seed.parent.mkdir(parents=True, exist_ok=True)
    with seed.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return added, skipped


@one_line_errors
def main(argv: list[str] | None = None) -> int:
    """``cld lock-year --year YEAR --change TEXT [--la CODE ...]``."""
    p = CliParser(prog="cld lock-year", description=__doc__.splitlines()[0])
    p.add_argument("--year", type=year, required=True, help="the reporting year's first calendar year (2023 = 2023-24)")
    p.add_argument("--change", required=True, help="the change or approval that locks the year (kept in the seed)")
    p.add_argument("--la", action="append", help="LA code, one of the 151 (repeatable); default every LA with "
                                                  "a usable file")
    add_database_argument(p)
    p.add_argument("--seed", type=Path, default=project_path(*SEED),
                   help="the year-lock register to append to (default seeds/governance/cld_year_locks.csv)")
    a = p.parse_args(argv)
    if not a.change.strip():
        raise UsageError(f"{p.prog}: --change is empty; name the change or approval that locks the year")
    las = check_la_codes(p.prog, a.la)
    if a.seed.exists() and not a.seed.is_file():
        raise UsageError(f"{p.prog}: --seed {a.seed} is not a file")
    database = check_database(p.prog, a.database, "intermediate.int_submissions_selected")
    added, skipped = lock_year(database, a.seed, a.year, a.change, las)
    for row in added:
        print(f"{row['la_code']}: locked {row['year_start']} to {row['locked_file_name']}")
    for message in skipped:
        print(message)
    print(f"{len(added)} LA-year(s) locked in {a.seed}; commit it, then `make build`")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
