"""Fuzz: one bad file never stops the build nor changes another LA's figures.

Mutated copies of the demo submissions (tests/python/fuzz_mutations.py: byte flips, truncation,
column damage, unicode, control characters, NUL bytes, formula text, mixed line ends, CR/CRLF
inside quoted cells, oversize cells, duplicated rows, other encodings), each under the code of
an LA the demo does not use, are landed beside the demo and built in ONE build.  Then: the
build passes; every mutant is registered, accepted or rejected with a message naming it;
every accepted file stages every row (counted here with the csv module alone); a rejected file
that the csv module can read was rejected for its size only; the demo LAs' SALT and ASCOF marts
equal a clean demo build's; each LA's row flow adds up to the rows it landed.

Budget: CLD_FUZZ_MUTANTS mutants (default 40, `make test`), seed CLD_FUZZ_SEED; `make fuzz`
runs 300.
"""
from __future__ import annotations

import csv
import os
import shutil
import time
from collections import Counter
from pathlib import Path

import pytest

from dbt_helpers import REPO, build_warehouse, query
from fuzz_mutations import count_records, mutants

DEMO = REPO / "data" / "demo" / "landing"
pytestmark = pytest.mark.warehouse_build
MUTANT_COUNT = int(os.environ.get("CLD_FUZZ_MUTANTS", "40"))
SEED = int(os.environ.get("CLD_FUZZ_SEED", "20261202"))
DEMO_LAS = sorted({p.name.split("_")[1] for p in DEMO.glob("CLD_*.csv")})


def other_las() -> list[str]:
    with (REPO / "seeds" / "reference" / "cld_local_authorities.csv").open(newline="", encoding="utf-8") as fh:
        return [r["la_code"] for r in csv.DictReader(fh) if r["la_code"] not in DEMO_LAS]


@pytest.fixture(scope="module")
def clean_demo(demo_warehouse):
    """The demo alone (the session's shared demo build: the reference for the demo LAs' marts)."""
    return demo_warehouse


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory):
    base = tmp_path_factory.mktemp("fuzz")
    landing = base / "landing"
    shutil.copytree(DEMO, landing)
    made = mutants(DEMO, landing, MUTANT_COUNT, SEED, other_las())
    started = time.perf_counter()
    result = build_warehouse(landing, base / "work")
    elapsed = time.perf_counter() - started
    print(f"\nfuzz: {len(made)} mutants (seed {SEED}), land + build {elapsed:.0f} s, exit {result.returncode}")
    return {"work": base / "work", "landing": landing, "mutants": made, "result": result}


def files_register(work: Path) -> dict[str, tuple]:
    """landed file name -> (is_readable, load_message, rows_read)."""
    return {r[0]: r[1:] for r in query(work, "select landed_file_name, is_readable, load_message, rows_read "
                                             "from staging.stg_cld__files")}


def test_the_build_passes(fuzzed):
    result = fuzzed["result"]
    failed = [line for line in result.stdout.splitlines() if " ERROR " in line or " FAIL " in line]
    assert result.returncode == 0, "\n".join(failed) + result.stdout[-3000:]


def test_every_mutant_is_registered_accepted_or_rejected_with_a_message(fuzzed):
    register = files_register(fuzzed["work"])
    for mutant in fuzzed["mutants"]:
        assert mutant.name in register, mutant
        readable, message, _ = register[mutant.name]
        if readable:
            assert not message, (mutant, message)
        else:
            assert message and message.startswith(f"{mutant.name}: "), (mutant, message)
    accepted = sum(1 for m in fuzzed["mutants"] if register[m.name][0])
    print(f"\nfuzz: {accepted} mutants accepted, {len(fuzzed['mutants']) - accepted} rejected")


def test_accepted_files_stage_every_row(fuzzed):
    work, landing = fuzzed["work"], fuzzed["landing"]
    register = files_register(work)
    staged = dict(query(work, "select landed_file_name, count(*) from staging.stg_cld__rows group by all"))
    for mutant in fuzzed["mutants"]:
        readable, message, rows_read = register[mutant.name]
        expected = count_records((landing / mutant.name).read_bytes())
        if readable:
            assert expected is not None, (mutant, "accepted, but the csv module cannot read it")
            assert (rows_read, staged.get(mutant.name, 0)) == (expected, expected), mutant
        elif expected is not None:
            # readable by the csv module: the only reason left to reject it is its size
            assert "cld_landed_max_line_bytes" in message, (mutant, message)


def test_a_cell_over_the_limit_rejects_its_file_alone(fuzzed):
    register = files_register(fuzzed["work"])
    oversize = [m for m in fuzzed["mutants"] if "oversize_cell" in m.mutations]
    for mutant in oversize:
        readable, message, _ = register[mutant.name]
        if not readable:
            assert "cld_landed_max_line_bytes" in message or "malformed" in message or "not UTF" in message, message
    for la in DEMO_LAS:
        assert all(v[0] for k, v in register.items() if k.split("_")[1] == la), la


def test_row_flow_reconciles_per_la(fuzzed):
    work = fuzzed["work"]
    landed = dict(query(work, "select coalesce(la_code, '(no LA)'), sum(rows_read) from staging.stg_cld__files "
                              "where is_readable group by all"))
    flowed = dict(query(work, "select la_code, sum(row_count) from dq.dq_row_flow group by all"))
    assert landed == flowed


def test_the_demo_las_marts_equal_a_clean_build(fuzzed, clean_demo):
    work = fuzzed["work"]
    tables = [r[0] for r in query(work, "select table_name from information_schema.columns "
                                        "where table_schema = 'marts' and column_name = 'la_code' "
                                        "and (table_name like 'salt%' or table_name like 'ascof%') order by 1")]
    assert len(tables) > 10
    las = ", ".join(f"'{la}'" for la in DEMO_LAS)
    for table in tables:
        sql = f"select * from marts.{table} where la_code in ({las})"
        got, want = Counter(query(work, sql)), Counter(query(clean_demo, sql))
        assert want, table
        assert got == want, (table, list((got - want).items())[:3], list((want - got).items())[:3])
