"""Benchmark the warehouse on generated data: `make bench SCALE=0.01 [LAS=10] [QUARTERLY=1]`.

Generates (deterministically, with the project's generator) a national year at a chosen scale —
or the first N LAs of it — then measures, in one run on the same files:
- the raw-scan floor: DuckDB reading every landed CSV once, all columns as text, counting rows;
- the write floor: the same read written once into a DuckDB table (all text);
- the landing step (`cld land`);
- `dbt build`: wall time, time in models (summed over threads, and as wall time: the union of
  their intervals) and in tests (run_results.json), each layer, the
  slowest ten models; peak resident memory of the build; the warehouse file size.
With --resubmission, one LA's latest file is held back from that build, then landed and the
warehouse rebuilt incrementally (`make rebuild`): its figures and its ratio to the full build.
Writes bench/results/<date>_scale<scale>.json for a national run (all 151 LAs, final files; a
second run the same day replaces it), and bench/work/<label>/<label>.json for any other run
(--las, --quarterly, --smoke); prints a short table.  No
assertions on timings: the exit code says only whether generation and the builds succeeded.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, proc


def busy_seconds(results: list[dict]) -> float:
    """Wall time during which at least one of these nodes ran (the union of their compile and
    execute intervals in run_results.json): the models' own wall time inside `dbt build`, where
    the sum of their times counts two threads twice."""
    spans = sorted((datetime.fromisoformat(t["started_at"].replace("Z", "+00:00")),
                    datetime.fromisoformat(t["completed_at"].replace("Z", "+00:00")))
                   for r in results for t in r.get("timing", []) if t.get("started_at") and t.get("completed_at"))
    total, end = 0.0, None
    for start, stop in spans:
        if end is None or start > end:
            total += (stop - start).total_seconds()
            end = stop
        elif stop > end:
            total += (stop - end).total_seconds()
            end = stop
    return round(total, 2)


def write_figures(figures: dict, base: Path, a: argparse.Namespace) -> Path:
    """bench/results/<date>_scale<scale>.json for a national run (every LA, final files, not a
    smoke run); else <label>.json in the run's work folder `base`."""
    national = not (a.smoke or a.las or a.quarterly)
    path = (REPO / "bench" / "results" / f"{figures['date']}_scale{a.scale:g}.json" if national
            else base / f"{figures['label']}.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=2))
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scale", type=float, default=0.01)
    p.add_argument("--las", type=int, default=0, help="only the first N LAs (0 = all 151)")
    p.add_argument("--quarterly", action="store_true", help="all four cumulative quarterly files")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--resubmission", action="store_true",
                   help="hold one LA's latest file back from the full build, then land it and rebuild "
                        "incrementally (`make rebuild`); figures under 'resubmission'")
    p.add_argument("--smoke", action="store_true",
                   help="CI smoke run: results kept under bench/work, exit code from the builds only")
    a = p.parse_args(argv)
    label = f"scale{a.scale:g}" + (f"_las{a.las}" if a.las else "") + ("_quarterly" if a.quarterly else "_final")
    base = REPO / "bench" / "work" / label
    landing, work = base / "landing", base / "warehouse"
    env = dict(os.environ, DBT_PROFILES_DIR=str(REPO / "profiles"), CLD_LANDING_DIR=str(landing),
               CLD_WORK_DIR=str(work), CLD_DUCKDB_PATH=str(work / "cld.duckdb"),
               CLD_DUCKDB_TEMP_DIR=str(work / "duckdb_tmp"), DBT_TARGET_PATH=str(base / "target"),
               DBT_LOG_PATH=str(base / "logs"), CLD_SYNTHETIC_DATA="1")   # generated data
    figures: dict[str, object] = {"label": label, "scale": a.scale, "las": a.las or 151,
                                  "files": "quarterly" if a.quarterly else "final only",
                                  "date": time.strftime("%Y-%m-%d"), "cores": os.cpu_count()}
    if not landing.exists():
        gen = [str(BIN / "cld"), "generate", "--out", str(landing), "--scale", str(a.scale), "--seed", str(a.seed)]
        gen += ["--la-count", str(a.las)] if a.las else []
        gen += [] if a.quarterly else ["--final-only"]
        seconds, proc = run(gen, env)
        if proc.returncode != 0:
            print(proc.stdout, proc.stderr)
            return 1
        figures["generate_s"] = round(seconds, 2)
    held_dir = base / "held_back"
    for f in held_dir.glob("*.csv") if held_dir.exists() else []:
        shutil.move(str(f), landing / f.name)          # a previous run's held-back file
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    files = sorted(landing.glob("*.csv"))
    figures["landed_mb"] = round(sum(f.stat().st_size for f in files) / 1e6, 1)
    # The floor: every CSV read once, all text, rows counted, same threads as the build.  The
    # best of two reads (a shared machine); union_by_name sniffs every file, so it is measured
    # apart (it was the floor of the first benchmarks) and the ratio uses the plain read.
    con = duckdb.connect()
    con.execute("set threads = 2")
    scans = []
    for _ in range(2):
        start = time.perf_counter()
        rows = con.sql(f"select count(*) from read_csv('{landing}/*.csv', header = true, all_varchar = true)").fetchone()[0]
        scans.append(time.perf_counter() - start)
    figures["raw_scan_s"] = round(min(scans), 2)
    start = time.perf_counter()
    con.sql(f"select count(*) from read_csv('{landing}/*.csv', header = true, all_varchar = true, union_by_name = true)").fetchone()
    figures["raw_scan_union_by_name_s"] = round(time.perf_counter() - start, 2)
    # A second floor: the same read written once into a DuckDB table (all text, in a scratch
    # database on the same disk) — the least a pipeline that stores the rows even once pays.
    scratch = base / "write_floor.duckdb"
    scratch.unlink(missing_ok=True)
    con.execute(f"attach '{scratch}' as write_floor")
    start = time.perf_counter()
    con.execute(f"create table write_floor.rows_text as "
                f"select * from read_csv('{landing}/*.csv', header = true, all_varchar = true)")
    figures["write_floor_s"] = round(time.perf_counter() - start, 2)
    con.execute("detach write_floor")
    scratch.unlink(missing_ok=True)
    con.close()
    figures["rows"] = rows
    figures["duckdb_memory_limit"] = os.environ.get("CLD_DUCKDB_MEMORY_LIMIT", "5GB (profile default)")
    held = None
    if a.resubmission:
        # the latest file (by name: LA code, period, submitted) of the first LA
        first_la = files[0].name.split("_")[1]
        held = max(f for f in files if f.name.split("_")[1] == first_la)
        held_dir.mkdir(exist_ok=True)
        shutil.move(str(held), held_dir / held.name)
        figures["resubmission_file"] = held.name
    seconds, proc = run([str(BIN / "cld"), "land"], env)
    figures["land_s"] = round(seconds, 2)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # the smoke run leaves out the unit tests: they test the code on fixed inputs, not this data,
    # and `make dbt-test` runs every one of them just before
    build = [str(BIN / "dbt"), "build"] + (["--exclude-resource-type", "unit_test"] if a.smoke else [])
    seconds, proc = run(build, env)
    figures["dbt_build_s"] = round(seconds, 2)
    figures["peak_rss_mb"] = round(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024, 0)
    figures["dbt_ok"] = proc.returncode == 0
    if proc.returncode != 0:
        print(proc.stdout[-4000:])
    results = json.loads((base / "target" / "run_results.json").read_text())["results"]
    models = [r for r in results if r["unique_id"].startswith("model.")]
    tests = [r for r in results if r["unique_id"].startswith(("test.", "unit_test."))]
    figures["models_s"] = round(sum(r["execution_time"] for r in models), 2)
    figures["models_wall_s"] = busy_seconds(models)
    figures["tests_s"] = round(sum(r["execution_time"] for r in tests), 2)
    layers: dict[str, float] = {}
    for r in models:
        layer = r["unique_id"].split(".")[2]
        name = r["unique_id"].split(".")[-1]
        key = "staging" if name.startswith("stg_") else "intermediate" if name.startswith("int_") else "marts"
        layers[key] = layers.get(key, 0) + r["execution_time"]
    figures["layers_s"] = {k: round(v, 2) for k, v in sorted(layers.items())}
    figures["slowest_models"] = [(r["unique_id"].split(".")[-1], round(r["execution_time"], 2))
                                 for r in sorted(models, key=lambda r: -r["execution_time"])[:10]]
    figures["warehouse_mb"] = round((work / "cld.duckdb").stat().st_size / 1e6, 1)
    figures["models_over_raw_scan"] = round(figures["models_s"] / max(figures["raw_scan_s"], 0.01), 1)
    figures["models_wall_over_raw_scan"] = round(figures["models_wall_s"] / max(figures["raw_scan_s"], 0.01), 1)
    figures["models_wall_over_write_floor"] = round(figures["models_wall_s"] / max(figures["write_floor_s"], 0.01), 1)
    write_figures(figures, base, a)   # the full build's figures, first
    if held is not None and figures["dbt_ok"]:
        # one LA lands one new file: land everything again (unchanged files come from the landing
        # cache) and rebuild incrementally, as `make rebuild` does
        shutil.move(str(held_dir / held.name), landing / held.name)
        resub: dict[str, object] = {"file": held.name}
        seconds, proc = run([str(BIN / "cld"), "land"], env)
        resub["land_s"] = round(seconds, 2)
        seconds, proc = run([str(BIN / "dbt"), "build", "--selector", "rebuild"], env)
        resub["dbt_build_s"] = round(seconds, 2)
        resub["dbt_ok"] = proc.returncode == 0
        if proc.returncode != 0:
            print(proc.stdout[-4000:])
        figures["dbt_ok"] = figures["dbt_ok"] and resub["dbt_ok"]
        results = json.loads((base / "target" / "run_results.json").read_text())["results"]
        models = [r for r in results if r["unique_id"].startswith("model.")]
        resub["models_s"] = round(sum(r["execution_time"] for r in models), 2)
        resub["models_wall_s"] = busy_seconds(models)
        resub["tests_s"] = round(sum(r["execution_time"] for r in results
                                     if r["unique_id"].startswith(("test.", "unit_test."))), 2)
        resub["slowest_models"] = [(r["unique_id"].split(".")[-1], round(r["execution_time"], 2))
                                   for r in sorted(models, key=lambda r: -r["execution_time"])[:10]]
        resub["build_over_full_build"] = round(resub["dbt_build_s"] / figures["dbt_build_s"], 3)
        resub["models_over_full_models"] = round(resub["models_s"] / max(figures["models_s"], 0.01), 3)
        figures["resubmission"] = resub
    write_figures(figures, base, a)
    print(f"benchmark {label}: {rows:,} rows, {figures['landed_mb']} MB landed")
    for k in ("raw_scan_s", "write_floor_s", "land_s", "dbt_build_s", "models_s", "models_wall_s", "tests_s",
              "models_over_raw_scan", "models_wall_over_raw_scan", "models_wall_over_write_floor", "peak_rss_mb",
              "warehouse_mb"):
        print(f"  {k:22} {figures[k]}")
    print(f"  layers_s               {figures['layers_s']}")
    print("  slowest models         " + ", ".join(f"{n} {s}s" for n, s in figures["slowest_models"][:5]))
    if "resubmission" in figures:
        r = figures["resubmission"]
        print(f"  resubmission           {r['file']}: land {r['land_s']} s, dbt build {r['dbt_build_s']} s "
              f"({r['build_over_full_build']:.1%} of the full build), models {r['models_s']} s "
              f"({r['models_over_full_models']:.1%})")
        print("  resubmission slowest   " + ", ".join(f"{n} {s}s" for n, s in r["slowest_models"][:5]))
    return 0 if figures["dbt_ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
