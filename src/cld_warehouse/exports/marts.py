"""Every public mart as one file, for Power BI or any BI tool: ``cld export-marts``.

    cld export-marts [--format parquet|csv] [--out DIR]

The public marts are the models declared ``access: public`` in the marts' yml files (SALT
tables, ASCOF measures, the DQ marts, ...).  Each is written whole to ``<out>/<mart>.parquet``
(typed; DuckDB ``COPY``) or ``<out>/<mart>.csv`` (the project's spreadsheet-safe writer: UTF-8
with a BOM, formula-like text neutralised), with ``manifest.json``: per file the mart, its
schema, row count, columns and their types, plus when the warehouse was built and exported.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import yaml

from cld_warehouse.cli.args import (CliParser, add_database_argument, check_database, one_line_errors, output_folder)
from cld_warehouse.exports.spreadsheet_safe import write_query_csv
from cld_warehouse.project import project_path



def public_marts(models_dir: Path | None = None) -> list[str]:
    """Names of the models declared access: public in the marts' yml files (default: models/marts
    of the project folder), sorted."""
    models_dir = models_dir or project_path("models", "marts")
    names = []
    for path in sorted(models_dir.rglob("*.yml")):
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models", []) or []:
            if model.get("access") == "public":
                names.append(model["name"])
    return sorted(names)


def export(database: Path, out_dir: Path, fmt: str = "parquet") -> dict:
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(database), read_only=True)
    files = []
    try:
        for name in public_marts():
            found = con.execute("select table_schema from information_schema.tables where table_name = ? "
                                "and table_schema not like 'main%' order by table_schema", [name]).fetchall()
            if not found:
                raise SystemExit(f"cld export-marts: public mart {name} is not in {database}; run `make build`")
            schema = found[0][0]
            relation = f'"{schema}"."{name}"'
            columns = [{"name": c, "type": t} for c, t in con.execute(
                "select column_name, data_type from information_schema.columns where table_schema = ? "
                "and table_name = ? order by ordinal_position", [schema, name]).fetchall()]
            path = out_dir / f"{name}.{fmt}"
            if fmt == "parquet":
                target = str(path.resolve()).replace("'", "''")   # a quote in --out stays a quote
                con.execute(f"copy (select * from {relation}) to '{target}' (format parquet)")
                rows = con.execute(f"select count(*) from {relation}").fetchone()[0]
            else:
                rows = write_query_csv(con.execute(f"select * from {relation}"), path)
            files.append({"file": path.name, "mart": name, "schema": schema, "rows": rows, "columns": columns})
    finally:
        con.close()
    manifest = {
        "format": fmt,
        "warehouse": database.name,
        "warehouse_built_at": datetime.fromtimestamp(database.stat().st_mtime, timezone.utc)
        .strftime("%Y-%m-%d %H:%M:%S"),
        "exported_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S"),
        "files": files,
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


@one_line_errors
def main(argv: list[str] | None = None) -> int:
    """``cld export-marts [--format parquet|csv] [--out DIR] [--database DB]``."""
    p = CliParser(prog="cld export-marts", description=__doc__.splitlines()[0])
    add_database_argument(p)
    p.add_argument("--format", choices=["parquet", "csv"], default="parquet",
                   help="parquet (typed, for Power BI) or csv (UTF-8 with a BOM, spreadsheet-safe)")
    p.add_argument("--out", type=Path, default=project_path("warehouse", "exports", "marts"),
                   help="folder the files and manifest.json are written into (default warehouse/exports/marts)")
    a = p.parse_args(argv)
    database = check_database(p.prog, a.database)
    a.out = output_folder(p.prog, "--out", a.out)
    manifest = export(database, a.out, a.format)
    for f in manifest["files"]:
        print(f"{f['file']}: {f['rows']} rows")
    print(f"wrote {len(manifest['files'])} marts and manifest.json to {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
