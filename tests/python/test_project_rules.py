"""Project-rule checks over the dbt manifest (dbt-project-evaluator's rules, without the package).

`dbt parse` writes target/manifest.json into a temporary folder (under `make test`, the manifest
`make dbt-test` wrote into its own target path is read instead); each test checks one rule over
every node, with reasoned exceptions in project_rules_allowlist.yml.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
ALLOW = yaml.safe_load((Path(__file__).parent / "project_rules_allowlist.yml").read_text())["exceptions"]
PREFIX_BY_FOLDER = {
    "staging": ("stg_",),
    "intermediate": ("int_",),
    "marts/dq": ("dq_",),
    "marts/salt": ("salt_",),
    "marts/ascof": ("ascof_",),
    "marts/pseudo": ("pseudo_",),
    "marts/dscro": ("dscro_",),
    "marts/core": ("fct_", "dim_", "rpt_"),
    "marts/finance": ("fct_", "rpt_"),
}


def allowed(rule: str, node_name: str) -> bool:
    return any(e["rule"] == rule and e["node"] == node_name for e in ALLOW)


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> dict:
    given = os.environ.get("CLD_TEST_FIXTURES_WORK")
    if given and (Path(given) / "target" / "manifest.json").is_file():
        # under `make test`: make dbt-test has just parsed the project (deprecations as errors)
        # into its own target path
        return json.loads((Path(given) / "target" / "manifest.json").read_text())
    target = tmp_path_factory.mktemp("manifest")
    env = dict(os.environ, DBT_PROFILES_DIR=str(REPO / "profiles"), DBT_TARGET_PATH=str(target),
               DBT_LOG_PATH=str(target / "logs"))
    dbt = Path(sys.executable).parent / "dbt"
    run = subprocess.run([str(dbt), "parse", "--target", "lint", "--warn-error-options",
                          '{"error": ["Deprecations"]}'], cwd=REPO, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    return json.loads((target / "manifest.json").read_text())


def models(manifest: dict) -> list[dict]:
    return [n for n in manifest["nodes"].values()
            if n["resource_type"] == "model" and n["package_name"] == "cld_warehouse"]


def test_only_staging_reads_sources(manifest):
    bad = [m["name"] for m in models(manifest)
           if any(d.startswith("source.") for d in m["depends_on"]["nodes"])
           and not m["original_file_path"].startswith("models/staging/")]
    assert not bad, f"models outside staging reading a source: {bad}"


def test_staging_depends_only_on_sources(manifest):
    bad = [m["name"] for m in models(manifest)
           if m["original_file_path"].startswith("models/staging/")
           and any(d.startswith("model.") or d.startswith("seed.") for d in m["depends_on"]["nodes"])
           and not allowed("staging_refs_only_sources", m["name"])]
    assert not bad, f"staging models with refs (add a reasoned exception or move the logic): {bad}"


def test_no_hard_coded_relations_or_file_reads_in_models(manifest):
    pattern = re.compile(r"read_csv|read_parquet|\bfrom\s+[a-z_]+\.[a-z_]+\b(?!\s*\()", re.IGNORECASE)
    def code(m: dict) -> str:  # without Jinja, `extract(<part> from …)` and `is [not] distinct from`
        text = re.sub(r"\{\{.*?\}\}", "", m["raw_code"], flags=re.S)
        text = re.sub(r"\bdistinct\s+from\b", "distinct_from", text, flags=re.IGNORECASE)
        return re.sub(r"extract\s*\(\s*\w+\s+from", "extract(", text, flags=re.IGNORECASE)

    bad = [m["name"] for m in models(manifest) if pattern.search(code(m))]
    assert not bad, f"hard-coded relations or file reads in: {bad}"


def test_every_model_is_described(manifest):
    bad = [m["name"] for m in models(manifest) if not m["description"].strip()]
    assert not bad, f"models without a description: {bad}"


def test_every_model_has_a_primary_key_test(manifest):
    tested: set[str] = set()
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test":
            continue
        meta = node.get("test_metadata") or {}
        name = meta.get("name")
        if name in {"unique", "cld_unique_combination"}:
            attached = node.get("attached_node") or (node["depends_on"]["nodes"] or [None])[0]
            if attached:
                tested.add(attached)
    bad = [m["name"] for m in models(manifest) if m["unique_id"] not in tested]
    assert not bad, f"models without a primary-key test (unique or cld_unique_combination): {bad}"


def test_public_models_have_enforced_contracts_and_typed_described_columns(manifest):
    problems = []
    for m in models(manifest):
        if m.get("access") != "public":
            continue
        if not m["config"].get("contract", {}).get("enforced"):
            problems.append(f"{m['name']}: contract not enforced")
        for col in m["columns"].values():
            if not col.get("description", "").strip() or not col.get("data_type"):
                problems.append(f"{m['name']}.{col['name']}: undescribed or untyped")
    assert not problems, problems


def test_mart_columns_are_described(manifest):
    problems = []
    for m in models(manifest):
        if m["original_file_path"].startswith("models/marts/") and not m["columns"]:
            problems.append(m["name"])
    assert not problems, f"marts without documented columns: {problems}"


def test_model_names_match_their_folder(manifest):
    bad = []
    for m in models(manifest):
        folder = m["original_file_path"].removeprefix("models/")
        for prefix_folder, prefixes in sorted(PREFIX_BY_FOLDER.items(), key=lambda kv: -len(kv[0])):
            if folder.startswith(prefix_folder + "/"):
                if not m["name"].startswith(prefixes):
                    bad.append(f"{m['name']} in {prefix_folder}")
                break
        else:
            bad.append(f"{m['name']}: not in a known folder")
    assert not bad, bad


def test_no_chains_of_five_views(manifest):
    nodes = {m["unique_id"]: m for m in models(manifest)}

    def view_depth(uid: str) -> int:
        node = nodes.get(uid)
        if node is None or node["config"]["materialized"] not in {"view", "ephemeral"}:
            return 0
        return 1 + max((view_depth(p) for p in node["depends_on"]["nodes"]), default=0)

    bad = [n["name"] for uid, n in nodes.items() if view_depth(uid) >= 5]
    assert not bad, f"chains of five or more views ending at: {bad}"


def test_exposures_depend_only_on_public_models(manifest):
    nodes = manifest["nodes"]
    bad = []
    for exp in manifest.get("exposures", {}).values():
        for dep in exp["depends_on"]["nodes"]:
            if dep.startswith("model.") and nodes[dep].get("access") != "public":
                bad.append(f"{exp['name']} → {nodes[dep]['name']}")
    assert not bad, bad


def test_allowlist_entries_name_real_models_and_give_reasons(manifest):
    names = {m["name"] for m in models(manifest)}
    for e in ALLOW:
        assert e["node"] in names, f"allow-list entry for unknown model {e['node']}"
        assert len(e.get("reason", "").strip()) > 20, f"allow-list entry without a reason: {e}"


def test_every_var_is_an_input_of_the_per_la_models():
    """A changed var must rebuild every LA of the per-LA incremental models: each var of
    dbt_project.yml is in cld_rule_var_names (macros/incremental/la_inputs.sql), and only those."""
    project_vars = set(yaml.safe_load((REPO / "dbt_project.yml").read_text())["vars"])
    macro = (REPO / "macros" / "incremental" / "la_inputs.sql").read_text()
    listed = macro[macro.index("macro cld_rule_var_names"):macro.index("endmacro", macro.index("macro cld_rule_var_names"))]
    assert set(re.findall(r"'([a-z0-9_]+)'", listed)) == project_vars


def test_the_build_wing_stays_out_of_the_business_lineage(manifest):
    """The lineage of every SALT and ASCOF mart holds business models and seeds only (README
    "Incremental building: the build wing"), and the root per-LA model is built after every
    model its build inputs read (they are its ancestors), with no edge to the bookkeeping."""
    nodes = manifest["nodes"]

    def ancestors(uid: str, seen: set[str]) -> set[str]:
        for parent in nodes.get(uid, {}).get("depends_on", {}).get("nodes", []):
            if parent not in seen:
                seen.add(parent)
                ancestors(parent, seen)
        return seen

    for m in models(manifest):
        if m["name"].startswith(("salt_", "ascof_")):
            lineage = ancestors(m["unique_id"], set())
            assert {nodes[p]["resource_type"] for p in lineage if p in nodes} <= {"model", "seed"}, m["name"]
            assert not [p for p in lineage if "build" in nodes.get(p, {}).get("tags", [])
                        or nodes.get(p, {}).get("original_file_path", "").startswith("models/intermediate/build/")], m["name"]
    inputs = nodes["model.cld_warehouse.int_la_build_inputs"]["depends_on"]["nodes"]
    assert set(inputs) <= ancestors("model.cld_warehouse.int_event_rows_identified", set())


BUILD_WING_WORDS = re.compile(r"is_incremental\s*\(|\{\{\s*this\b|\bthis\.|pre_hook|post_hook|cld_la_scope|cld_per_file_scope"
                              r"|cld_in_list|files_to_load|materialized\s*=\s*['\"]incremental['\"]")


def test_no_model_sql_mentions_la_scoping_or_file_loading(manifest):
    """A model says how it is rebuilt in one config line (materialized cld_per_la, or cld_per_file
    with its meta cld_per_file) and nothing else in its SQL: no is_incremental(), `this`, hooks
    or build-wing macros (README "Incremental building: the build wing")."""
    assert BUILD_WING_WORDS.search("{% if is_incremental() %} where x in {{ cld_in_list(cld_per_file_scope()) }}")
    offenders = {m["name"]: sorted(set(BUILD_WING_WORDS.findall(m["raw_code"])))
                 for m in models(manifest) if BUILD_WING_WORDS.search(m["raw_code"])}
    assert not offenders, offenders
    per_file = {m["name"]: m["config"]["meta"].get("cld_per_file") for m in models(manifest)
                if m["config"]["materialized"] == "cld_per_file"}
    assert "stg_cld__rows" in per_file and all(per_file.values()), per_file
