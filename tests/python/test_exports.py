"""Exports back to LAs: each LA's processed data and DQ feedback hold that LA's rows only."""
from __future__ import annotations

import csv
import json

import pytest

from cld_warehouse import export_dq, export_la


@pytest.fixture(scope="module")
def warehouse(fixtures_warehouse):
    """The session's fixtures warehouse (conftest.py), read only."""
    return fixtures_warehouse.work


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_la_export_holds_only_that_las_rows_and_a_true_manifest(warehouse, tmp_path, fmt):
    import duckdb
    written = export_la.export(warehouse / "cld.duckdb", tmp_path, ["716"], fmt)
    manifest = json.loads((tmp_path / "716" / "manifest.json").read_text())
    assert manifest == written["716"] and manifest["period_start"] and manifest["period_end"]
    total = 0
    for f in manifest["files"]:
        path = tmp_path / "716" / f["file"]
        reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
        las = duckdb.sql(f"select distinct la_code from {reader}('{path}')").fetchall()
        count = duckdb.sql(f"select count(*) from {reader}('{path}')").fetchone()[0]
        assert count == f["rows"], f["file"]
        assert las in ([("716",)], [(716,)], []), (f["file"], las)
        total += count
    assert total > 0
    assert {f["file"].split(".")[0] for f in manifest["files"]} >= {"events", "persons", "request_clusters",
                                                                    "service_costs", "dq_row_issues"}


def test_dq_export_per_la_and_neutralised_formulas(warehouse, tmp_path):
    counts = export_dq.export(warehouse / "cld.duckdb", tmp_path)
    assert {"716", "318"} <= set(counts)
    with (tmp_path / "716_row_issues.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and {r["la_code"] for r in rows} == {"716"}
    assert export_dq.neutralise('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert export_dq.neutralise("-5") == "'-5" and export_dq.neutralise("plain") == "plain"


def test_unknown_la_is_refused(warehouse, tmp_path):
    with pytest.raises(SystemExit, match="LA 123 has no submission"):
        export_la.export(warehouse / "cld.duckdb", tmp_path, ["123"])
