"""The landing step: read every submitted file tolerantly into the warehouse's landed area.

``cld land [--landing-dir DIR] [--work-dir DIR] [--processes N]``
(also ``python -m cld_warehouse.landing.submissions``).

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

Output under ``<work-dir>/landed/`` (rewritten every run):

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

import codecs
import csv
import hashlib
import json
import multiprocessing
import os
import re
import sys
import time
from datetime import datetime, timezone
from itertools import chain
from operator import itemgetter
from pathlib import Path

from cld_warehouse.cli.args import CliParser, UsageError, one_line_errors, positive_int
from cld_warehouse.cli.progress import progress_bar
from cld_warehouse.project import project_dir, project_path, seed_path
from cld_warehouse.tracing.land import TRACE_DIR_NAME, land_trace_responses
from cld_warehouse.warehouse.lock import EXIT_LOCKED, LockHeld, warehouse_lock

ITEMS_SEED = ("spec", "cld_data_items.csv")   # under seeds/ of the project folder

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
ROW_META = ["landed_file_name", "source_row_number", "source_field_count"]

#: The landing contract, exactly (ASCII digits only; a real calendar date is checked separately).
NAME_PATTERN = re.compile(r"CLD_([0-9]{3})_([0-9]{8})_([0-9]{8})_([0-9]{14})\.csv")
CHUNK = 1 << 20


def max_line_bytes() -> int:
    """The most bytes one landed record may take in a rows file, its line end included: the
    var ``cld_landed_max_line_bytes`` of dbt_project.yml, which staging also passes to DuckDB as
    ``max_line_size`` (one number for both sides, so what lands is always readable).  Read from
    the project folder (``cld_warehouse.project``) when this module is imported: ``cld`` imports
    it after ``--project-dir``, and the landing workers (spawned) inherit the folder."""
    import yaml  # installed with dbt
    project_file = project_path("dbt_project.yml")
    if not project_file.is_file():
        from cld_warehouse.cli.args import UsageError
        raise UsageError(f"cld land: no dbt_project.yml in {project_dir()}: run cld from the project folder, "
                         "or give `cld --project-dir DIR`")
    return int(yaml.safe_load(project_file.read_text(encoding="utf-8"))["vars"]["cld_landed_max_line_bytes"])


#: A landed record (UTF-8, line end included) longer than this is refused, and the file with it.
MAX_LINE_BYTES = max_line_bytes()
#: A field can never be longer than its record: the csv module stops there, before a quote left
#: open eats the whole file.
FIELD_LIMIT = MAX_LINE_BYTES
#: The header's cells are registered in columns.csv and files.csv (extra_columns): it must leave
#: room there.
MAX_HEADER_BYTES = MAX_LINE_BYTES // 4
#: Bytes that Windows-1252 leaves undefined (Python's cp1252 codec rejects them).
CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
TRAILING_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
NOT_ALNUM = re.compile(r"[^a-z0-9]")

csv.field_size_limit(FIELD_LIMIT)


# --------------------------------------------------------------------------------------------
# The spec's data items and header matching
# --------------------------------------------------------------------------------------------

_ITEMS: list[dict[str, str]] | None = None


def data_items() -> list[dict[str, str]]:
    """The 40 data items, in item order, from the spec seed (read once per process)."""
    global _ITEMS
    if _ITEMS is None:
        with seed_path(*ITEMS_SEED).open(newline="", encoding="utf-8") as fh:
            _ITEMS = [row for row in csv.DictReader(fh)]
    return _ITEMS


def items_fingerprint() -> str:
    """SHA-256 of the data items seed: a changed seed invalidates the reuse cache."""
    return hashlib.sha256(seed_path(*ITEMS_SEED).read_bytes()).hexdigest()


def header_key(text: str) -> str:
    """Case, spacing, punctuation, ``(£)``/``£`` and line breaks do not matter."""
    text = text.lower().replace("(£)", "").replace("£", "")
    return NOT_ALNUM.sub("", text)


def strip_qualifier(text: str) -> str:
    """``Unit Cost (£)`` -> ``Unit Cost``; ``Delivery Mechanism (Long Term ...)`` -> ``Delivery Mechanism``."""
    return TRAILING_QUALIFIER.sub("", text.strip())


class HeaderMatcher:
    """Maps a submitted header cell to a data item's column_name (or None)."""

    def __init__(self, items: list[dict[str, str]]):
        self.full: dict[str, str] = {}
        self.stripped: dict[str, str] = {}
        self.template = {i["column_name"]: i["template_column_name"] for i in items}
        for item in items:
            name, column = item["template_column_name"], item["column_name"]
            for variant in (name, column):
                key = header_key(variant)
                if key:
                    self.full.setdefault(key, column)
        for item in items:
            key = header_key(strip_qualifier(item["template_column_name"]))
            if key:
                self.stripped.setdefault(key, item["column_name"])

    def match(self, cell: str) -> tuple[str | None, str]:
        """(column_name, 'exact' | 'normalised') or (None, 'unmatched')."""
        key = header_key(cell)
        column = self.full.get(key) or self.stripped.get(key)
        if column is None:
            key = header_key(strip_qualifier(cell))
            column = (self.full.get(key) or self.stripped.get(key)) if key else None
        if column is None:
            return None, "unmatched"
        return column, "exact" if cell == self.template[column] else "normalised"


# --------------------------------------------------------------------------------------------
# File name (landing contract)
# --------------------------------------------------------------------------------------------

def _date(token: str | None) -> str:
    if not token:
        return ""
    try:
        parsed = datetime.strptime(token, "%Y%m%d")
    except ValueError:
        return ""
    return parsed.date().isoformat() if parsed.strftime("%Y%m%d") == token else ""


def _timestamp(token: str | None) -> str:
    if not token:
        return ""
    try:
        parsed = datetime.strptime(token, "%Y%m%d%H%M%S")
    except ValueError:
        return ""
    return parsed.strftime("%Y-%m-%d %H:%M:%S") if parsed.strftime("%Y%m%d%H%M%S") == token else ""


def parse_name(name: str) -> dict[str, str]:
    """Submission metadata from the file name.  is_name_valid only for an exact contract match
    with real calendar dates; otherwise the parts are parsed as far as they go (else empty)."""
    exact = NAME_PATTERN.fullmatch(name)
    stem = name.split(".", 1)[0]
    tokens = stem.split("_")
    out = {"is_name_valid": "false", "name_la_code": "", "name_period_start": "", "name_period_end": "",
           "name_submitted_at": ""}
    if tokens[0].upper() != "CLD" or len(tokens) < 2:
        return out

    def token(i: int, pattern: str) -> str | None:
        if len(tokens) <= i:
            return None
        m = re.match(pattern, tokens[i])
        return m.group(1) if m else None

    out["name_la_code"] = token(1, r"([0-9A-Za-z]+)$") or ""
    out["name_period_start"] = _date(token(2, r"([0-9]{8})(?![0-9])"))
    out["name_period_end"] = _date(token(3, r"([0-9]{8})(?![0-9])"))
    out["name_submitted_at"] = _timestamp(token(4, r"([0-9]{14})(?![0-9])"))
    if exact and out["name_period_start"] and out["name_period_end"] and out["name_submitted_at"]:
        out["is_name_valid"] = "true"
    return out


# --------------------------------------------------------------------------------------------
# Pass 1: size, SHA-256, byte-order mark (streamed)
# --------------------------------------------------------------------------------------------

def probe(path: Path) -> dict:
    """One streamed read: {"size", "sha256", "bom"} where bom is utf-8-sig, utf-16 or ''."""
    sha = hashlib.sha256()
    size = 0
    bom = ""
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            if size == 0:
                if chunk.startswith(codecs.BOM_UTF8):
                    bom = "utf-8-sig"
                elif chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    bom = "utf-16"
            sha.update(chunk)
            size += len(chunk)
    return {"size": size, "sha256": sha.hexdigest(), "bom": bom}


def first_invalid_offset(path: Path, codec: str, skip: int) -> int | None:
    """Absolute byte offset of the first byte that codec (strict) rejects, after skip bytes."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    consumed = skip
    with path.open("rb") as fh:
        fh.seek(skip)
        while True:
            chunk = fh.read(CHUNK)
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk, not chunk)
            except UnicodeDecodeError as exc:
                return consumed - pending + exc.start
            if not chunk:
                return None
            consumed += len(chunk)


def first_cp1252_undefined(path: Path) -> tuple[int, int] | None:
    """(offset, byte) of the first byte Windows-1252 leaves undefined, or None."""
    offset = 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            m = CP1252_UNDEFINED.search(chunk)
            if m:
                return offset + m.start(), chunk[m.start()]
            offset += len(chunk)
    return None


def _byte_at(path: Path, offset: int) -> int:
    with path.open("rb") as fh:
        fh.seek(offset)
        data = fh.read(1)
    return data[0] if data else 0


# --------------------------------------------------------------------------------------------
# Pass 2: parse and write the rows file (streamed)
# --------------------------------------------------------------------------------------------

def _needs_quotes(value: str) -> bool:
    return any(c in value for c in ',"\r\n')


def csv_line(values) -> str:
    """One CSV line: csv.writer's QUOTE_MINIMAL output, but a lone CR is quoted too (csv.writer
    with a ``\\n`` line terminator leaves it bare, and readers take it for a line break)."""
    out = []
    for v in values:
        s = v if isinstance(v, str) else str(v)
        out.append('"' + s.replace('"', '""') + '"' if _needs_quotes(s) else s)
    return ",".join(out) + "\n"


def _blank(record: list[str]) -> bool:
    return not any(cell.strip() for cell in record)


class Unreadable(Exception):
    pass


def _csv_problem(exc: csv.Error, line: int, start: int) -> str:
    text = str(exc)
    where = f"line {line}" + (f" (record starting at line {start})" if start != line else "")
    if text.startswith("unexpected end of data"):
        return (f"malformed CSV at line {start}: unexpected end of data inside quotes "
                f"(a quoted field is never closed)")
    if text.startswith("field larger than field limit"):
        return (f"a field longer than {FIELD_LIMIT:,} characters in the record starting at line {start} "
                f"(over the limit of {MAX_LINE_BYTES:,} bytes per record, var cld_landed_max_line_bytes; "
                f"or a quote that is never closed)")
    if "expected after" in text:
        return f"malformed CSV at {where}: a closing quote is followed by other text ({text})"
    return f"malformed CSV at {where}: {text}"


def _too_long(line: str) -> int:
    """0 when the landed line fits in MAX_LINE_BYTES (UTF-8), else its size in bytes.  Encoded
    only when it could be too long (a character is at most 4 bytes)."""
    n = len(line)
    if n * 4 <= MAX_LINE_BYTES:
        return 0
    size = n if n > MAX_LINE_BYTES else len(line.encode("utf-8"))
    return size if size > MAX_LINE_BYTES else 0


def _oversize(size: int, record: int, line: int) -> Unreadable:
    return Unreadable(f"record {record} (starting at line {line}) takes {size:,} bytes once landed, over the "
                      f"limit of {MAX_LINE_BYTES:,} bytes per record (var cld_landed_max_line_bytes); "
                      f"the file is rejected")


class _Layout:
    """How a header's cells map to the 40 columns."""

    def __init__(self, header: list[str], name: str, columns: list[str], matcher: HeaderMatcher):
        size = len(csv_line(header).encode("utf-8"))
        if size > MAX_HEADER_BYTES:
            raise Unreadable(f"the header takes {size:,} bytes, over the limit of {MAX_HEADER_BYTES:,} "
                             f"(a quarter of var cld_landed_max_line_bytes); the file is rejected")
        self.header = header
        self.width = width = len(header)
        # target column -> source position; width = the sentinel (an appended "")
        source_of = {c: width for c in columns}
        seen: set[str] = set()
        self.cells: list[list] = []
        for pos, cell in enumerate(header, start=1):
            column, method = matcher.match(cell)
            if column is not None and column in seen:
                method = "duplicate"
            elif column is not None:
                seen.add(column)
                source_of[column] = pos - 1
            self.cells.append([name, pos, LINE_BREAK.sub(" ", cell), column or "", method])
        positions = [source_of[c] for c in columns]
        self.getter = itemgetter(*positions)
        self.identity = positions == list(range(len(columns))) and width == len(columns)
        self.pad = [""] * (width + 1)

    def values(self, record: list[str]) -> list[str] | tuple[str, ...]:
        """The 40 values in column order (record may be extended in place)."""
        n, width = len(record), self.width
        if self.identity and n == width:
            return record
        if n <= width:
            record.extend(self.pad[n:])
        else:
            record[width] = ""
        return self.getter(record)


def read_rows(path: Path, encoding: str, rows_file: Path, name: str) -> dict:
    """Parse one file in the given encoding and write its rows file; return header facts and counts.

    Raises Unreadable (message without the file name) for malformed CSV, UnicodeDecodeError when
    the bytes are not in that encoding.  Lines are first split on commas — exactly what the csv
    module does with a line that holds no quote — and, when the header is the template's and the
    field count right, copied through; from the first line holding a quote on, the rest of the
    file goes through csv.reader (strict; quoted line breaks pull more lines)."""
    items = data_items()
    columns = [i["column_name"] for i in items]
    n_columns = len(columns)
    matcher = HeaderMatcher(items)
    tmp = rows_file.with_name(rows_file.name + ".tmp")
    blank = 0
    count = 0
    line_no = 0                      # physical lines consumed by the split phase
    layout: _Layout | None = None
    qname = csv_line([name])[:-1]
    try:
        with path.open("r", encoding=encoding, errors="strict", newline="") as src, \
                tmp.open("w", encoding="utf-8", newline="", buffering=CHUNK) as out:
            write = out.write
            write(csv_line(ROW_META + columns))
            quoted_line = None
            # phase 1: no quote seen yet
            for line in src:
                if '"' in line:
                    quoted_line = line
                    break
                line_no += 1
                body = line.rstrip("\r\n")
                first = body[:1]
                if (not first or first == "," or first.isspace()) and not body.replace(",", "").strip():
                    blank += 1
                    continue
                if layout is None:
                    layout = _Layout(body.split(","), name, columns, matcher)
                    identity, commas, width = layout.identity, layout.width - 1, layout.width
                    continue
                count += 1
                if identity and body.count(",") == commas:
                    text = f"{qname},{count},{width},{body}\n"
                else:
                    record = body.split(",")
                    text = f"{qname},{count},{len(record)},{','.join(layout.values(record))}\n"
                size = _too_long(text)
                if size:
                    raise _oversize(size, count, line_no)
                write(text)
            # phase 2: the csv module from the first line holding a quote
            if quoted_line is not None:
                reader = csv.reader(chain((quoted_line,), src), strict=True)
                done = 0                 # reader lines consumed by complete records
                try:
                    for record in reader:
                        if _blank(record):
                            blank += 1
                            done = reader.line_num
                            continue
                        if layout is None:
                            layout = _Layout(record, name, columns, matcher)
                            done = reader.line_num
                            continue
                        count += 1
                        n = len(record)
                        values = layout.values(record)
                        joined = ",".join(values)
                        if joined.count(",") == n_columns - 1 and '"' not in joined \
                                and "\n" not in joined and "\r" not in joined:
                            text = f"{qname},{count},{n},{joined}\n"
                        else:
                            text = csv_line([name, count, n, *values])
                        size = _too_long(text)
                        if size:
                            raise _oversize(size, count, line_no + done + 1)
                        write(text)
                        done = reader.line_num
                except csv.Error as exc:
                    raise Unreadable(_csv_problem(exc, line_no + reader.line_num, line_no + done + 1)) from None
        if layout is None:
            layout = _Layout([], name, columns, matcher)
        os.replace(tmp, rows_file)
    finally:
        if tmp.exists():
            tmp.unlink()
    cells = layout.cells
    matched = {c[3] for c in cells if c[4] in ("exact", "normalised")}
    extra = [c[2] if c[2].strip() else f"(blank header in column {c[1]})" for c in cells if c[4] == "unmatched"]
    return {
        "rows_read": str(count),
        "blank_lines_skipped": str(blank),
        "header_column_count": str(layout.width),
        "missing_mandatory_columns": " | ".join(i["template_column_name"] for i in items
                                                if i["is_mandatory"] == "true" and i["column_name"] not in matched),
        "missing_voluntary_columns": " | ".join(i["template_column_name"] for i in items
                                                if i["is_mandatory"] != "true" and i["column_name"] not in matched),
        "extra_columns": " | ".join(extra),
        "_columns": cells,
    }


def decode_and_read(path: Path, bom: str, rows_file: Path, name: str) -> tuple[str, dict]:
    """(encoding, read_rows facts): BOM, else strict UTF-8, else strict Windows-1252.
    Raises Unreadable when no encoding fits or the CSV is malformed."""
    if bom:
        try:
            return bom, read_rows(path, bom, rows_file, name)
        except UnicodeDecodeError:
            if bom == "utf-8-sig":
                bad = first_invalid_offset(path, "utf-8", 3)
                raise Unreadable(f"a UTF-8 byte-order mark but not valid UTF-8 (invalid byte "
                                 f"0x{_byte_at(path, bad or 0):02x} at offset {bad})") from None
            codec = "utf-16-le" if _byte_at(path, 0) == 0xFF else "utf-16-be"
            bad = first_invalid_offset(path, codec, 2)
            raise Unreadable(f"a UTF-16 byte-order mark but not valid UTF-16 (invalid data at offset {bad})") from None
    try:
        return "utf-8", read_rows(path, "utf-8", rows_file, name)
    except UnicodeDecodeError:
        pass
    undefined = first_cp1252_undefined(path)
    if undefined is not None:
        offset, byte = undefined
        raise Unreadable(f"not UTF-8 or Windows-1252 (invalid byte 0x{byte:02x} at offset {offset})")
    return "cp1252", read_rows(path, "cp1252", rows_file, name)


def land_file(path: Path, landed_dir: Path, rows_path: str, cached: dict | None = None) -> dict:
    """Land one file.  Returns {"file": files.csv row (without landed_at), "columns": [...],
    "reused": bool, "rows_size": int}.  Never raises for a problem of the file itself."""
    name = path.name
    row = {"landed_file_name": name, "file_size_bytes": "", "content_sha256": "", "detected_encoding": "",
           **parse_name(name), "rows_read": "0", "blank_lines_skipped": "0", "header_column_count": "0",
           "missing_mandatory_columns": "", "missing_voluntary_columns": "", "extra_columns": "",
           "load_status": "unreadable", "load_message": "", "rows_path": ""}
    rows_file = landed_dir / rows_path
    try:
        facts = probe(path)
        row.update(file_size_bytes=str(facts["size"]), content_sha256=facts["sha256"])
        if cached and cached["file"].get("content_sha256") == facts["sha256"] \
                and _rows_intact(cached, landed_dir, rows_path):
            return {"file": {**row, **cached["file"]}, "columns": cached["columns"], "reused": True,
                    "rows_size": cached.get("rows_size")}
        encoding, found = decode_and_read(path, facts["bom"], rows_file, name)
    except Unreadable as exc:
        row["load_message"] = f"{name}: {exc}"
        return {"file": row, "columns": [], "reused": False}
    except OSError as exc:
        row["load_message"] = f"{name}: cannot be read ({exc.strerror or exc})"
        return {"file": row, "columns": [], "reused": False}
    columns = found.pop("_columns")
    row.update(found, detected_encoding=encoding, load_status="loaded", rows_path=rows_path)
    return {"file": row, "columns": columns, "reused": False, "rows_size": rows_file.stat().st_size}


def _rows_intact(cached: dict, landed_dir: Path, rows_path: str) -> bool:
    file = cached["file"]
    if file.get("load_status") != "loaded":
        return True                      # unreadable: nothing on disk to check
    if file.get("rows_path") != rows_path:
        return False
    target = landed_dir / rows_path
    return target.is_file() and target.stat().st_size == cached.get("rows_size")


def _land_job(job: tuple[str, str, str, dict | None]) -> dict:
    path, landed_dir, rows_path, cached = job
    return land_file(Path(path), Path(landed_dir), rows_path, cached)


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


def land(landing_dir: Path, work_dir: Path, processes: int | None = None) -> list[dict]:
    """Land every file of landing_dir into work_dir/landed; return the files.csv rows (dicts of text)."""
    return land_with_stats(landing_dir, work_dir, processes)[0]


def land_with_stats(landing_dir: Path, work_dir: Path, processes: int | None = None,
                    progress: bool | None = False) -> tuple[list[dict], dict]:
    """land(), plus run statistics: {"reused": files whose rows file was reused, "workers": n};
    progress=None shows a progress bar when stderr is a terminal."""
    landing_dir, work_dir = Path(landing_dir), Path(work_dir)
    landed = work_dir / "landed"
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
                for result in pool.imap_unordered(_land_job, jobs, chunksize=1):
                    results.append(result)
                    bar.update(1)
        else:
            results = []
            for job in jobs:
                results.append(_land_job(job))
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
    trace_files = land_trace_responses(landing_dir, work_dir, landed_at)
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


def land_summary(rows: list[dict], stats: dict, landing_dir: Path, work_dir: Path, elapsed: float) -> list[str]:
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
    lines.append(f"  landed area: {work_dir / 'landed'}")
    lines.append("  acceptance (file name, LA, period, columns, duplicates) is decided by the build: "
                 "`make build` / `cld build` prints which files were accepted or rejected and why")
    return lines


@one_line_errors
def main(argv: list[str] | None = None) -> int:
    parser = CliParser(prog="cld land", description=__doc__.splitlines()[0])
    parser.add_argument("--landing-dir", type=Path, default=None,
                        help="folder of submitted files (default: $CLD_LANDING_DIR, else data/demo/landing)")
    parser.add_argument("--work-dir", type=Path, default=None,
                        help="warehouse work folder; output goes to <work-dir>/landed "
                             "(default: $CLD_WORK_DIR, else warehouse)")
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
    try:
        with warehouse_lock(work_dir, "cld land " + " ".join(argv if argv is not None else sys.argv[1:])):
            rows = run_landing(landing_dir, work_dir, args.processes)
    except LockHeld as exc:
        print(f"cld land: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    if args.fail_on_rejected and any(r["load_status"] != "loaded" for r in rows):
        print("cld land: --fail-on-rejected: some files could not be read (listed above)", file=sys.stderr)
        return EXIT_REJECTED
    return 0


def run_landing(landing_dir: Path, work_dir: Path, processes: int | None = None) -> list[dict]:
    """Land (the caller holds the warehouse lock) and print the landing summary."""
    started = time.perf_counter()
    rows, stats = land_with_stats(landing_dir, work_dir, processes, progress=None)
    for line in land_summary(rows, stats, landing_dir, work_dir, time.perf_counter() - started):
        print(line)
    return rows


if __name__ == "__main__":
    raise SystemExit(main())
