"""The landing step: read every submitted file tolerantly into the warehouse's landed area.

``cld land [--landing-dir DIR] [--work-dir DIR]``

Python decides only whether a file can physically be read; every acceptance decision (file
name, LA, period, missing columns, duplicates) is made in SQL by dbt from the facts recorded
here.  For each file in the landing directory (non-recursive, hidden files skipped):

- encoding: a BOM decides (UTF-8 or UTF-16); else strict UTF-8; else strict Windows-1252 (the
  usual export of LA case-management systems: ``£``, ``é``, ``–`` survive); else unreadable;
- CSV parsed with the csv module (quoted newlines kept, malformed quoting = unreadable with the
  line number); blank lines skipped and counted;
- header cells matched to the 40 data items of ``seeds/spec/cld_data_items.csv`` ignoring case,
  spaces, punctuation, ``(£)`` and line breaks, a trailing parenthesised qualifier, or the
  warehouse's snake_case name; unmatched cells are reported and ignored.

Output under ``<work-dir>/landed/``: ``files.csv`` (one row per file), ``columns.csv`` (one row
per header cell), ``rows/<file stem>.csv`` (UTF-8, ``landed_file_name, source_row_number,
source_field_count`` + the 40 column names, values exactly as submitted) and ``rows/_empty.csv``
(header only, so the rows glob is never empty).  Unchanged files (same name and SHA-256) reuse
their rows file; rows files of files no longer landed are removed.  Files are processed in
parallel.  Exit code 0 even when files are unreadable (the build goes on for the other LAs);
2 when the landing directory does not exist.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NAME_PATTERN = re.compile(r"^CLD_(\d{3})_(\d{8})_(\d{8})_(\d{14})\.csv$")
FILES_HEADER = ["landed_file_name", "file_size_bytes", "content_sha256", "detected_encoding", "is_name_valid",
                "name_la_code", "name_period_start", "name_period_end", "name_submitted_at", "rows_read",
                "blank_lines_skipped", "header_column_count", "missing_mandatory_columns",
                "missing_voluntary_columns", "extra_columns", "load_status", "load_message", "rows_path",
                "landed_at"]
COLUMNS_HEADER = ["landed_file_name", "column_position", "submitted_header", "matched_column_name", "match_method"]
ROW_META = ["landed_file_name", "source_row_number", "source_field_count"]
csv.field_size_limit(sys.maxsize)


def data_items() -> list[dict[str, str]]:
    with (REPO / "seeds" / "spec" / "cld_data_items.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def header_key(text: str) -> str:
    """Case, spacing, punctuation, (£) and line breaks do not matter."""
    return re.sub(r"[^a-z0-9]", "", text.replace("£", "").lower())


def header_lookup(items: list[dict[str, str]]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for item in items:
        name, column = item["template_column_name"], item["column_name"]
        for variant in (name, re.sub(r"\s*\([^)]*\)\s*$", "", name), column):
            lookup.setdefault(header_key(variant), column)
    return lookup


def parse_name(name: str) -> dict[str, str]:
    """Submission metadata from a contract file name; empty strings when it does not parse."""
    out = {"is_name_valid": "false", "name_la_code": "", "name_period_start": "", "name_period_end": "",
           "name_submitted_at": ""}
    loose = re.match(r"^CLD_([^_]*)_(\d{8})?_?(\d{8})?_?(\d{14})?", name)
    if loose and loose.group(1):
        out["name_la_code"] = loose.group(1)
    match = NAME_PATTERN.match(name)
    if not match:
        return out
    la, start, end, submitted = match.groups()
    try:
        s = datetime.strptime(start, "%Y%m%d").date()
        e = datetime.strptime(end, "%Y%m%d").date()
        t = datetime.strptime(submitted, "%Y%m%d%H%M%S")
    except ValueError:
        return out
    return {"is_name_valid": "true", "name_la_code": la, "name_period_start": s.isoformat(),
            "name_period_end": e.isoformat(), "name_submitted_at": t.strftime("%Y-%m-%d %H:%M:%S")}


def decode(data: bytes) -> tuple[str | None, str, str]:
    """(text, encoding, problem).  text is None when the bytes are not readable."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig", ""
        except UnicodeDecodeError as exc:
            return None, "", f"invalid UTF-8 after a UTF-8 BOM (byte 0x{data[exc.start + 3]:02x} at offset {exc.start + 3})"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", ""
        except UnicodeDecodeError as exc:
            return None, "", f"invalid UTF-16 (offset {exc.start})"
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        return data.decode("cp1252"), "cp1252", ""
    except UnicodeDecodeError as exc:
        return None, "", (f"not UTF-8 (invalid byte 0x{data[first_bad]:02x} at offset {first_bad}) "
                          f"or Windows-1252 (undefined byte 0x{data[exc.start]:02x} at offset {exc.start})")


def land_file(path: Path, landed_dir: Path, landed_at: str) -> tuple[dict, list[list]]:
    """Read one file; write its rows file; return its files.csv row and its columns.csv rows."""
    name = path.name
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    items = data_items()
    row = {"landed_file_name": name, "file_size_bytes": str(len(data)), "content_sha256": sha,
           "detected_encoding": "", **parse_name(name), "rows_read": "0", "blank_lines_skipped": "0",
           "header_column_count": "0", "missing_mandatory_columns": "", "missing_voluntary_columns": "",
           "extra_columns": "", "load_status": "unreadable", "load_message": "", "rows_path": "",
           "landed_at": landed_at}
    text, encoding, problem = decode(data)
    if text is None:
        row["load_message"] = f"{name}: {problem}"
        return row, []
    row["detected_encoding"] = encoding
    rows_name = f"rows/{path.stem}.csv"
    rows_file = landed_dir / rows_name
    lookup = header_lookup(items)
    columns = [i["column_name"] for i in items]
    header_rows: list[list] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        header: list[str] | None = None
        blank = 0
        count = 0
        tmp = rows_file.with_suffix(".csv.tmp")
        with tmp.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(ROW_META + columns)
            positions: list[int | None] = []
            for record in reader:
                if not any(cell.strip() for cell in record):
                    blank += 1
                    continue
                if header is None:
                    header = record
                    seen: set[str] = set()
                    for pos, cell in enumerate(header, start=1):
                        shown = re.sub(r"[\r\n]+", " ", cell)
                        column = lookup.get(header_key(cell))
                        if column is None:
                            method, matched = "unmatched", ""
                            positions.append(None)
                        elif column in seen:
                            method, matched = "duplicate", column
                            positions.append(None)
                        else:
                            seen.add(column)
                            template = next(i["template_column_name"] for i in items if i["column_name"] == column)
                            method = "exact" if cell == template else "normalised"
                            matched = column
                            positions.append(columns.index(column))
                        header_rows.append([name, pos, shown, matched, method])
                    continue
                count += 1
                values = [""] * len(columns)
                for pos, value in enumerate(record[:len(positions)]):
                    target = positions[pos]
                    if target is not None:
                        values[target] = value
                writer.writerow([name, count, len(record), *values])
        tmp.replace(rows_file)
    except csv.Error as exc:
        row["load_message"] = f"{name}: malformed CSV at line {reader.line_num}: {exc}"
        rows_file.with_suffix(".csv.tmp").unlink(missing_ok=True)
        return row, []
    matched = {r[3] for r in header_rows if r[4] in ("exact", "normalised")}
    row.update({
        "load_status": "loaded", "rows_path": rows_name, "rows_read": str(count), "blank_lines_skipped": str(blank),
        "header_column_count": str(len(header or [])),
        "missing_mandatory_columns": " | ".join(i["template_column_name"] for i in items
                                                if i["is_mandatory"] == "true" and i["column_name"] not in matched),
        "missing_voluntary_columns": " | ".join(i["template_column_name"] for i in items
                                                if i["is_mandatory"] != "true" and i["column_name"] not in matched),
        "extra_columns": " | ".join(r[2] for r in header_rows if r[4] == "unmatched"),
    })
    return row, header_rows


def _land_one(args: tuple[str, str, str]) -> tuple[dict, list[list]]:
    path, landed_dir, landed_at = args
    return land_file(Path(path), Path(landed_dir), landed_at)


def land(landing_dir: Path, work_dir: Path, processes: int | None = None) -> list[dict]:
    """Land every file of landing_dir into work_dir/landed; return the files.csv rows."""
    landed = work_dir / "landed"
    (landed / "rows").mkdir(parents=True, exist_ok=True)
    landed_at = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    paths = sorted(p for p in landing_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    cache_file = landed / "cache.json"
    cache = json.loads(cache_file.read_text()) if cache_file.exists() else {}
    results: dict[str, tuple[dict, list[list]]] = {}
    todo = []
    for p in paths:
        stat = p.stat()
        key = f"{p.name}|{stat.st_size}|{stat.st_mtime_ns}"
        cached = cache.get(p.name)
        if cached and cached["key"] == key and (landed / cached["file"]["rows_path"]).exists() \
                and cached["file"]["load_status"] == "loaded":
            results[p.name] = (cached["file"], cached["columns"])
        else:
            todo.append(p)
    workers = processes or min(len(todo), os.cpu_count() or 1)
    if workers > 1 and len(todo) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for p, res in zip(todo, pool.map(_land_one, [(str(p), str(landed), landed_at) for p in todo])):
                results[p.name] = res
    else:
        for p in todo:
            results[p.name] = land_file(p, landed, landed_at)
    keep = {f"{Path(r[0]['rows_path']).name}" for r in results.values() if r[0]["rows_path"]} | {"_empty.csv"}
    for stale in (landed / "rows").glob("*.csv"):
        if stale.name not in keep:
            stale.unlink()
    columns = [i["column_name"] for i in data_items()]
    with (landed / "rows" / "_empty.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerow(ROW_META + columns)
    file_rows = [results[p.name][0] for p in paths]
    with (landed / "files.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FILES_HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(file_rows)
    with (landed / "columns.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS_HEADER)
        for p in paths:
            writer.writerows(results[p.name][1])
    new_cache = {}
    for p in paths:
        stat = p.stat()
        new_cache[p.name] = {"key": f"{p.name}|{stat.st_size}|{stat.st_mtime_ns}", "file": results[p.name][0],
                             "columns": results[p.name][1]}
    cache_file.write_text(json.dumps(new_cache))
    return file_rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cld land", description=__doc__.splitlines()[0])
    parser.add_argument("--landing-dir", type=Path,
                        default=Path(os.environ.get("CLD_LANDING_DIR", REPO / "data" / "demo" / "landing")))
    parser.add_argument("--work-dir", type=Path, default=Path(os.environ.get("CLD_WORK_DIR", REPO / "warehouse")))
    parser.add_argument("--processes", type=int, default=None, help="parallel workers (default: one per core)")
    args = parser.parse_args(argv)
    if not args.landing_dir.is_dir():
        print(f"cld land: the landing directory {args.landing_dir} does not exist", file=sys.stderr)
        return 2
    rows = land(args.landing_dir, args.work_dir, args.processes)
    loaded = [r for r in rows if r["load_status"] == "loaded"]
    print(f"cld land: {len(rows)} file(s) in {args.landing_dir}: {len(loaded)} read, "
          f"{len(rows) - len(loaded)} unreadable; {sum(int(r['rows_read']) for r in loaded)} rows")
    for r in rows:
        if r["load_status"] != "loaded":
            print(f"  unreadable: {r['load_message']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
