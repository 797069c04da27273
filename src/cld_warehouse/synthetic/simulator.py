"""One person's life in the LA's window: `Simulator` combines the event, pathway and long-term pieces."""
from __future__ import annotations

import random

from cld_warehouse.nhs_number import test_range_numbers
from cld_warehouse.synthetic.authority import LocalAuthority, NHS_BLOCK
from cld_warehouse.synthetic.dates import format_date, years_back
from cld_warehouse.synthetic.events import Event, EventRecorder, PersonRecord
from cld_warehouse.synthetic.long_term import LongTermSupport
from cld_warehouse.synthetic.pathways import ContactPathways
from cld_warehouse.synthetic.vocabulary import (FIRST_NAMES, LTS_COMMUNITY, NFA_DECEASED, NFA_DECLINED,
                                                NFA_NO_SERVICES, NFA_SIGNPOSTED, SURNAME_HEADS, SURNAME_TAILS,
                                                TO_REABLEMENT)
from cld_warehouse.synthetic.weights import (ACCOMMODATION, ASD, CARER, DEMENTIA, EMPLOYMENT, FULL_COST, GENDER,
                                             HEARING, PSR_OLDER, PSR_TRANSITION, PSR_WORKING, VISUAL)


class Simulator(EventRecorder, ContactPathways, LongTermSupport):
    """Builds one person's events over the LA's window (one instance per LA, reused person by
    person): draws who they are, runs their pathway (`ContactPathways`, `LongTermSupport`, which
    make events through `EventRecorder`), then the corrections and the outcome check."""

    def __init__(self, la: LocalAuthority, rng: random.Random):
        self.la, self.rng, self.spec = la, rng, la.spec
        self.horizon = la.horizon
        self.ref_no = 0
        self.nhs_numbers = test_range_numbers(la.index * NHS_BLOCK)

    def person(self, number: int, entry: int, stock: bool) -> PersonRecord | None:
        """A person whose first event (for the stock: first long-term service) starts on `entry`.

        Returns None when nothing of theirs reaches the years written (burn-in only)."""
        rng, la = self.rng, self.la
        self.events: list[Event] = []
        self.cursor = entry
        self.death: int | None = None
        self.changes: list[tuple[int, dict[str, str]]] = []
        self.comeback: int | None = None
        self.prison = False
        older = rng.random() < (0.72 if stock else 0.66)
        transition = not older and not stock and rng.random() < 0.05
        age = int(rng.triangular(65, 104, 86)) if older else 18 if transition else rng.randint(18, 64)
        dob = years_back(entry, age) - rng.randint(1, 364)
        psr = (PSR_OLDER if older else PSR_TRANSITION if transition else PSR_WORKING[stock]).pick(rng)
        self.older, self.ld, self.psr = older, psr == "Learning Disability Support", psr
        self.carer = CARER[older].pick(rng)
        self.accommodation = ""
        if self.ld or rng.random() < 0.85:
            self.accommodation = ACCOMMODATION["ld" if self.ld else "older" if older else "working"].pick(rng)
        if stock:
            self.stock_client(entry, dob)
        else:
            self.contacts(entry, route_hint="Planned Entry (Transition)" if transition else None)
        if self.death is None and older and rng.random() < 0.04 and all(e.end is not None for e in self.events):
            # dies later, with nothing open (long-term clients die in lifecycle())
            when = self.cursor + rng.randint(1, 400)
            if when <= self.horizon:
                self.die(when)
        if not any(e.end is None or e.end >= la.first_written for e in self.events):
            return None
        self.corrections()
        self.check_outcomes()
        return PersonRecord(self.details(number, dob), self.death, self.events, self.changes, FULL_COST.pick(rng))

    def details(self, number: int, dob: int) -> dict[str, str]:
        """The person items of someone who is written (drawn after their events)."""
        rng, la = self.rng, self.la
        gender = GENDER[self.older].pick(rng)
        names = FIRST_NAMES.get(gender) or FIRST_NAMES["Female" if rng.random() < 0.5 else "Male"]
        d = {"person_unique_identifier": f"{la.person_prefix}{number:07d}",
             "nhs_number": next(self.nhs_numbers) if rng.random() >= 0.03 else "",
             "first_name": rng.choice(names), "last_name": rng.choice(SURNAME_HEADS) + rng.choice(SURNAME_TAILS),
             "gender": gender, "ethnicity": la.ethnicity.pick(rng), "date_of_birth": format_date(dob),
             "primary_support_reason": self.psr, "postcode": la.postcode(rng), "has_informal_carer": self.carer}
        if la.gp_fill and rng.random() < la.gp_fill:
            d["gp_practice_name"], d["gp_practice_code"] = rng.choice(la.practices)
        if self.accommodation:
            group = "ld" if self.ld else "older" if self.older else "working"
            d["accommodation_status"] = ("Prison / Young offenders institution / detention centre" if self.prison
                                         else self.accommodation)
            d["employment_status"] = EMPLOYMENT[group].pick(rng)
        fill = la.voluntary_fill
        if rng.random() < fill:
            d["autism_spectrum_disorder"] = ASD[self.ld].pick(rng)
        if rng.random() < fill:
            d["visual_impairment"] = VISUAL.pick(rng)
        if rng.random() < fill:
            d["hearing_impairment"] = HEARING[self.older].pick(rng)
        if rng.random() < fill:
            d["dementia"] = "Yes" if self.psr == "Support with Memory & Cognition" else DEMENTIA[self.older].pick(rng)
        return d

    def die(self, when: int) -> None:
        """Death on `when` (never before the last start): anything open then ends with NFA - Deceased."""
        when = max(when, min(self.cursor, self.horizon))
        if when > self.horizon:
            return
        self.death = when
        for e in self.events:
            if e.end is None or e.end > when:
                e.end, e.outcome = when, NFA_DECEASED

    def move_in(self, when: int, kind: str, provider: tuple[str, str, str] | None) -> None:
        """From a care home admission on, the person's accommodation and postcode are the home's."""
        new = {"postcode": provider[2]} if provider is not None else {}
        if self.accommodation:
            new["accommodation_status"] = "Registered nursing home" if kind == "nursing" else "Registered care home"
        self.changes.append((when, new))

    def corrections(self) -> None:
        """About 3% of events carry a different value in the files before a correction date."""
        rng = self.rng
        for e in self.events:
            if rng.random() >= 0.03:
                continue
            if e.event_type == "Request":
                if e.outcome in (NFA_SIGNPOSTED, NFA_NO_SERVICES, NFA_DECLINED) and rng.random() < 0.4:
                    e.earlier = {"event_outcome": NFA_NO_SERVICES if e.outcome == NFA_DECLINED else NFA_DECLINED}
                else:
                    route = e.fields["route_of_access"]
                    e.earlier = {"route_of_access": "Discharge from Hospital" if route == "Community / Other route"
                                 else "Community / Other route"}
            elif e.event_type == "Service" and e.fields["service_type"] == LTS_COMMUNITY:
                component = e.fields["service_component"]
                e.earlier = {"service_component": "Home Support" if component == "Other Long Term Support"
                             else "Other Long Term Support"}
            elif e.event_type == "Review" and e.outcome != TO_REABLEMENT:
                shifted = e.start + rng.choice([-7, -3, -1, 1, 2, 5, 10])
                if shifted > min(x for x in (e.end, self.death, self.horizon) if x is not None):
                    continue
                e.earlier = {"start": shifted}
            else:
                continue
            e.correct_from = e.start + rng.randint(20, 200)

    def check_outcomes(self) -> None:
        """Every outcome is one the seed allows for its event type and the client's status."""
        lts = [e for e in self.events if e.event_type == "Service" and e.fields["service_type"].startswith("Long Term")]
        allowed = self.spec.allowed
        for e in self.events:
            outcomes = [e.outcome]
            if e.earlier and "event_outcome" in e.earlier:
                outcomes.append(e.earlier["event_outcome"])
            for outcome in outcomes:
                if not outcome:
                    continue
                flags = allowed.get((outcome, e.event_type))
                existing = any(s.start <= e.start and (s.end is None or e.start <= s.end) for s in lts)
                if flags is None or not flags[1 if existing else 0]:
                    raise AssertionError(f"generator bug: {outcome!r} on a {e.event_type} of a "
                                         f"{'n existing' if existing else ' new'} client ({format_date(e.start)})")
