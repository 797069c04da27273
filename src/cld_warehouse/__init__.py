"""Python tooling for the CLD warehouse: spec seeds, the landing step, the synthetic generator."""

__version__ = "0.1.0"
