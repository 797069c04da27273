"""The pseudonymisation key: a change of key re-hashes every LA of the extract (never two keys in
one extract); the development key is refused on data not declared synthetic; the production
target refuses incremental runs without a key as it refuses full ones."""
from __future__ import annotations

import hashlib
import hmac
import os
import subprocess
from pathlib import Path

import pytest

from dbt_helpers import BIN, REPO, query
from landed_area import write_landed_area

KEY_A = "fuzz-key-A-7Hq2"
KEY_B = "fuzz-key-B-Lw94"
SELECT = "+pseudo_persons +pseudo_events"
# seeds and models only: the data tests and unit tests are not what is tested here
BUILD = ["build", "--select", SELECT, "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"]
FILES = {
    f"CLD_{la}_20230401_20240331_20240420000000.csv": [
        {"person_unique_identifier": f"P{la}{i}", "nhs_number": nhs, "event_type": "Request",
         "event_start_date": "01/06/2023", "event_end_date": "02/06/2023", "date_of_birth": "01/01/1950",
         "event_outcome": "NFA - Support declined", "route_of_access": "Prison"}
        for i, nhs in enumerate(numbers)]
    for la, numbers in {"716": ["9990000018", "9990000026"], "213": ["9990000034", "9990000042"]}.items()
}

pytestmark = pytest.mark.warehouse_build


def dbt(work: Path, *args: str, key: str | None, synthetic: bool = True, target: str = "test"):
    env = {k: v for k, v in os.environ.items() if k not in {"CLD_PSEUDO_KEY", "CLD_SYNTHETIC_DATA", "CLD_TARGET"}}
    env.update(DBT_PROFILES_DIR=str(REPO / "profiles"), CLD_WORK_DIR=str(work),
               CLD_DUCKDB_PATH=str(work / "cld.duckdb"), CLD_DUCKDB_MEMORY_LIMIT="2GB",
               CLD_DUCKDB_TEMP_DIR=str(work / "tmp"), DBT_TARGET_PATH=str(work / "target"),
               DBT_LOG_PATH=str(work / "logs"), DBT_SEND_ANONYMOUS_USAGE_STATS="false",
               CLD_SYNTHETIC_DATA="1" if synthetic else "")
    if key:
        env["CLD_PSEUDO_KEY"] = key
    return subprocess.run([str(BIN / "dbt"), *args, "--target", target], cwd=REPO, env=env,
                          capture_output=True, text=True)


def hashed_with(key: str, la: str, person_id: str) -> str:
    return hmac.new(key.encode(), f"{la}|{person_id}".encode(), hashlib.sha256).hexdigest()


@pytest.fixture(scope="module")
def keyed(tmp_path_factory):
    """A small warehouse built (full) with KEY_A."""
    work = tmp_path_factory.mktemp("pseudo_key")
    write_landed_area(work, FILES)
    run = dbt(work, *BUILD, key=KEY_A)
    assert run.returncode == 0, run.stdout[-5000:]
    return work


def keys_by_person(work: Path) -> dict[tuple[str, str], set[str]]:
    persons = query(work, "select la_code, person_id from intermediate.int_persons")
    keys = {r[0] for r in query(work, "select person_key from marts.pseudo_persons")}
    return {(la, pid): frozenset(name for name, key in (("A", KEY_A), ("B", KEY_B))
                                 if hashed_with(key, la, pid) in keys) for la, pid in persons}


def test_a_key_change_rehashes_every_la_on_an_incremental_run(keyed):
    assert set(keys_by_person(keyed).values()) == {frozenset("A")}
    assert {r[0] for r in query(keyed, "select la_code from marts.pseudo_persons")} == {"716", "213"}
    run = dbt(keyed, *BUILD, key=KEY_B)
    assert run.returncode == 0, run.stdout[-5000:]
    by_person = keys_by_person(keyed)
    assert len(by_person) == 4 and set(by_person.values()) == {frozenset("B")}, by_person
    events = {r[0] for r in query(keyed, "select person_key from marts.pseudo_events")}
    assert events and events <= {hashed_with(KEY_B, la, pid) for la, pid in by_person}
    # the fingerprint is recorded, the key itself nowhere
    recorded = {r[0] for r in query(keyed, "select input_value from intermediate.int_la_build_state "
                                           "where input_kind = 'pseudonymisation_key'")}
    assert len(recorded) == 1
    assert KEY_B not in recorded.pop()
    for path in keyed.rglob("*"):
        if path.is_file() and path.suffix in {".json", ".sql", ".log", ".csv", ".duckdb"}:
            assert KEY_B.encode() not in path.read_bytes(), path


def test_without_a_key_prod_refuses_an_incremental_run_and_dev_refuses_undeclared_data(keyed):
    run = dbt(keyed, "run", "--select", "pseudo_persons", key=None, target="prod")
    assert run.returncode != 0
    assert "needs a secret key: set CLD_PSEUDO_KEY" in run.stdout
    run = dbt(keyed, "run", "--select", "pseudo_persons", key=None, synthetic=False)
    assert run.returncode != 0
    assert "the development key is for synthetic data only" in run.stdout


def test_the_development_key_on_data_not_declared_synthetic_builds_no_extract(tmp_path):
    write_landed_area(tmp_path, FILES)
    run = dbt(tmp_path, *BUILD, key=None,
              synthetic=False)
    assert run.returncode != 0
    assert "the development key is for synthetic data only" in run.stdout
    tables = {r[0] for r in query(tmp_path, "select table_name from information_schema.tables "
                                            "where table_schema = 'marts'")}
    for table in {"pseudo_persons", "pseudo_events"} & tables:
        assert query(tmp_path, f"select count(*) from marts.{table}")[0][0] == 0, table
    # the same data declared synthetic builds with the development key
    run = dbt(tmp_path, *BUILD, key=None)
    assert run.returncode == 0, run.stdout[-5000:]
