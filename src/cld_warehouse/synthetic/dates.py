"""Dates as proleptic ordinals (``date.toordinal``), and the financial-year and quarter arithmetic."""
from __future__ import annotations

from datetime import date
from functools import lru_cache


@lru_cache(maxsize=None)
def format_date(ordinal: int) -> str:
    """The date of an ordinal as the submissions write it: dd/mm/yyyy."""
    return date.fromordinal(ordinal).strftime("%d/%m/%Y")


def april_first(year: int) -> int:
    """1 April of `year` (the first day of financial year `year`-`year+1`) as an ordinal."""
    return date(year, 4, 1).toordinal()


def quarter_end(year: int, q: int) -> date:
    """The last day of quarter `q` (1-4) of financial year `year`: 30 June ... 31 March."""
    return {1: date(year, 6, 30), 2: date(year, 9, 30), 3: date(year, 12, 31), 4: date(year + 1, 3, 31)}[q]


def years_back(ordinal: int, years: int) -> int:
    """The same day `years` years before `ordinal` (29 February becomes the 28th)."""
    d = date.fromordinal(ordinal)
    return (d.replace(day=28) if d.month == 2 and d.day == 29 else d).replace(year=d.year - years).toordinal()


@lru_cache(maxsize=None)
def financial_year(ordinal: int) -> int:
    """The financial year an ordinal falls in, by its starting year (March 2024 -> 2023)."""
    d = date.fromordinal(ordinal)
    return d.year if d.month >= 4 else d.year - 1
