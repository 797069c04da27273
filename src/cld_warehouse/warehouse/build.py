"""Build the warehouse and publish it atomically: ``cld build`` (what ``make build`` / ``make rebuild`` run).

``cld build [--land] [--full-refresh | --selector rebuild] [--docs] [--fail-on-rejected] [dbt options]``

1. takes the work folder's lock (``<work dir>/.cld.lock``, shared with ``cld land``; a second
   command gets one line naming the holder and exit code 3);
2. ``--land``: lands the landing folder (the landing summary is printed);
3. builds into ``<work dir>/.building/<warehouse file name>``: an empty file for
   ``--full-refresh``, else a copy of the published warehouse, built on incrementally;
4. runs ``dbt build`` (and ``dbt docs generate --static`` with ``--docs``) against that file;
5. only when dbt succeeded: checkpoints the new file and renames it over the published one
   (``os.replace``: atomic on one file system).  A reader holding the published file open keeps
   reading the old file until it reconnects; a build that fails, or is killed, never touches the
   published file (the failed build file stays in ``.building/`` for inspection);
6. prints what happened: files per LA, accepted / rejected with each rejected file's reason,
   rows staged, issues by severity, the file selected per LA for the period, and where the
   warehouse, docs and exports are.

The building file keeps the published file's name (in another folder) because DuckDB names a
database after its file, and dbt's views refer to their tables by that name.

Exit codes: 0 built and published; 1 dbt failed (nothing published); 2 misuse; 3 the lock is
held; 4 built and published, but ``--fail-on-rejected`` and a file was rejected.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from cld_warehouse.cli.args import CliParser, UsageError, check_folder, one_line_errors
from cld_warehouse.landing.location import landed_uri, local_landed_dir
from cld_warehouse.project import PROJECT_DIR_ENV, project_dir
from cld_warehouse.warehouse.lock import EXIT_LOCKED, LockHeld, warehouse_lock

BUILDING_DIR = ".building"
EXIT_DBT_FAILED = 1
EXIT_REJECTED = 4
DEFAULT_DATABASE = {"test": "test/cld_test.duckdb", "prod": "cld_prod.duckdb"}
#: LAs listed one by one in the summary (those with a rejected file first).
SUMMARY_LAS = 25


def default_dir(env: str, fallback: Path) -> Path:
    """The folder named by the environment variable `env`, else `fallback`."""
    value = os.environ.get(env, "").strip()
    return Path(value) if value else fallback


def published_database(work_dir: Path, target: str | None) -> Path:
    """The published warehouse file: $CLD_DUCKDB_PATH, else the target's file in the work folder."""
    value = os.environ.get("CLD_DUCKDB_PATH", "").strip()
    if value:
        return Path(value)
    return work_dir / DEFAULT_DATABASE.get(target or os.environ.get("CLD_TARGET", "dev"), "cld.duckdb")


def building_database(published: Path) -> Path:
    """The file a build writes: the published file's name, in the work folder's .building/."""
    return published.parent / BUILDING_DIR / published.name


def _remove_database(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        if p.exists():
            p.unlink()


def prepare_build_file(published: Path, full_refresh: bool) -> Path:
    """The file dbt builds into: empty for a full refresh, else a copy of the published one."""
    building = building_database(published)
    building.parent.mkdir(parents=True, exist_ok=True)
    _remove_database(building)
    if not full_refresh and published.exists():
        shutil.copyfile(published, building)
        wal = published.with_name(published.name + ".wal")
        if wal.exists():
            shutil.copyfile(wal, building.with_name(building.name + ".wal"))
    return building


def publish(building: Path, published: Path) -> None:
    """Fold the write-ahead log into the new file, then rename it over the published one."""
    import duckdb

    con = duckdb.connect(str(building))
    try:
        con.execute("checkpoint")
    finally:
        con.close()
    if building.with_name(building.name + ".wal").exists():
        raise RuntimeError(f"{building}: write-ahead log left after checkpoint; not published")
    old_wal = published.with_name(published.name + ".wal")
    if old_wal.exists():   # would be replayed into the new file: it belongs to the old one
        old_wal.unlink()
    os.replace(building, published)


def run_dbt(args: list[str], building: Path, dbt_project: Path, pass_fds: tuple[int, ...]) -> int:
    """Run dbt in `dbt_project` against the building file; returns dbt's exit code."""
    env = dict(os.environ)
    env["CLD_DUCKDB_PATH"] = str(building)
    env.setdefault("DBT_PROFILES_DIR", str(dbt_project / "profiles"))
    dbt = Path(sys.executable).parent / "dbt"
    command = [str(dbt) if dbt.exists() else "dbt", *args]
    sys.stdout.flush()
    return subprocess.run(command, cwd=dbt_project, env=env, pass_fds=pass_fds).returncode


def summary(database: Path, docs: Path | None = None) -> tuple[list[str], int]:
    """What the build decided, for a person; returns (lines, rejected files)."""
    import duckdb

    con = duckdb.connect(str(database), read_only=True)
    try:
        tables = {r[0] for r in con.execute(
            "select table_schema || '.' || table_name from information_schema.tables").fetchall()}
        if "dq.dq_submissions" not in tables:
            return [f"cld build: {database} has no dq.dq_submissions (a partial build, e.g. --select): "
                    "no file summary", f"  warehouse: {database}"], 0
        files = con.execute(
            "select coalesce(la_code, '(none)'), landed_file_name, is_accepted, submission_status, "
            "coalesce(rejection_message, rejection_reasons, submission_status), coalesce(rows_staged, 0), "
            "coalesce(error_issues, 0), coalesce(warning_issues, 0), coalesce(info_issues, 0) "
            "from dq.dq_submissions order by 1, 2").fetchall()
        selected = con.execute(
            "select la_code, cast(year_start as varchar), selected_file_name, has_usable_file, selection_reason "
            "from intermediate.int_submissions_selected order by la_code, year_start").fetchall() \
            if "intermediate.int_submissions_selected" in tables else []
        flow = con.execute("select flow_status, sum(row_count) from dq.dq_row_flow group by 1 order by 1").fetchall() \
            if "dq.dq_row_flow" in tables else []
    finally:
        con.close()
    rejected = [f for f in files if not f[2]]
    lines = [f"cld build: {len(files)} file(s): {len(files) - len(rejected)} accepted, {len(rejected)} rejected; "
             f"rows staged {sum(f[5] for f in files):,}; issues: {sum(f[6] for f in files):,} error, "
             f"{sum(f[7] for f in files):,} warning, {sum(f[8] for f in files):,} info"]
    if flow:
        lines.append("  row flow: " + ", ".join(f"{status} {count:,}" for status, count in flow))
    per_la: dict[str, list] = {}
    for f in files:
        per_la.setdefault(f[0], []).append(f)
    chosen: dict[str, list[str]] = {}
    for la, year_start, name, usable, reason in selected:
        chosen.setdefault(la, []).append(f"{year_start[:4]}: {name if usable else 'none (' + reason + ')'}")
    lines.append("  per LA (files, accepted, rejected; file selected for the period):")
    ordered = sorted(per_la.items(), key=lambda kv: (all(f[2] for f in kv[1]), kv[0]))
    for la, la_files in ordered[:SUMMARY_LAS]:
        accepted = sum(1 for f in la_files if f[2])
        lines.append(f"    {la}: {len(la_files)} file(s), {accepted} accepted, {len(la_files) - accepted} rejected; "
                     f"selected {'; '.join(chosen.get(la, ['none']))}")
    if len(ordered) > SUMMARY_LAS:
        lines.append(f"    ... and {len(ordered) - SUMMARY_LAS} more LA(s), every file accepted")
    for f in rejected:
        reason = f[4].removeprefix(f"{f[1]}: ")
        lines.append(f"  rejected: {f[1]}: {reason}")
    lines.append(f"  warehouse: {database}  (DuckDB; open it read-only, e.g. `duckdb -readonly {database}`)")
    if docs is not None:
        lines.append(f"  docs: {docs}  (or `make docs`)")
    lines.append(f"  exports: `cld export-dq`, `cld export-la`, `cld export-trace` write under "
                 f"{project_dir() / 'warehouse' / 'exports'} by default (--out elsewhere)")
    return lines, len(rejected)


@one_line_errors
def main(argv: list[str] | None = None) -> int:
    """``cld build`` (see the module docstring)."""
    p = CliParser(prog="cld build", description=__doc__.splitlines()[0],
                  epilog="Other options (e.g. --select, --vars, --threads) are passed to dbt build.")
    p.add_argument("--land", action="store_true", help="land the landing folder first, under the same lock")
    p.add_argument("--landing-dir", type=Path, default=None,
                   help="with --land: folder of submitted files (default: $CLD_LANDING_DIR, else data/demo/landing)")
    p.add_argument("--work-dir", type=Path, default=None,
                   help="warehouse work folder: landed area, lock, building file (default: $CLD_WORK_DIR, else warehouse)")
    p.add_argument("--full-refresh", action="store_true",
                   help="build from an empty file (else: incrementally, on a copy of the published warehouse)")
    p.add_argument("--selector", help="dbt selector, e.g. rebuild (selectors.yml)")
    p.add_argument("--target", help="dbt target of profiles/profiles.yml (default: $CLD_TARGET, else dev)")
    p.add_argument("--docs", action="store_true", help="also run `dbt docs generate --static` before publishing")
    p.add_argument("--fail-on-rejected", action="store_true",
                   help="exit 4 when a file is rejected (default: exit 0, the other LAs go on)")
    p.add_argument("--project-dir", type=Path, default=None,
                   help="the dbt project (default: $CLD_PROJECT_DIR, else the current folder)")
    a, dbt_options = p.parse_known_args(argv)
    work_dir = (a.work_dir or default_dir("CLD_WORK_DIR", project_dir() / "warehouse")).resolve()
    if work_dir.exists() and not work_dir.is_dir():
        raise UsageError(f"{p.prog}: --work-dir {work_dir} is not a folder")
    dbt_project = check_folder(p.prog, "--project-dir", a.project_dir or project_dir())
    if not (dbt_project / "dbt_project.yml").is_file():
        raise UsageError(f"{p.prog}: --project-dir {dbt_project} has no dbt_project.yml")
    os.environ[PROJECT_DIR_ENV] = str(dbt_project)   # landing reads this project's seeds and vars
    landing_dir = None
    if a.land:
        demo = project_dir() / "data" / "demo" / "landing"
        landing_dir = check_folder(p.prog, "--landing-dir", a.landing_dir or default_dir("CLD_LANDING_DIR", demo))
        # where dbt's sources read it too ($CLD_LANDED_URI, else <work dir>/landed)
        landed = local_landed_dir(landed_uri(work_dir), p.prog)
    published = published_database(work_dir, a.target).resolve()
    if published.exists() and not published.is_file():
        raise UsageError(f"{p.prog}: the warehouse path {published} is not a file")
    dbt_args = ["build"] + (["--full-refresh"] if a.full_refresh else []) \
        + (["--selector", a.selector] if a.selector else []) + (["--target", a.target] if a.target else []) \
        + dbt_options
    try:
        with warehouse_lock(work_dir, "cld build " + " ".join(argv if argv is not None else sys.argv[1:])) as fd:
            if landing_dir is not None:
                from cld_warehouse.landing.submissions import run_landing
                run_landing(landing_dir, work_dir, landed_dir=landed)
            started = time.perf_counter()
            building = prepare_build_file(published, a.full_refresh)
            code = run_dbt(dbt_args, building, dbt_project, (fd,))
            docs = None
            if code == 0 and a.docs:
                code = run_dbt(["docs", "generate", "--static"] + (["--target", a.target] if a.target else []),
                               building, dbt_project, (fd,))
                docs = dbt_project / "target" / "static_index.html"
            if code != 0:
                print(f"cld build: dbt failed (exit {code}); nothing published: the warehouse {published} is "
                      f"unchanged{'' if published.exists() else ' (none yet)'}; the failed build is in {building}",
                      file=sys.stderr)
                return EXIT_DBT_FAILED
            try:
                publish(building, published)
            except OSError as exc:
                print(f"cld build: built, but could not publish {building} as {published}: {exc.strerror} "
                      "(is the warehouse open in a program that locks files?)", file=sys.stderr)
                return EXIT_DBT_FAILED
            print(f"cld build: published {published} ({time.perf_counter() - started:.0f} s)")
    except LockHeld as exc:
        print(f"cld build: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    lines, rejected = summary(published, docs)
    print("\n".join(lines))
    if rejected and a.fail_on_rejected:
        print(f"cld build: --fail-on-rejected: {rejected} file(s) rejected (listed above)", file=sys.stderr)
        return EXIT_REJECTED
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
