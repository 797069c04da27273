"""Writing: file names (landing contract), submission times, and a person's rows in one cumulative file."""
from __future__ import annotations

import random
from datetime import timedelta

from cld_warehouse.synthetic.dates import april_first, financial_year, format_date, quarter_end
from cld_warehouse.synthetic.events import PersonRecord
from cld_warehouse.synthetic.seeds import Spec
from cld_warehouse.synthetic.vocabulary import EVENT_TYPES

UPLIFT = 1.04                  # unit costs rise 4% each 1 April


def submitted_at(seed: int, la: str, year: int, q: int) -> str:
    """Submission timestamp: 3-7 weeks after the period end (Q4: 7-11 weeks, i.e. in June)."""
    rng = random.Random(f"{seed}|{la}|{year}|{q}|submitted")
    end = quarter_end(year, q)
    day = end + timedelta(days=rng.randint(49, 77) if q == 4 else rng.randint(21, 49))
    return f"{day:%Y%m%d}{rng.randint(8, 18):02d}{rng.randint(0, 59):02d}{rng.randint(0, 59):02d}"


def file_name(seed: int, la: str, year: int, q: int) -> str:
    """The landing-contract file name of an LA's cumulative file for quarter `q` of year `year`."""
    return f"CLD_{la}_{year}0401_{quarter_end(year, q):%Y%m%d}_{submitted_at(seed, la, year, q)}.csv"


class RowBuilder:
    """Turns a simulated person into the rows of one file (period ending `period_end` of `year`)."""

    def __init__(self, spec: Spec, la_code: str, references: bool, prices_from: int):
        self.prices_from = prices_from          # costs are at this date's prices, uplifted each later April
        self.position = {c: i for i, c in enumerate(spec.columns)}
        self.width = len(spec.columns)
        self.la_code, self.references = la_code, references
        (self.i_type, self.i_ref, self.i_start, self.i_end, self.i_out, self.i_cost, self.i_freq, self.i_units,
         self.i_fcc, self.i_dod) = (self.position[c] for c in (
            "event_type", "event_reference", "event_start_date", "event_end_date", "event_outcome", "unit_cost",
            "cost_frequency", "planned_units_per_week", "full_cost_client", "date_of_death"))

    def rows(self, person: PersonRecord, year: int, period_end: int) -> list[list[str]]:
        """The person's rows in the cumulative file of `year` to `period_end`: every event started by the
        period end and not ended before 1 April, as it stood then (open events have no end or outcome;
        corrections not yet made show the earlier values; costs uplifted each April)."""
        year_start = april_first(year)
        chosen = []
        for e in person.events:
            corrected = e.earlier is not None and period_end < e.correct_from
            start = e.earlier["start"] if corrected and "start" in e.earlier else e.start
            if start > period_end or (e.end is not None and e.end < year_start):
                continue
            chosen.append((start, EVENT_TYPES.index(e.event_type), e.ref_no, e, corrected))
        if not chosen:
            return []
        chosen.sort(key=lambda x: x[:3])
        position = self.position
        base = [""] * self.width
        for col, value in person.details.items():
            base[position[col]] = value
        for when, change in person.changes:
            if when <= period_end:
                for col, value in change.items():
                    base[position[col]] = value
        if person.death is not None and person.death <= period_end:
            base[self.i_dod] = format_date(person.death)
        out = []
        for start, _, ref_no, e, corrected in chosen:
            row = base.copy()
            for col, value in e.fields.items():
                row[position[col]] = value
            outcome = e.outcome
            if corrected:
                for col, value in e.earlier.items():
                    if col == "event_outcome":
                        outcome = value
                    elif col != "start":
                        row[position[col]] = value
            row[self.i_type] = e.event_type
            if self.references:
                row[self.i_ref] = f"{self.la_code}EV{ref_no:09d}"
            row[self.i_start] = format_date(start)
            closed = e.end is not None and e.end <= period_end
            if closed:
                row[self.i_end], row[self.i_out] = format_date(e.end), outcome
            if e.cost is not None:
                freq, unit, units = e.cost
                aprils = (financial_year(e.end if closed else period_end)
                          - financial_year(max(e.start, self.prices_from)))
                row[self.i_cost] = f"{unit * UPLIFT ** aprils:.2f}"
                row[self.i_freq] = freq
                if units is not None:
                    row[self.i_units] = f"{units:.2f}"
                if person.full_cost and e.fields["service_type"].startswith("Long Term"):
                    row[self.i_fcc] = person.full_cost
            out.append(row)
        return out
