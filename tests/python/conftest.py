"""Shared warehouses for the pytest suite: each is built once per test session and read by every
module that needs it (never written to: a test that changes one copies it first).

    fixtures_warehouse  tests/fixtures/landing (error-laden and hostile submissions), built with
                        the pseudonymisation key `.pseudo_key`; `.work` is the work dir
                        (`cld.duckdb`, `landed/`, `target/`), `.stdout` what `cld land` printed.
                        `make test` builds it once in `make dbt-test` (all unit and data tests,
                        deprecations as errors) and passes its work dir in CLD_TEST_FIXTURES_WORK
                        (with CLD_TEST_PSEUDO_KEY); pytest run alone builds it itself.
    demo_warehouse      data/demo/landing (4 LAs, 2023-24, quarterly files): the work dir (Path).

A new test that needs one of them takes the fixture as an argument; a test that needs a warehouse
of its own builds it in a module-scoped fixture with dbt_helpers.build_warehouse (which leaves
out the unit tests: they test code, not data, and `make dbt-test` runs them).

With pytest-xdist (`make pytest` runs `-n 2 --dist loadfile --no-loadscope-reorder`: each module
stays on one worker) a shared warehouse is still built once: the first worker to need it builds
it under a file lock in the session's base temp dir, the other waits and reads the same files.
The modules run longest first (LONGEST_FIRST, pytest_collection_modifyitems), so that the two
workers end together instead of one finishing a long build alone.
"""
from __future__ import annotations

import fcntl
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

import dbt_helpers
from dbt_helpers import REPO, build_warehouse

FIXTURES_LANDING = REPO / "tests" / "fixtures" / "landing"
DEMO_LANDING = REPO / "data" / "demo" / "landing"
# The key the fixtures warehouse is pseudonymised with when pytest builds it (make dbt-test
# passes its own in CLD_TEST_PSEUDO_KEY); never the development default, so a test can prove
# the key came from the environment.
PSEUDO_KEY = "test-secret-key-Zq81Vx"


# The modules that take longest (their own dbt builds), longest first; the two workers take
# them in this order, then the rest in file order.  Only the first of the first two needs the
# shared demo build, so the other worker does not wait for it at the start.
LONGEST_FIRST = [
    "test_resubmission.py", "test_tracing.py", "test_la_incremental.py", "test_bench_smoke.py",
    "test_year_locks.py", "test_salt_scenarios.py", "test_fuzz.py", "test_ascof_scenarios.py",
    "test_end_to_end.py", "test_explain.py", "test_pseudo_extract.py", "test_cli_ops.py", "test_pseudo_key.py",
    "test_reports.py",
]


def pytest_collection_modifyitems(session, config, items) -> None:
    """Longest modules first (LONGEST_FIRST), the others after them in their own order: the
    same order in every xdist worker, as the scheduler requires.  Tests marked `spark` are
    skipped unless CLD_TEST_SPARK=1 (`make test-spark` sets it; they need PySpark and a JVM)."""
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
    if os.environ.get("CLD_TEST_SPARK") != "1":
        skip = pytest.mark.skip(reason="a Spark test: `make test-spark` runs it (CLD_TEST_SPARK=1)")
        for item in items:
            if item.get_closest_marker("spark"):
                item.add_marker(skip)


@dataclass(frozen=True)
class Warehouse:
    work: Path          # the work dir: cld.duckdb, landed/, target/, logs/
    stdout: str         # what `cld land` printed (then dbt's output when pytest built it)
    pseudo_key: str     # CLD_PSEUDO_KEY it was built with


def _shared_root(tmp_path_factory) -> Path:
    """The base temp dir common to every xdist worker of this session (the session's own
    base temp dir without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def build_once(tmp_path_factory, name: str, landing: Path, env: dict[str, str] | None = None) -> tuple[Path, str]:
    """Build `landing` into <shared root>/<name> once per session, whichever worker asks first;
    returns (work dir, land + dbt output).  A failed build fails every test that asked for it."""
    root = _shared_root(tmp_path_factory)
    work = root / name
    done = root / f"{name}.json"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not done.exists():
                saved = {k: os.environ.get(k) for k in (env or {})}
                os.environ.update(env or {})
                try:
                    result = build_warehouse(landing, work)
                finally:
                    for k, v in saved.items():
                        if v is None:
                            os.environ.pop(k, None)
                        else:
                            os.environ[k] = v
                done.write_text(json.dumps({"returncode": result.returncode,
                                            "stdout": result.stdout, "stderr": result.stderr}))
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    outcome = json.loads(done.read_text())
    assert outcome["returncode"] == 0, f"the {name} build failed:\n{outcome['stdout'][-6000:]}{outcome['stderr'][-2000:]}"
    return work, outcome["stdout"]


@pytest.fixture(scope="session", autouse=True)
def dbt_slot(tmp_path_factory) -> None:
    """This process's fixed work-dir path for dbt and its kept parse (dbt_helpers.SLOT_DIR)."""
    dbt_helpers.SLOT_DIR = tmp_path_factory.getbasetemp() / "dbt-slot"


@pytest.fixture(scope="session")
def fixtures_warehouse(tmp_path_factory) -> Warehouse:
    given = os.environ.get("CLD_TEST_FIXTURES_WORK")
    if given:
        work = Path(given)
        assert (work / "cld.duckdb").is_file() and (work / "land.log").is_file(), \
            f"CLD_TEST_FIXTURES_WORK={given}: no cld.duckdb and land.log there (run `make dbt-test`)"
        return Warehouse(work, (work / "land.log").read_text(encoding="utf-8"),
                         os.environ.get("CLD_TEST_PSEUDO_KEY", PSEUDO_KEY))
    work, stdout = build_once(tmp_path_factory, "fixtures_build", FIXTURES_LANDING, {"CLD_PSEUDO_KEY": PSEUDO_KEY})
    return Warehouse(work, stdout, PSEUDO_KEY)


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory) -> Path:
    work, _ = build_once(tmp_path_factory, "demo_build", DEMO_LANDING)
    return work
