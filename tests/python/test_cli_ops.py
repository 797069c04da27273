"""The command line as an operator meets it: every misuse is one line and exit code 2, output
stays inside its folder, one lock for land and build, a build publishes atomically (a reader
holding the warehouse open does not block it; a failed or killed build leaves the last good
warehouse in place), and the build says what happened."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from cld_warehouse import cli
from dbt_helpers import REPO
from landed_area import write_landed_area

BIN = Path(sys.executable).parent
FIXTURES = REPO / "tests" / "fixtures" / "landing"


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory) -> Path:
    """A DuckDB file with the tables the commands check, one submission from LA 716."""
    path = tmp_path_factory.mktemp("wh") / "cld.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema dq; create schema dscro; create schema intermediate")
    con.execute("create table dq.dq_submissions as select '716' as la_code")
    con.execute("create table dscro.dscro_trace_requests as select '716' as la_code")
    con.execute("create table intermediate.int_submissions_selected as select '716' as la_code")
    con.close()
    return path


def run_cli(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_misuse(code: int, out: str, err: str, *words: str) -> None:
    assert code == 2, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and out == ""
    for word in words:
        assert word in lines[0], lines[0]


@pytest.mark.parametrize("argv, words", [
    (["export-dq", "--la", "999"], ["'999' is not one of the 151"]),
    (["export-dq", "--la", "ENG"], ["ENG", "no meaning"]),
    (["export-dq", "--la", "../../etc"], ["'../../etc' is not one of the 151"]),
    (["export-dq", "--la", "/abs/path"], ["'/abs/path' is not one of the 151"]),
    (["export-dq", "--la", "104"], ["no submission from LA 104"]),
    (["export-la", "--la", "999"], ["'999' is not one of the 151"]),
    (["export-la", "--la", "ENG"], ["ENG"]),
    (["export-trace", "--la", "999"], ["'999' is not one of the 151"]),
    (["export-trace", "--la", "104"], ["no submission from LA 104"]),
    (["lock-year", "--la", "999", "--year", "2023", "--change", "X"], ["'999' is not one of the 151"]),
    (["lock-year", "--year", "23x", "--change", "X"], ["--year", "not a year"]),
    (["lock-year", "--year", "1999", "--change", "X"], ["not a reporting year"]),
    (["lock-year", "--year", "2023", "--change", " "], ["--change is empty"]),
])
def test_misuse_with_a_warehouse_is_one_line_and_exit_2(small_warehouse, tmp_path, capsys, argv, words):
    out_dir = tmp_path / "X" / "out"
    extra = ["--database", str(small_warehouse)]
    if argv[0] in {"export-dq", "export-la", "export-trace"}:
        extra += ["--out", str(out_dir)]
    if argv[0] == "lock-year":
        extra += ["--seed", str(tmp_path / "locks.csv")]
    assert_one_line_misuse(*run_cli(capsys, argv + extra), *words)
    assert list(tmp_path.rglob("*.csv")) == [], "a refused command wrote files"


def test_missing_and_non_warehouse_database_files(tmp_path, capsys):
    for command in ["export-dq", "export-la", "export-trace"]:
        assert_one_line_misuse(*run_cli(capsys, [command, "--database", str(REPO / "README.md"),
                                                 "--out", str(tmp_path)]), "not a DuckDB database file")
        assert_one_line_misuse(*run_cli(capsys, [command, "--database", str(tmp_path / "none.duckdb"),
                                                 "--out", str(tmp_path)]), "no warehouse at")
    assert_one_line_misuse(*run_cli(capsys, ["lock-year", "--year", "2023", "--change", "X", "--database",
                                             str(tmp_path)]), "is not a file")
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    assert_one_line_misuse(*run_cli(capsys, ["export-dq", "--database", str(empty), "--out", str(tmp_path)]),
                           "not a built CLD warehouse")


def test_folders_options_and_unknown_commands(tmp_path, capsys):
    missing = tmp_path / "missing"
    requests = tmp_path / "requests"
    requests.mkdir()
    (requests / "TRACE_REQUEST_716_20240101000000.csv").write_text("local_reference\nA1\n", encoding="utf-8")
    a_file = tmp_path / "a_file"
    a_file.write_text("x", encoding="utf-8")
    cases = [
        (["simulate-trace", "--requests", str(missing), "--out", str(tmp_path / "o")], ["--requests", "does not exist"]),
        (["simulate-trace", "--requests", str(tmp_path / "o2"), "--out", str(tmp_path / "o")], ["does not exist"]),
        (["simulate-trace", "--requests", str(requests), "--out", str(tmp_path / "o"), "--match-rate", "1.5"],
         ["--match-rate 1.5 is out of range"]),
        (["simulate-trace", "--requests", str(requests), "--out", str(a_file)], ["not a folder"]),
        (["simulate-trace", "--requests", str(requests), "--out", str(tmp_path / "o"), "--responded-at", "2024"],
         ["--responded-at"]),
        (["simulate-trace", "--requests", str(tmp_path), "--out", str(tmp_path / "o")], ["no trace request file"]),
        (["seeds", "--source", str(missing)], ["--source", "does not exist"]),
        (["seeds", "--source", str(tmp_path)], ["lacks the spec extract"]),
        (["land", "--landing-dir", str(missing), "--work-dir", str(tmp_path / "w")], ["does not exist"]),
        (["land", "--processes", "0"], ["--processes", "at least 1"]),
        (["land", "--landing-dir", str(tmp_path), "--work-dir", str(a_file)], ["not a folder"]),
        (["generate", "--out", str(tmp_path / "g"), "--scale", "-1"], ["--scale must be positive"]),
        (["generate", "--out", str(tmp_path / "g"), "--las", "716,999"], ["999"]),
        (["generate", "--out", str(tmp_path / "g"), "--error-rate", "1.5"], ["--error-rate"]),
        (["generate", "--out", str(tmp_path / "g"), "--years", "20x3"], ["--years"]),
        (["generate", "--out", str(a_file)], ["not a folder"]),
        (["build", "--project-dir", str(missing)], ["--project-dir", "does not exist"]),
        (["build", "--land", "--landing-dir", str(missing)], ["--landing-dir", "does not exist"]),
        (["export-dq", "--no-such-option"], ["unrecognized arguments"]),
        (["no-such-command"], ["unknown command 'no-such-command'"]),
    ]
    for argv, words in cases:
        assert_one_line_misuse(*run_cli(capsys, argv), *words)
    assert not (tmp_path / "o").exists() and not (tmp_path / "g").exists() and not (tmp_path / "w").exists()


def test_every_option_has_help(capsys):
    for command in ["land", "build", "generate", "seeds", "export-dq", "export-la", "export-trace",
                    "simulate-trace", "lock-year"]:
        with pytest.raises(SystemExit) as done:
            cli.main([command, "--help"])
        assert done.value.code == 0
        text = capsys.readouterr().out
        options = [line.split()[0] for line in text.splitlines() if line.startswith("  --")
                   and line.split()[0] != "--help"]
        assert options, command
        for line in text.splitlines():
            if line.startswith("  --") and not line.startswith("  -h") and len(line.split()) <= 2:
                # the option's name alone on its line: its help follows on the next line
                following = text.splitlines()[text.splitlines().index(line) + 1]
                assert following.startswith(" " * 10), (command, line)


def test_paths_are_confined_to_their_folder(tmp_path):
    from cld_warehouse.cli.args import UsageError, confined
    assert confined(tmp_path, "716_row_issues.csv") == (tmp_path / "716_row_issues.csv").resolve()
    for name in ["../716.csv", "/etc/passwd", "..", "a/b.csv", ""]:
        with pytest.raises(UsageError):
            confined(tmp_path, name)


# ---------------------------------------------------------------------------------------------
# The lock, the publication and the summary (real dbt runs on tiny landed areas)
# ---------------------------------------------------------------------------------------------
def build_env(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DBT_PROFILES_DIR": str(REPO / "profiles"), "CLD_WORK_DIR": str(work),
                "CLD_DUCKDB_PATH": str(work / "cld.duckdb"), "CLD_DUCKDB_MEMORY_LIMIT": "2GB",
                "DBT_TARGET_PATH": str(work / "target"), "DBT_LOG_PATH": str(work / "logs"),
                "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"})
    return env


def cld(work: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "cld"), *args], cwd=REPO, env=build_env(work), capture_output=True,
                          text=True, **kwargs)


STAGE_FILES = ["build", "--target", "test", "--select", "stg_cld__files", "--indirect-selection", "empty"]


def landed_files(path: Path) -> list[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [r[0] for r in con.execute("select landed_file_name from staging.stg_cld__files order by 1").fetchall()]
    finally:
        con.close()


def one_file(work: Path, name: str) -> None:
    write_landed_area(work, {name: [{"person_unique_identifier": "P1", "event_type": "Request"}]})


def test_second_command_gets_one_line_naming_the_holder_and_a_dead_holder_frees_the_lock(tmp_path):
    work = tmp_path / "work"
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from cld_warehouse.warehouse.lock import warehouse_lock
            with warehouse_lock({str(work)!r}, "cld build --full-refresh (holder)"):
                print("held", flush=True)
                time.sleep(120)
        """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        for args in (["land", "--landing-dir", str(FIXTURES), "--work-dir", str(work)], STAGE_FILES):
            result = cld(work, *args)
            assert result.returncode == 3, result.stderr
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and f"pid {holder.pid}" in lines[0] and "(holder)" in lines[0], lines
            assert not (work / "landed").exists()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # the kernel released the dead holder's lock: the next command gets it
    result = cld(work, "land", "--landing-dir", str(FIXTURES), "--work-dir", str(work))
    assert result.returncode == 0, result.stderr


@pytest.mark.warehouse_build
def test_reader_does_not_block_a_build_and_failed_or_killed_builds_publish_nothing(tmp_path):
    work = tmp_path / "work"
    published = work / "cld.duckdb"
    one_file(work, "CLD_716_20230401_20240331_20240420000000.csv")
    first = cld(work, *STAGE_FILES, "--full-refresh")
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr
    assert landed_files(published) == ["CLD_716_20230401_20240331_20240420000000.csv"]

    # a reader holds the published warehouse open (read-only, as a BI tool would) during a build
    reader = duckdb.connect(str(published), read_only=True)
    try:
        one_file(work, "CLD_318_20230401_20240331_20240420000000.csv")
        second = cld(work, *STAGE_FILES)
        assert second.returncode == 0, second.stdout[-3000:] + second.stderr
        assert f"published {published}" in second.stdout
        # the reader still sees the warehouse it opened; a new connection sees the new one
        assert reader.execute("select landed_file_name from staging.stg_cld__files").fetchall() == [
            ("CLD_716_20230401_20240331_20240420000000.csv",)]
    finally:
        reader.close()
    good = ["CLD_318_20230401_20240331_20240420000000.csv"]
    assert landed_files(published) == good

    # a build that fails half-way (stg_cld__files rebuilt, then stg_cld__header_cells fails on a
    # broken landed columns file) publishes nothing
    one_file(work, "CLD_908_20230401_20240331_20240420000000.csv")
    (work / "landed" / "columns.csv").write_text("not_the_landed_columns\n1\n", encoding="utf-8")
    failed = cld(work, "build", "--target", "test", "--select", "stg_cld__files", "stg_cld__header_cells",
                 "--indirect-selection", "empty")
    assert failed.returncode == 1, failed.stdout[-3000:] + failed.stderr
    assert "nothing published" in failed.stderr and len(failed.stderr.strip().splitlines()) == 1
    assert landed_files(published) == good
    assert landed_files(work / ".building" / "cld.duckdb") == ["CLD_908_20230401_20240331_20240420000000.csv"]

    # a build killed half-way (SIGKILL of cld and dbt) leaves the published warehouse readable and unchanged
    proc = subprocess.Popen([str(BIN / "cld"), *STAGE_FILES], cwd=REPO, env=build_env(work),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not (work / "logs" / "dbt.log").exists() or (work / "logs" / "dbt.log").stat().st_mtime < time.time() - 1:
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert landed_files(published) == good
    # and the lock died with it: the next build runs and publishes
    again = cld(work, *STAGE_FILES)
    assert again.returncode == 0, again.stderr
    assert landed_files(published) == ["CLD_908_20230401_20240331_20240420000000.csv"]


def test_landing_summary_per_la_and_fail_on_rejected(tmp_path, capsys):
    code, out, err = run_cli(capsys, ["land", "--landing-dir", str(FIXTURES), "--work-dir", str(tmp_path)])
    assert code == 0, err
    assert "    716: 3 file(s), 3 loaded, " in out and "    102: 1 file(s), 0 loaded, 0 rows" in out
    assert "unreadable: CLD_102_20230401_20230630_20230815100000.csv: not UTF-8" in out
    assert "acceptance (file name, LA, period, columns, duplicates) is decided by the build" in out
    code, out, err = run_cli(capsys, ["land", "--landing-dir", str(FIXTURES), "--work-dir", str(tmp_path),
                                      "--fail-on-rejected"])
    assert code == 4 and "--fail-on-rejected" in err
