"""The cross-engine check (src/cld_warehouse/warehouse/compare.py) can fail: a copy of the
fixtures warehouse is equal to it whatever its row order, and each kind of silent difference the Spark port met — a penny
on a cost, a null that became the text 'None', a duplicated row, an integer width of a
contracted mart, a table missing — is reported for exactly the table it was made in.  The
Spark side is exercised by `make test-spark` (the same comparison against a Spark build)."""
from __future__ import annotations

import re
import shutil
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from cld_warehouse.warehouse import compare
from dbt_helpers import REPO


@pytest.fixture(scope="module")
def fixtures(fixtures_warehouse) -> tuple[Path, Path]:
    """(the fixtures warehouse file, its build's manifest)."""
    work = fixtures_warehouse.work
    return work / "cld.duckdb", work / "target" / "manifest.json"


def _copy(database: Path, folder: Path) -> Path:
    """A copy under the same file name (DuckDB names the database, and the views' catalog, after it)."""
    folder.mkdir(parents=True)
    return Path(shutil.copyfile(database, folder / database.name))


def _run(capsys, manifest: Path, left: Path, right: Path) -> tuple[int, str]:
    code = compare.main(["--manifest", str(manifest), "--duckdb", str(left), "--duckdb", str(right)])
    return code, capsys.readouterr().out


def _tables(out: str, status: str) -> set[str]:
    return set(re.findall(rf"^  {status} +(\S+): ", out, flags=re.M))


def test_the_manifest_gives_every_model_and_seed(fixtures):
    """Every model file and seed file of the project is compared (or excluded with a reason):
    the list comes from the manifest, checked here against the files themselves."""
    _, manifest = fixtures
    compared, excluded = compare.relations_from_manifest(manifest)
    names = {r.name for r in compared} | {r.name for r, _ in excluded}
    on_disk = {p.stem for p in (REPO / "models").rglob("*.sql")} | {p.stem for p in (REPO / "seeds").rglob("*.csv")}
    assert names == on_disk
    assert {r.name for r, _ in excluded} == set(compare.EXCLUDED)
    assert all(reason for _, reason in excluded)
    assert {r.schema for r in compared} >= {"marts", "dq", "dscro", "intermediate", "staging", "spec"}
    contracted = {r.name for r in compared if r.contracted}
    assert {"salt_sts001", "ascof_measures", "fct_service_costs", "dq_submissions"} <= contracted
    assert not any(r.contracted for r in compared if r.schema == "intermediate")


def test_each_perturbation_fails_its_table_and_only_it(fixtures, tmp_path, capsys):
    """A copy of the fixtures warehouse, perturbed: every other table is equal (one in another
    row order), each perturbed one differs and says how."""
    database, manifest = fixtures
    copy = _copy(database, tmp_path / "perturbed")
    con = duckdb.connect(str(copy))
    # not differences: rows in another order, and a HUGEINT narrowed to BIGINT in a table
    # without a contract (DuckDB's sum() of integers is a HUGEINT, Spark's a BIGINT)
    con.execute("create or replace table intermediate.int_lts_episodes as "
                "select * replace (cast(episode_number as bigint) as episode_number) "
                "from intermediate.int_lts_episodes order by random()")
    # a penny on one cost (the decimal-division difference)
    con.execute("update marts.fct_service_costs set cost_in_period = cost_in_period + 0.01 "
                "where rowid = (select min(rowid) from marts.fct_service_costs where cost_in_period is not null)")
    penny = con.execute("select event_id, cost_in_period from marts.fct_service_costs "
                        "where rowid = (select min(rowid) from marts.fct_service_costs where cost_in_period is not null)"
                        ).fetchone()
    # an empty seed cell loaded as the text 'None'
    con.execute("update spec.cld_age_bands set ascof_age_group = 'None' "
                "where rowid = (select min(rowid) from spec.cld_age_bands where ascof_age_group is null)")
    # one row twice
    con.execute("insert into dq.dq_row_issues select * from dq.dq_row_issues limit 1")
    # a contracted integer column one width narrower
    con.execute("alter table marts.salt_sts001 alter request_count type integer")
    # a table the other build does not have
    con.execute("drop table marts.rpt_la_costs")
    con.close()

    code, out = _run(capsys, manifest, database, copy)
    assert code == 1
    differing = {"marts.fct_service_costs", "spec.cld_age_bands", "dq.dq_row_issues", "marts.salt_sts001",
                 "marts.rpt_la_costs"}
    assert _tables(out, "DIFFERS") == differing
    total = len(compare.relations_from_manifest(manifest)[0])
    assert "intermediate.int_lts_episodes" in _tables(out, "equal")
    assert len(_tables(out, "equal")) == total - len(differing)
    assert out.splitlines()[-1].startswith(f"cld compare: {total - len(differing)} of {total} tables equal; differ: ")

    block = _block(out, "marts.fct_service_costs")
    assert "rows differ: 1 only on the left, 1 only on the right" in block
    was = compare.canonical_value(penny[1] - Decimal("0.01"))
    assert f"cost_in_period: '{was}' (left) vs '{compare.canonical_value(penny[1])}' (right)" in block
    assert "cld_age_bands" in out and "ascof_age_group: null (left) vs 'None' (right)" in _block(out, "spec.cld_age_bands")
    block = _block(out, "dq.dq_row_issues")
    rows = duckdb.connect(str(database), read_only=True).execute("select count(*) from dq.dq_row_issues").fetchone()[0]
    assert f"left {rows:,} rows, right {rows + 1:,} rows" in block
    assert "0 only on the left, 1 only on the right" in block and "right only: " in block
    assert "column request_count: type int64 on the left, int32 on the right" in _block(out, "marts.salt_sts001")
    assert f"missing in duckdb:{copy}" in _block(out, "marts.rpt_la_costs")


def _block(out: str, table: str) -> str:
    """The lines printed for one table (its DIFFERS line and the indented details)."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"^  DIFFERS +{re.escape(table)}: ", line))
    end = next((j for j in range(start + 1, len(lines)) if not lines[j].startswith("    ")), len(lines))
    return "\n".join(lines[start:end])


def test_canonical_values_are_exact():
    cv = compare.canonical_value
    assert cv(Decimal("12.50")) == cv(Decimal("12.5")) == "12.5"
    assert cv(Decimal("34109252.81")) != cv(Decimal("34109252.85"))
    assert cv(Decimal("0.00")) == cv(Decimal("-0.0")) == "0"
    assert cv(Decimal("1E+2")) == "100"
    assert cv(0.1 + 0.2) != cv(0.3)                  # no float tolerance
    assert cv(-0.0) == cv(0.0)
    assert cv(None) is None and cv("None") == "None"
    utc = datetime(2024, 5, 24, 12, 14, 11, tzinfo=timezone.utc)
    assert cv(utc) == cv(utc.astimezone(timezone(timedelta(hours=1)))) == "2024-05-24 12:14:11.000000"
    assert cv(datetime(2024, 5, 24, 12, 14, 11, 5)) == "2024-05-24 12:14:11.000005"
    assert compare.row_digest(("1",)) != compare.row_digest((1,)) != compare.row_digest((True,))
    assert compare.row_digest((None,)) != compare.row_digest(("None",))


@pytest.mark.parametrize("duckdb_type, spark_type, exact", [
    ("VARCHAR", "string", False), ("VARCHAR", "varchar(20)", True), ("DECIMAL(18,2)", "decimal(18,2)", True),
    ("HUGEINT", "bigint", False), ("INTEGER", "int", True), ("BIGINT", "bigint", True),
    ("TIMESTAMP", "timestamp", True), ("TIMESTAMP", "timestamp_ntz", True), ("DOUBLE", "double", True),
    ("BOOLEAN", "boolean", True), ("DATE", "date", True), ("VARCHAR[]", "array<string>", True),
])
def test_types_meet_in_one_canonical_form(duckdb_type, spark_type, exact):
    assert compare.canonical_type(duckdb_type, exact) == compare.canonical_type(spark_type, exact)


@pytest.mark.parametrize("duckdb_type, spark_type", [
    ("INTEGER", "bigint"), ("DECIMAL(18,2)", "decimal(38,6)"), ("DOUBLE", "decimal(18,2)"),
    ("TIMESTAMP", "date"), ("VARCHAR", "int"),
])
def test_different_types_stay_different(duckdb_type, spark_type):
    assert compare.canonical_type(duckdb_type, True) != compare.canonical_type(spark_type, True)


def test_misuse_is_one_line(fixtures, capsys):
    _, manifest = fixtures
    assert compare.main(["--manifest", str(manifest), "--duckdb", "a.duckdb"]) == 2
    assert compare.main(["--manifest", str(manifest), "--duckdb", "x", "--duckdb", "y", "--select", "no_such"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "--select: not a compared table" in err[1]


def test_spark_side_opens_the_builds_warehouse_and_metastore(monkeypatch, tmp_path):
    """The session settings come from the profile's spark target, rendered with the environment
    dbt saw (values only: the commented cluster targets' variables are not needed)."""
    monkeypatch.setenv("DBT_PROFILES_DIR", str(REPO / "profiles"))
    monkeypatch.setenv("CLD_WORK_DIR", str(tmp_path))
    for name in ("CLD_SPARK_WAREHOUSE_DIR", "CLD_SPARK_METASTORE_DIR", "CLD_SPARK_HOST"):
        monkeypatch.delenv(name, raising=False)
    settings = compare.spark_settings("spark")
    assert settings["spark.sql.warehouse.dir"] == f"{tmp_path}/spark/warehouse"
    assert f"databaseName={tmp_path}/spark/metastore/metastore_db" in settings["spark.hadoop.javax.jdo.option.ConnectionURL"]
    assert settings["spark.sql.session.timeZone"] == "UTC"
    with pytest.raises(compare.UsageError, match="no spark target named 'dev'"):
        compare.spark_settings("dev")
