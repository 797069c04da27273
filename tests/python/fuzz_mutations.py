"""A seeded mutation generator over the demo submissions, for the fuzz test (test_fuzz.py).

`mutants(demo_dir, out_dir, count, seed, la_codes)` writes `count` damaged submissions to
out_dir, each a slice of a demo file given another LA's code (la_codes, in turn) and put through
one to three mutations drawn from MUTATIONS: record-level damage (header cells dropped,
duplicated or renamed; unicode, control characters, NUL and formula text in cells; a CR, CRLF or
LF inside a quoted cell; an oversize cell, quoted or not; duplicated rows), then the serialised
file's line ends (mixed), encoding (UTF-8, UTF-8 with BOM, Windows-1252, UTF-16) and bytes
(flipped bytes, NUL bytes, a stray quote, truncation).  The same seed gives the same files.
Nothing here knows how `cld land` reads a file: the test counts the rows of every accepted file
independently (count_records).
"""
from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from pathlib import Path

#: Over the landing limit (var cld_landed_max_line_bytes, 2 MiB): the file must be rejected.
OVERSIZE_CHARS = 2_200_000
FORMULAS = ["=cmd|'/c calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)", "=HYPERLINK(\"http://x\",\"y\")", "\t=1+1"]
UNICODE = ["é", "ß", "£", "–", "’", "\u200b", "\u202e", "\ufeff", "\u0301", "😀", "𝔘", "中文", "\u00a0",
           "\u2028", "\U0010fffd"]
CONTROLS = [chr(c) for c in range(1, 32) if c not in (10, 13)] + ["\x7f"]


@dataclass
class Mutant:
    name: str
    mutations: list[str] = field(default_factory=list)


def _cells(rng: random.Random, rows: list[list[str]], k: int):
    """k random (row, column) positions of the data rows."""
    for _ in range(k):
        r = rng.randrange(1, len(rows))
        if rows[r]:
            yield r, rng.randrange(len(rows[r]))


# --- record-level mutations: rows is [header, *records] of text cells -------------------------

def drop_header_cell(rng, rows):
    c = rng.randrange(len(rows[0]))
    for row in rows:
        if c < len(row):
            del row[c]


def duplicate_header_cell(rng, rows):
    c = rng.randrange(len(rows[0]))
    for row in rows:
        if c < len(row):
            row.insert(rng.randrange(len(row) + 1), row[c])


def rename_header_cell(rng, rows):
    c = rng.randrange(len(rows[0]))
    rows[0][c] = rng.choice(["", "Unknown column", rows[0][c].upper() + " (x)", rows[0][c] + "\n2",
                             " " + rows[0][c].lower() + " ", rows[0][(c + 1) % len(rows[0])]])


def unicode_text(rng, rows):
    for r, c in _cells(rng, rows, rng.randint(1, 20)):
        rows[r][c] = rows[r][c] + "".join(rng.choice(UNICODE) for _ in range(rng.randint(1, 5)))


def control_characters(rng, rows):
    for r, c in _cells(rng, rows, rng.randint(1, 20)):
        rows[r][c] = rng.choice(CONTROLS) + rows[r][c] + rng.choice(CONTROLS)


def nul_in_cells(rng, rows):
    for r, c in _cells(rng, rows, rng.randint(1, 10)):
        rows[r][c] = rows[r][c][:1] + "\x00" + rows[r][c][1:]


def formula_text(rng, rows):
    for r, c in _cells(rng, rows, rng.randint(1, 30)):
        rows[r][c] = rng.choice(FORMULAS)


def line_breaks_in_cells(rng, rows):
    for r, c in _cells(rng, rows, rng.randint(1, 10)):
        rows[r][c] = rows[r][c] + rng.choice(["\r\n", "\r", "\n", "\r\n\r\n"]) + "Follow-up booked."


def oversize_cell(rng, rows):
    r, c = next(_cells(rng, rows, 1))
    rows[r][c] = "x" * OVERSIZE_CHARS + rng.choice(["", ",", "\""])


def duplicate_rows(rng, rows):
    record = rows[rng.randrange(1, len(rows))]
    at = rng.randrange(1, len(rows) + 1)
    rows[at:at] = [list(record) for _ in range(rng.randint(2, 2000))]


RECORD_MUTATIONS = [drop_header_cell, duplicate_header_cell, rename_header_cell, unicode_text,
                    control_characters, nul_in_cells, formula_text, line_breaks_in_cells, oversize_cell,
                    duplicate_rows]


# --- byte-level mutations of the serialised file ------------------------------------------------

def flip_bytes(rng, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(buf))
        buf[i] ^= 1 << rng.randrange(8)
    return bytes(buf)


def nul_bytes(rng, data: bytes) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + b"\x00" * rng.randint(1, 4) + data[i:]


def stray_quote(rng, data: bytes) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + b'"' + data[i:]


def truncate(rng, data: bytes) -> bytes:
    return data[:rng.randrange(1, len(data))]


BYTE_MUTATIONS = [flip_bytes, nul_bytes, stray_quote, truncate]
MUTATIONS = [m.__name__ for m in RECORD_MUTATIONS] + ["mixed_line_ends", "encoding"] + \
    [m.__name__ for m in BYTE_MUTATIONS]


def serialise(rng, rows: list[list[str]], mutations: list[str]) -> bytes:
    """CSV text with a line end per record (mixed when drawn) in an encoding (drawn)."""
    quoting = rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])
    ends = ["\n", "\r\n", "\r"]
    end = rng.choice(ends[:2])
    lines = []
    for row in rows:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="", quoting=quoting).writerow(row)
        lines.append(buf.getvalue() + (rng.choice(ends) if "mixed_line_ends" in mutations else end))
    encoding = rng.choice(["utf-8", "utf-8-sig", "cp1252", "utf-16"]) if "encoding" in mutations else "utf-8"
    return "".join(lines).encode(encoding, errors="replace")


def mutants(demo_dir: Path, out_dir: Path, count: int, seed: int, la_codes: list[str]) -> list[Mutant]:
    """Write count mutated submissions to out_dir (names follow the landing contract: another
    LA's code, the demo file's period, a distinct submission time); return what was done."""
    rng = random.Random(seed)
    demo = sorted(Path(demo_dir).glob("CLD_*.csv"))
    out_dir.mkdir(parents=True, exist_ok=True)
    parsed: dict[Path, list[list[str]]] = {}
    made = []
    for i in range(count):
        source = rng.choice(demo)
        if source not in parsed:
            with source.open(newline="", encoding="utf-8") as fh:
                parsed[source] = list(csv.reader(fh))
        records = parsed[source]
        start = rng.randrange(1, max(2, len(records) - 1))
        rows = [list(records[0])] + [list(r) for r in records[start:start + rng.randint(20, 300)]]
        drawn = rng.sample(MUTATIONS, rng.randint(1, 3))
        # an oversize cell is costly (2 MB a file): at most one mutant in ten
        if "oversize_cell" in drawn and rng.random() > 0.1:
            drawn.remove("oversize_cell")
        for mutation in RECORD_MUTATIONS:
            if mutation.__name__ in drawn:
                mutation(rng, rows)
        data = serialise(rng, rows, drawn)
        for mutation in BYTE_MUTATIONS:
            if mutation.__name__ in drawn:
                data = mutation(rng, data)
        _, _, period_start, period_end, _ = source.stem.split("_")
        la = la_codes[i % len(la_codes)]
        name = f"CLD_{la}_{period_start}_{period_end}_2024{(i // 60) % 12 + 1:02d}01{i // 3600 % 24:02d}{i % 3600 // 60:02d}{i % 60:02d}.csv"
        (out_dir / name).write_bytes(data)
        made.append(Mutant(name, drawn or ["none"]))
    return made


def count_records(data: bytes) -> int | None:
    """Data records of a submission, counted with the csv module alone: the byte-order mark
    decides the encoding, else UTF-8, else Windows-1252; records whose cells are all blank are
    not counted, nor the first non-blank one (the header).  None when the text cannot be
    decoded or parsed."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        limit = csv.field_size_limit(1 << 30)      # no limit here (restored: landing sets its own)
        try:
            records = [r for r in csv.reader(io.StringIO(text, newline=""), strict=True)
                       if any(cell.strip() for cell in r)]
        except csv.Error:
            return None
        finally:
            csv.field_size_limit(limit)
        return max(len(records) - 1, 0)
    return None
