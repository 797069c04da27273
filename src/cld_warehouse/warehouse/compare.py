"""The cross-engine check: ``cld compare`` — two builds of the warehouse, table by table, row for row.

    cld compare --manifest TARGET/manifest.json --duckdb A.duckdb (--duckdb B.duckdb | --spark)

Which tables: every relation the dbt manifest says the build made — every model that is not
ephemeral (staging, intermediate, marts, dq, dscro; tables, views and the incremental
materializations alike) and every seed — except the few in ``EXCLUDED``, each with its reason.
The list is read from the manifest, never written out by hand, so a new model is compared the
day it is added.  The build-state source ``int_la_build_state`` is not a model (it is created by
on-run-start and written by the incremental materializations): it records each model's SQL
checksum per engine and is build bookkeeping, not a result.

How: for each table the two sides must have

- the same columns (by name; a different order is printed as a note: Spark puts a partitioned
  table's partition columns last), with the same types in a canonical form (``string``,
  ``decimal(p,s)``, ``double``, ``date``, ``timestamp``, ``boolean``, integers): a model with an
  enforced contract (the public marts) must match the integer width exactly (``int32``,
  ``int64``, ...); elsewhere every integer width is ``integer``, because DuckDB's ``sum()`` of
  integers is a HUGEINT where Spark's is a BIGINT — the values are still compared exactly;
- the same multiset of rows (order-independent, duplicates counted): decimals are turned into
  their exact text (never through a float; trailing zeros dropped, the scale is the type's
  business), doubles into their shortest round-trip ``repr`` (no tolerance), timestamps into
  text to the microsecond (Spark formats them itself, in the build's session time zone); text,
  integers, booleans and dates are compared as the drivers return them; each row becomes a
  digest of its values (null is never equal to a text) and the two digest counts must be equal.

On a difference it prints the table, both row counts, how many rows only one side has, and for a
few of them the row beside the most similar row of the other side, naming the columns that
differ.  Exit code 0 when every table is equal, 1 when one is not (or is missing), 2 on misuse.

The Spark side is read with PySpark on the same warehouse folder and metastore as the dbt build
(the ``spark`` target of profiles/profiles.yml, rendered here with the same environment), after
dbt has exited: the local metastore is an embedded Derby database, which one JVM holds at a time.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator

from cld_warehouse.cli.args import CliParser, UsageError, one_line_errors
from cld_warehouse.project import project_path

#: Relations of the manifest left out of the comparison, with the reason printed for each.
EXCLUDED: dict[str, str] = {}
#: Printed with every comparison: what is not a manifest model or seed, so never compared.
NOT_COMPARED = ("intermediate.int_la_build_state (a source, not a model: the incremental materializations' "
                "bookkeeping, created on-run-start, laid out per engine (partitioned by model on Spark); "
                "what it drives, incremental results equal to full builds, is tested on each engine)")

#: How many differing rows per side are printed for a table that differs.
SAMPLE_ROWS = 5
#: Rows fetched at a time from DuckDB.
FETCH_ROWS = 10_000
#: Timestamps are compared as this text (microseconds), the same on both engines.
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
SPARK_TIMESTAMP_FORMAT = "yyyy-MM-dd HH:mm:ss.SSSSSS"

INTEGER_WIDTHS = {"tinyint": "int8", "smallint": "int16", "integer": "int32", "int": "int32",
                  "bigint": "int64", "hugeint": "int128", "utinyint": "uint8", "usmallint": "uint16",
                  "uinteger": "uint32", "ubigint": "uint64", "uhugeint": "uint128",
                  "byte": "int8", "short": "int16", "long": "int64", "int2": "int16", "int4": "int32",
                  "int8": "int64"}


# --------------------------------------------------------------------------------------------
# What to compare
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Relation:
    """One relation a build makes: schema and name as the engine sees them, and whether the
    model's column types are fixed by an enforced contract."""
    schema: str
    name: str
    resource_type: str
    materialized: str
    contracted: bool

    @property
    def label(self) -> str:
        return f"{self.schema}.{self.name}"


def relations_from_manifest(manifest: Path) -> tuple[list[Relation], list[tuple[Relation, str]]]:
    """(relations to compare, [(excluded relation, reason)]) of every model and seed the
    manifest lists for this project, sorted by schema and name."""
    try:
        data = json.loads(Path(manifest).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cld compare: cannot read the dbt manifest {manifest}: {exc}") from exc
    project = data.get("metadata", {}).get("project_name")
    compared, excluded = [], []
    for node in data.get("nodes", {}).values():
        if node.get("resource_type") not in {"model", "seed"} or node.get("package_name") != project:
            continue
        config = node.get("config") or {}
        if config.get("materialized") == "ephemeral" or config.get("enabled") is False:
            continue
        rel = Relation(schema=node["schema"], name=node.get("alias") or node["name"],
                       resource_type=node["resource_type"], materialized=config.get("materialized", ""),
                       contracted=bool((config.get("contract") or {}).get("enforced")))
        if node["name"] in EXCLUDED:
            excluded.append((rel, EXCLUDED[node["name"]]))
        else:
            compared.append(rel)
    if not compared:
        raise UsageError(f"cld compare: the manifest {manifest} lists no model or seed of the project")
    key = lambda r: (r.schema, r.name)  # noqa: E731
    return sorted(compared, key=key), sorted(excluded, key=lambda e: key(e[0]))


# --------------------------------------------------------------------------------------------
# Canonical types and values
# --------------------------------------------------------------------------------------------

def canonical_type(engine_type: str, exact_integers: bool) -> str:
    """An engine's type name (DuckDB's information_schema or Spark's simpleString) in the
    canonical form both are compared in."""
    t = engine_type.strip().lower()
    if t.endswith("[]"):
        return f"array<{canonical_type(t[:-2], exact_integers)}>"
    m = re.fullmatch(r"array<(.*)>", t)
    if m:
        return f"array<{canonical_type(m.group(1), exact_integers)}>"
    m = re.fullmatch(r"(?:decimal|numeric)\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)", t)
    if m:
        return f"decimal({int(m.group(1))},{int(m.group(2))})"
    if t in INTEGER_WIDTHS:
        return INTEGER_WIDTHS[t] if exact_integers else "integer"
    if t in {"varchar", "string", "text", "bpchar"} or re.fullmatch(r"(var)?char\(\d+\)", t):
        return "string"
    if t in {"double", "float8", "double precision"}:
        return "double"
    if t in {"float", "real", "float4"}:
        return "float"
    if t in {"boolean", "bool"}:
        return "boolean"
    if t in {"timestamp", "timestamp_ntz", "timestamp without time zone", "datetime", "timestamp_us"}:
        return "timestamp"
    if t in {"timestamp with time zone", "timestamptz", "timestamp_ltz"}:
        return "timestamptz"
    return t


def canonical_value(value) -> str | None:
    """One value as the text it is compared by; None stays None (null is not a text)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if value.is_nan():
            return "NaN"
        if value == 0:
            return "0"
        return format(value.normalize(), "f")
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        return repr(value + 0.0)   # -0.0 + 0.0 is 0.0
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.strftime(TIMESTAMP_FORMAT)
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, dict):
        return json.dumps({str(k): canonical_value(v) for k, v in value.items()}, sort_keys=True)
    if isinstance(value, (list, tuple)):
        return json.dumps([canonical_value(v) for v in value])
    return str(value)


#: Canonical types whose Python values (str, int, bool, date, None) are the same objects from
#: both engines' drivers and compare exactly as they are: no per-value conversion (the hot path).
AS_FETCHED = {"string", "integer", "boolean", "date"} | set(INTEGER_WIDTHS.values())


def canonical_rows(rows: Iterable[tuple], columns: list[tuple[str, str]]) -> Iterator[tuple]:
    """Rows as fetched, with the values of the columns that need it (decimals, doubles,
    timestamps, nested types) turned into their canonical text."""
    convert = [i for i, (_, t) in enumerate(columns) if canonical_type(t, True) not in AS_FETCHED]
    if not convert:
        for row in rows:
            yield tuple(row)
        return
    for row in rows:
        values = list(row)
        for i in convert:
            values[i] = canonical_value(values[i])
        yield tuple(values)


def row_digest(values: tuple) -> bytes:
    """The digest a row is counted by: its values' repr (a text stays quoted, null is None,
    1 and '1' and True differ), after canonical_rows."""
    return hashlib.blake2b(repr(values).encode("utf-8", "surrogatepass"), digest_size=16).digest()


# --------------------------------------------------------------------------------------------
# The two sides
# --------------------------------------------------------------------------------------------

class DuckDBSide:
    """A DuckDB warehouse file, opened read-only."""

    def __init__(self, path: Path):
        import duckdb

        if not Path(path).is_file():
            raise UsageError(f"cld compare: no DuckDB warehouse at {path}")
        self.label = f"duckdb:{path}"
        self.con = duckdb.connect(str(path), read_only=True)
        self.con.execute("set enable_progress_bar = false")

    def columns(self, schema: str, name: str) -> list[tuple[str, str]] | None:
        rows = self.con.execute("select column_name, data_type from information_schema.columns "
                                "where table_schema = ? and table_name = ? order by ordinal_position",
                                [schema, name]).fetchall()
        return rows or None

    def rows(self, schema: str, name: str, columns: list[tuple[str, str]]) -> Iterator[tuple]:
        select = ", ".join('"' + c.replace('"', '""') + '"' for c, _ in columns)
        cur = self.con.execute(f'select {select} from "{schema}"."{name}"')

        def fetched():
            while chunk := cur.fetchmany(FETCH_ROWS):
                yield from chunk
        return canonical_rows(fetched(), columns)

    def close(self) -> None:
        self.con.close()


class SparkSide:
    """The Spark build's tables, read through a PySpark session on its warehouse folder and
    metastore.  Timestamps are formatted by Spark itself in the build's session time zone (UTC,
    the profile's spark.sql.session.timeZone), so the local time zone of this process plays no
    part."""

    def __init__(self, session):
        self.spark = session
        self.label = f"spark:{session.conf.get('spark.sql.warehouse.dir')}"

    @classmethod
    def from_profile(cls, target: str = "spark") -> "SparkSide":
        from pyspark.sql import SparkSession

        builder = SparkSession.builder.appName("cld compare").enableHiveSupport() \
            .config("spark.ui.showConsoleProgress", "false")
        for key, value in spark_settings(target).items():
            builder = builder.config(key, value)
        return cls(builder.getOrCreate())

    def columns(self, schema: str, name: str) -> list[tuple[str, str]] | None:
        if not self.spark.catalog.tableExists(f"`{schema}`.`{name}`"):
            return None
        return [(f.name, f.dataType.simpleString()) for f in self.spark.table(f"`{schema}`.`{name}`").schema.fields]

    def rows(self, schema: str, name: str, columns: list[tuple[str, str]]) -> Iterator[tuple]:
        from pyspark.sql import functions as F

        df = self.spark.table(f"`{schema}`.`{name}`")
        cols = []
        for column, engine_type in columns:
            col = F.col(f"`{column}`")
            if canonical_type(engine_type, False) in {"timestamp", "timestamptz"}:
                col = F.date_format(col, SPARK_TIMESTAMP_FORMAT)
            cols.append(col.alias(column))
        return canonical_rows(df.select(*cols).toLocalIterator(), columns)

    def close(self) -> None:
        self.spark.stop()


def spark_settings(target: str = "spark") -> dict[str, str]:
    """The Spark session settings (``server_side_parameters``) of a target of the project's
    profiles/profiles.yml, rendered with this process's environment as dbt renders them (the
    YAML is parsed first, then each value is rendered) — so the comparison opens the very
    warehouse folder and metastore the build wrote."""
    import jinja2
    import yaml

    profiles_dir = Path(os.environ.get("DBT_PROFILES_DIR") or project_path("profiles"))
    profile = next(iter(yaml.safe_load((profiles_dir / "profiles.yml").read_text(encoding="utf-8")).values()))
    output = (profile.get("outputs") or {}).get(target)
    if not output or output.get("type") != "spark":
        raise UsageError(f"cld compare: profiles.yml has no spark target named {target!r}")

    def env_var(name, default=None):
        value = os.environ.get(name, default)
        if value is None:
            raise UsageError(f"cld compare: the {target} target of profiles.yml needs the environment variable {name}")
        return value

    env = jinja2.Environment()
    return {str(k): env.from_string(str(v)).render(env_var=env_var)
            for k, v in (output.get("server_side_parameters") or {}).items()}


# --------------------------------------------------------------------------------------------
# Comparing
# --------------------------------------------------------------------------------------------

@dataclass
class TableResult:
    relation: Relation
    left_rows: int = 0
    right_rows: int = 0
    problems: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        if self.equal:
            return [f"  equal    {self.relation.label}: {self.left_rows:,} rows"] + [f"    note: {n}" for n in self.notes]
        out = [f"  DIFFERS  {self.relation.label}: left {self.left_rows:,} rows, right {self.right_rows:,} rows"]
        out += [f"    {p}" for p in self.problems] + [f"    note: {n}" for n in self.notes]
        out += [f"      {d}" for d in self.details]
        return out


def _column_problems(rel: Relation, left: list[tuple[str, str]], right: list[tuple[str, str]],
                     notes: list[str]) -> list[str]:
    """Differences of column names and canonical types (problems); a different column order
    is appended to `notes` (rows are compared by column name: Spark puts a partitioned table's
    partition columns last)."""
    canon = lambda cols: [(c.lower(), canonical_type(t, rel.contracted)) for c, t in cols]  # noqa: E731
    lc, rc = canon(left), canon(right)
    if lc == rc:
        return []
    problems = []
    lnames, rnames = [c for c, _ in lc], [c for c, _ in rc]
    only_left = [c for c in lnames if c not in rnames]
    only_right = [c for c in rnames if c not in lnames]
    if only_left:
        problems.append(f"columns only on the left: {', '.join(only_left)}")
    if only_right:
        problems.append(f"columns only on the right: {', '.join(only_right)}")
    rtypes = dict(rc)
    for c, t in lc:
        if c in rtypes and rtypes[c] != t:
            problems.append(f"column {c}: type {t} on the left, {rtypes[c]} on the right")
    common_left = [c for c in lnames if c in rnames]
    common_right = [c for c in rnames if c in lnames]
    if common_left != common_right:
        last = next((common_right[-k:] for k in range(1, 4)
                     if common_right[:-k] == [c for c in common_left if c not in common_right[-k:]]), None)
        notes.append("column order differs (rows compared by name): "
                     + (f"{', '.join(last)} last on the right" if last else f"right {', '.join(rnames)}"))
    return problems


def _count(rows: Iterable[tuple]) -> Counter:
    return Counter(row_digest(r) for r in rows)


def _rows_with(rows: Iterable[tuple], digests: set[bytes], limit: int) -> list[tuple]:
    """Up to `limit` distinct rows whose digest is in `digests`."""
    found: dict[bytes, tuple] = {}
    for r in rows:
        d = row_digest(r)
        if d in digests and d not in found:
            found[d] = r
            if len(found) >= limit:
                break
    return list(found.values())


def _show(value) -> str:
    return "null" if value is None else repr(canonical_value(value))


def _describe_rows(names: list[str], only_left: list[tuple], only_right: list[tuple]) -> list[str]:
    """Each differing row beside the most similar row of the other side, naming the columns
    that differ (or the whole row when nothing on the other side resembles it)."""
    out = []
    unmatched_right = list(only_right)
    for lrow in only_left:
        best = max(unmatched_right, key=lambda r: sum(a == b for a, b in zip(lrow, r)), default=None)
        same = sum(a == b for a, b in zip(lrow, best)) if best is not None else 0
        if best is None or same == 0:
            out.append("left only:  " + ", ".join(f"{n}={_show(v)}" for n, v in zip(names, lrow)))
            continue
        unmatched_right.remove(best)
        key = ", ".join(f"{n}={_show(v)}" for n, v in list(zip(names, lrow))[:3])
        diffs = "; ".join(f"{n}: {_show(v)} (left) vs {_show(w)} (right)"
                          for n, v, w in zip(names, lrow, best) if v != w)
        out.append(f"row {key} ...: {diffs}")
    for rrow in unmatched_right:
        out.append("right only: " + ", ".join(f"{n}={_show(v)}" for n, v in zip(names, rrow)))
    return out


def compare_relation(left, right, rel: Relation, sample: int = SAMPLE_ROWS) -> TableResult:
    """Compare one relation on the two sides (see the module docstring)."""
    result = TableResult(rel)
    lcols, rcols = left.columns(rel.schema, rel.name), right.columns(rel.schema, rel.name)
    if lcols is None or rcols is None:
        missing = [s.label for s, cols in ((left, lcols), (right, rcols)) if cols is None]
        result.problems.append(f"missing in {' and '.join(missing)}")
        return result
    result.problems += _column_problems(rel, lcols, rcols, result.notes)
    rtypes = {c.lower(): (c, t) for c, t in rcols}
    common = [(c, t) for c, t in lcols if c.lower() in rtypes]
    rcommon = [rtypes[c.lower()] for c, _ in common]
    counts = []
    for side, cols in ((left, common), (right, rcommon)):
        try:
            counts.append(_count(side.rows(rel.schema, rel.name, cols)))
        except Exception as exc:  # noqa: BLE001 - a table one engine cannot read is a difference
            result.problems.append(f"cannot be read on {side.label}: {str(exc).splitlines()[0]}")
            return result
    lcount, rcount = counts
    result.left_rows, result.right_rows = sum(lcount.values()), sum(rcount.values())
    if lcount != rcount:
        only_left, only_right = lcount - rcount, rcount - lcount
        result.problems.append(f"rows differ: {sum(only_left.values()):,} only on the left, "
                               f"{sum(only_right.values()):,} only on the right "
                               f"(compared on {len(common)} columns, order ignored)")
        lrows = _rows_with(left.rows(rel.schema, rel.name, common), set(only_left), sample)
        rrows = _rows_with(right.rows(rel.schema, rel.name, rcommon), set(only_right), sample)
        result.details += _describe_rows([c for c, _ in common], lrows, rrows)
    return result


def compare(left, right, relations: list[Relation], out=None) -> list[TableResult]:
    """Compare every relation, printing one line per table (and the details of a difference)."""
    out = out or sys.stdout
    results = []
    for rel in relations:
        result = compare_relation(left, right, rel)
        for line in result.lines():
            print(line, file=out, flush=True)
        results.append(result)
    return results


# --------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------

@one_line_errors
def main(argv: list[str] | None = None) -> int:
    """``cld compare`` (see the module docstring)."""
    p = CliParser(prog="cld compare", description=__doc__.splitlines()[0])
    p.add_argument("--manifest", type=Path, required=True,
                   help="the dbt manifest.json of a build (its target folder): which tables to compare")
    p.add_argument("--duckdb", type=Path, action="append", default=[], metavar="FILE",
                   help="a DuckDB warehouse file; give it twice to compare two DuckDB builds")
    p.add_argument("--spark", action="store_true",
                   help="the right side is the Spark build of the profile's spark target (its warehouse "
                        "folder and metastore, from the same environment as the build)")
    p.add_argument("--spark-target", default="spark", help="the profile target of the Spark build (default spark)")
    p.add_argument("--select", nargs="+", default=None, metavar="NAME",
                   help="compare only these tables (names as in the manifest)")
    a = p.parse_args(argv)
    if len(a.duckdb) != (1 if a.spark else 2):
        raise UsageError("cld compare: give --duckdb A --spark, or --duckdb A --duckdb B")
    relations, excluded = relations_from_manifest(a.manifest)
    if a.select:
        unknown = sorted(set(a.select) - {r.name for r in relations})
        if unknown:
            raise UsageError(f"cld compare: --select: not a compared table of the manifest: {', '.join(unknown)}")
        relations = [r for r in relations if r.name in a.select]
    left = DuckDBSide(a.duckdb[0])
    right = SparkSide.from_profile(a.spark_target) if a.spark else DuckDBSide(a.duckdb[1])
    try:
        print(f"cld compare: left {left.label}, right {right.label}: {len(relations)} tables")
        for rel, reason in excluded:
            print(f"  excluded {rel.label}: {reason}")
        print(f"  not compared: {NOT_COMPARED}")
        results = compare(left, right, relations)
    finally:
        left.close()
        right.close()
    differing = [r for r in results if not r.equal]
    print(f"cld compare: {len(results) - len(differing)} of {len(results)} tables equal"
          + (f"; differ: {', '.join(r.relation.label for r in differing)}" if differing else ""))
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
