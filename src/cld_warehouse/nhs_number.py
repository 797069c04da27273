"""NHS numbers: the modulus-11 check digit, and synthetic numbers from the 999 test range.

Check digit: weights 10..2 on the first nine digits; 11 - (sum mod 11); 11 becomes 0; 10 means
no valid check digit exists for those nine digits.
"""
from __future__ import annotations

TEST_RANGE_START = 999_000_000  # first nine digits of the 999 test range
TEST_RANGE_SIZE = 1_000_000


def check_digit(first9: str) -> int | None:
    """The check digit for nine digits, or None when none is valid."""
    if len(first9) != 9 or not first9.isdigit():
        raise ValueError(f"need nine digits, got {first9!r}")
    total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def is_valid(number: str) -> bool:
    """True for ten digits (spaces and dashes ignored) with a correct check digit."""
    digits = number.replace(" ", "").replace("-", "")
    if len(digits) != 10 or not digits.isdigit():
        return False
    return check_digit(digits[:9]) == int(digits[9])


def test_range_numbers(offset: int = 0):
    """Yield valid NHS numbers of the 999 test range, starting at `offset` and wrapping round."""
    for k in range(TEST_RANGE_SIZE):
        first9 = str(TEST_RANGE_START + (offset + k) % TEST_RANGE_SIZE)
        check = check_digit(first9)
        if check is not None:
            yield first9 + str(check)
