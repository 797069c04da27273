"""The landed area can be written where a cluster reads (`cld land --landed-uri`, CLD_LANDED_URI;
src/cld_warehouse/landing/location.py): a folder or file:// URI is written and the sources read
it from there; storage only a cluster reaches (s3a://, abfss://, ...) is refused in one line,
never pretended."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from cld_warehouse.landing import submissions as landing
from cld_warehouse.landing.location import landed_uri, local_landed_dir
from cld_warehouse.warehouse import build
from test_landing import source_read

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo" / "landing"
FILE = "CLD_716_20230401_20230630_20230801093000.csv"


@pytest.fixture()
def landing_dir(tmp_path) -> Path:
    """One demo submission (and the demo's trace responses) in a landing folder of its own."""
    src = tmp_path / "in"
    (src / "trace_responses").mkdir(parents=True)
    demo_file = sorted(DEMO.glob("CLD_716_*.csv"))[0]
    (src / FILE).write_bytes(demo_file.read_bytes())
    for trace in sorted((DEMO / "trace_responses").glob("TRACE_716_*.csv"))[:1]:
        (src / "trace_responses" / trace.name).write_bytes(trace.read_bytes())
    return src


def _landed_files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("as_uri", [False, True])
def test_land_writes_the_named_location_and_the_sources_read_it(tmp_path, landing_dir, capsys, monkeypatch, as_uri):
    # a path may hold a space; a file:// URI may not (it would be %-escaped: see the refusals)
    elsewhere = tmp_path / ("cluster_storage" if as_uri else "cluster storage") / "landed"
    given = elsewhere.as_uri() if as_uri else str(elsewhere)
    monkeypatch.delenv("CLD_LANDED_URI", raising=False)
    work = tmp_path / "work"
    assert landing.main(["--landing-dir", str(landing_dir), "--work-dir", str(work), "--landed-uri", given]) == 0
    assert f"landed area: {elsewhere}" in capsys.readouterr().out
    assert {"files.csv", "columns.csv", "trace_files.csv", "trace_rows.csv", "rows/_empty.csv",
            f"rows/{Path(FILE).stem}.csv"} <= _landed_files(elsewhere)
    assert not (work / "landed").exists()                  # the work dir keeps only the lock
    # the sources, rendered with CLD_LANDED_URI as the build sees it, read the files there
    env = {"CLD_LANDED_URI": given + "/"}
    rows = duckdb.sql("select count(*), count(distinct landed_file_name) from "
                      + source_read("landed_rows", env).format(work)).fetchone()
    files = duckdb.sql("select landed_file_name, rows_read from "
                       + source_read("landed_files", env).format(work)).fetchall()
    assert files == [(FILE, str(rows[0]))] and rows[0] > 0 and rows[1] == 1
    traces = duckdb.sql("select count(*) from " + source_read("landed_trace_files", env).format(work)).fetchone()[0]
    assert traces == len(list((landing_dir / "trace_responses").iterdir()))


def test_the_environment_variable_moves_landing_and_build_alike(tmp_path, landing_dir, monkeypatch):
    """CLD_LANDED_URI is read by `cld land` (and `cld build --land`) as the sources read it."""
    elsewhere = tmp_path / "mounted"
    monkeypatch.setenv("CLD_LANDED_URI", elsewhere.as_uri())
    work = tmp_path / "work"
    assert landing.main(["--landing-dir", str(landing_dir), "--work-dir", str(work)]) == 0
    assert (elsewhere / "files.csv").is_file() and not (work / "landed").exists()
    assert local_landed_dir(landed_uri(work)) == elsewhere
    monkeypatch.delenv("CLD_LANDED_URI")
    assert landed_uri(work) == str(work / "landed")        # the default is unchanged


@pytest.mark.parametrize("uri", ["s3a://nhs-cld/landed", "abfss://cld@account.dfs.core.windows.net/landed",
                                 "gs://bucket/landed", "dbfs:/mnt/cld/landed", "file://otherhost/srv/landed",
                                 "file:///srv/cld%20landed"])
def test_storage_cld_land_cannot_write_is_refused_in_one_line(tmp_path, landing_dir, capsys, monkeypatch, uri):
    monkeypatch.delenv("CLD_LANDED_URI", raising=False)
    work = tmp_path / "work"
    assert landing.main(["--landing-dir", str(landing_dir), "--work-dir", str(work), "--landed-uri", uri]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and uri in err[0]
    if not uri.startswith("file:"):
        assert "mount" in err[0] and "copy" in err[0] and "CLD_LANDED_URI" in err[0]
    assert not (work / "landed").exists()


def test_cld_build_refuses_to_land_into_storage_it_cannot_write(tmp_path, landing_dir, capsys, monkeypatch):
    monkeypatch.setenv("CLD_LANDED_URI", "s3a://nhs-cld/landed")
    assert build.main(["--land", "--landing-dir", str(landing_dir), "--work-dir", str(tmp_path / "work")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("cld build: the landed area s3a://nhs-cld/landed is s3a:// storage")
    assert not (tmp_path / "work").exists()
