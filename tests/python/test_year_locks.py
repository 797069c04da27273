"""Year-end lock-down, end to end on the demo data.

1. The demo year (4 LAs, 2023-24, quarterly files) built — the published figures (the
   session's demo_warehouse).
2. `cld lock-year --year 2023` writes the year-lock register of a copy of the project from
   that warehouse (the Q4 file of each LA, with its SHA-256).
3. A late resubmission for LA 716 lands (a different Q4 file, submitted after the lock).
   Built with the lock: every SALT/ASCOF/finance mart equals step 1, and the DQ registry lists
   the late file as received after lock, validated like any other.  Built without the lock
   (control): the late file is used and the figures move — so the lock is what held them.
Both builds are of what the tests read (MARTS_READ): the marts and the DQ registry with what
they are built from, not the pseudonymised extract; the locked build runs their data tests, the
control none (it only has to differ).
"""
from __future__ import annotations

import csv
import shutil
import subprocess

import pytest

from dbt_helpers import BIN, REPO, build_warehouse, copy_project, query, schema_tables

pytestmark = pytest.mark.warehouse_build

DEMO = REPO / "data" / "demo" / "landing"
LATE = "CLD_716_20230401_20240331_20240801090000.csv"
MARTS_READ = "+config.schema:marts +dq_submissions +int_submissions_selected"


def marts(work) -> dict[str, list[tuple]]:
    return {t: query(work, f"select * from marts.{t} order by all") for t in schema_tables(work, "marts")
            if not t.startswith("pseudo_")}


@pytest.fixture(scope="module")
def builds(tmp_path_factory, demo_warehouse):
    base = tmp_path_factory.mktemp("year_locks")
    landing = base / "landing"
    shutil.copytree(DEMO, landing)
    # the published figures: the session's demo build (conftest.py), read only
    (base / "published").symlink_to(demo_warehouse, target_is_directory=True)
    project = copy_project(base / "project")
    seed = project / "seeds" / "governance" / "cld_year_locks.csv"
    lock = subprocess.run([str(BIN / "cld"), "lock-year", "--year", "2023", "--change", "TEST-LOCK",
                           "--database", str(base / "published" / "cld.duckdb"), "--seed", str(seed)],
                          cwd=REPO, capture_output=True, text=True)
    assert lock.returncode == 0, lock.stderr
    # the late resubmission: LA 716's final file with every third record dropped
    q4 = next(DEMO.glob("CLD_716_20230401_20240331_*.csv"))
    lines = q4.read_text(encoding="utf-8").splitlines(keepends=True)
    (landing / LATE).write_text("".join([lines[0]] + [x for i, x in enumerate(lines[1:]) if i % 3]),
                                encoding="utf-8")
    locked = build_warehouse(landing, base / "locked", project_dir=project, select=MARTS_READ, exclude="pseudo_*")
    assert locked.returncode == 0, locked.stdout[-5000:]
    unlocked = build_warehouse(landing, base / "unlocked", select=MARTS_READ, exclude="pseudo_*", data_tests=False)
    assert unlocked.returncode == 0, unlocked.stdout[-5000:]
    return base, seed, lock.stdout


def test_lock_year_writes_the_q4_file_of_each_la(builds):
    base, seed, output = builds
    with seed.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["la_code"] for r in rows) == ["213", "318", "716", "908"]
    for r in rows:
        assert r["year_start"] == "2023-04-01" and r["locked_by_change"] == "TEST-LOCK"
        assert r["locked_file_name"].startswith(f"CLD_{r['la_code']}_20230401_20240331_")
        assert len(r["locked_content_sha256"]) == 64
    assert "4 LA-year(s) locked" in output


def test_lock_year_never_replaces_a_lock(builds):
    base, seed, _ = builds
    before = seed.read_text(encoding="utf-8")
    again = subprocess.run([str(BIN / "cld"), "lock-year", "--year", "2023", "--change", "AGAIN",
                            "--database", str(base / "published" / "cld.duckdb"), "--seed", str(seed)],
                           cwd=REPO, capture_output=True, text=True)
    assert again.returncode == 0 and "already locked" in again.stdout
    assert seed.read_text(encoding="utf-8") == before


def test_a_late_file_leaves_the_locked_year_unchanged(builds):
    """Rules: LOCK-01."""
    base, _, _ = builds
    published, locked = marts(base / "published"), marts(base / "locked")
    assert published.keys() == locked.keys() and any(t.startswith("salt_") for t in published)
    for table in published:
        assert locked[table] == published[table], f"{table} moved after the lock"


def test_without_the_lock_the_late_file_would_move_the_figures(builds):
    base, _, _ = builds
    published, unlocked = marts(base / "published"), marts(base / "unlocked")
    assert [t for t in published if published[t] != unlocked[t]], "the control build should differ"


def test_the_dq_report_lists_the_late_file(builds):
    """Rules: LOCK-02."""
    base, _, _ = builds
    got = query(base / "locked", "select is_accepted, lock_status, lock_message, rows_staged > 0 "
                                 "from dq.dq_submissions where landed_file_name = ?", [LATE])
    assert len(got) == 1
    accepted, status, message, staged = got[0]
    assert accepted and staged and status == "received_after_lock"
    assert message.startswith("received after lock: the year was locked on ")
    statuses = dict(query(base / "locked", "select landed_file_name, lock_status from dq.dq_submissions "
                                           "where la_code = '716'"))
    assert sorted(statuses.values()) == ["locked_file", "received_after_lock", "superseded_before_lock",
                                         "superseded_before_lock", "superseded_before_lock"]
    reason = query(base / "locked", "select selection_reason from intermediate.int_submissions_selected "
                                    "where la_code = '716'")[0][0]
    assert reason.endswith("to this file; 1 file(s) received after lock not used")
