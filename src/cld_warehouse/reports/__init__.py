"""The outputs people open: SALT and ASCOF workbooks per LA and England (``workbooks``,
``cld report salt|ascof``), the LA data-quality page (``dq_page``, ``cld report dq``, HTML from
``templates/``), and the members behind one cell of a table (``explain``, ``cld explain``)."""
