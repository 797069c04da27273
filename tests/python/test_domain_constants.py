"""Domain constants come from the seeds and vars, and the checks written in both Python and SQL agree.

1. The compiled SQL of the SALT and ASCOF marts and of the intermediate models holds no
   ASCOF/SALT label and no age boundary typed as a literal.  The project is compiled with the
   age vars (cld_adult_age_years, cld_working_age_min, cld_working_age_max) and the label var
   cld_learning_disability_psr set to sentinel values, so an age or label that reaches the SQL
   through a var shows as its sentinel and one still in the SQL is typed into a model or macro.  Labels are read from the seeds at run time
   (a join), so any label in the compiled SQL was typed.  What counts as a label or an age
   boundary is read from the seeds themselves: the ASCOF age groups (cld_ascof_groups, and
   cld_age_bands' ascof_age_group), the age bands (cld_age_bands), the lists' unknown values
   (cld_known_values, known_rank 0) and the labels SALT shows for them (cld_salt_unknown_labels);
   the label vars' values; the boundaries of the SALT bands and the vars.
2. The NHS number check digit (nhs_number.is_valid; SQL macros cld_nhs_number_digits and
   cld_nhs_number_is_valid) and the header / list-spelling key (landing.header_matching.header_key,
   spec_seeds.match_key, tracing's response-header key; SQL macro cld_match_key) are written in
   Python and again in SQL: the same cases go to both and must come out the same.
"""
from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

from cld_warehouse import nhs_number, spec_seeds
from cld_warehouse.landing.header_matching import header_key
from cld_warehouse.tracing.land import _key as trace_header_key

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds" / "rules"
PROJECT_VARS = yaml.safe_load((REPO / "dbt_project.yml").read_text())["vars"]
AGE_VARS = ["cld_adult_age_years", "cld_working_age_min", "cld_working_age_max"]
LABEL_VARS = ["cld_learning_disability_psr"]
# Sentinels no model would type: each var compiles to its own.
SENTINELS = {name: 7000 + index * 100 + PROJECT_VARS[name] for index, name in enumerate(AGE_VARS)}
SENTINELS.update({name: f"sentinel {name}" for name in LABEL_VARS})
SCANNED_FOLDERS = ("models/marts/salt/", "models/marts/ascof/", "models/intermediate/")


def seed_rows(name: str) -> list[dict[str, str]]:
    with (SEEDS / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def forbidden_labels() -> set[str]:
    """The ASCOF/SALT labels a model must take from a seed, never type."""
    groups = seed_rows("cld_ascof_groups")
    bands = seed_rows("cld_age_bands")
    age_groups = {g["age_group"] for g in groups if g["age_group"]} | {b["ascof_age_group"] for b in bands if b["ascof_age_group"]}
    labels = set(age_groups)
    labels |= {g["measure_group"] for g in groups if any(g["measure_group"].startswith(a) for a in age_groups)}
    labels |= {b["age_band"] for b in bands}
    labels |= {k["canonical_value"] for k in seed_rows("cld_known_values") if k["known_rank"] == "0"}
    labels |= {PROJECT_VARS[name] for name in LABEL_VARS}
    return labels | {u["salt_label"] for u in seed_rows("cld_salt_unknown_labels")}


def forbidden_ages() -> set[int]:
    """The age boundaries: the SALT bands' first and last ages (not the open top band's end)
    and the age vars' values."""
    salt = sorted((b for b in seed_rows("cld_age_bands") if b["band_scheme"] == "salt"), key=lambda b: int(b["sort_order"]))
    ages = {int(b["min_age"]) for b in salt} | {int(b["max_age"]) for b in salt[:-1]}
    return ages | {PROJECT_VARS[name] for name in AGE_VARS}


TOKENS = re.compile(r"(?P<string>'(?:[^']|'')*')|(?P<comment>--[^\n]*|/\*.*?\*/)", re.S)
TYPE_PARAMETERS = re.compile(r"\b(?:decimal|numeric)\s*\(\s*\d+\s*(?:,\s*\d+\s*)?\)", re.I)
NUMBER = re.compile(r"(?<![\w.])\d+(?![\w.])")


def literals(sql: str) -> tuple[list[str], list[int]]:
    """The string literals (unquoted) and the integer literals of SQL, comments left out (and the
    precision of decimal types, which is no quantity)."""
    strings: list[str] = []

    def blank(match: re.Match) -> str:
        if match.group("string") is not None:
            strings.append(match.group("string")[1:-1].replace("''", "'"))
        return " "
    code = TYPE_PARAMETERS.sub(" ", TOKENS.sub(blank, sql))
    return strings, [int(n) for n in NUMBER.findall(code)]


def violations(sql: str, labels: set[str], ages: set[int]) -> list[str]:
    strings, numbers = literals(sql)
    return sorted({f"label '{s}'" for s in strings if s in labels} | {f"age {n}" for n in numbers if n in ages})


COMPILE = """
import json, sys
from dbt.cli.main import dbtRunner
out, vars_, inline = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
parsed = dbtRunner().invoke(["parse", "--target", "lint", "-q", "--vars", vars_])
assert parsed.success, parsed.exception
runner = dbtRunner(manifest=parsed.result)
selected = runner.invoke(["compile", "--target", "lint", "-q", "--vars", vars_, "--select",
                          "1+path:models/marts/salt 1+path:models/marts/ascof path:models/intermediate"])
assert selected.success, selected.exception
compiled = {}
for name, sql in inline.items():
    result = runner.invoke(["compile", "--target", "lint", "-q", "--vars", vars_, "--inline", sql])
    assert result.success, result.exception
    compiled[name] = result.result.results[0].node.compiled_code
with open(out + "/inline.json", "w") as fh:
    json.dump(compiled, fh)
"""
INLINE = {
    "nhs": "select v, {{ cld_nhs_number_is_valid(cld_nhs_number_digits('v')) }} as is_valid from cases",
    "key": "select v, {{ cld_match_key('v') }} as match_key from cases",
}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> dict:
    """The selected models compiled with the age vars at their sentinels, and the inline queries
    of the two SQL checks: {'models': {path: sql}, 'manifest': ..., 'inline': {name: sql}}."""
    out = tmp_path_factory.mktemp("domain_constants")
    env = {**os.environ, "DBT_PROFILES_DIR": str(REPO / "profiles"), "DBT_TARGET_PATH": str(out / "target"),
           "DBT_LOG_PATH": str(out / "logs"), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    run = subprocess.run([sys.executable, "-c", COMPILE, str(out), json.dumps(SENTINELS), json.dumps(INLINE)],
                         cwd=REPO, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    manifest = json.loads((out / "target" / "manifest.json").read_text())
    root = out / "target" / "compiled" / "cld_warehouse"
    models = {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in (root / "models").rglob("*.sql") if p.is_file()}
    return {"models": models, "manifest": manifest, "inline": json.loads((out / "inline.json").read_text())}


def scanned_models(compiled: dict) -> dict[str, str]:
    """The SALT and ASCOF marts and every intermediate model (the ones the marts read, and the
    validation models whose rules use the same labels)."""
    nodes = compiled["manifest"]["nodes"]
    wanted = {n["original_file_path"] for n in nodes.values()
              if n["resource_type"] == "model" and n["original_file_path"].startswith(SCANNED_FOLDERS)}
    missing = sorted(wanted - set(compiled["models"]))
    assert not missing, f"not compiled: {missing}"
    return {path: compiled["models"][path] for path in sorted(wanted)}


def age_scanned(compiled: dict) -> set[str]:
    """The models scanned for ages too: the marts and the intermediate models they read (the
    other intermediate models number the data items 1-40, which no age scan can tell apart)."""
    nodes = compiled["manifest"]["nodes"]
    marts = [n for n in nodes.values() if n["resource_type"] == "model"
             and n["original_file_path"].startswith(("models/marts/salt/", "models/marts/ascof/"))]
    wanted = {m["original_file_path"] for m in marts}
    for mart in marts:
        wanted |= {nodes[p]["original_file_path"] for p in mart["depends_on"]["nodes"]
                   if p.startswith("model.") and nodes[p]["original_file_path"].startswith(SCANNED_FOLDERS)}
    return wanted


def test_the_scan_knows_the_seeds_labels_and_ages():
    labels, ages = forbidden_labels(), forbidden_ages()
    assert {"18 to 64", "65 and above", "18-64", "65+", "PSR Not Known", "Unknown", "Learning Disability Support"} <= labels
    assert ages == {18, 64, 65}


def test_the_scan_finds_a_planted_literal():
    """The scan can fail: labels and ages typed into SQL are found; the same words in comments,
    identifiers, longer strings or decimal precisions are not."""
    labels, ages = forbidden_labels(), forbidden_ages()
    planted = ("select case when age between 18 and 64 then '18 to 64' when age >= 65 then '65 and above' end, "
               "coalesce(gender, 'Not known'), psr = 'Learning Disability Support' from people")
    assert violations(planted, labels, ages) == [
        "age 18", "age 64", "age 65", "label '18 to 64'", "label '65 and above'",
        "label 'Learning Disability Support'", "label 'Not known'"]
    harmless = ("-- ages 18 to 64 ('18 to 64')\nselect under_18, col65, 1.65, cast(x as decimal(18, 2)), "
                "'Unknown: presumed at home', 'it''s 65+ years' /* 65 */ from t")
    assert violations(harmless, labels, ages) == []


def test_the_ages_and_labels_reach_the_sql_through_the_vars(compiled):
    """The compile really used the sentinels: every age and label var is read by some scanned
    model."""
    text = "\n".join(scanned_models(compiled).values())
    strings, numbers = literals(text)
    assert {name for name, sentinel in SENTINELS.items() if sentinel not in numbers + strings} == set()


def test_the_label_vars_are_values_of_the_spec_lists():
    """cld_learning_disability_psr names a primary support reason of the spec (a value of the seed
    cld_defined_list_values): a typo in the var would silently empty LTS004 and ASCOF 2E LD."""
    with (REPO / "seeds" / "spec" / "cld_defined_list_values.csv").open(newline="", encoding="utf-8") as fh:
        reasons = {r["canonical_value"] for r in csv.DictReader(fh) if r["list_name"] == "primary_support_reason"}
    assert PROJECT_VARS["cld_learning_disability_psr"] in reasons


def test_no_salt_or_ascof_label_or_age_is_typed_in_the_sql(compiled):
    """The SALT unknown labels (LTS001-02), the ASCOF age groups (ASCOF-GRP-01) and the age
    boundaries come from the seeds and vars.  Rules: LTS001-02, ASCOF-GRP-01."""
    models = scanned_models(compiled)
    assert any(p.startswith("models/marts/salt/") for p in models) and any(p.startswith("models/marts/ascof/") for p in models)
    assert {"models/intermediate/core/int_lts_cohort.sql", "models/intermediate/validation/int_row_item_checks.sql"} <= set(models)
    labels, ages, with_ages = forbidden_labels(), forbidden_ages(), age_scanned(compiled)
    assert "models/intermediate/core/int_lts_cohort.sql" in with_ages
    found = {path: v for path, sql in models.items()
             if (v := violations(sql, labels, ages if path in with_ages else set()))}
    assert not found, ("labels or ages typed in the SQL (read them from a seed or var): "
                       + json.dumps(found, indent=1))


# ---------------------------------------------------------------------------------------------
# The checks written twice: Python and SQL give the same answers on the same cases.
# ---------------------------------------------------------------------------------------------

def _stem_with_check(wanted) -> str:
    """The first nine-digit stem from 123456000 whose check digit satisfies `wanted`."""
    return next(f"{n:09d}" for n in range(123_456_000, 123_457_000) if wanted(nhs_number.check_digit(f"{n:09d}")))


VALID = "9434765919"
ZERO_CHECK = _stem_with_check(lambda c: c == 0)
NO_CHECK = _stem_with_check(lambda c: c is None)
NHS_CASES = [
    VALID, "943 476 5919", "943-476-5919", " 9434765919 ", "9434765918", ZERO_CHECK + "0", ZERO_CHECK + "1",
    NO_CHECK + "0", NO_CHECK + "1", "943476591", "94347659190", "94347659A9", "", "   ", "----------",
    "943\t476\t5919", "9434765919\n", "\t9434765919", "943\r476\n5919", "9434765919\f",
    "\u00a09434765919", "9434765919\u00a0", "943\u00a0476\u00a05919", "9434765919\v", "\u20039434765919",
    "\uff19\uff14\uff13\uff14\uff17\uff16\uff15\uff19\uff11\uff19", "\u0669\u0664\u0663\u0664\u0667\u0666\u0665\u0669\u0661\u0669",
    "+9434765919", "9434765919.0", "9 4 3 4 7 6 5 9 1 9", "943--476--5919", "999" + "0000000",
] + [nhs_number.test_range_number(k) or "9990000000" for k in range(0, 200, 7)]
KEY_CASES = [
    "Event Start Date", "event_start_date", "EVENT-START-DATE", "Unit Cost (£)", "Unit Cost £", "Delivery Mechanism (Long Term Support)",
    "  Person's ID  ", "Date\nof\r\nBirth", "Local Reference", "MATCH_STATUS", "Match\u2013Status", "Match\u2014Status",
    "Trac\u00e9d NHS N\u00ba", "Stra\u00dfe", "STRASSE", "\u0130stanbul", "\u212aelvin", "\uff21\uff22\uff23", "\u00c9v\u00e9nement",
    "caf\u00e9", "\u03a3\u03c3\u03c2", "Nursing\u00a0Care", "123 abc", "", "   ", "\t", "CASSR: Direct Payment", "Paid: 16 or more hours a week",
]


def run_inline(sql: str, cases: list[str]) -> dict[str, object]:
    connection = duckdb.connect()
    try:
        connection.execute("create table cases (v varchar)")
        connection.executemany("insert into cases values (?)", [[c] for c in cases])
        return dict(connection.execute(sql).fetchall())
    finally:
        connection.close()


def test_the_nhs_number_check_digit_agrees_in_python_and_sql(compiled):
    assert nhs_number.is_valid(VALID) and not nhs_number.is_valid(NO_CHECK + "0")
    in_sql = run_inline(compiled["inline"]["nhs"], NHS_CASES)
    disagree = {c: (nhs_number.is_valid(c), in_sql[c]) for c in NHS_CASES if nhs_number.is_valid(c) != in_sql[c]}
    assert not disagree, f"(python, sql) differ: {disagree}"
    assert sum(in_sql.values()) >= 10 and not all(in_sql.values())


def test_the_header_and_spelling_key_agrees_in_python_and_sql(compiled):
    in_sql = run_inline(compiled["inline"]["key"], KEY_CASES)
    python = {"landing header_key": header_key, "spec_seeds.match_key": spec_seeds.match_key,
              "tracing response header key": trace_header_key}
    disagree = {(name, c): (fn(c), in_sql[c]) for name, fn in python.items() for c in KEY_CASES if fn(c) != (in_sql[c] or "")}
    assert not disagree, f"(python, sql) differ: {disagree}"
    assert in_sql["Unit Cost (£)"] == "unitcost" and in_sql["Event Start Date"] == in_sql["EVENT-START-DATE"]
