"""Error injection (``--error-rate``): deterministic damage to written rows, one kind per damaged row."""
from __future__ import annotations

import random
from datetime import date

from cld_warehouse.nhs_number import test_range_number
from cld_warehouse.synthetic.dates import format_date
from cld_warehouse.synthetic.seeds import Spec
from cld_warehouse.synthetic.vocabulary import EVENT_TYPES


class Corrupter:
    """Deterministic damage to written rows, one kind per damaged row (see the module docstring)."""

    KINDS = ("invalid_list", "guidance_spelling", "case_variant", "bad_date", "future_date", "end_before_start",
             "missing_mandatory", "bad_nhs", "duplicate", "inconsistent_person", "pound_cost")

    def __init__(self, spec: Spec, rng: random.Random, rate: float):
        self.spec, self.rng, self.rate = spec, rng, rate
        self.position = {c: i for i, c in enumerate(spec.columns)}
        by_name = {i["column_name"]: i for i in spec.items}
        self.list_cols = [(self.position[c], by_name[c]["defined_list"]) for c in spec.columns
                          if by_name[c]["value_kind"] == "list"]
        self.always = [self.position[i["column_name"]] for i in spec.items
                       if i["is_mandatory"] == "true" and i["requirement_rule"] == "always"]
        self.per_type = {t: [self.position[i["column_name"]] for i in spec.items
                             if i["requirement_rule"] == "event_type" and i["applies_to_event_type"] == t
                             and i["is_mandatory"] == "true"] for t in EVENT_TYPES}
        self.i_type, self.i_start = self.position["event_type"], self.position["event_start_date"]
        self.i_end = self.position["event_end_date"]
        self.i_dob, self.i_nhs = self.position["date_of_birth"], self.position["nhs_number"]
        self.i_cost = self.position["unit_cost"]
        self.i_gender, self.i_postcode = self.position["gender"], self.position["postcode"]

    def apply(self, row: list[str], period_end: int) -> list[list[str]]:
        """The rows to write for `row`: itself, damaged in one way at the rate (two copies for a duplicate)."""
        rng = self.rng
        if rng.random() >= self.rate:
            return [row]
        row = list(row)
        kinds = list(self.KINDS)
        if not row[self.i_cost]:
            kinds.remove("pound_cost")
        elif float(row[self.i_cost]) >= 1000:
            kinds.append("pound_cost")          # big amounts are the ones that get a separator
        if not row[self.i_start]:
            kinds.remove("end_before_start")
        kind = rng.choice(kinds)
        getattr(self, kind)(row, period_end)
        return [row, list(row)] if kind == "duplicate" else [row]

    def _filled_list_cols(self, row: list[str]) -> list[tuple[int, str]]:
        return [(i, name) for i, name in self.list_cols if row[i]]

    def invalid_list(self, row: list[str], _pe: int) -> None:
        """Damage: a value that is on no list in a list item the row fills."""
        i, name = self.rng.choice(self._filled_list_cols(row))
        row[i] = self.rng.choice(["Other - see notes", "TBC", "N/K", "Not recorded", "Please select", "9"])

    def guidance_spelling(self, row: list[str], _pe: int) -> None:
        """Damage: a list value written as one of its guidance spellings (the aliases seed)."""
        options = [(i, spelling) for i, name in self._filled_list_cols(row)
                   for spelling in self.spec.aliases.get(name, {}).get(row[i], [])]
        i, spelling = self.rng.choice(options)
        row[i] = spelling

    def case_variant(self, row: list[str], _pe: int) -> None:
        """Damage: a list value in other case, with extra spaces, or an en dash for its hyphen."""
        i, _ = self.rng.choice(self._filled_list_cols(row))
        value = row[i]
        variants = [value.upper(), value.lower(), f"  {value} ", value.replace(" ", "  ")]
        if " - " in value:
            variants.append(value.replace(" - ", " – "))
        variants = [v for v in variants if v != value]
        row[i] = self.rng.choice(variants)

    def bad_date(self, row: list[str], _pe: int) -> None:
        """Damage: a date that is not a real date, or not a date at all."""
        i = self.rng.choice([c for c in (self.i_start, self.i_end, self.i_dob) if row[c]])
        year = row[i][-4:] if row[i][-4:].isdigit() else "2023"
        row[i] = self.rng.choice([f"31/02/{year}", f"{year}-13-01", f"32/01/{year}", "00/00/0000", "not known",
                                  f"{year}0401"])

    def future_date(self, row: list[str], period_end: int) -> None:
        """Damage: an end date after the file's period end."""
        row[self.i_end] = format_date(period_end + self.rng.randint(1, 200))

    def end_before_start(self, row: list[str], _pe: int) -> None:
        """Damage: an end date before the start date."""
        day, month, year = (int(x) for x in row[self.i_start].split("/"))
        row[self.i_end] = format_date(date(year, month, day).toordinal() - self.rng.randint(1, 30))

    def missing_mandatory(self, row: list[str], _pe: int) -> None:
        """Damage: a mandatory item (always, or for the row's event type) left blank."""
        options = self.always + self.per_type.get(row[self.i_type], [])
        row[self.rng.choice([i for i in options if row[i]])] = ""

    def bad_nhs(self, row: list[str], _pe: int) -> None:
        """Damage: an NHS number with a wrong check digit, 9 or 11 digits, or spaces."""
        number = row[self.i_nhs] or test_range_number(self.rng.randrange(10 ** 6)) or "9990000018"
        stem, check = number[:9], int(number[9])
        wrong = (check + self.rng.randint(1, 9)) % 10         # any other digit fails the check
        row[self.i_nhs] = self.rng.choice([stem + str(wrong), stem, number + str(self.rng.randint(0, 9)),
                                           f"{stem[:3]} {stem[3:6]} {stem[6:]}{wrong}"])

    def duplicate(self, row: list[str], _pe: int) -> None:
        """Damage: the row written twice (`apply` writes the copy)."""
        pass

    def inconsistent_person(self, row: list[str], _pe: int) -> None:
        """Damage: a date of birth that differs from the person's other rows."""
        day, month, year = (int(x) for x in row[self.i_dob].split("/")) if row[self.i_dob] else (1, 1, 1940)
        shift = self.rng.choice([-1, 1]) * self.rng.randint(1, 3000)
        row[self.i_dob] = format_date(date(year, month, day).toordinal() + shift)

    def pound_cost(self, row: list[str], _pe: int) -> None:
        """The cost as a currency amount: £1,234.50 (or £17.50 under a thousand)."""
        row[self.i_cost] = f"£{float(row[self.i_cost]):,.2f}"
