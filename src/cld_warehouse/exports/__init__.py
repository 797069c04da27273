"""Files for people and tools outside the warehouse: each LA's data-quality feedback (``dq``,
``cld export-dq``), each LA's processed data (``la``, ``cld export-la``), every public mart for
Power BI (``marts``, ``cld export-marts``), all written through ``spreadsheet_safe`` (no cell
that a spreadsheet would run as a formula)."""
