"""Python tooling for the CLD warehouse, one subpackage per job: ``cli`` (the ``cld`` command and
its argument checks), ``landing``, ``tracing`` (land / export / simulate), ``exports``, ``reports``,
``warehouse`` (build and publish, lock, year locks), ``synthetic`` (the data generator); beside
them ``project`` (where the project folder is), ``nhs_number``, ``spec_seeds``, ``rule_catalogue``
and the dbt plugin ``duckdb_plugin``."""

__version__ = "0.1.0"
