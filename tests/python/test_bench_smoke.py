"""The benchmark's smoke run (`make bench-smoke`: bench/benchmark.py at the smallest scale, 4
LAs, quarterly files), run by pytest so that `make test` runs it on one of pytest's two workers
while the other runs other modules, instead of alone after them.  As `make bench-smoke`: it
fails only if a step fails (generate, land, `dbt build` with the data tests), never on timings.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dbt_helpers import REPO

pytestmark = pytest.mark.warehouse_build

ARGS = ["--scale", "0.01", "--las", "4", "--quarterly", "--smoke"]   # the Makefile's bench-smoke
LABEL = "scale0.01_las4_quarterly"


def test_benchmark_smoke_run_passes():
    proc = subprocess.run([sys.executable, str(REPO / "bench" / "benchmark.py"), *ARGS], cwd=REPO,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    figures = json.loads((REPO / "bench" / "work" / LABEL / f"{LABEL}.json").read_text())
    assert figures["dbt_ok"] and figures["rows"] > 0 and figures["las"] == 4
