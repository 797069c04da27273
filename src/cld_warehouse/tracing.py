"""NHS number tracing round trip (the DSCRO's batch tracing service for an LA).

Two halves, both around the dbt models of ``models/*/tracing``:

``cld export-trace [--la CODE ...] [--out DIR]``
    writes one trace-request CSV per LA from the mart ``dscro.dscro_trace_requests`` (persons
    whose NHS number is missing or fails its check digit, in the field layout of a batch trace
    request: local reference, surname, forename, date of birth, gender, postcode, NHS number as
    submitted).  File name ``TRACE_REQUEST_<LA>_<YYYYMMDDHHMMSS>.csv``.

``cld simulate-trace --requests DIR --out DIR [--responded-at YYYYMMDDHHMMSS] [--match-rate R]``
    stands in for the national tracing service on synthetic data (demo and tests): answers each
    request file with a response file, ``matched`` with a fresh synthetic NHS number from the 999
    test range (positions no generated person uses) for a deterministic share of the persons,
    ``no_match`` for the rest.  Never for real data.

landing trace responses (called by ``cld land``)
    every ``TRACE_<LA>_<YYYYMMDDHHMMSS>.csv`` in ``<landing dir>/trace_responses/`` is read
    tolerantly into ``<work dir>/landed/trace_files.csv`` (one row per file: name parse, size,
    SHA-256, rows read, missing columns, load status and message) and
    ``<work dir>/landed/trace_rows.csv`` (one row per response record, values as sent).
    Required columns (case, spacing and punctuation ignored): Local Reference, Traced NHS Number,
    Match Status.  Acceptance and every row check happen in SQL (int_trace_files_checked,
    int_trace_responses_checked); Python only decides whether a file can be read.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import datetime, timezone
from pathlib import Path

from cld_warehouse.warehouse_args import (CliParser, UsageError, add_database_argument, check_database,
                                          check_folder, check_la_codes, check_range, confined, la_codes,
                                          one_line_errors, output_folder)

REPO = Path(__file__).resolve().parents[2]
TRACE_DIR_NAME = "trace_responses"
NAME_PATTERN = re.compile(r"TRACE_([0-9]{3})_([0-9]{14})\.csv")
FILES_HEADER = ["trace_file_name", "file_size_bytes", "content_sha256", "is_name_valid", "name_la_code",
                "name_responded_at", "rows_read", "missing_columns", "load_status", "load_message", "landed_at"]
ROWS_HEADER = ["trace_file_name", "source_row_number", "source_field_count", "local_reference",
               "traced_nhs_number", "match_status"]
REQUIRED = {"localreference": "local_reference", "tracednhsnumber": "traced_nhs_number",
            "matchstatus": "match_status"}
REQUEST_COLUMNS = ["local_reference", "surname", "forename", "date_of_birth", "gender", "postcode",
                   "nhs_number"]


def _key(text: str) -> str:
    """A response header's key: lower case, letters and digits only (as SQL macro cld_match_key)."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _timestamp(token: str) -> str:
    try:
        parsed = datetime.strptime(token, "%Y%m%d%H%M%S")
    except ValueError:
        return ""
    return parsed.strftime("%Y-%m-%d %H:%M:%S") if parsed.strftime("%Y%m%d%H%M%S") == token else ""


def _decode(data: bytes) -> str:
    """UTF-8 (BOM allowed), else Windows-1252; raises UnicodeDecodeError when neither fits."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def read_response_file(path: Path) -> tuple[dict[str, str], list[list[str]]]:
    """The file facts (FILES_HEADER keys) and its response records (ROWS_HEADER values)."""
    data = path.read_bytes()
    match = NAME_PATTERN.fullmatch(path.name)
    responded_at = _timestamp(match.group(2)) if match else ""
    facts = {"trace_file_name": path.name, "file_size_bytes": str(len(data)),
             "content_sha256": hashlib.sha256(data).hexdigest(),
             "is_name_valid": "true" if match and responded_at else "false",
             "name_la_code": match.group(1) if match else "", "name_responded_at": responded_at,
             "rows_read": "0", "missing_columns": "", "load_status": "loaded", "load_message": ""}
    try:
        text = _decode(data)
    except UnicodeDecodeError as exc:
        facts.update(load_status="unreadable",
                     load_message=f"{path.name}: not UTF-8 or Windows-1252 text (byte {exc.start})")
        return facts, []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    try:
        header = next(reader, None)
        for record in reader:
            records.append(record)
    except csv.Error as exc:
        facts.update(load_status="unreadable",
                     load_message=f"{path.name}: malformed CSV at line {reader.line_num}: {exc}")
        return facts, []
    if header is None:
        facts.update(load_status="empty", load_message=f"{path.name}: the file is empty")
        return facts, []
    positions = {}
    for i, cell in enumerate(header):
        name = REQUIRED.get(_key(cell))
        if name and name not in positions:
            positions[name] = i
    missing = [n for n in REQUIRED.values() if n not in positions]
    if missing:
        facts.update(load_status="missing_columns", missing_columns="|".join(missing),
                     load_message=f"{path.name}: missing required column(s): {', '.join(missing)}")
        return facts, []
    rows = []
    number = 0
    for record in records:
        if not any(cell.strip() for cell in record):
            continue
        number += 1
        values = [record[positions[n]] if positions[n] < len(record) else "" for n in REQUIRED.values()]
        rows.append([path.name, str(number), str(len(record)), *values])
    facts["rows_read"] = str(number)
    return facts, rows


def land_trace_responses(landing_dir: Path, work_dir: Path, landed_at: str | None = None) -> list[dict[str, str]]:
    """Write landed/trace_files.csv and landed/trace_rows.csv (header only when there is none)."""
    landed = Path(work_dir) / "landed"
    landed.mkdir(parents=True, exist_ok=True)
    folder = Path(landing_dir) / TRACE_DIR_NAME
    paths = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")) \
        if folder.is_dir() else []
    landed_at = landed_at or datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    files = []
    with (landed / "trace_rows.csv").open("w", encoding="utf-8", newline="") as rows_fh:
        rows_writer = csv.writer(rows_fh, lineterminator="\n")
        rows_writer.writerow(ROWS_HEADER)
        for path in paths:
            facts, rows = read_response_file(path)
            rows_writer.writerows(rows)
            files.append({**facts, "landed_at": landed_at})
    with (landed / "trace_files.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(FILES_HEADER)
        writer.writerows([f[k] for k in FILES_HEADER] for f in files)
    return files


def export_requests(database: Path, out_dir: Path, las: list[str] | None = None) -> dict[str, int]:
    """One TRACE_REQUEST_<LA>_<timestamp>.csv per LA with persons to trace; returns rows per LA."""
    import duckdb

    from cld_warehouse.spreadsheet_safe import write_query_csv

    las = check_la_codes("cld export-trace", las)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
    written: dict[str, int] = {}
    con = duckdb.connect(str(database), read_only=True)
    try:
        submitted = {r[0] for r in con.execute(
            "select distinct la_code from dq.dq_submissions where la_code is not null").fetchall()}
        missing = [la for la in las or [] if la not in submitted]
        if missing:
            raise UsageError(f"cld export-trace: no submission from LA {', '.join(missing)} in {database}")
        codes = las or [r[0] for r in con.execute(
            "select distinct la_code from dscro.dscro_trace_requests order by 1").fetchall()]
        out_dir = output_folder("cld export-trace", "--out", Path(out_dir))
        for la in codes:
            cur = con.execute(f"select {', '.join(REQUEST_COLUMNS)} from dscro.dscro_trace_requests "
                              "where la_code = ? order by local_reference", [la])
            written[la] = write_query_csv(cur, confined(out_dir, f"TRACE_REQUEST_{la}_{stamp}.csv"))
    finally:
        con.close()
    return written


SIMULATED_NUMBERS_FROM = 996_600   # test-range positions after the generator's 151 LA blocks


def simulate_responses(requests_dir: Path, out_dir: Path, responded_at: str, match_rate: float = 0.8,
                       seed: int = 42) -> dict[str, tuple[int, int]]:
    """Answer every TRACE_REQUEST_<LA>_*.csv (latest per LA) with TRACE_<LA>_<responded_at>.csv;
    returns {LA: (matched, not matched)}.  Deterministic for the same requests and arguments."""
    import random

    from cld_warehouse.nhs_number import test_range_numbers

    prog = "cld simulate-trace"
    if not _timestamp(responded_at):
        raise UsageError(f"{prog}: --responded-at {responded_at!r} is not a date and time YYYYMMDDHHMMSS")
    check_range(prog, "--match-rate", match_rate, 0.0, 1.0)
    requests_dir = check_folder(prog, "--requests", Path(requests_dir))
    known = None
    latest: dict[str, Path] = {}
    for path in sorted(requests_dir.glob("TRACE_REQUEST_*_*.csv")):
        la = path.name.split("_")[2]
        known = known or set(la_codes())
        if la in known:
            latest[la] = path
    if not latest:
        raise UsageError(f"{prog}: no trace request file (TRACE_REQUEST_<LA>_<time>.csv of one of the 151 LAs) "
                         f"in {requests_dir}; run `cld export-trace` first")
    out_dir = output_folder(prog, "--out", Path(out_dir))
    numbers = test_range_numbers(SIMULATED_NUMBERS_FROM)
    summary = {}
    for la, path in sorted(latest.items()):
        rng = random.Random(f"{seed}-{la}")
        with path.open(newline="", encoding="utf-8-sig") as fh:   # requests carry a BOM
            requests = sorted(csv.DictReader(fh), key=lambda r: r["local_reference"])
        rows = []
        for request in requests:
            if rng.random() < match_rate:
                rows.append([request["local_reference"], next(numbers), "matched"])
            else:
                rows.append([request["local_reference"], "", "no_match"])
        with confined(out_dir, f"TRACE_{la}_{responded_at}.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(["local_reference", "traced_nhs_number", "match_status"])
            writer.writerows(rows)
        matched = sum(1 for r in rows if r[2] == "matched")
        summary[la] = (matched, len(rows) - matched)
    return summary


@one_line_errors
def simulate_main(argv: list[str] | None = None) -> int:
    p = CliParser(prog="cld simulate-trace",
                  description="Answer trace request files like the tracing service (synthetic data only).")
    p.add_argument("--requests", type=Path, default=REPO / "warehouse" / "exports" / "trace_requests",
                   help="folder of TRACE_REQUEST_<LA>_*.csv files (default warehouse/exports/trace_requests)")
    p.add_argument("--out", type=Path, required=True,
                   help="folder the TRACE_<LA>_<time>.csv responses go to, e.g. <landing dir>/trace_responses")
    p.add_argument("--responded-at", default=datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S"),
                   help="response time stamp YYYYMMDDHHMMSS (default now, UTC)")
    p.add_argument("--match-rate", type=float, default=0.8,
                   help="share of persons the simulated service matches, 0 to 1 (default 0.8)")
    p.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    a = p.parse_args(argv)
    summary = simulate_responses(a.requests, a.out, a.responded_at, a.match_rate, a.seed)
    for la, (matched, unmatched) in summary.items():
        print(f"{la}: {matched} matched, {unmatched} not matched")
    print(f"wrote {len(summary)} response file(s) to {a.out}")
    return 0


@one_line_errors
def main(argv: list[str] | None = None) -> int:
    p = CliParser(prog="cld export-trace", description="Write one NHS number trace request CSV per LA.")
    add_database_argument(p)
    p.add_argument("--out", type=Path, default=REPO / "warehouse" / "exports" / "trace_requests",
                   help="folder the request files go to (default warehouse/exports/trace_requests)")
    p.add_argument("--la", action="append", help="LA code, one of the 151 (repeatable); default every LA "
                                                  "with persons to trace")
    a = p.parse_args(argv)
    las = check_la_codes(p.prog, a.la)
    database = check_database(p.prog, a.database, "dscro.dscro_trace_requests")
    written = export_requests(database, a.out, las)
    for la, count in written.items():
        print(f"{la}: {count} person(s) to trace")
    print(f"wrote {len(written)} trace request file(s) to {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
