"""Pseudonymisation on Spark (macros/spark_pseudonymise.sql): the project's cld_pseudonymise,
compiled and run by dbt on the `spark` target, equals Python's HMAC-SHA-256 bit for bit (the
DuckDB plugin's output format: 64 lowercase hex characters, null for null) for empty, unicode,
long and null texts and keys shorter and longer than the block; the key decides as on DuckDB
(development key only for data declared synthetic, `spark_prod` refuses without a secret key);
and neither the key nor anything derived from it is written to dbt's target/ or logs.

One JVM for every case: a child process (this file run as a script) invokes dbt in-process
(`dbt show --inline`) once per case, changing the environment in between, as each `dbt` run
would see it; the session settings are re-read from the profile at every invocation."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.spark

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))
from cld_warehouse.duckdb_plugin import (  # noqa: E402  (the DuckDB side's constants)
    DEVELOPMENT_KEY, FINGERPRINT_TEXT, MISSING_KEY_MESSAGE, SYNTHETIC_ONLY_MESSAGE)

TEXTS = ["716|P0000000001", "", "a", "é|ü漢字 🙂", "x" * 300, "O'Brien \\ \"q\"", None]
SHORT_KEY = "spark-test-kéy-Rt5sQ"          # non-ASCII: the key's UTF-8 bytes are what counts
LONG_KEY = "L" * 70 + "-Zx93"               # longer than the 64-byte block: hashed first (RFC 2104)
# (case name, CLD_PSEUDO_KEY or None, CLD_SYNTHETIC_DATA, target)
# The `spark_prod` cases last: a setting stays in the JVM's session once set (a real dbt run
# starts its own).
CASES = [
    ("short_key", SHORT_KEY, "", "spark"),
    ("development_key_synthetic", None, "1", "spark"),
    ("development_key_given_synthetic", DEVELOPMENT_KEY, "1", "spark"),
    ("no_key_not_synthetic", None, "", "spark"),
    ("long_key", LONG_KEY, "", "spark_prod"),
    ("no_key_prod", None, "1", "spark_prod"),
]


def inline_sql() -> str:
    values = ", ".join("(" + str(i) + ", " + ("cast(null as string)" if t is None else
                       "'" + t.replace("\\", "\\\\").replace("'", "\\'") + "'") + ")"
                       for i, t in enumerate(TEXTS))
    return ("select i, {{ cld_pseudonymise('t') }} as h, "
            "{{ cld_pseudonymisation_key_fingerprint() }} as fingerprint "
            f"from values {values} as v(i, t)")


def probe(out: Path) -> None:
    """Child process: each case through dbt in-process; results (or the error) to out."""
    from dbt.cli.main import dbtRunner
    results = {}
    for name, key, synthetic, target in CASES:
        os.environ.pop("CLD_PSEUDO_KEY", None)
        if key is not None:
            os.environ["CLD_PSEUDO_KEY"] = key
        os.environ["CLD_SYNTHETIC_DATA"] = synthetic
        run = dbtRunner().invoke(["show", "--target", target, "--inline", inline_sql(),
                                  "--limit", "-1", "--output", "json", "--log-format", "text"])
        if run.success:
            rows = [dict(zip(run.result.results[0].agate_table.column_names, r))
                    for r in run.result.results[0].agate_table.rows]
            results[name] = {"rows": [[r["i"], r["h"], r["fingerprint"]] for r in rows]}
        else:
            results[name] = {"error": str(run.exception) + " ".join(
                str(getattr(r, "message", "")) for r in getattr(run.result, "results", []) or [])}
    out.write_text(json.dumps(results))


def expected(key: str, text: str | None) -> str | None:
    return None if text is None else hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()


@pytest.fixture(scope="module")
def probed(tmp_path_factory):
    work = tmp_path_factory.mktemp("spark_pseudo")
    env = {k: v for k, v in os.environ.items() if k not in {"CLD_PSEUDO_KEY", "CLD_TARGET"}}
    env.update(DBT_PROFILES_DIR=str(REPO / "profiles"), CLD_WORK_DIR=str(work),
               DBT_TARGET_PATH=str(work / "target"), DBT_LOG_PATH=str(work / "logs"),
               PYTHONPATH=str(Path(__file__).parent))
    out = work / "results.json"
    run = subprocess.run([sys.executable, __file__, str(out)], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0 and out.exists(), (run.stdout[-3000:], run.stderr[-3000:])
    return work, json.loads(out.read_text()), run.stdout + run.stderr


@pytest.mark.parametrize("case, key", [("short_key", SHORT_KEY), ("long_key", LONG_KEY),
                                       ("development_key_synthetic", DEVELOPMENT_KEY),
                                       ("development_key_given_synthetic", DEVELOPMENT_KEY)])
def test_spark_hmac_equals_python_hmac(probed, case, key):
    _, results, _ = probed
    rows = results[case].get("rows")
    assert rows is not None, results[case]
    assert len(rows) == len(TEXTS)
    for i, h, fingerprint in rows:
        assert h == expected(key, TEXTS[i]), (case, TEXTS[i])
        assert fingerprint == expected(key, FINGERPRINT_TEXT)


def test_without_a_secret_key_prod_refuses_and_dev_refuses_undeclared_data(probed):
    _, results, _ = probed
    assert "rows" not in results["no_key_prod"]
    assert MISSING_KEY_MESSAGE in results["no_key_prod"]["error"]
    assert "rows" not in results["no_key_not_synthetic"]
    assert SYNTHETIC_ONLY_MESSAGE in results["no_key_not_synthetic"]["error"]


def test_the_key_is_in_no_file_dbt_writes_nor_its_output(probed):
    work, _, output = probed
    secrets = set()
    for key in (SHORT_KEY, LONG_KEY):
        raw = key.encode()
        block = (hashlib.sha256(raw).digest() if len(raw) > 64 else raw).ljust(64, b"\0")
        for material in (raw, block, bytes(b ^ 0x36 for b in block), bytes(b ^ 0x5C for b in block)):
            secrets |= {material.hex(), material.hex().upper()}
        secrets.add(key)
    files = [p for d in ("target", "logs") for p in (work / d).rglob("*") if p.is_file()]
    assert any(p.suffix == ".log" for p in files)
    for path in files + [None]:
        text = output if path is None else path.read_bytes().decode("utf-8", errors="replace")
        leaked = [s[:6] for s in secrets if s in text]
        assert not leaked, (path, leaked)


if __name__ == "__main__":
    probe(Path(sys.argv[1]))
