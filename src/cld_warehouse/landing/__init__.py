"""The landing step (``cld land``): every submitted file read tolerantly into the warehouse's
landed area (``submissions``); NHS number trace responses are landed by ``cld_warehouse.tracing.land``."""
