"""NHS number tracing round trip (the DSCRO's batch tracing service for an LA).

Three modules, around the dbt models of ``models/*/tracing``:

``cld export-trace`` (``tracing.export``) ``[--la CODE ...] [--out DIR]``
    writes one trace-request CSV per LA from the mart ``dscro.dscro_trace_requests`` (persons
    whose NHS number is missing or fails its check digit, in the field layout of a batch trace
    request: local reference, surname, forename, date of birth, gender, postcode, NHS number as
    submitted).  File name ``TRACE_REQUEST_<LA>_<YYYYMMDDHHMMSS>.csv``.

``cld simulate-trace`` (``tracing.simulate``) ``--requests DIR --out DIR [--responded-at T] [--match-rate R]``
    stands in for the national tracing service on synthetic data (demo and tests): answers each
    request file with a response file, ``matched`` with a fresh synthetic NHS number from the 999
    test range (positions no generated person uses) for a deterministic share of the persons,
    ``no_match`` for the rest.  Never for real data.

``tracing.land``: landing trace responses (called by ``cld land``)
    every ``TRACE_<LA>_<YYYYMMDDHHMMSS>.csv`` in ``<landing dir>/trace_responses/`` is read
    tolerantly into ``<work dir>/landed/trace_files.csv`` (one row per file: name parse, size,
    SHA-256, rows read, missing columns, load status and message) and
    ``<work dir>/landed/trace_rows.csv`` (one row per response record, values as sent).
    Required columns (case, spacing and punctuation ignored): Local Reference, Traced NHS Number,
    Match Status.  Acceptance and every row check happen in SQL (int_trace_files_checked,
    int_trace_responses_checked); Python only decides whether a file can be read.
"""
