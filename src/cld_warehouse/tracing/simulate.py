"""``cld simulate-trace``: answer trace request files like the national tracing service, on
synthetic data only (see the package docstring)."""
from __future__ import annotations

import csv
from datetime import datetime, timezone
from pathlib import Path

from cld_warehouse.cli.args import (CliParser, UsageError, check_folder, check_range, confined, la_codes,
                                    one_line_errors, output_folder)
from cld_warehouse.project import project_path
from cld_warehouse.tracing.land import timestamp_text

SIMULATED_NUMBERS_FROM = 996_600   # test-range positions after the generator's 151 LA blocks


def simulate_responses(requests_dir: Path, out_dir: Path, responded_at: str, match_rate: float = 0.8,
                       seed: int = 42) -> dict[str, tuple[int, int]]:
    """Answer every TRACE_REQUEST_<LA>_*.csv (latest per LA) with TRACE_<LA>_<responded_at>.csv;
    returns {LA: (matched, not matched)}.  Deterministic for the same requests and arguments."""
    import random

    from cld_warehouse.nhs_number import test_range_numbers

    prog = "cld simulate-trace"
    if not timestamp_text(responded_at):
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
def main(argv: list[str] | None = None) -> int:
    """``cld simulate-trace --requests DIR --out DIR [--responded-at T] [--match-rate R] [--seed N]``."""
    p = CliParser(prog="cld simulate-trace",
                  description="Answer trace request files like the tracing service (synthetic data only).")
    p.add_argument("--requests", type=Path, default=project_path("warehouse", "exports", "trace_requests"),
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


if __name__ == "__main__":
    raise SystemExit(main())
