"""dbt-duckdb plugin: defines the pseudonymisation function on every warehouse connection.

`cld_pseudonymise(text)` = HMAC-SHA-256 (RFC 2104) of the text under the secret key in the
environment variable CLD_PSEUDO_KEY, as 64 hex characters.  The key is read here, in Python,
and turned into the two HMAC pads of a DuckDB macro kept in an in-memory database attached as
`cld_keys` (never written to the warehouse file), so the function runs vectorised in SQL (about
a million values a second) while the key never appears in the project's SQL, compiled models,
the manifest, logs or docs.  Models call it as `cld_keys.cld_pseudonymise(x)` (macro
cld_pseudonymise).

Without the variable a fixed development key is used — allowed only where the profile's plugin
config does not set `require_secret_key: true` (dev and test).  On any other target (e.g. prod)
a model that pseudonymises fails with a message saying to set CLD_PSEUDO_KEY.
"""
from __future__ import annotations

import hashlib
import os
from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

KEY_VARIABLE = "CLD_PSEUDO_KEY"
DEVELOPMENT_KEY = "cld-development-key-not-secret"
MISSING_KEY_MESSAGE = (f"the pseudonymised extract needs a secret key: set {KEY_VARIABLE} to a secret "
                       "(not the development key) before building this target")
BLOCK_SIZE = 64  # SHA-256 block size in bytes


def hmac_pads(key: bytes) -> tuple[bytes, bytes]:
    """The inner and outer HMAC pads of a key (RFC 2104)."""
    if len(key) > BLOCK_SIZE:
        key = hashlib.sha256(key).digest()
    key = key.ljust(BLOCK_SIZE, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


def blob_literal(data: bytes) -> str:
    return "'" + "".join(f"\\x{b:02x}" for b in data) + "'::blob"


def macro_sql(require_secret_key: bool) -> str:
    key = os.environ.get(KEY_VARIABLE, "")
    if not key or key == DEVELOPMENT_KEY:
        if require_secret_key:
            return ("create or replace macro cld_keys.main.cld_pseudonymise(x) as "
                    f"cast(error('{MISSING_KEY_MESSAGE}') as varchar)")
        key = DEVELOPMENT_KEY
    inner, outer = hmac_pads(key.encode("utf-8"))
    return ("create or replace macro cld_keys.main.cld_pseudonymise(x) as "
            f"sha256({blob_literal(outer)} || unhex(sha256({blob_literal(inner)} || encode(x))))")


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict[str, Any]):
        self.require_secret_key = bool(plugin_config.get("require_secret_key", False))

    def configure_connection(self, conn):
        conn.execute("attach if not exists ':memory:' as cld_keys")
        conn.execute(macro_sql(self.require_secret_key))
