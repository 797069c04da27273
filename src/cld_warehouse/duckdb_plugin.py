"""dbt-duckdb plugin: registers the pseudonymisation function on every warehouse connection.

`cld_pseudonymise(text)` = HMAC-SHA-256 of the text under the secret key in the environment
variable CLD_PSEUDO_KEY, as 64 hex characters.  The key is read here, in Python, when the
function runs: it never appears in SQL, compiled models, the manifest, logs or docs.

Without the variable a fixed development key is used — allowed only where the profile's plugin
config does not set `require_secret_key: true` (dev and test).  On any other target (e.g. prod)
building a model that pseudonymises fails with a message saying to set CLD_PSEUDO_KEY.
"""
from __future__ import annotations

import hashlib
import hmac
import os
from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

KEY_VARIABLE = "CLD_PSEUDO_KEY"
DEVELOPMENT_KEY = "cld-development-key-not-secret"


class MissingKeyError(RuntimeError):
    pass


def make_pseudonymise(require_secret_key: bool):
    def pseudonymise(text: str | None) -> str | None:
        key = os.environ.get(KEY_VARIABLE, "")
        if not key or key == DEVELOPMENT_KEY:
            if require_secret_key:
                raise MissingKeyError(
                    f"the pseudonymised extract needs a secret key: set {KEY_VARIABLE} to a secret "
                    "(not the development key) before building this target")
            key = DEVELOPMENT_KEY
        if text is None:
            return None
        return hmac.new(key.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()
    return pseudonymise


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict[str, Any]):
        self.require_secret_key = bool(plugin_config.get("require_secret_key", False))

    def configure_connection(self, conn):
        conn.create_function("cld_pseudonymise", make_pseudonymise(self.require_secret_key), ["VARCHAR"],
                             "VARCHAR", null_handling="special", side_effects=False)
