"""Where the landed area is: the folder ``cld land`` writes and the build's sources read.

Default ``<work dir>/landed``.  ``CLD_LANDED_URI`` (or ``cld land --landed-uri``) moves it, for
a Spark cluster that reads the landed CSVs from storage it can see.  The build reads the same
variable (the sources in models/staging/cld/_cld__sources.yml on DuckDB, macro
``cld_landed_dir`` in macros/landed_sources.sql on Spark), so landing and build agree when it is set in their environment.

``cld land`` writes through the file system: a local path or a ``file://`` URI, which includes a
mount of object storage (``/dbfs/...`` or ``/Volumes/<catalog>/<schema>/<volume>/...`` on
Databricks, a blobfuse2 or mountpoint-s3 mount).  A URI of another scheme (``s3a://``,
``abfss://``, ``gs://``, ``dbfs:/``) is something only the cluster can read: land to a local
folder, copy it there with the platform's tools, and build with ``CLD_LANDED_URI`` set to the
URI (docs/spark.md "Landing where a cluster reads").  ``cld land`` refuses such a URI with one
line saying so; it never pretends to have written it.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from cld_warehouse.cli.args import UsageError

LANDED_URI_ENV = "CLD_LANDED_URI"


def landed_uri(work_dir: Path, given: str | None = None) -> str:
    """The landed area's location as the build reads it: `given` (``--landed-uri``), else
    $CLD_LANDED_URI, else ``<work_dir>/landed``; without a trailing slash."""
    value = (given if given is not None else os.environ.get(LANDED_URI_ENV, "")).strip()
    if not value:
        return str(Path(work_dir) / "landed")
    return value.rstrip("/") or "/"


def local_landed_dir(uri: str, prog: str = "cld land") -> Path:
    """The local folder behind `uri` (a path or a ``file://`` URI), to write the landed area
    into; a UsageError (one line, exit 2) for storage only a cluster can reach."""
    if re.match(r"^[A-Za-z]:[\\/]", uri):          # a Windows drive path, not a scheme
        return Path(uri)
    parts = urlsplit(uri)
    scheme = parts.scheme.lower()
    if not scheme:
        return Path(uri)
    if scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise UsageError(f"{prog}: the landed area {uri} names host {parts.netloc!r}: a file:// URI "
                             "must be local (file:///path)")
        if "%" in parts.path:
            # Spark decodes %-escapes in a URI, DuckDB does not: the two would read different folders
            raise UsageError(f"{prog}: the landed area {uri} has %-escapes, which the engines read differently: "
                             f"give the folder as a path ({unquote(parts.path)}) or choose one without "
                             "spaces or special characters")
        return Path(parts.path)
    raise UsageError(
        f"{prog}: the landed area {uri} is {scheme}:// storage, which cld land does not write (it writes "
        "through the file system): land to a mounted path of that storage (e.g. /dbfs/..., /Volumes/..., "
        "a blobfuse2 or mountpoint-s3 mount) with --landed-uri PATH, or to a local folder and copy it there "
        f"(aws s3 sync, azcopy sync, databricks fs cp -r); the build then reads {LANDED_URI_ENV}={uri} "
        "(docs/spark.md)")
