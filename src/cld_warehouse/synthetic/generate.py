"""``cld generate``: deterministic synthetic CLD submissions (spec v4.2), written to the landing
contract; the model is described in the package docstring (``cld_warehouse.synthetic``).

The shipped demo data (data/demo/landing) is regenerated, byte for byte, by

    cld generate --out data/demo/landing --demo --clean

(the same as ``python -m cld_warehouse.synthetic.generate --out data/demo/landing --demo --clean``), where
``--demo`` stands for

    --las 716,318,908,213 --years 2023 --quarters 1,2,3,4 --scale 0.04 --seed 42 --error-rate 0 --no-references-for 908

i.e. four LAs of different (synthetic) sizes, financial year 2023-24, the four cumulative quarterly
files of each, no injected errors, and LA 908 without Event References (about 23,000 rows).
``--clean`` first deletes the CLD_*.csv files already in --out.

Usage
    cld generate --out DIR [--las 716,717 | --la-count N] [--years 2023[,2024]]
                 [--quarters 1,2,3,4 | --final-only] [--scale 0.01 | --persons-per-la N]
                 [--seed 42] [--error-rate 0.0] [--no-references-for 908 | auto]
                 [--processes N] [--clean] [--quiet] [--demo]
"""
from __future__ import annotations

import csv
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cld_warehouse.cli.args import CliParser, one_line_errors, output_folder, positive_int
from cld_warehouse.cli.progress import progress_bar
from cld_warehouse.synthetic.authority import la_has_no_references, LocalAuthority, persons_for, unit_hash
from cld_warehouse.synthetic.corrupter import Corrupter
from cld_warehouse.synthetic.dates import april_first, quarter_end
from cld_warehouse.synthetic.rows import file_name, RowBuilder
from cld_warehouse.synthetic.seeds import Spec
from cld_warehouse.synthetic.simulator import Simulator
from cld_warehouse.synthetic.weights import compile_tables

STOCK_SHARE = 0.42             # share of the persons a year that is the opening LTS stock

DEMO_ARGS = ["--las", "716,318,908,213", "--years", "2023", "--quarters", "1,2,3,4", "--scale", "0.04",
             "--seed", "42", "--error-rate", "0", "--no-references-for", "908"]


@dataclass
class Job:
    """One LA's share of a `cld generate` run (picklable: runs in a worker process)."""
    la: str
    years: list[int]
    quarters: list[int]
    persons: int            # persons a year (the opening stock is a share of it)
    seed: int
    error_rate: float
    out_dir: str
    references: bool


@dataclass
class OutputFile:
    """One cumulative file being written: its year, period end (ordinal), name, open handle,
    CSV writer and rows written so far."""
    year: int
    period_end: int
    name: str
    handle: IO[str]
    writer: Any
    rows: int = 0


def generate_la(job: Job) -> list[tuple[str, int]]:
    """Simulate one LA over the years asked for and write its files.  Returns (file name, rows) pairs."""
    spec = Spec.load()
    compile_tables(spec)
    la = LocalAuthority(spec, job.la, job.years)
    rng = random.Random(f"{job.seed}|{job.la}|people")
    corrupter = Corrupter(spec, random.Random(f"{job.seed}|{job.la}|errors"), job.error_rate)
    builder = RowBuilder(spec, job.la, job.references, la.first_written)
    out_dir = Path(job.out_dir)
    targets: list[OutputFile] = []
    try:
        for year in sorted(job.years):
            for q in sorted(job.quarters):
                name = file_name(job.seed, job.la, year, q)
                handle = (out_dir / name).open("w", newline="", encoding="utf-8")
                writer = csv.writer(handle, lineterminator="\r\n")
                writer.writerow(spec.header)
                targets.append(OutputFile(year, quarter_end(year, q).toordinal(), name, handle, writer))
        sim = Simulator(la, rng)
        stock = round(job.persons * STOCK_SHARE)
        new_per_year = max(1, job.persons - stock)
        number = 0
        for year in [None, *range(min(job.years) - 1, max(job.years) + 1)]:
            if year is None:        # the opening stock of long-term clients
                entries = [(la.window_start, True)] * stock
            else:
                start, length = april_first(year), april_first(year + 1) - april_first(year)
                entries = sorted((start + rng.randrange(length), False) for _ in range(new_per_year))
            for entry, is_stock in entries:
                number += 1
                person = sim.person(number, entry, is_stock)
                if person is None:
                    continue
                for target in targets:
                    for row in builder.rows(person, target.year, target.period_end):
                        for out in (corrupter.apply(row, target.period_end) if job.error_rate > 0 else (row,)):
                            target.writer.writerow(out)
                            target.rows += 1
    finally:
        for target in targets:
            target.handle.close()
    return [(t.name, t.rows) for t in targets]


def parse_codes(text: str) -> list[str]:
    """The items of a comma-separated option, stripped, blanks dropped."""
    return [x.strip() for x in text.split(",") if x.strip()]


@one_line_errors
def main(argv: list[str] | None = None) -> int:
    """``cld generate`` (see the module docstring)."""
    p = CliParser(prog="cld generate", description="Write deterministic synthetic CLD submissions "
                                "(landing contract).  See the docstring of cld_warehouse.synthetic.")
    p.add_argument("--out", type=Path, required=True, help="directory to write the CSV files into")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--las", help="comma-separated LA codes (default: all 151)")
    which.add_argument("--la-count", type=int, help="N LAs picked deterministically (a fixed hash order)")
    p.add_argument("--years", default="2023", help="financial years by their starting year, comma-separated")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--quarters", default="1,2,3,4", help="cumulative quarterly files to write (default all four)")
    when.add_argument("--final-only", action="store_true", help="only the Q4 (full-year) file")
    size = p.add_mutually_exclusive_group()
    size.add_argument("--scale", type=float, default=0.01, help="fraction of England: 1.0 = ~9M rows a year in the "
                      "final files over all 151 LAs (default 0.01)")
    size.add_argument("--persons-per-la", type=int, help="persons a year per LA, instead of --scale")
    p.add_argument("--seed", type=int, default=42, help="random seed: the same seed writes the same files "
                   "(default 42)")
    p.add_argument("--error-rate", type=float, default=0.0, help="share of rows damaged on purpose (default 0)")
    p.add_argument("--no-references-for", default="", help="LA codes whose files have no Event Reference, or 'auto'")
    p.add_argument("--processes", type=positive_int, help="worker processes (default: CPUs, at most one per LA)")
    p.add_argument("--clean", action="store_true", help="first delete the CLD_*.csv files already in --out")
    p.add_argument("--demo", action="store_true", help="the shipped demo data set: " + " ".join(DEMO_ARGS))
    p.add_argument("--quiet", action="store_true", help="print only the total")
    a = p.parse_args(argv)
    if a.demo:
        fixed = ("las", "la_count", "years", "quarters", "final_only", "scale", "persons_per_la", "seed", "error_rate",
                 "no_references_for")
        changed = [f"--{k.replace('_', '-')}" for k in fixed if getattr(a, k) != p.get_default(k)]
        if changed:
            p.error(f"--demo fixes {', '.join(changed)} (only --out, --clean, --processes and --quiet go with it)")
        return main(["--out", str(a.out), *DEMO_ARGS] + (["--clean"] if a.clean else [])
                    + (["--quiet"] if a.quiet else []) + (["--processes", str(a.processes)] if a.processes else []))

    spec = Spec.load()
    if a.la_count is not None and not 1 <= a.la_count <= len(spec.la_codes):
        p.error(f"--la-count is 1-{len(spec.la_codes)}")
    if a.persons_per_la is not None and a.persons_per_la < 1:
        p.error("--persons-per-la is at least 1")
    if not a.scale > 0:
        p.error("--scale must be positive")
    if not 0 <= a.error_rate <= 1:
        p.error("--error-rate is a share, 0-1")
    if a.las:
        las = list(dict.fromkeys(parse_codes(a.las)))
    elif a.la_count:
        las = sorted(sorted(spec.la_codes, key=lambda c: unit_hash("cld-pick", c))[:a.la_count])
    else:
        las = list(spec.la_codes)
    if a.no_references_for.strip().lower() == "auto":
        no_refs = {c for c in las if la_has_no_references(c)}
    else:
        no_refs = set(parse_codes(a.no_references_for))
    unknown = [c for c in [*las, *sorted(no_refs)] if c not in spec.la_codes]
    if unknown:
        print(f"cld generate: unknown LA code(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    try:
        years = sorted({int(y) for y in parse_codes(a.years)})
        quarters = [4] if a.final_only else sorted({int(q) for q in parse_codes(a.quarters)})
    except ValueError:
        p.error("--years and --quarters take comma-separated numbers")
    if not years or any(not 2000 <= y <= 2100 for y in years):
        p.error("--years are financial years by their starting year, e.g. 2023")
    if not quarters or any(q not in (1, 2, 3, 4) for q in quarters):
        p.error("--quarters are 1-4")
    a.out = output_folder(p.prog, "--out", a.out)
    if a.clean:
        for old in a.out.glob("CLD_*.csv"):
            old.unlink()
    jobs = [Job(la, years, quarters, a.persons_per_la or persons_for(la, a.scale, spec), a.seed, a.error_rate,
                str(a.out), la not in no_refs) for la in las]
    jobs.sort(key=lambda j: -j.persons)   # biggest first: better balance over the workers
    began = time.perf_counter()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    workers = max(1, min(len(jobs), a.processes or cpus))
    results = []
    with progress_bar(len(jobs), "generating", "LA") as bar:
        if workers > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for res in pool.map(generate_la, jobs):
                    results.extend(res)
                    bar.update(1)
        else:
            for job in jobs:
                results.extend(generate_la(job))
                bar.update(1)
    results.sort()
    total = sum(n for _, n in results)
    if not a.quiet and len(results) <= 64:
        for name, n in results:
            print(f"{name}  {n} rows")
    print(f"cld generate: {len(results)} file(s), {total} rows, {len(las)} LA(s), in {a.out} "
          f"({time.perf_counter() - began:.1f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
