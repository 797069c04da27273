"""Landing NHS number trace responses (called by ``cld land``): every
``TRACE_<LA>_<YYYYMMDDHHMMSS>.csv`` in ``<landing dir>/trace_responses/`` read tolerantly into
``<work dir>/landed/trace_files.csv`` and ``trace_rows.csv`` (see the package docstring)."""
from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import datetime, timezone
from pathlib import Path

TRACE_DIR_NAME = "trace_responses"
NAME_PATTERN = re.compile(r"TRACE_([0-9]{3})_([0-9]{14})\.csv")
FILES_HEADER = ["trace_file_name", "file_size_bytes", "content_sha256", "is_name_valid", "name_la_code",
                "name_responded_at", "rows_read", "missing_columns", "load_status", "load_message", "landed_at"]
ROWS_HEADER = ["trace_file_name", "source_row_number", "source_field_count", "local_reference",
               "traced_nhs_number", "match_status"]
REQUIRED = {"localreference": "local_reference", "tracednhsnumber": "traced_nhs_number",
            "matchstatus": "match_status"}


def _key(text: str) -> str:
    """A header cell compared without case, spacing or punctuation: lower case, letters and digits
    only, as SQL macro cld_match_key (tests/python/test_domain_constants.py checks they agree)."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def timestamp_text(token: str) -> str:
    """YYYYMMDDHHMMSS as 'YYYY-MM-DD HH:MM:SS', or '' when it is not a real date and time."""
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
    responded_at = timestamp_text(match.group(2)) if match else ""
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


def land_trace_responses(landing_dir: Path, work_dir: Path, landed_at: str | None = None,
                         landed_dir: Path | None = None) -> list[dict[str, str]]:
    """Write trace_files.csv and trace_rows.csv into the landed area (landed_dir, default
    work_dir/landed; header only when there is no response)."""
    landed = Path(landed_dir) if landed_dir is not None else Path(work_dir) / "landed"
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
