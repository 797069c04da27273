"""Reading one submitted file (``land_file``): name parse, size and SHA-256, encoding, CSV parsing
with the size limits, header matching, and its rows file written in the one landed dialect
(see ``landing.submissions`` for the rules)."""
from __future__ import annotations

import codecs
import csv
import hashlib
import os
import re
from datetime import datetime
from itertools import chain
from operator import itemgetter
from pathlib import Path

from cld_warehouse.landing.header_matching import HeaderMatcher, data_items
from cld_warehouse.project import project_dir, project_path

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

csv.field_size_limit(FIELD_LIMIT)


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
    """The file cannot be read as a CSV submission; the message says why (its load_message)."""
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


def land_job(job: tuple[str, str, str, dict | None]) -> dict:
    """land_file for a worker process: (file path, landed dir, rows path, cache entry) as text."""
    path, landed_dir, rows_path, cached = job
    return land_file(Path(path), Path(landed_dir), rows_path, cached)
