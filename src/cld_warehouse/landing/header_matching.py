"""Matching a submitted header to the spec's 40 data items (``seeds/spec/cld_data_items.csv``):
case, spacing, punctuation, ``(£)`` and line breaks ignored, a trailing parenthesised qualifier
dropped on either side, or the warehouse's snake_case name (see ``landing.submissions``)."""
from __future__ import annotations

import csv
import hashlib
import re

from cld_warehouse.project import seed_path

ITEMS_SEED = ("spec", "cld_data_items.csv")   # under seeds/ of the project folder
TRAILING_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
NOT_ALNUM = re.compile(r"[^a-z0-9]")

_ITEMS: list[dict[str, str]] | None = None


def data_items() -> list[dict[str, str]]:
    """The 40 data items, in item order, from the spec seed (read once per process)."""
    global _ITEMS
    if _ITEMS is None:
        with seed_path(*ITEMS_SEED).open(newline="", encoding="utf-8") as fh:
            _ITEMS = [row for row in csv.DictReader(fh)]
    return _ITEMS


def items_fingerprint() -> str:
    """SHA-256 of the data items seed: a changed seed invalidates the reuse cache."""
    return hashlib.sha256(seed_path(*ITEMS_SEED).read_bytes()).hexdigest()


def header_key(text: str) -> str:
    """Case, spacing, punctuation, ``(£)``/``£`` and line breaks do not matter."""
    text = text.lower().replace("(£)", "").replace("£", "")
    return NOT_ALNUM.sub("", text)


def strip_qualifier(text: str) -> str:
    """``Unit Cost (£)`` -> ``Unit Cost``; ``Delivery Mechanism (Long Term ...)`` -> ``Delivery Mechanism``."""
    return TRAILING_QUALIFIER.sub("", text.strip())


class HeaderMatcher:
    """Maps a submitted header cell to a data item's column_name (or None)."""

    def __init__(self, items: list[dict[str, str]]):
        self.full: dict[str, str] = {}
        self.stripped: dict[str, str] = {}
        self.template = {i["column_name"]: i["template_column_name"] for i in items}
        for item in items:
            name, column = item["template_column_name"], item["column_name"]
            for variant in (name, column):
                key = header_key(variant)
                if key:
                    self.full.setdefault(key, column)
        for item in items:
            key = header_key(strip_qualifier(item["template_column_name"]))
            if key:
                self.stripped.setdefault(key, item["column_name"])

    def match(self, cell: str) -> tuple[str | None, str]:
        """(column_name, 'exact' | 'normalised') or (None, 'unmatched')."""
        key = header_key(cell)
        column = self.full.get(key) or self.stripped.get(key)
        if column is None:
            key = header_key(strip_qualifier(cell))
            column = (self.full.get(key) or self.stripped.get(key)) if key else None
        if column is None:
            return None, "unmatched"
        return column, "exact" if cell == self.template[column] else "normalised"
