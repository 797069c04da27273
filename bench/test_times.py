"""Wall time of `make test-fast` and `make test`, phase by phase (a measurement, not a test).

    .venv/bin/python bench/test_times.py                 # both suites, in this checkout
    .venv/bin/python bench/test_times.py --fresh         # in a fresh clone, virtualenv included
    .venv/bin/python bench/test_times.py --suite fast    # only make test-fast

Each phase is the Makefile's own target: `make test-fast`, `make test` (lint beside the fixtures
build and the pytest run after it; pytest runs the benchmark smoke run among its tests).  The
machine (cores, memory), its load average before and after each phase, and the CPU seconds of
each phase (user + system, every process it ran) are recorded: on a shared machine the wall
times are inflated by the other processes, the CPU seconds much less.
Figures are printed and written to docs/test_times.md (--out to change, --no-write to skip).
Exit code: non-zero when a phase fails (its output's tail is printed).
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# (phase label, make arguments): the Makefile's own targets.  lint runs beside the fixtures
# build and the pytest run after it, so the two are one phase.
SUITES = {
    "fast": [("make test-fast: lint beside (dbt-test, then pytest-fast)", ["test-fast"])],
    "full": [("make test: lint beside (dbt-test, then pytest with bench-smoke)", ["test"])],
}


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def memory_gb() -> float:
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            return round(int(fh.readline().split()[1]) / 1024 / 1024, 1)
    except OSError:
        return 0.0


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(args: list[str], cwd: Path) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall seconds, CPU seconds of the command and everything it ran, the finished process)."""
    cpu, start = children_cpu(), time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, children_cpu() - cpu, proc


def slowest_tests(stdout: str) -> list[str]:
    """The lines of pytest's `slowest 10 durations` section."""
    lines = stdout.splitlines()
    start = next((i for i, line in enumerate(lines) if "slowest" in line and "durations" in line), None)
    if start is None:
        return []
    return [line for line in lines[start + 1:start + 11] if line.strip() and not line.startswith("=")]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--suite", choices=["fast", "full", "both"], default="both")
    p.add_argument("--fresh", action="store_true",
                   help="clone this repository into a temp dir and time `make install` there first")
    p.add_argument("--out", type=Path, default=REPO / "docs" / "test_times.md")
    p.add_argument("--no-write", action="store_true", help="print only")
    a = p.parse_args(argv)

    cwd = REPO
    rows: list[tuple[str, str, float, float, str, str, bool]] = []
    notes: list[str] = []
    if a.fresh:
        cwd = Path(tempfile.mkdtemp(prefix="cld-test-times-")) / "repo"
        subprocess.run(["git", "clone", "--quiet", str(REPO), str(cwd)], check=True)
        before = load()
        seconds, cpu, proc = timed(["make", "install"], cwd)
        rows.append(("install", "make install (fresh virtualenv)", seconds, cpu, before, load(), proc.returncode == 0))
        if proc.returncode != 0:
            print(proc.stdout[-3000:], proc.stderr[-3000:])
            return 1
    suites = ["fast", "full"] if a.suite == "both" else [a.suite]
    failed = False
    for suite in suites:
        for label, args in SUITES[suite]:
            before = load()
            seconds, cpu, proc = timed(["make", "--no-print-directory", *args], cwd)
            ok = proc.returncode == 0
            rows.append((suite, label, seconds, cpu, before, load(), ok))
            print(f"{suite:5} {label:36} {seconds:7.1f} s  cpu {cpu:7.1f} s  load {before} -> {load()}  "
                  f"{'ok' if ok else 'FAILED'}", flush=True)
            if "pytest" in label:
                notes += [f"slowest tests ({suite}):", *[f"    {line}" for line in slowest_tests(proc.stdout)]]
            if not ok:
                print(proc.stdout[-4000:], proc.stderr[-2000:])
                failed = True
                break

    totals = {}
    cpu_totals = {}
    for suite, _, seconds, cpu, *_ in rows:
        totals[suite] = totals.get(suite, 0.0) + seconds
        cpu_totals[suite] = cpu_totals.get(suite, 0.0) + cpu
    machine = (f"{os.cpu_count()} cores, {memory_gb()} GB, {platform.system()} {platform.machine()}, "
               f"Python {platform.python_version()}")
    lines = [
        "# Test times",
        "",
        f"Measured by `bench/test_times.py` on {time.strftime('%Y-%m-%d %H:%M')} ({machine}); "
        f"{'fresh clone, virtualenv included' if a.fresh else 'existing checkout and virtualenv'}.  "
        "Load average (1, 5, 15 min) before and after each phase: other processes on the machine "
        "inflate the figures.",
        "",
        "| suite | phase | wall s | CPU s | load before | load after | ok |",
        "| --- | --- | ---: | ---: | --- | --- | --- |",
        *[f"| {s} | {label} | {sec:.0f} | {cpu:.0f} | {b} | {af} | {'yes' if ok else 'no'} |"
          for s, label, sec, cpu, b, af, ok in rows],
        "",
        *[f"- {suite}: {sec:.0f} s ({sec / 60:.1f} min), {cpu_totals[suite]:.0f} s CPU"
          for suite, sec in totals.items()],
        "",
        "```",
        *notes,
        "```",
        "",
    ]
    print("\n".join(lines))
    if not a.no_write:
        a.out.parent.mkdir(parents=True, exist_ok=True)
        a.out.write_text("\n".join(lines), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
