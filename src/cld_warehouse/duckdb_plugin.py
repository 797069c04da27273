"""dbt-duckdb plugin: defines the pseudonymisation functions on every warehouse connection.

`cld_pseudonymise(text)` = HMAC-SHA-256 (RFC 2104) of the text under the secret key in the
environment variable CLD_PSEUDO_KEY, as 64 hex characters.  The key is read here, in Python,
and turned into the two HMAC pads of a DuckDB macro kept in an in-memory database attached as
`cld_keys` (never written to the warehouse file), so the function runs vectorised in SQL (about
a million values a second) while the key never appears in the project's SQL, compiled models,
the manifest, logs or docs.  Models call it as `cld_keys.cld_pseudonymise(x)` (macro
cld_pseudonymise).

`cld_key_fingerprint()` = the same HMAC of a fixed text: a keyed digest that identifies the key
without revealing it.  The per-LA incremental models that pseudonymise record it as one of
their inputs (macros/incremental/per_la.sql), so a change of key rebuilds every LA of them.

Which key:
- CLD_PSEUDO_KEY set (and not the development key): that key, on every target;
- otherwise, on a target whose plugin config sets `require_secret_key: true` (prod): both
  functions fail with a message saying to set CLD_PSEUDO_KEY — full and incremental runs alike;
- otherwise the fixed development key (public: it is in this file), but only when the data is
  declared synthetic by CLD_SYNTHETIC_DATA=1 (the Makefile sets it for the shipped demo, the
  test fixtures and the benchmark's generated data; the pytest helpers for their own data);
  on any other data both functions fail with a message saying so.
"""
from __future__ import annotations

import hashlib
import os
from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

KEY_VARIABLE = "CLD_PSEUDO_KEY"
SYNTHETIC_VARIABLE = "CLD_SYNTHETIC_DATA"
DEVELOPMENT_KEY = "cld-development-key-not-secret"
MISSING_KEY_MESSAGE = (f"the pseudonymised extract needs a secret key: set {KEY_VARIABLE} to a secret "
                       "(not the development key) before building this target")
SYNTHETIC_ONLY_MESSAGE = (f"the pseudonymised extract needs a secret key: the development key is for "
                          f"synthetic data only (the shipped demo, the test fixtures); set {KEY_VARIABLE} "
                          f"to a secret, or {SYNTHETIC_VARIABLE}=1 if this data is synthetic")
#: The text whose HMAC is the key's fingerprint.
FINGERPRINT_TEXT = "cld_warehouse pseudonymisation key fingerprint"
BLOCK_SIZE = 64  # SHA-256 block size in bytes


def hmac_pads(key: bytes) -> tuple[bytes, bytes]:
    """The inner and outer HMAC pads of a key (RFC 2104)."""
    if len(key) > BLOCK_SIZE:
        key = hashlib.sha256(key).digest()
    key = key.ljust(BLOCK_SIZE, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


def blob_literal(data: bytes) -> str:
    return "'" + "".join(f"\\x{b:02x}" for b in data) + "'::blob"


def is_synthetic() -> bool:
    """The data is declared synthetic (CLD_SYNTHETIC_DATA=1/true/yes)."""
    return os.environ.get(SYNTHETIC_VARIABLE, "").strip().lower() in {"1", "true", "yes"}


def key_or_refusal(require_secret_key: bool) -> tuple[bytes | None, str]:
    """(key, '') when the functions may be defined, else (None, the refusal message)."""
    key = os.environ.get(KEY_VARIABLE, "")
    if key and key != DEVELOPMENT_KEY:
        return key.encode("utf-8"), ""
    if require_secret_key:
        return None, MISSING_KEY_MESSAGE
    if not is_synthetic():
        return None, SYNTHETIC_ONLY_MESSAGE
    return DEVELOPMENT_KEY.encode("utf-8"), ""


def hmac_sql(key: bytes, expr: str) -> str:
    inner, outer = hmac_pads(key)
    return f"sha256({blob_literal(outer)} || unhex(sha256({blob_literal(inner)} || encode({expr}))))"


def macro_sql(require_secret_key: bool) -> list[str]:
    """The statements that define cld_pseudonymise(x) and cld_key_fingerprint()."""
    key, refusal = key_or_refusal(require_secret_key)
    if key is None:
        failure = f"cast(error('{refusal}') as varchar)"
        return [f"create or replace macro cld_keys.main.cld_pseudonymise(x) as {failure}",
                f"create or replace macro cld_keys.main.cld_key_fingerprint() as {failure}"]
    return [f"create or replace macro cld_keys.main.cld_pseudonymise(x) as {hmac_sql(key, 'x')}",
            "create or replace macro cld_keys.main.cld_key_fingerprint() as "
            f"{hmac_sql(key, repr(FINGERPRINT_TEXT))}"]


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict[str, Any]):
        self.require_secret_key = bool(plugin_config.get("require_secret_key", False))

    def configure_connection(self, conn):
        conn.execute("attach if not exists ':memory:' as cld_keys")
        for statement in macro_sql(self.require_secret_key):
            conn.execute(statement)
