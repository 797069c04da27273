"""The simulated world's records (`Event`, `PersonRecord`) and `EventRecorder`, which makes them."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from cld_warehouse.synthetic.authority import LocalAuthority
from cld_warehouse.synthetic.vocabulary import (DESCRIPTIONS, NFA_DECLINED, NFA_NHS_FUNDED, NFA_SELF_FUNDED,
                                                REGULATED, ST_MAX, TO_END_OF_LIFE, TO_REABLEMENT, TO_SERVICES)
from cld_warehouse.synthetic.weights import COST_TABLES, NOT_ELIGIBLE, OUTCOMES_ACHIEVED


@dataclass(slots=True)
class Event:
    """One event of a person (request, assessment, service or review) over proleptic ordinal dates.

    `end` None is open at the horizon; `cost` is (frequency, unit cost at the start's prices,
    planned units a week); files with a period end before `correct_from` show the values of
    `earlier` instead (a correction made later)."""
    event_type: str
    start: int
    end: int | None
    outcome: str
    fields: dict[str, str]
    ref_no: int
    cost: tuple[str, float, float | None] | None = None   # frequency, unit cost at start, planned units/week
    correct_from: int | None = None                        # files with period end before this show `earlier`
    earlier: dict[str, object] | None = None


@dataclass(slots=True)
class PersonRecord:
    """A person who is written: their person items, date of death, events, later changes of
    person items (from date, new values) and full-cost-client flag."""
    details: dict[str, str]
    death: int | None
    events: list[Event]
    changes: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (from date, new details)
    full_cost: str = ""


class EventRecorder:
    """Making events: one method per event type (request, assessment, review, service and its
    cost) and the gaps between linked events.  Mixed into `Simulator`, whose per-person state
    (`events`, `cursor`, `older`, `psr`, `carer`, ...) these methods read and extend."""

    la: LocalAuthority
    rng: random.Random
    horizon: int
    ref_no: int
    events: list[Event]
    cursor: int

    def gap(self, hi: int = 28) -> int:
        """Days from a request to what follows it: mostly a few, never over `hi` (28)."""
        return min(hi, int(self.rng.expovariate(0.25)))

    def link(self) -> int:
        """Days between the later links of a chain (reablement -> review -> assessment -> service): 0-3, some 4-7."""
        return self.rng.randint(0, 3) if self.rng.random() < 0.85 else self.rng.randint(4, 7)

    def new_event(self, event_type: str, start: int, length: int | None, outcome: str,
                  fields: dict[str, str]) -> Event | None:
        """Add an event (None when it would start after the horizon); an end after the horizon leaves it open."""
        if start > self.horizon:
            return None
        end = None if length is None else start + length
        if end is not None and end > self.horizon:
            end, outcome = None, ""
        self.ref_no += 1
        e = Event(event_type, start, end, outcome, fields, self.ref_no)
        self.events.append(e)
        if end is None:
            self.cursor = max(self.cursor, start)
        else:
            self.cursor = max(self.cursor, end)
        return e

    def describe(self, e: Event, text: str) -> None:
        """Fill Event Description with `text` at the LA's fill rate."""
        if self.la.description_fill and self.rng.random() < self.la.description_fill:
            e.fields["event_description"] = text

    def request(self, start: int, route: str, outcome: str, length: int) -> Event | None:
        """A Request through `route` (route of access), lasting `length` days, ending with `outcome`."""
        e = self.new_event("Request", start, length, outcome, {"route_of_access": route})
        if e:
            self.describe(e, "Hospital contact" if route == "Discharge from Hospital"
                          else self.rng.choice(DESCRIPTIONS["Request"]))
        return e

    def assessment(self, start: int, long_term: bool, outcome: str, length: int) -> Event | None:
        """A long or short term Assessment; eligibility and carer involvement filled at the LA's rate,
        consistent with the outcome and the person's carer."""
        rng = self.rng
        f = {"assessment_type": "Long Term Assessment" if long_term else "Short Term Assessment"}
        if rng.random() < self.la.voluntary_fill + 0.1:
            if not long_term:
                f["eligible_needs_identified"] = "Not applicable"
            elif outcome in (TO_SERVICES, TO_REABLEMENT, NFA_SELF_FUNDED, TO_END_OF_LIFE, NFA_NHS_FUNDED):
                f["eligible_needs_identified"] = "Eligible needs identified"
            elif outcome == NFA_DECLINED:
                f["eligible_needs_identified"] = rng.choice(["Eligible needs identified",
                                                             "Non-eligible needs identified"])
            else:
                f["eligible_needs_identified"] = NOT_ELIGIBLE.pick(rng)
        if rng.random() < self.la.voluntary_fill + 0.1:
            f["carer_involved_in_assessment"] = {"Yes": rng.choice(["Yes", "Yes", "Yes", "No"]), "No": "No",
                                                 "Not known": "Don't know"}[self.carer]
        e = self.new_event("Assessment", start, length, outcome, f)
        if e:
            self.describe(e, rng.choice(DESCRIPTIONS["Assessment"]))
        return e

    def review(self, start: int, reason: str, outcome: str, length: int) -> Event | None:
        """A Review for `reason` (planned or one of the unplanned reasons), outcomes achieved at the LA's rate."""
        f = {"review_reason": reason}
        if self.rng.random() < self.la.outcomes_fill:
            f["review_outcomes_achieved"] = OUTCOMES_ACHIEVED.pick(self.rng)
        e = self.new_event("Review", start, length, outcome, f)
        if e:
            self.describe(e, "Unscheduled Review" if reason != "Planned"
                          else self.rng.choice(DESCRIPTIONS["Review"][:4]))
        return e

    def service(self, start: int, length: int | None, outcome: str, service_type: str, component: str,
                mechanism: str = "", provider: tuple[str, str, str] | None = None) -> Event | None:
        """A Service of `service_type` and `component` (open when `length` is None), with a provider
        for regulated care at the LA's rate, and its cost (`cost`)."""
        rng, la = self.rng, self.la
        f = {"service_type": service_type, "service_component": component}
        if mechanism:
            f["delivery_mechanism"] = mechanism
        if component in REGULATED and mechanism != "Community: Direct Payment" and rng.random() < la.provider_fill:
            if provider is None:
                kind = {"Long Term Residential Care": "residential", "Short Term Residential Care": "residential",
                        "Long Term Nursing Care": "nursing", "Short Term Nursing Care": "nursing",
                        "Community Supported Living": "living", "Shared Lives": "living"}.get(component, "home")
                provider = rng.choice(la.providers[kind])
            f["provider_location_name"], f["provider_cqc_id"] = provider[0], provider[1]
        e = self.new_event("Service", start, length, outcome, f)
        if e is None:
            return None
        e.cost = self.cost(service_type, component, mechanism)
        self.describe(e, {"Home Support": "Home support: Domestic", "Long Term Residential Care": "Residential Care",
                          "Equipment": "Equipment: community equipment service"}.get(component, component))
        return e

    def cost(self, service_type: str, component: str, mechanism: str) -> tuple[str, float, float | None] | None:
        """The service's cost (frequency, unit cost, planned units a week), or None when it has none:
        always for long-term support not commissioned and for short-term residential or nursing care,
        at lower rates otherwise."""
        rng = self.rng
        # Costed wherever the guidance expects a cost (long-term support, short-term residential or nursing
        # care), except commissioned support, which may lack one; the rest only sometimes.
        if service_type.startswith("Long Term") and not mechanism.endswith("CASSR Commissioned Support"):
            present = 1.0
        elif component in ("Short Term Residential Care", "Short Term Nursing Care"):
            present = 1.0
        elif service_type.startswith("Long Term"):
            present = 0.8 * self.la.cost_fill
        elif service_type == ST_MAX:
            present = 0.12
        elif component == "Equipment":
            present = 0.6
        else:
            present = 0.35
        if present < 1.0 and rng.random() >= present:
            return None
        key = component
        if component == "Long Term Residential Care" and not self.older and self.psr in (
                "Learning Disability Support", "Mental Health Support"):
            key = "Long Term Residential Care|specialist"
        table, options = COST_TABLES.get(key, COST_TABLES[""])
        _, freq, low, high, units = options[int(table.pick(rng))]
        unit = (min(2500.0, rng.lognormvariate(5, 1)) + 10) if component == "Equipment" else rng.uniform(low, high)
        return freq, unit, (float(rng.choice(units)) if units else None)
