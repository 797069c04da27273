"""Pathways of new clients: from a request to nothing more, short-term support or long-term support."""
from __future__ import annotations


from cld_warehouse.synthetic.vocabulary import (ADMITTED_TO_HOSPITAL, ENDED_AS_PLANNED, NFA_DECEASED, ST_LOW, ST_MAX,
                                                ST_OTHER, TO_ASSESSMENT, TO_END_OF_LIFE, TO_REABLEMENT,
                                                TO_REASSESSMENT, TO_SERVICES)
from cld_warehouse.synthetic.weights import (AFTER_HOSPITAL, ASSESSMENT_OUTCOME, EOL_OUTCOME, LOW_LEVEL, OTHER_SHORT,
                                             REQUEST_OUTCOME, ROUTE, SHORT_OUTCOME, STMAX_NEXT)


class ContactPathways:
    """What happens to someone not (yet) in long-term support: a request and where it leads
    (nothing more, an assessment, reablement, short-term or end-of-life support, long-term
    support).  Each pathway returns ``none`` / ``lts`` / ``dead`` / ``stop``.  Mixed into
    `Simulator` (uses `EventRecorder` and `LongTermSupport`)."""

    def contacts(self, t: int, route_hint: str | None = None) -> None:
        """A new client's first request and what follows; some come back with another request later."""
        for n in range(3):
            state = self.contact(t, route_hint if n == 0 else None)
            if state == "lts":
                return self.lifecycle()
            if state != "none" or self.death is not None or self.rng.random() >= 0.16:
                return
            t = self.cursor + self.rng.randint(30, 330)
            if t > self.horizon:
                return

    def contact(self, t: int, route_hint: str | None = None) -> str:
        """A request from someone not in long-term support.  Returns none / lts / dead / stop."""
        rng = self.rng
        route = route_hint or ROUTE[self.older].pick(rng)
        if route == "Prison":
            self.prison = True
        kind = ("transition" if route == "Planned Entry (Transition)" else
                "hospital" if route in ("Discharge from Hospital", "Diversion from Hospital Services") else "community")
        outcome = REQUEST_OUTCOME[kind].pick(rng)
        length = 0 if rng.random() < 0.5 else int(rng.triangular(1, 21, 2))
        req = self.request(t, route, outcome, length)
        if req is None or req.end is None:
            return "stop"
        end = req.end
        if outcome == NFA_DECEASED:
            self.die(end)
            return "dead"
        if outcome == TO_REABLEMENT:
            return self.stmax(end + min(7, self.gap()))
        if outcome == TO_ASSESSMENT:
            return self.assessment_path(end + self.gap(), long_term=rng.random() < 0.75)
        if outcome == TO_SERVICES:
            return self.short_term(end + min(7, self.gap()))
        if outcome == TO_END_OF_LIFE:
            return self.end_of_life(end + min(3, self.gap()))
        return "none"

    def assessment_path(self, t: int, long_term: bool) -> str:
        """An assessment and what its outcome leads to (reablement, end-of-life or long-term support)."""
        rng = self.rng
        outcome = ASSESSMENT_OUTCOME[long_term].pick(rng)
        a = self.assessment(t, long_term, outcome, int(rng.triangular(0, 56, 7)))
        if a is None or a.end is None:
            return "stop"
        if outcome == NFA_DECEASED:
            self.die(a.end)
            return "dead"
        if outcome == TO_REABLEMENT:
            return self.stmax(a.end + self.link())
        if outcome == TO_END_OF_LIFE:
            return self.end_of_life(a.end + self.link())
        if outcome == TO_SERVICES:
            if rng.random() < 0.1:      # short-term residential first (respite / discharge to assess)
                st = self.service(a.end + self.link(), rng.randint(7, 42), ENDED_AS_PLANNED, ST_OTHER,
                                  "Short Term Residential Care")
                if st is None or st.end is None:
                    return "stop"
                return self.start_lts(st.end + rng.choice([0, 1]), setting=rng.choice(["residential", "community"]))
            return self.start_lts(a.end + self.link())
        return "none"

    def stmax(self, t: int, existing: bool = False) -> str:
        """ST-Max reablement from `t` and what follows it: nothing, a review and long-term support,
        an assessment, hospital or end-of-life care (`existing`: a long-term client's, nothing follows)."""
        rng = self.rng
        what = STMAX_NEXT[existing].pick(rng)
        outcome = ENDED_AS_PLANNED if what in ("ended", "review", "direct", "assess") else what
        length = int(rng.triangular(5, 56, 30)) if what != ADMITTED_TO_HOSPITAL else rng.randint(2, 30)
        s = self.service(t, length, outcome, ST_MAX, "Reablement")
        if s is None or s.end is None:
            return "stop"
        if existing:
            return "none"
        end = s.end
        if what == NFA_DECEASED:
            self.die(end)
            return "dead"
        if what == "review":      # end-of-reablement review in its last week, re-assessment, long-term support
            r_start = max(s.start, end - rng.randint(2, 7))
            r = self.review(r_start, "Planned", TO_REASSESSMENT, end - r_start)
            if r is None or r.end is None:
                return "stop"
            a = self.assessment(r.end + rng.choice([0, 1]), True, TO_SERVICES, rng.randint(0, 3))
            if a is None or a.end is None:
                return "stop"
            return self.start_lts(a.end + rng.choice([0, 1]), setting="community")
        if what == "direct":      # assessed during reablement; long-term support follows at once
            a_start = max(s.start, end - rng.randint(3, 10))
            a = self.assessment(a_start, True, TO_SERVICES, end - a_start)
            if a is None or a.end is None:
                return "stop"
            return self.start_lts(end + rng.choice([0, 0, 1]))
        if what == "assess":
            return self.assessment_path(end + self.link(), long_term=True)
        if what == ADMITTED_TO_HOSPITAL:
            return self.after_hospital(end)
        if what == TO_END_OF_LIFE:
            return self.end_of_life(end + self.link())
        return "none"

    def after_hospital(self, admitted: int) -> str:
        """Back from hospital (not in long-term support): nothing more, or a discharge request."""
        rng = self.rng
        stay = rng.randint(2, 35)
        if rng.random() < 0.12:
            self.die(admitted + rng.randint(1, stay))
            return "dead"
        if rng.random() < 0.45:
            return "none"
        outcome = AFTER_HOSPITAL.pick(rng)
        req = self.request(admitted + stay, "Discharge from Hospital", outcome, rng.choice([0, 0, 1, 2]))
        if req is None or req.end is None:
            return "stop"
        if outcome == TO_REABLEMENT:
            return self.stmax(req.end + min(5, self.gap()))
        if outcome == TO_ASSESSMENT:
            return self.assessment_path(req.end + self.gap(), long_term=True)
        return "none"

    def short_term(self, t: int) -> str:
        """Progress to Support Planning / Services from a request: crisis or low-level support."""
        rng = self.rng
        if rng.random() < 0.6:
            service_type, component = ST_LOW, LOW_LEVEL.pick(rng)
            length = rng.randint(0, 3) if component == "Equipment" else rng.randint(14, 180)
        else:
            service_type, component = ST_OTHER, OTHER_SHORT.pick(rng)
            length = rng.randint(3, 42)
        outcome = SHORT_OUTCOME.pick(rng)
        s = self.service(t, length, outcome, service_type, component)
        if s is None or s.end is None:
            return "stop"
        if outcome == ENDED_AS_PLANNED and rng.random() < 0.3:
            a = self.request(s.end + rng.randint(0, 20), "Community / Other route", TO_ASSESSMENT, rng.choice([0, 1]))
            if a is None or a.end is None:
                return "stop"
            return self.assessment_path(a.end + self.gap(), long_term=True)
        return "none"

    def end_of_life(self, t: int) -> str:
        """End-of-life care from `t`, mostly ending with the person's death."""
        outcome = EOL_OUTCOME.pick(self.rng)
        s = self.service(t, int(self.rng.triangular(2, 90, 10)), outcome, ST_OTHER, "End of Life Care")
        if s is None or s.end is None:
            return "stop"
        if outcome == NFA_DECEASED:
            self.die(s.end)
            return "dead"
        return "none"
