"""The cross-engine check's Spark side (src/cld_warehouse/warehouse/compare.py, SparkSide) reads
values as its DuckDB side does: one table written by each engine from the same literals — text
with quotes, backslashes and unicode, an empty text and a null, exact decimals, a double, dates,
timestamps, integers, booleans — compares equal, and a penny or a text that lost its backslash
on the Spark side is reported.  `make test-spark` runs it (marker spark)."""
from __future__ import annotations

import duckdb
import pytest

from cld_warehouse.warehouse import compare

pytestmark = pytest.mark.spark

COLUMNS = [("label", "string", "varchar"), ("cost", "decimal(18,2)", "decimal(18,2)"),
           ("rate", "decimal(18,4)", "decimal(18,4)"), ("share", "double", "double"),
           ("submitted_at", "timestamp", "timestamp"), ("event_date", "date", "date"),
           ("people", "int", "integer"), ("events", "bigint", "bigint"), ("is_open", "boolean", "boolean")]
ROWS = [
    ("it's a ''quoted'' \\s text", "34109252.81", "1.0500", "0.1 + 0.2", "2024-05-24 12:14:11", "2024-03-31", 1, 2, True),
    ("", "0.00", "-0.0001", "1 / 3", "2023-04-01 00:00:00.000001", "1900-01-01", 0, 9007199254740993, False),
    (None, None, None, None, None, None, None, None, None),
    ("ünïcödé £ – café", "-12.50", "18.2500", "-0.0", "9999-12-31 23:59:59", "9999-12-31", -7, -1, None),
    ("ünïcödé £ – café", "-12.50", "18.2500", "-0.0", "9999-12-31 23:59:59", "9999-12-31", -7, -1, None),
]


def _literal(value, engine_type: str) -> str:
    if value is None:
        return f"cast(null as {engine_type})"
    if engine_type in ("double",):
        return f"cast({value} as double)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"cast({value} as {engine_type})"
    return f"cast('{value}' as {engine_type})"


def _select(row, spark: bool) -> str:
    cells = []
    for value, (name, spark_type, duck_type) in zip(row, COLUMNS):
        if isinstance(value, str) and spark_type == "string":
            value = value.replace("\\", "\\\\").replace("'", "\\'") if spark else value.replace("'", "''")
            cells.append(f"'{value}' as {name}")
        else:
            cells.append(f"{_literal(value, spark_type if spark else duck_type)} as {name}")
    return "select " + ", ".join(cells)


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    from pyspark.sql import SparkSession

    folder = tmp_path_factory.mktemp("spark")
    session = (SparkSession.builder.master("local[1]").appName("test_compare_spark")
               .config("spark.sql.warehouse.dir", str(folder / "warehouse"))
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "1")
               .getOrCreate())
    yield session
    session.stop()


def test_spark_and_duckdb_sides_read_the_same_values_the_same_way(spark, tmp_path):
    spark.sql("create database if not exists cmp_check")
    spark.sql("drop table if exists cmp_check.values_table")
    spark.sql("create table cmp_check.values_table using parquet as "
              + " union all ".join(_select(r, spark=True) for r in ROWS))
    database = tmp_path / "cld.duckdb"
    con = duckdb.connect(str(database))
    con.execute("create schema cmp_check")
    con.execute("create table cmp_check.values_table as " + " union all ".join(_select(r, spark=False) for r in ROWS))
    con.execute("create table cmp_check.perturbed as select * from cmp_check.values_table")
    con.close()
    assert spark.table("cmp_check.values_table").collect()[0]["label"] == ROWS[0][0]   # the literal survived

    rel = compare.Relation("cmp_check", "values_table", "model", "table", contracted=True)
    left, right = compare.DuckDBSide(database), compare.SparkSide(spark)
    try:
        result = compare.compare_relation(left, right, rel)
        assert result.equal, result.lines()
        assert (result.left_rows, result.right_rows) == (len(ROWS), len(ROWS))

        # the silent kinds of difference: a penny, a '\s' read as 's'
        spark.sql("drop table if exists cmp_check.perturbed")
        spark.sql("create table cmp_check.perturbed using parquet as select "
                  r"regexp_replace(label, '\\\\s', 's') as label, "
                  "cast(case when cost = 34109252.81 then cost + 0.01 else cost end as decimal(18,2)) as cost, "
                  + ", ".join(c for c, _, _ in COLUMNS[2:]) + " from cmp_check.values_table")
        result = compare.compare_relation(left, right, compare.Relation("cmp_check", "perturbed", "model", "table", True))
        text = "\n".join(result.lines())
        assert not result.equal and "1 only on the left, 1 only on the right" in text, text
        assert "cost: '34109252.81' (left) vs '34109252.82' (right)" in text, text
        assert "label: \"it's a ''quoted'' \\\\s text\" (left) vs \"it's a ''quoted'' s text\" (right)" in text, text
    finally:
        left.close()
