"""The landing step (``cld land``): every submitted file read tolerantly into the warehouse's
landed area.  ``submissions`` lands a folder (workers, reuse cache, files.csv / columns.csv,
summary, the command); ``file_reader`` reads one file (name, encoding, CSV, limits, its rows
file); ``header_matching`` matches header cells to the 40 data items.  NHS number trace
responses are landed by ``cld_warehouse.tracing.land``."""
