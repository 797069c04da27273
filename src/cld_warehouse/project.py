"""Where the project is: the folder holding ``dbt_project.yml``, ``seeds/`` and ``warehouse/``.

The ``cld`` commands read the spec seeds and write their default outputs inside the project
folder.  That folder is, in order: the one given to ``cld --project-dir DIR`` (which sets
``CLD_PROJECT_DIR`` for the command and any process it starts), else ``$CLD_PROJECT_DIR``, else
the current working directory (the Makefile runs every command from the repository root).  It is
never derived from where the package is installed.
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR_ENV = "CLD_PROJECT_DIR"


def project_dir() -> Path:
    """The project folder: ``$CLD_PROJECT_DIR`` when set, else the current working directory."""
    value = os.environ.get(PROJECT_DIR_ENV, "").strip()
    return Path(value).expanduser().resolve() if value else Path.cwd()


def project_path(*parts: str) -> Path:
    """A path inside the project folder, e.g. ``project_path("seeds", "spec")``."""
    return project_dir().joinpath(*parts)


def seed_path(*parts: str) -> Path:
    """A seed file of the project, checked to exist: ``seed_path("spec", "cld_data_items.csv")``.

    A missing seed means the command runs outside the project folder; the UsageError says so
    (one line, exit code 2) instead of a traceback."""
    path = project_path("seeds", *parts)
    if not path.is_file():
        from cld_warehouse.cli.args import UsageError

        raise UsageError(f"cld: no {Path('seeds', *parts)} under {project_dir()}: run cld from the project "
                         f"folder, or give `cld --project-dir DIR` (or ${PROJECT_DIR_ENV})")
    return path
