"""The pseudonymised extract: no direct identifier anywhere in it, the key never leaves the
environment, the production target refuses to build without a secret key, and the extract is
enough to rebuild SALT tables with the same numbers."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from cld_warehouse.duckdb_plugin import DEVELOPMENT_KEY
from dbt_helpers import REPO, query

FIXTURES = REPO / "tests" / "fixtures" / "landing"
SECRET = "test-secret-key-Zq81Vx"   # the prod-target test's own key
IDENTIFIER_COLUMNS = re.compile(r"first_name|last_name|nhs|person_unique|la_person_id|date_of_birth|"
                                r"event_reference|event_description|gp_practice|^postcode$|person_id$")
NHS_PATTERN = re.compile(r"(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")
FULL_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
LA_PERSON_ID = re.compile(r"^P\d{10}$")


@pytest.fixture(scope="module")
def warehouse(fixtures_warehouse):
    """The session's fixtures warehouse (conftest.py), built with a secret key of the test's own
    (fixtures_warehouse.pseudo_key), never the development default."""
    return fixtures_warehouse.work


@pytest.fixture(scope="module")
def secret(fixtures_warehouse):
    assert fixtures_warehouse.pseudo_key and fixtures_warehouse.pseudo_key != DEVELOPMENT_KEY
    return fixtures_warehouse.pseudo_key


def pseudo_tables(work):
    return [r[0] for r in query(work, "select table_name from information_schema.tables "
                                      "where table_schema = 'marts' and table_name like 'pseudo_%'")]


def test_no_direct_identifier_in_columns_or_values(warehouse):
    """Rules: PSEUDO-01."""
    persons = query(warehouse, "select distinct first_name, last_name, nhs_number, person_id, la_person_id, "
                               "postcode from intermediate.int_persons")
    known = {str(v) for row in persons for v in row if v}
    tables = pseudo_tables(warehouse)
    assert set(tables) == {"pseudo_persons", "pseudo_events", "pseudo_sequels"}
    for table in tables:
        columns = [r[0] for r in query(warehouse, "select column_name from information_schema.columns "
                                                  "where table_schema = 'marts' and table_name = ?", [table])]
        assert not [c for c in columns if IDENTIFIER_COLUMNS.search(c)], (table, columns)
        for row in query(warehouse, f"select * from marts.{table}"):
            for value in row:
                text = str(value)
                assert text not in known, (table, text)
                assert not NHS_PATTERN.search(text) or len(text) == 64, (table, text)
                assert not FULL_POSTCODE.match(text), (table, text)
                assert not LA_PERSON_ID.match(text), (table, text)


def test_keys_are_keyed_hashes_and_the_key_is_nowhere_on_disk(warehouse, secret):
    import hashlib
    import hmac
    la, person_id = query(warehouse, "select la_code, person_id from intermediate.int_persons limit 1")[0]
    expected = hmac.new(secret.encode(), f"{la}|{person_id}".encode(), hashlib.sha256).hexdigest()
    assert query(warehouse, "select count(*) from marts.pseudo_persons where person_key = ?", [expected])[0][0] == 1
    for path in warehouse.rglob("*"):
        if path.is_file() and path.suffix in {".json", ".sql", ".log", ".msgpack", ".txt", ".csv", ".html"}:
            assert secret not in path.read_text(errors="replace"), path


def test_the_extract_rebuilds_sts001_and_lts001a(warehouse):
    mart = set(query(warehouse, "select la_code, age_band, route_of_access, sequel, request_count "
                                "from marts.salt_sts001 where la_code != 'ENG' and request_count > 0"))
    rebuilt = set(query(warehouse, "select la_code, age_band, route_of_access, sequel, count(*) "
                                   "from marts.pseudo_sequels where salt_table = 'sts001' group by all"))
    assert mart and mart == rebuilt
    mart = set(query(warehouse, "select la_code, age_band, primary_support_reason, support_setting, person_count "
                                "from marts.salt_lts001a where la_code != 'ENG' and person_count > 0"))
    rebuilt = set(query(warehouse, "select la_code, age_band, coalesce(primary_support_reason, 'PSR Not Known'), "
                                   "support_setting_in_period, count(*) from marts.pseudo_persons "
                                   "where is_in_lts001a group by all"))
    assert mart and mart == rebuilt


@pytest.mark.warehouse_build
def test_prod_target_refuses_without_a_secret_key(tmp_path):
    env_backup = os.environ.pop("CLD_PSEUDO_KEY", None)
    os.environ["CLD_TARGET"] = "prod"
    try:
        from dbt_helpers import BIN
        import subprocess
        work = tmp_path
        from landed_area import write_landed_area
        write_landed_area(work, {"CLD_716_20230401_20240331_20240420000000.csv": [
            {"person_unique_identifier": "P1", "nhs_number": "9990000018", "event_type": "Request",
             "event_start_date": "01/06/2023", "event_end_date": "02/06/2023", "date_of_birth": "01/01/1950",
             "event_outcome": "NFA - Support declined", "route_of_access": "Prison"}]})
        env = dict(os.environ, DBT_PROFILES_DIR=str(REPO / "profiles"), CLD_WORK_DIR=str(work),
                   CLD_DUCKDB_PATH=str(work / "prod.duckdb"), DBT_TARGET_PATH=str(work / "target"),
                   DBT_LOG_PATH=str(work / "logs"))
        run = subprocess.run([str(BIN / "dbt"), "build", "--target", "prod", "--select", "+pseudo_persons",
                              "--indirect-selection", "cautious"],
                             cwd=REPO, env=env, capture_output=True, text=True)
        assert run.returncode != 0
        assert "needs a secret key: set CLD_PSEUDO_KEY" in run.stdout
        env["CLD_PSEUDO_KEY"] = SECRET
        run = subprocess.run([str(BIN / "dbt"), "run", "--target", "prod", "--select", "pseudo_persons"],
                             cwd=REPO, env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stdout[-3000:]
    finally:
        os.environ.pop("CLD_TARGET", None)
        if env_backup is not None:
            os.environ["CLD_PSEUDO_KEY"] = env_backup
