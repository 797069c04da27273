"""`cld explain`: the members behind a cell of every public SALT table and ASCOF measure.

On the demo warehouse: for every mart (and both parts of every ASCOF measure) the member rows
the command lists give, cell by cell, exactly the mart's figure — all cells at once through the
same member query (`member_counts`), then `explain()` itself on a deterministic sample of cells
(largest, smallest, spread between, England) with each member's events traced to a staged row.
The command line: the text and CSV outputs, and one line + exit 2 for what the warehouse lacks.
"""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from cld_warehouse import cli
from cld_warehouse.reports import explain as ex

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.warehouse_build   # reads the shared demo build
SAMPLE_PER_FIGURE = 8
FIGURE_COLUMNS = {"period_start", "period_end", "description", "outcome"}
# the presentation columns every tidy mart ends with (macro cld_presentation_columns): labels, not keys
PRESENTATION_COLUMNS = {"la_name", "period_label", "display_order", "la_count"}


@pytest.fixture
def con(demo_warehouse):
    connection = duckdb.connect(str(demo_warehouse / "cld.duckdb"), read_only=True)
    yield connection
    connection.close()


FIGURES = [(mart, part) for mart, spec in ex.MARTS.items() for part in spec.parts]


def cells(con, mart: str, part: str) -> dict[tuple, int]:
    spec = ex.MARTS[mart]
    keys = ", ".join(["la_code", *[k.column for k in spec.keys]])
    rows = con.execute(f"select {keys}, {spec.parts[part].value_column} from {spec.relation}").fetchall()
    return {tuple(r[:-1]): r[-1] for r in rows}


def is_population(mart: str, part: str, cell_key: tuple) -> bool:
    spec = ex.MARTS[mart]
    if not spec.detail_by:
        return False
    index = 1 + [k.column for k in spec.keys].index(spec.detail_by[0])
    return cell_key[index] in spec.parts[part].population_for


def as_cell(mart: str, part: str, key: tuple) -> dict:
    spec = ex.MARTS[mart]
    cell = dict(zip(["la_code", *[k.column for k in spec.keys]], key))
    if part:
        cell["part"] = part
    return cell


def test_every_public_salt_and_ascof_mart_is_explainable(demo_warehouse):
    manifest = json.loads((demo_warehouse / "target" / "manifest.json").read_text())
    public = {node["name"] for node in manifest["nodes"].values()
              if node["resource_type"] == "model" and node.get("access") == "public"
              and node["fqn"][1:3] in (["marts", "salt"], ["marts", "ascof"])}
    assert public == set(ex.MARTS)


@pytest.mark.parametrize("mart", list(ex.MARTS))
def test_mapping_names_exactly_the_marts_key_columns(con, mart):
    spec = ex.MARTS[mart]
    schema, table = spec.relation.split(".")
    columns = {r[0] for r in con.execute("select column_name from information_schema.columns "
                                         "where table_schema = ? and table_name = ?", [schema, table]).fetchall()}
    figures = {part.value_column for part in spec.parts.values()}
    assert columns - FIGURE_COLUMNS - PRESENTATION_COLUMNS - figures == {"la_code", *[k.column for k in spec.keys]}
    assert {d.event_scope for d in spec.details().values()} <= set(ex.EVENT_SCOPES)
    assert all(d.rule_ids for d in spec.details().values())


@pytest.mark.parametrize("mart, part", FIGURES)
def test_member_count_equals_every_cell(con, mart, part):
    """All cells of the figure, England included: the members the command would list."""
    figures = cells(con, mart, part)
    counted = ex.member_counts(con, mart, part)
    checked = {key: value for key, value in figures.items() if not is_population(mart, part, key)}
    assert checked and sum(checked.values()) > 0
    differences = {key: (value, counted.get(key, 0)) for key, value in checked.items()
                   if counted.get(key, 0) != value}
    assert not differences, f"{len(differences)} cell(s) (mart, members): {list(differences.items())[:10]}"


def sample(figures: dict[tuple, int], mart: str, part: str) -> list[tuple]:
    """Deterministic: the England cell with the largest figure, and non-zero LA cells spread
    from the largest to the smallest — for ascof_measures, for every measure."""
    spec = ex.MARTS[mart]
    usable = {k: v for k, v in figures.items() if v and not is_population(mart, part, k)}
    if spec.detail_by:
        index = 1 + [k.column for k in spec.keys].index(spec.detail_by[0])
        groups = [{k: v for k, v in usable.items() if k[index] == value} for value in spec.detail_by[1]]
        per_group = 2
    else:
        groups, per_group = [usable], SAMPLE_PER_FIGURE
    picked = []
    for group in groups:
        england = sorted((k for k in group if k[0] == ex.ENGLAND), key=lambda k: (-group[k], k))[:1]
        local = sorted((k for k in group if k[0] != ex.ENGLAND), key=lambda k: (-group[k], k))
        step = max(1, len(local) // per_group)
        picked += england + local[::step][:per_group] + local[-1:]
    return picked


@pytest.mark.parametrize("mart, part", FIGURES)
def test_explain_lists_the_members_of_sampled_cells_with_their_source_rows(con, mart, part):
    figures = cells(con, mart, part)
    for key in sample(figures, mart, part):
        cell = as_cell(mart, part, key)
        rows = ex.explain(con, mart, cell)
        assert len(rows) == figures[key] == ex.cell_value(con, mart, cell), (mart, cell)
        assert len({(r["la_code"], r["member_id"]) for r in rows}) == len(rows)
        if key[0] != ex.ENGLAND:
            assert {r["la_code"] for r in rows} == {key[0]}
        for row in rows:
            assert row["rule_ids"] and row["reason"], row
            assert row["events"], f"{mart} {cell}: member {row['member_id']} has no events"
            if row["sequel_method"] in ("service_found", "nfa_found") and mart.startswith("salt_sts"):
                assert [e["role"] for e in row["events"]].count("sequel") == 1, row
        pairs = {(e["landed_file_name"], e["source_row_number"]) for r in rows for e in r["events"]}
        staged = con.execute(
            "select count(*) from staging.stg_cld__rows as rows_ "
            "inner join (select unnest(?) as landed_file_name, unnest(?) as source_row_number) as wanted "
            "using (landed_file_name, source_row_number)",
            [[p[0] for p in pairs], [p[1] for p in pairs]]).fetchone()[0]
        assert staged == len(pairs), f"{mart} {cell}: event rows not found among the staged rows"


def test_every_ascof_measure_and_part_is_covered(con):
    measures = {r[0] for r in con.execute("select distinct measure from marts.ascof_measures").fetchall()}
    assert measures == set(ex.ASCOF_DETAILS)
    population = con.execute(
        "select sum(population) from spec.cld_population where la_code = '716' and age_band = '18-64'").fetchone()[0]
    cell = {"la_code": "716", "measure": "2B", "measure_group": "18 to 64", "part": "denominator"}
    assert ex.explain(con, "ascof_measures", cell) == []
    assert ex.cell_value(con, "ascof_measures", ex.resolve_cell(con, "ascof_measures", cell)) == population


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = cli.main(["explain", *args])
    out, err = capsys.readouterr()
    return code, out, err


def largest_cell(con, mart: str) -> tuple:
    spec = ex.MARTS[mart]
    value = next(iter(spec.parts.values())).value_column
    keys = ", ".join(["la_code", *[k.column for k in spec.keys]])
    return con.execute(f"select {keys}, {value} from {spec.relation} where la_code != 'ENG' "
                       f"order by {value} desc, {keys} limit 1").fetchone()


def test_cli_text_and_csv(con, demo_warehouse, tmp_path, capsys):
    la, age_band, route, sequel, count = largest_cell(con, "salt_sts001")
    out_csv = tmp_path / "members.csv"
    code, out, err = run_cli(capsys, "salt_sts001", "--database", str(demo_warehouse / "cld.duckdb"),
                             "--la", la, "--age-band", age_band, "--route-of-access", route,
                             "--sequel", sequel, "--csv", str(out_csv))
    assert code == 0, err
    assert f"request_count = {count}; members listed: {count} (request cluster)" in out
    assert "STS001-01" in out and ".csv row " in out and "sequel: " in out
    assert out_csv.read_bytes().startswith(b"\xef\xbb\xbf")   # the one writer: UTF-8 with a BOM
    with out_csv.open(encoding="utf-8-sig", newline="") as fh:
        written = list(csv.DictReader(fh))
    assert len(written) == count
    assert set(written[0]) == set(ex.CSV_COLUMNS)
    assert all(r["la_code"] == la and r["sequel"] == sequel and r["source_rows"] for r in written)


def test_cli_ascof_measure_without_prefix_and_england(con, demo_warehouse, capsys):
    numerator = con.execute("select numerator from marts.ascof_measures where la_code = 'ENG' "
                            "and measure = 'ASCOF 2A' and measure_group = '65 and above'").fetchone()[0]
    code, out, err = run_cli(capsys, "ascof_measures", "--database", str(demo_warehouse / "cld.duckdb"),
                             "--la", "ENG", "--measure", "2A", "--group", "65 and above", "--part", "numerator")
    assert code == 0, err
    assert f"numerator = {numerator}; members listed: {numerator} (ST-Max cluster)" in out
    assert "ASCOF-2A-01" in out


def test_csv_neutralises_formula_text(tmp_path):
    row = {"la_code": "716", "member_kind": "person", "member_id": "=HYPERLINK(1)", "person_id": "+1",
           "start_date": None, "end_date": None, "sequel": "-x", "sequel_method": None, "reason": "@y",
           "rule_ids": "ID-01", "events": []}
    path = tmp_path / "out.csv"
    ex.write_csv([row], path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        written = list(csv.DictReader(fh))[0]
    assert (written["member_id"], written["person_id"], written["sequel"], written["reason"]) == (
        "'=HYPERLINK(1)", "'+1", "'-x", "'@y")


@pytest.mark.parametrize("args, says", [
    (["salt_nope", "--la", "716"], "unknown mart 'salt_nope'"),
    (["salt_sts002a", "--la", "999", "--age-band", "65+", "--sequel", "x"], "LA '999' is not in salt_sts002a"),
    (["salt_sts002a", "--la", "716", "--age-band", "65+", "--sequel", "No such sequel'; drop table x; --"],
     "--sequel \"No such sequel'; drop table x; --\" is not a value of salt_sts002a.sequel"),
    (["salt_sts002a", "--la", "716", "--age-band", "65+"], "the following arguments are required: --sequel"),
    (["ascof_measures", "--la", "716", "--measure", "2B", "--group", "65 and above", "--part", "numerator"],
     "ascof_measures has no cell"),
    (["ascof_measures", "--la", "716", "--measure", "2A", "--group", "Total", "--part", "half"],
     "argument --part: invalid choice"),
])
def test_cli_unknown_mart_la_or_value_is_one_line_and_exit_2(demo_warehouse, capsys, args, says):
    code, out, err = run_cli(capsys, *args[:1], "--database", str(demo_warehouse / "cld.duckdb"), *args[1:])
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], err


# The SQL counterparts (analyses/explain_*_cell.sql), each compiled with its vars for every cell
# of a table: per LA cell, the distinct members they list equal the cell.
ANALYSES = [
    ("explain_sequel_cell", {"explain_table": "salt_sts001"}, "salt_sts001", "", "member_id"),
    ("explain_sequel_cell", {"explain_table": "salt_sts002b"}, "salt_sts002b", "", "member_id"),
    ("explain_lts001_cell", {"explain_table": "salt_lts001a"}, "salt_lts001a", "", "person_id"),
    ("explain_lts001_cell", {"explain_table": "salt_lts001b_ethnicity"}, "salt_lts001b_ethnicity", "", "person_id"),
    ("explain_lts002_cell", {"explain_table": "salt_lts002b"}, "salt_lts002b", "", "review_id"),
    ("explain_lts004_cell", {}, "salt_lts004", "", "person_id"),
    ("explain_ascof_cell", {"explain_part": "denominator"}, "ascof_measures", "denominator", "unit_id"),
]
COMPILE_ANALYSES = """
import json, shutil, sys
from dbt.cli.main import dbtRunner
out, cases = sys.argv[1], json.loads(sys.argv[2])
parsed = dbtRunner().invoke(["parse", "--target", "test", "-q"])
runner = dbtRunner(manifest=parsed.result)
for number, (analysis, vars_) in enumerate(cases):
    result = runner.invoke(["compile", "--target", "test", "-q", "--no-populate-cache",
                            "-s", analysis, "--vars", json.dumps(vars_)])
    assert result.success, result.exception
    shutil.copy(f"{out}/target/compiled/cld_warehouse/analyses/{analysis}.sql", f"{out}/analysis_{number}.sql")
"""


def test_the_explain_analyses_list_the_same_members(demo_warehouse):
    env = {**os.environ, "DBT_PROFILES_DIR": str(REPO / "profiles"), "CLD_WORK_DIR": str(demo_warehouse),
           "CLD_DUCKDB_PATH": str(demo_warehouse / "cld.duckdb"), "CLD_DUCKDB_MEMORY_LIMIT": "2GB",
           "DBT_TARGET_PATH": str(demo_warehouse / "target"), "DBT_LOG_PATH": str(demo_warehouse / "logs"),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    cases = json.dumps([[analysis, vars_] for analysis, vars_, *_ in ANALYSES])
    compiled = subprocess.run([sys.executable, "-c", COMPILE_ANALYSES, str(demo_warehouse), cases],
                              cwd=REPO, env=env, capture_output=True, text=True)
    assert compiled.returncode == 0, compiled.stdout[-3000:] + compiled.stderr[-3000:]
    connection = duckdb.connect(str(demo_warehouse / "cld.duckdb"), read_only=True)
    try:
        for number, (analysis, vars_, mart, part, unit) in enumerate(ANALYSES):
            spec = ex.MARTS[mart]
            keys = ", ".join(["la_code", *[k.column for k in spec.keys]])
            sql = (demo_warehouse / f"analysis_{number}.sql").read_text()
            listed = {tuple(r[:-1]): r[-1] for r in connection.execute(
                f"select {keys}, count(distinct {unit}) from ({sql}) as listed group by {keys}").fetchall()}
            figures = {k: v for k, v in cells(connection, mart, part).items()
                       if k[0] != ex.ENGLAND and v and not is_population(mart, part, k)}
            assert figures
            differences = {k: (v, listed.get(k)) for k, v in figures.items() if listed.get(k) != v}
            assert not differences, f"{analysis} {vars_}: {list(differences.items())[:5]}"
    finally:
        connection.close()
