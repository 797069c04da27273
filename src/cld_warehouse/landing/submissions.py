"""The landing step: read every submitted file tolerantly into the warehouse's landed area.

``cld land [--landing-dir DIR] [--work-dir DIR] [--landed-uri PATH] [--processes N]``
(also ``python -m cld_warehouse.landing.submissions``).  One file is read by
``landing.file_reader``, its header matched by ``landing.header_matching``.

Python decides only whether a file can physically be read; every acceptance decision (file
name, LA, period, missing columns, duplicate content) is made in SQL by dbt from the facts
recorded here.  For each regular file in the landing directory (non-recursive, hidden files
skipped, any extension):

- encoding: a BOM decides (UTF-8 or UTF-16); else strict UTF-8; else strict Windows-1252 (the
  usual export of LA case-management systems: ``£``, ``é``, ``–`` survive); else unreadable;
- CSV parsed with the csv module (comma, ``"`` quoting, quoted newlines kept, ``strict`` so
  malformed quoting makes the file unreadable with the line number); blank lines / rows of
  empty or blank fields are skipped and counted.  For speed, lines before the first one that
  holds a quote are split on commas (which is exactly what the csv module does with them);
- size: a record whose landed line (UTF-8, line end included) would exceed the var
  ``cld_landed_max_line_bytes`` of dbt_project.yml (staging reads the rows files with that
  ``max_line_size``), quoted or not, or a header over a quarter of it, makes the file unreadable
  with a message naming the record — that file alone, so what lands is always readable;
- header cells are matched to the 40 data items of ``seeds/spec/cld_data_items.csv`` ignoring
  case, spacing, punctuation, ``(£)`` and line breaks, or with a trailing parenthesised
  qualifier dropped on either side, or by the warehouse's snake_case name; unmatched cells are
  reported and ignored; a second cell for an already matched item is a ``duplicate`` (the
  first wins).

Output under the landed area, ``<work-dir>/landed/`` unless ``--landed-uri`` or
``CLD_LANDED_URI`` names another folder (``cld_warehouse.landing.location``; rewritten every run):

- ``files.csv``    one row per file: size, SHA-256, encoding, name parse, rows read, blank
                   lines, header facts, load status and message, rows path, landed_at (UTC);
- ``columns.csv``  one row per submitted header cell and the item it matched;
- ``rows/<file stem>.csv``  per readable file: UTF-8, ``\\n`` line ends, ``landed_file_name,
                   source_row_number, source_field_count`` + the 40 column names, values
                   exactly as submitted (a column the file lacks is empty, a CR or CRLF inside
                   a cell kept as it is); one dialect for every file: comma, ``"`` quote and
                   escape (doubled), ``\\n`` record end, a value holding ``,``, ``"``, CR or LF
                   quoted; ``<name>.csv`` when two files share a stem;
- ``rows/_empty.csv``  the header only, so the rows glob is never empty;
- ``trace_files.csv`` / ``trace_rows.csv``  NHS number trace responses found in
                   ``<landing dir>/trace_responses/`` (see ``cld_warehouse.tracing``).

A rows file whose source (name + SHA-256) is unchanged since the last run is reused (record in
``landed/.landing_cache.json``); rows files of files no longer landed are removed.  Files are
processed in parallel and streamed (a file's rows are never all held in memory).  Exit code 0
even when files are unreadable (the build goes on for the other LAs; ``--fail-on-rejected``
makes that 4); 2 when the landing directory does not exist; 3 when another ``cld land`` or
``cld build`` holds the warehouse lock (``cld_warehouse.warehouse.lock``).
"""
from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from cld_warehouse.cli.args import CliParser, UsageError, one_line_errors, positive_int
from cld_warehouse.cli.progress import progress_bar
from cld_warehouse.landing.file_reader import ROW_META, csv_line, land_job
from cld_warehouse.landing.header_matching import data_items, items_fingerprint
from cld_warehouse.landing.location import LANDED_URI_ENV, landed_uri, local_landed_dir
from cld_warehouse.project import project_path
from cld_warehouse.tracing.land import TRACE_DIR_NAME, land_trace_responses
from cld_warehouse.warehouse.lock import EXIT_LOCKED, LockHeld, warehouse_lock

#: Bump when the landed output for the same input would change: invalidates the reuse cache.
LANDING_VERSION = "4"
CACHE_NAME = ".landing_cache.json"
#: LAs listed one by one in the landing summary (those with an unreadable file first).
SUMMARY_LAS = 25
#: Exit code of --fail-on-rejected when a file was not accepted.
EXIT_REJECTED = 4
EMPTY_ROWS_NAME = "_empty.csv"

FILES_HEADER = ["landed_file_name", "file_size_bytes", "content_sha256", "detected_encoding", "is_name_valid",
                "name_la_code", "name_period_start", "name_period_end", "name_submitted_at", "rows_read",
                "blank_lines_skipped", "header_column_count", "missing_mandatory_columns",
                "missing_voluntary_columns", "extra_columns", "load_status", "load_message", "rows_path",
                "landed_at"]
COLUMNS_HEADER = ["landed_file_name", "column_position", "submitted_header", "matched_column_name", "match_method"]


# --------------------------------------------------------------------------------------------
# The landed area
# --------------------------------------------------------------------------------------------

def landing_files(landing_dir: Path) -> list[Path]:
    """Regular files directly in landing_dir, hidden ones skipped, sorted by name."""
    return sorted((p for p in landing_dir.iterdir() if not p.name.startswith(".") and p.is_file()),
                  key=lambda p: p.name)


def rows_names(names: list[str]) -> dict[str, str]:
    """rows/<stem>.csv per file name, made unique (case-insensitively; ``_empty`` is reserved)."""
    used = {Path(EMPTY_ROWS_NAME).stem.casefold()}
    out = {}
    for name in names:
        candidates = [Path(name).stem, name] + [f"{name}~{i}" for i in range(2, len(names) + 3)]
        stem = next(c for c in candidates if c and c.casefold() not in used)
        used.add(stem.casefold())
        out[name] = f"rows/{stem}.csv"
    return out


def _write_csv(path: Path, header: list[str], rows) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        fh.write(csv_line(header))
        for r in rows:
            fh.write(csv_line(r))
    os.replace(tmp, path)


def _read_cache(path: Path, fingerprint: str) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != LANDING_VERSION or data.get("items") != fingerprint:
        return {}
    files = data.get("files")
    if not isinstance(files, dict):
        return {}
    return {name: entry for name, entry in files.items()
            if isinstance(entry, dict) and isinstance(entry.get("file"), dict)
            and isinstance(entry.get("columns"), list)}


def land(landing_dir: Path, work_dir: Path, processes: int | None = None,
         landed_dir: Path | None = None) -> list[dict]:
    """Land every file of landing_dir into landed_dir (default work_dir/landed); return the
    files.csv rows (dicts of text)."""
    return land_with_stats(landing_dir, work_dir, processes, landed_dir=landed_dir)[0]


def land_with_stats(landing_dir: Path, work_dir: Path, processes: int | None = None,
                    progress: bool | None = False, landed_dir: Path | None = None) -> tuple[list[dict], dict]:
    """land(), plus run statistics: {"reused": files whose rows file was reused, "workers": n};
    progress=None shows a progress bar when stderr is a terminal."""
    landing_dir, work_dir = Path(landing_dir), Path(work_dir)
    landed = Path(landed_dir) if landed_dir is not None else work_dir / "landed"
    rows_dir = landed / "rows"
    rows_dir.mkdir(parents=True, exist_ok=True)
    landed_at = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    fingerprint = items_fingerprint()
    cache_file = landed / CACHE_NAME
    cache = _read_cache(cache_file, fingerprint)
    paths = landing_files(landing_dir)
    targets = rows_names([p.name for p in paths])
    # biggest first, so two workers finish together
    jobs = sorted(((str(p), str(landed), targets[p.name], cache.get(p.name)) for p in paths),
                  key=lambda j: -_size(Path(j[0])))
    workers = min(processes or os.cpu_count() or 1, len(jobs))
    with progress_bar(len(jobs), "landing", "file", progress) as bar:
        if workers > 1:
            ctx = multiprocessing.get_context("spawn")
            with ctx.Pool(workers) as pool:
                results = []
                for result in pool.imap_unordered(land_job, jobs, chunksize=1):
                    results.append(result)
                    bar.update(1)
        else:
            results = []
            for job in jobs:
                results.append(land_job(job))
                bar.update(1)
    by_name = {r["file"]["landed_file_name"]: r for r in results}
    keep = {EMPTY_ROWS_NAME} | {Path(r["file"]["rows_path"]).name for r in results if r["file"]["rows_path"]}
    for stale in rows_dir.iterdir():
        if stale.name not in keep and (stale.is_file() or stale.is_symlink()):
            stale.unlink()
    columns = [i["column_name"] for i in data_items()]
    with (rows_dir / EMPTY_ROWS_NAME).open("w", encoding="utf-8", newline="") as fh:
        fh.write(csv_line(ROW_META + columns))
    file_rows = []
    for p in paths:
        file_rows.append({**{k: by_name[p.name]["file"].get(k, "") for k in FILES_HEADER}, "landed_at": landed_at})
    _write_csv(landed / "files.csv", FILES_HEADER, ([r[k] for k in FILES_HEADER] for r in file_rows))
    _write_csv(landed / "columns.csv", COLUMNS_HEADER,
               (c for p in paths for c in by_name[p.name]["columns"]))
    new_cache = {}
    for p in paths:
        r = by_name[p.name]
        entry = {"file": {k: v for k, v in r["file"].items() if k != "landed_at"}, "columns": r["columns"],
                 "rows_size": r.get("rows_size")}
        if entry["file"]["content_sha256"]:
            new_cache[p.name] = entry
    tmp = cache_file.with_name(cache_file.name + ".tmp")
    tmp.write_text(json.dumps({"version": LANDING_VERSION, "items": fingerprint, "files": new_cache}),
                   encoding="utf-8")
    os.replace(tmp, cache_file)
    trace_files = land_trace_responses(landing_dir, work_dir, landed_at, landed_dir=landed)
    return file_rows, {"reused": sum(1 for r in results if r["reused"]), "workers": workers,
                       "trace_files": trace_files}


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _default_dir(env: str, fallback: Path) -> Path:
    value = os.environ.get(env, "").strip()
    return Path(value) if value else fallback


def land_summary(rows: list[dict], stats: dict, landing_dir: Path, landed: Path, elapsed: float) -> list[str]:
    """What landing decided, for a person: files and rows per LA (from the file name), what could
    not be read and why; acceptance (name, period, columns, duplicates) is decided by the build."""
    loaded = [r for r in rows if r["load_status"] == "loaded"]
    unreadable = [r for r in rows if r["load_status"] != "loaded"]
    total = sum(int(r["rows_read"]) for r in loaded)
    lines = [f"cld land: {len(rows)} file(s) found in {landing_dir}",
             f"  loaded: {len(loaded)}  unreadable: {len(unreadable)}  rows: {total:,}  "
             f"({stats['reused']} file(s) unchanged since the last run; {elapsed:.1f} s)"]
    per_la: dict[str, list[dict]] = {}
    for r in rows:
        per_la.setdefault(r["name_la_code"] or "(no LA in the file name)", []).append(r)
    if per_la:
        lines.append("  files landed per LA (LA: files, loaded, rows):")
        shown = sorted(per_la.items(), key=lambda kv: (all(r["load_status"] == "loaded" for r in kv[1]), kv[0]))
        for la, files in shown[:SUMMARY_LAS]:
            ok = [r for r in files if r["load_status"] == "loaded"]
            lines.append(f"    {la}: {len(files)} file(s), {len(ok)} loaded, "
                         f"{sum(int(r['rows_read']) for r in ok):,} rows")
        if len(shown) > SUMMARY_LAS:
            lines.append(f"    ... and {len(shown) - SUMMARY_LAS} more LA(s), every file loaded")
    for r in unreadable:
        lines.append(f"  unreadable: {r['load_message']}")
    traces = stats["trace_files"]
    if traces:
        lines.append(f"  trace responses: {len(traces)} file(s) in {landing_dir / TRACE_DIR_NAME}")
        for t in traces:
            if t["load_status"] != "loaded":
                lines.append(f"  trace response unreadable: {t['load_message']}")
    lines.append(f"  landed area: {landed}")
    lines.append("  acceptance (file name, LA, period, columns, duplicates) is decided by the build: "
                 "`make build` / `cld build` prints which files were accepted or rejected and why")
    return lines


@one_line_errors
def main(argv: list[str] | None = None) -> int:
    """``cld land`` (see the module docstring)."""
    parser = CliParser(prog="cld land", description=__doc__.splitlines()[0])
    parser.add_argument("--landing-dir", type=Path, default=None,
                        help="folder of submitted files (default: $CLD_LANDING_DIR, else data/demo/landing)")
    parser.add_argument("--work-dir", type=Path, default=None,
                        help="warehouse work folder; output goes to <work-dir>/landed "
                             "(default: $CLD_WORK_DIR, else warehouse)")
    parser.add_argument("--landed-uri", default=None, metavar="PATH",
                        help=f"where the landed area is written: a folder or file:// URI, e.g. a mount a Spark "
                             f"cluster reads (default: ${LANDED_URI_ENV}, else <work-dir>/landed; the build "
                             f"reads ${LANDED_URI_ENV} too)")
    parser.add_argument("--processes", type=positive_int, default=None,
                        help="parallel workers (default: one per core)")
    parser.add_argument("--fail-on-rejected", action="store_true",
                        help="exit 4 when a file could not be read (default: exit 0, the other LAs go on)")
    args = parser.parse_args(argv)
    landing_dir = args.landing_dir or _default_dir("CLD_LANDING_DIR", project_path("data", "demo", "landing"))
    work_dir = args.work_dir or _default_dir("CLD_WORK_DIR", project_path("warehouse"))
    if not landing_dir.is_dir():
        what = "is not a directory" if landing_dir.exists() else "does not exist"
        print(f"cld land: the landing directory {landing_dir} {what}", file=sys.stderr)
        return 2
    if work_dir.exists() and not work_dir.is_dir():
        raise UsageError(f"cld land: --work-dir {work_dir} is not a folder")
    landed = local_landed_dir(landed_uri(work_dir, args.landed_uri))
    if landed.exists() and not landed.is_dir():
        raise UsageError(f"cld land: the landed area {landed} is not a folder")
    try:
        with warehouse_lock(work_dir, "cld land " + " ".join(argv if argv is not None else sys.argv[1:])):
            rows = run_landing(landing_dir, work_dir, args.processes, landed)
    except LockHeld as exc:
        print(f"cld land: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    if args.fail_on_rejected and any(r["load_status"] != "loaded" for r in rows):
        print("cld land: --fail-on-rejected: some files could not be read (listed above)", file=sys.stderr)
        return EXIT_REJECTED
    return 0


def run_landing(landing_dir: Path, work_dir: Path, processes: int | None = None,
                landed_dir: Path | None = None) -> list[dict]:
    """Land into landed_dir (default work_dir/landed; the caller holds the warehouse lock) and
    print the landing summary."""
    started = time.perf_counter()
    landed = Path(landed_dir) if landed_dir is not None else Path(work_dir) / "landed"
    rows, stats = land_with_stats(landing_dir, work_dir, processes, progress=None, landed_dir=landed)
    for line in land_summary(rows, stats, landing_dir, landed, time.perf_counter() - started):
        print(line)
    return rows


if __name__ == "__main__":
    raise SystemExit(main())
