"""The rule catalogue (seeds/rules/cld_rule_catalogue.csv) against the project, over the manifest.

Every rule id is cited by at least one model (description, column description or SQL) and by at
least one test (a dbt unit test or data test by name, description or SQL, or a pytest function
in tests/python); every model and test the catalogue names exists and cites the id; every id
cited anywhere is in the catalogue; the vars and seeds it names exist; the doc block rendering it
in the docs site is the one `python -m cld_warehouse.rule_catalogue` writes; and no file of the
project cites a document outside it.
"""
from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from cld_warehouse import rule_catalogue
from test_project_rules import manifest  # noqa: F401  (the module-scoped `dbt parse` fixture)

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = rule_catalogue.read()
IDS = [row["rule_id"] for row in CATALOGUE]
PYTEST_DIR = REPO / "tests" / "python"
# Files whose text may cite rule ids (besides the manifest): macros, README, docs, pytest files.
TEXT_GLOBS = ["macros/**/*.sql", "README.md", "docs/**/*.md", "models/docs/**/*.md",
              "tests/python/*.py", "analyses/**/*.sql", "src/**/*.py", "dbt_project.yml"]


# Tokens shaped like a rule id that are not one: encodings (UTF-16), dated references (X-2024-07).
NOT_RULE_IDS = re.compile(r"UTF-\d+|[A-Z]+-\d{4}-\d{2}")


def cited(text: str | None) -> set[str]:
    """Rule ids in a text: every token shaped like an id (the catalogue's own prefixes or not)."""
    return {i for i in rule_catalogue.RULE_ID.findall(text or "") if not NOT_RULE_IDS.fullmatch(i)}


def project_nodes(manifest: dict, kind: str) -> list[dict]:
    return [n for n in manifest["nodes"].values()
            if n["resource_type"] == kind and n["package_name"] == "cld_warehouse"]


def model_text(node: dict) -> str:
    columns = " ".join(c.get("description") or "" for c in node["columns"].values())
    return " ".join([node.get("description") or "", columns, node.get("raw_code") or ""])


def dbt_tests(manifest: dict) -> dict[str, str]:
    """Every dbt test of the project by name: unit tests (name, description) and data tests
    (name, description, and the SQL of singular tests)."""
    tests = {u["name"]: u["name"] + " " + (u.get("description") or "")
             for u in manifest.get("unit_tests", {}).values() if u["package_name"] == "cld_warehouse"}
    for node in project_nodes(manifest, "test"):
        text = node["name"] + " " + (node.get("description") or "")
        if node["original_file_path"].startswith("tests/dbt/singular/"):
            text += " " + (node.get("raw_code") or "")
        tests[node["name"]] = text
    return tests


def pytest_functions() -> dict[str, str]:
    """Every pytest function in tests/python as `tests/python/<file>.py::<name>` → its source."""
    functions = {}
    for path in sorted(PYTEST_DIR.glob("test_*.py")):
        if path.name == Path(__file__).name:  # this file names ids without testing them
            continue
        source = path.read_text(encoding="utf-8")
        for node in ast.parse(source).body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                key = f"{path.relative_to(REPO).as_posix()}::{node.name}"
                functions[key] = ast.get_source_segment(source, node) or ""
    return functions


def all_tests(manifest: dict) -> dict[str, str]:
    return {**dbt_tests(manifest), **pytest_functions()}


def test_catalogue_rows_are_complete_and_ids_unique():
    assert len(IDS) == len(set(IDS)), sorted({i for i in IDS if IDS.count(i) > 1})
    for row in CATALOGUE:
        assert list(row) == rule_catalogue.FIELDS
        assert rule_catalogue.RULE_ID.fullmatch(row["rule_id"]), row["rule_id"]
        for field in ("area", "title", "statement", "models"):
            assert row[field].strip(), (row["rule_id"], field)
        for name in rule_catalogue.split(row["constants"]):
            assert re.fullmatch(r"(var|seed):[a-z_0-9]+", name), (row["rule_id"], name)


def test_reserved_ids_are_in_the_catalogue():
    """Ids implemented by the rule corrections of issue #17 keep these numbers."""
    reserved = {"ASCOF-2A-02": "ascof_2a_episodes", "SEQ-08": "int_sequel_candidates",
                "STS002A-02": "salt_sts002_episodes", "ASCOF-2E-03": "ascof_2e_people",
                "STS002A-03": "salt_sts002a", "ASCOF-GRP-01": "ascof_measures"}
    rows = rule_catalogue.by_id()
    for rule_id, model in reserved.items():
        assert model in rule_catalogue.split(rows[rule_id]["models"]), rule_id


def test_named_vars_seeds_and_models_exist(manifest):
    project_vars = yaml.safe_load((REPO / "dbt_project.yml").read_text())["vars"]
    seeds = {n["name"] for n in project_nodes(manifest, "seed")}
    models = {n["name"] for n in project_nodes(manifest, "model")}
    missing = []
    for row in CATALOGUE:
        for name in rule_catalogue.split(row["constants"]):
            kind, _, value = name.partition(":")
            if value not in (project_vars if kind == "var" else seeds):
                missing.append((row["rule_id"], name))
        missing += [(row["rule_id"], m) for m in rule_catalogue.split(row["models"]) if m not in models]
    assert not missing, f"catalogue names what the project does not have: {missing}"


def test_every_rule_is_cited_by_the_models_that_implement_it(manifest):
    text = {n["name"]: model_text(n) for n in project_nodes(manifest, "model")}
    missing = [(row["rule_id"], m) for row in CATALOGUE for m in rule_catalogue.split(row["models"])
               if row["rule_id"] not in cited(text.get(m))]
    assert not missing, f"models named by the catalogue that do not cite the rule: {missing}"


def test_every_named_test_exists_and_cites_its_rule(manifest):
    tests = all_tests(manifest)
    problems = []
    for row in CATALOGUE:
        for name in rule_catalogue.split(row["tests"]):
            if name not in tests:
                problems.append((row["rule_id"], name, "no such test"))
            elif row["rule_id"] not in cited(tests[name]):
                problems.append((row["rule_id"], name, "does not cite the id"))
    assert not problems, problems


def test_every_rule_is_cited_by_at_least_one_test(manifest):
    citing = set().union(*(cited(text) for text in all_tests(manifest).values()))
    untested = [i for i in IDS if i not in citing]
    assert not untested, f"rules no test cites (write a unit test that proves the rule): {untested}"


def test_every_cited_id_is_in_the_catalogue(manifest):
    texts = {f"model {n['name']}": model_text(n) for n in project_nodes(manifest, "model")}
    texts.update({f"seed {n['name']}": model_text(n) for n in project_nodes(manifest, "seed")
                  if n["name"] != "cld_rule_catalogue"})
    texts.update({f"test {name}": text for name, text in all_tests(manifest).items()})
    for pattern in TEXT_GLOBS:
        for path in REPO.glob(pattern):
            if path.name != rule_catalogue.DOC_BLOCK.name:
                texts[str(path.relative_to(REPO))] = path.read_text(encoding="utf-8")
    unknown = sorted({(where, i) for where, text in texts.items() for i in cited(text) if i not in IDS})
    assert not unknown, f"ids cited but not in the catalogue: {unknown}"


def test_the_doc_block_is_generated_from_the_catalogue():
    assert rule_catalogue.DOC_BLOCK.read_text(encoding="utf-8") == rule_catalogue.render(CATALOGUE), \
        "docs/dbt/rule_catalogue.md is stale: run `python -m cld_warehouse.rule_catalogue`"


def test_the_catalogue_and_glossary_render_in_the_docs_site(manifest):
    seed = next(n for n in project_nodes(manifest, "seed") if n["name"] == "cld_rule_catalogue")
    for rule_id in IDS:
        assert f"### {rule_id} — " in seed["description"], rule_id
    assert "# Glossary" in seed["description"]
    overview = manifest["docs"]["doc.cld_warehouse.__overview__"]["block_contents"]
    for folder in ("salt", "ascof", "finance", "pseudo", "dq", "dscro"):
        assert f"| **{folder}** |" in overview, folder
    assert "#!/seed/seed.cld_warehouse.cld_rule_catalogue" in overview


def test_no_file_cites_a_document_outside_the_project():
    # The background documents' names, split so that this file does not match its own pattern.
    pattern = "|".join(["shared" + "/", "rules " + "README", "salt" + r"\.md", "pipeline " + "book"])
    run = subprocess.run(["git", "grep", "-nE", pattern, "--", "*.sql", "*.yml", "*.md", "*.py"],
                         cwd=REPO, capture_output=True, text=True)
    hits = run.stdout.splitlines()
    assert not hits, "outside references (cite a rule id instead):\n" + "\n".join(hits)


def test_descriptions_name_vars_without_restating_their_values(manifest):
    """`var cld_x (28)` or `cld_x (28)` restates a value that lives in dbt_project.yml."""
    project_vars = yaml.safe_load((REPO / "dbt_project.yml").read_text())["vars"]
    texts = {n["name"]: model_text(n) for n in project_nodes(manifest, "model")}
    texts.update({p.name: p.read_text(encoding="utf-8") for p in (REPO / "macros").glob("*.sql")})
    restated = [(where, name) for name, value in project_vars.items()
                if isinstance(value, (int, float)) and not isinstance(value, bool)
                for where, text in texts.items()
                if re.search(rf"\b{name}`?\s*\(\s*{value}\s*\)", text)]
    assert not restated, restated
