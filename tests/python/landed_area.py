"""Write a landed area (what `cld land` produces) straight from Python dicts, for rule tests
that do not need the landing step itself: files.csv, columns.csv and rows/<file>.csv."""
from __future__ import annotations

import csv
import hashlib
from datetime import date
from pathlib import Path

from cld_warehouse.tracing.land import land_trace_responses

REPO = Path(__file__).resolve().parents[2]
FILES_HEADER = ["landed_file_name", "file_size_bytes", "content_sha256", "detected_encoding", "is_name_valid",
                "name_la_code", "name_period_start", "name_period_end", "name_submitted_at", "rows_read",
                "blank_lines_skipped", "header_column_count", "missing_mandatory_columns",
                "missing_voluntary_columns", "extra_columns", "load_status", "load_message", "rows_path", "landed_at"]


def item_columns() -> list[dict[str, str]]:
    with (REPO / "seeds" / "spec" / "cld_data_items.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def nhs_number(seq: int) -> str:
    """A valid NHS number from the 999 test range (modulus 11), the seq-th such number."""
    n = 0
    candidate = 999_000_000
    while True:
        digits = f"{candidate:09d}"
        total = sum(int(d) * (10 - i) for i, d in enumerate(digits))
        check = (11 - total % 11) % 11
        if check != 10:
            if n == seq:
                return digits + str(check)
            n += 1
        candidate += 1


def ddmmyyyy(value: date | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


def write_landed_area(work_dir: Path, files: dict[str, list[dict[str, str]]],
                      trace_landing_dir: Path | None = None) -> None:
    """files: file name (landing contract) -> rows as {column_name: submitted text}; trace responses
    are landed from trace_landing_dir/trace_responses/ (none when it is None)."""
    landed = work_dir / "landed"
    (landed / "rows").mkdir(parents=True, exist_ok=True)
    columns = [c["column_name"] for c in item_columns()]
    file_rows = []
    with (landed / "columns.csv").open("w", newline="", encoding="utf-8") as fh:
        cw = csv.writer(fh, lineterminator="\n")
        cw.writerow(["landed_file_name", "column_position", "submitted_header", "matched_column_name", "match_method"])
        for name, rows in files.items():
            for i, c in enumerate(item_columns(), start=1):
                cw.writerow([name, i, c["template_column_name"], c["column_name"], "exact"])
    for name, rows in files.items():
        _, la, start, end, submitted = name.removesuffix(".csv").split("_")
        path = landed / "rows" / (name.removesuffix(".csv") + ".csv")
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["landed_file_name", "source_row_number", "source_field_count", *columns])
            for i, row in enumerate(rows, start=1):
                w.writerow([name, i, len(columns), *[row.get(c, "") for c in columns]])
        file_rows.append([
            name, path.stat().st_size, hashlib.sha256(path.read_bytes()).hexdigest(), "utf-8", "true", la,
            f"{start[:4]}-{start[4:6]}-{start[6:]}", f"{end[:4]}-{end[4:6]}-{end[6:]}",
            f"{submitted[:4]}-{submitted[4:6]}-{submitted[6:8]} {submitted[8:10]}:{submitted[10:12]}:{submitted[12:]}",
            len(rows), 0, len(columns), "", "", "", "loaded", "", f"rows/{path.name}", "2026-01-01 00:00:00"])
    with (landed / "files.csv").open("w", newline="", encoding="utf-8") as fh:
        fw = csv.writer(fh, lineterminator="\n")
        fw.writerow(FILES_HEADER)
        fw.writerows(file_rows)
    land_trace_responses(trace_landing_dir or work_dir / "no-landing", work_dir)
