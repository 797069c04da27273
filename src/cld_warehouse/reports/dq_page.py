"""The LA data-quality report: ``cld report dq [--la 716 ...] [--out DIR]``.

One static, self-contained HTML page per LA (``<out>/DQ_<LA>_<period>.html``) that an LA data
officer can act on, and beside it the row-level issues of the LA's latest file as CSV
(``DQ_<LA>_<period>_row_issues.csv``, the project's spreadsheet-safe writer):

1. files received for the year: accepted or rejected and why, rows, usable share, declared vs
   derived coverage, lock status (``dq.dq_submissions``);
2. issues of the latest file by rule and severity, with the rule's explanation and how to fix it
   (``dq.dq_submission_rules`` + seed ``cld_validation_rules.how_to_fix``), each linking to its
   rows below;
3. completeness and validity of the 40 data items in the latest accepted file beside the England
   median (median over every LA's latest accepted file), and the trend across the year's
   quarterly files (``dq.dq_item_quality``) — two inline SVG charts;
4. the row-level issues of the latest file only (cumulative files repeat earlier rows, so older
   files' issues are not listed again) (``dq.dq_row_issues``);
5. NHS number tracing results when there are any (``dq.dq_trace_files``, ``dq.dq_trace_results``).

HTML by Jinja2 (autoescaped), charts as SVG built here: no script, no network, no font or
image to fetch, so the page opens the same offline, in a browser or attached to an e-mail.
"""
from __future__ import annotations

import statistics
from datetime import datetime, timezone
from pathlib import Path

import duckdb
from jinja2 import Environment, PackageLoader, select_autoescape

from cld_warehouse.cli.args import submitting_las
from cld_warehouse.exports.spreadsheet_safe import write_csv

ROW_ISSUE_COLUMNS = ("source_row_number", "person_unique_identifier", "event_type", "item_number", "data_item",
                     "rule_code", "severity", "submitted_value", "message")
SEVERITY_ORDER = {"error": 1, "warning": 2, "info": 3}


def _records(con, sql: str, params: list) -> list[dict]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def _pct(value) -> float | None:
    return None if value is None else float(value)


def gather(con, la: str) -> dict:
    """Everything the page shows, read from the marts."""
    period = _records(con, "select * from intermediate.int_reporting_period", [])[0]
    la_name = con.execute("select la_name from spec.cld_local_authorities where la_code = ?", [la]).fetchone()
    if la_name is None:
        raise SystemExit(f"cld report dq: {la} is not one of the local authorities")
    files = _records(con, """
        select landed_file_name, submitted_at, period_start, period_end, submission_status, is_accepted,
               rejection_reasons, rejection_message, rows_read, usable_rows, usable_rows_pct,
               derived_period_start, derived_period_end, is_coverage_disagreeing, lock_status, lock_message,
               error_issues, warning_issues, info_issues
        from dq.dq_submissions
        where la_code = ? and (period_start is null or period_start = ?)
        order by submitted_at, landed_file_name""", [la, period["period_start"]])
    accepted = [f for f in files if f["is_accepted"]]
    latest = accepted[-1] if accepted else (files[-1] if files else None)
    latest_name = latest["landed_file_name"] if latest else None
    rules = _records(con, """
        select r.rule_code, r.rule_level, r.severity, r.rule_description, v.how_to_fix, r.issue_count,
               r.rows_affected
        from dq.dq_submission_rules as r
        left join spec.cld_validation_rules as v on r.rule_code = v.rule_code
        where r.la_code = ? and r.landed_file_name = ?""", [la, latest_name])
    rules.sort(key=lambda r: (SEVERITY_ORDER.get(r["severity"], 9), -r["issue_count"], r["rule_code"]))
    row_issues = _records(con, f"""
        select {', '.join(ROW_ISSUE_COLUMNS)} from dq.dq_row_issues
        where la_code = ? and landed_file_name = ?
        order by rule_code, source_row_number, item_number""", [la, latest_name])
    items = _records(con, """
        select item_number, data_item, is_mandatory, completeness_pct, validity_pct
        from dq.dq_item_quality where la_code = ? and landed_file_name = ? order by item_number""",
                     [la, latest_name])
    # England median: over every LA's latest accepted file of the same year
    national = _records(con, """
        with latest_files as (
            select la_code, landed_file_name,
                   row_number() over (partition by la_code order by submitted_at desc, landed_file_name desc) as rn
            from dq.dq_submissions where is_accepted and period_start = ?
        )
        select q.item_number, q.la_code, q.completeness_pct, q.validity_pct
        from dq.dq_item_quality as q
        inner join latest_files as l on q.landed_file_name = l.landed_file_name and l.rn = 1""",
                        [period["period_start"]])
    by_item: dict[int, list[dict]] = {}
    for record in national:
        by_item.setdefault(record["item_number"], []).append(record)
    for item in items:
        peers = by_item.get(item["item_number"], [])
        comp = [float(p["completeness_pct"]) for p in peers if p["completeness_pct"] is not None]
        valid = [float(p["validity_pct"]) for p in peers if p["validity_pct"] is not None]
        item["england_completeness_pct"] = statistics.median(comp) if comp else None
        item["england_validity_pct"] = statistics.median(valid) if valid else None
        item["completeness_pct"] = _pct(item["completeness_pct"])
        item["validity_pct"] = _pct(item["validity_pct"])
    england_la_count = len({r["la_code"] for r in national})
    trend = _records(con, """
        select s.landed_file_name, s.period_end, s.submitted_at,
               avg(q.completeness_pct) as completeness_pct, avg(q.validity_pct) as validity_pct
        from dq.dq_submissions as s
        inner join dq.dq_item_quality as q on s.landed_file_name = q.landed_file_name
        where s.la_code = ? and s.is_accepted and s.period_start = ?
        group by s.landed_file_name, s.period_end, s.submitted_at
        order by s.submitted_at""", [la, period["period_start"]])
    trace_files = _records(con, "select * from dq.dq_trace_files where la_code = ? order by responded_at", [la])
    trace_outcomes = _records(con, """
        select trace_outcome, count(*) as records, sum(rows_filled) as rows_filled
        from dq.dq_trace_results where la_code = ? group by trace_outcome order by records desc""", [la])
    return {
        "la_code": la, "la_name": la_name[0], "period": period,
        "period_label": _period_label(period["period_start"], period["period_end"]),
        "files": files, "latest": latest, "rules": rules, "row_issues": row_issues, "items": items,
        "england_la_count": england_la_count, "trend": trend,
        "trace_files": trace_files, "trace_outcomes": trace_outcomes,
    }


def _period_label(start, end) -> str:
    row = (start.month, start.day, end.year - start.year, end.month, end.day)
    if row == (4, 1, 1, 3, 31):
        return f"{start.year}-{str(end.year)[2:]}"
    return f"{start} to {end}"


def item_chart(items: list[dict], measure: str) -> dict:
    """Geometry of a horizontal bar chart: one bar per data item (this LA) and a tick for the
    England median; values 0-100 %."""
    label_w, bar_w, row_h, top = 210, 260, 16, 28
    rows = []
    for i, item in enumerate(items):
        value = item[f"{measure}_pct"]
        median = item[f"england_{measure}_pct"]
        y = top + i * row_h
        rows.append({
            "y": y, "label": f"{item['item_number']}. {item['data_item']}"[:34],
            "value": value, "width": 0 if value is None else round(bar_w * value / 100, 1),
            "median_x": None if median is None else round(label_w + bar_w * median / 100, 1),
            "median": median,
            "low": value is not None and median is not None and value < median,
        })
    return {"rows": rows, "label_w": label_w, "bar_w": bar_w, "row_h": row_h,
            "height": top + len(items) * row_h + 24, "width": label_w + bar_w + 60,
            "ticks": [{"x": label_w + bar_w * t / 100, "t": t} for t in (0, 25, 50, 75, 100)]}


def trend_chart(trend: list[dict]) -> dict:
    """Geometry of a line chart of average completeness and validity per quarterly file."""
    width, height, left, right, top, bottom = 580, 220, 50, 50, 20, 50
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(v) for t in trend for v in (t["completeness_pct"], t["validity_pct"]) if v is not None]
    low = min([90.0] + values)
    low = max(0.0, (int(low) // 10) * 10)
    step = plot_w / max(1, len(trend) - 1)

    def y(v):
        return round(top + plot_h * (100 - float(v)) / (100 - low), 1) if v is not None else None

    points = []
    for i, t in enumerate(trend):
        points.append({"x": round(left + (i * step if len(trend) > 1 else plot_w / 2), 1),
                       "yc": y(t["completeness_pct"]), "yv": y(t["validity_pct"]),
                       "label": f"to {t['period_end']}", "c": float(t["completeness_pct"] or 0),
                       "v": float(t["validity_pct"] or 0)})
    return {"width": width, "height": height, "left": left, "top": top, "plot_w": plot_w, "plot_h": plot_h,
            "points": points,
            "line_c": " ".join(f"{p['x']},{p['yc']}" for p in points if p["yc"] is not None),
            "line_v": " ".join(f"{p['x']},{p['yv']}" for p in points if p["yv"] is not None),
            "grid": [{"y": y(v), "v": v} for v in range(int(low), 101, 5 if 100 - low <= 20 else 10)]}


def render(data: dict, csv_name: str, database: Path) -> str:
    env = Environment(loader=PackageLoader("cld_warehouse.reports", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    template = env.get_template("dq_report.html.j2")
    built = datetime.fromtimestamp(database.stat().st_mtime, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    counts = {s: sum(r["issue_count"] for r in data["rules"] if r["severity"] == s) for s in SEVERITY_ORDER}
    return template.render(
        **data, csv_name=csv_name, built=built, counts=counts,
        completeness_chart=item_chart(data["items"], "completeness"),
        validity_chart=item_chart(data["items"], "validity"),
        trend_chart=trend_chart(data["trend"]),
    )


def write_report(con, database: Path, out_dir: Path, la: str) -> Path:
    data = gather(con, la)
    stem = f"DQ_{la}_{data['period_label']}"
    csv_name = f"{stem}_row_issues.csv"
    write_csv(out_dir / csv_name, ROW_ISSUE_COLUMNS,
              ([r[c] for c in ROW_ISSUE_COLUMNS] for r in data["row_issues"]))
    path = out_dir / f"{stem}.html"
    path.write_text(render(data, csv_name, database), encoding="utf-8")
    return path


def write_reports(database: Path, out_dir: Path, las: list[str] | None = None) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(database), read_only=True)
    try:
        codes = submitting_las("cld report dq", con, database, las)
        return [write_report(con, database, out_dir, la) for la in codes]
    finally:
        con.close()
