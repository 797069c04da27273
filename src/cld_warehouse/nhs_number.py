"""NHS numbers: the modulus-11 check digit, and synthetic numbers from the 999 test range.

Check digit (NHS Data Dictionary): multiply the first nine digits by the weights 10, 9, …, 2 and
add up; the check digit is 11 - (sum mod 11); 11 becomes 0; 10 means those nine digits have no
valid check digit (no NHS number starts with them).

The synthetic numbers all start 999 (999 000 0000 … 999 999 9999, a range never issued to
patients).  `test_range_numbers` walks a fixed permutation of the million nine-digit stems
999 000 000 … 999 999 999, skipping the stems without a check digit (1 in 11), so consecutive
numbers do not look sequential yet distinct positions always give distinct numbers.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

TEST_RANGE_PREFIX = "999"
TEST_RANGE_SIZE = 1_000_000          # nine-digit stems 999 000 000 … 999 999 999
_MULTIPLIER = 738_919                # coprime to 10**6: k -> (k * M + C) mod 10**6 is a permutation
_INCREMENT = 271_828
WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
# What the SQL macro cld_nhs_number_digits removes, anywhere in the text: dashes and whitespace as
# the SQL engine's `\s` knows it (tab, line feed, form feed, carriage return, space; not other
# Unicode spaces).  tests/python/test_domain_constants.py checks the two agree.
_SEPARATORS = re.compile(r"[\t\n\f\r -]")


def check_digit(first9: str) -> int | None:
    """The check digit for nine digits, or None when no valid check digit exists (remainder 10)."""
    if len(first9) != 9 or not first9.isdigit() or not first9.isascii():
        raise ValueError(f"need nine digits, got {first9!r}")
    total = sum(int(d) * w for d, w in zip(first9, WEIGHTS))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def is_valid(number: str) -> bool:
    """True for exactly ten digits (whitespace and dashes ignored, as in SQL) with a correct check digit."""
    digits = _SEPARATORS.sub("", number)
    if len(digits) != 10 or not digits.isdigit() or not digits.isascii():
        return False
    return check_digit(digits[:9]) == int(digits[9])


def is_test_range(number: str) -> bool:
    """True for a valid NHS number of the 999 test range."""
    digits = _SEPARATORS.sub("", number)
    return digits.startswith(TEST_RANGE_PREFIX) and is_valid(digits)


def test_range_number(position: int) -> str | None:
    """The number at `position` (taken mod 10**6) of the permuted test range, or None if that stem is invalid."""
    stem = f"{TEST_RANGE_PREFIX}{(position * _MULTIPLIER + _INCREMENT) % TEST_RANGE_SIZE:06d}"
    check = check_digit(stem)
    return None if check is None else stem + str(check)


def test_range_numbers(offset: int = 0) -> Iterator[str]:
    """Yield distinct valid test-range NHS numbers from position `offset` on (about 909,000 before repeating)."""
    for k in range(TEST_RANGE_SIZE):
        number = test_range_number(offset + k)
        if number is not None:
            yield number


test_range_number.__test__ = False   # not pytest tests, despite the names
test_range_numbers.__test__ = False
