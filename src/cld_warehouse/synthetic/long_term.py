"""Long-term support: packages, reviews and the yearly incidents of people who have one."""
from __future__ import annotations

from datetime import date

from cld_warehouse.synthetic.events import Event
from cld_warehouse.synthetic.vocabulary import (ADMITTED_TO_HOSPITAL, ENDED_AS_PLANNED, LTS_COMMUNITY, LTS_NURSING,
                                                LTS_RESIDENTIAL, NFA_DECLINED, NFA_MOVED, NFA_NHS_FUNDED,
                                                NFA_SELF_FUNDED, NFA_SUPPORT_ENDED, NO_CHANGE, ST_LOW, ST_MAX,
                                                ST_OTHER, TO_END_OF_LIFE, TO_REABLEMENT, TO_REASSESSMENT, TO_SERVICES)
from cld_warehouse.synthetic.weights import (ADD_ON_END, CARE_HOME_KIND, CARE_HOME_REASON, COMPONENT, EXIT,
                                             HOSPITAL_WAY, MECHANISM, NEW_SETTING_AFTER_HOSPITAL, PLANNED_REVIEW,
                                             RATE_TABLES, RESIDENTIAL_HOSPITAL_REVIEW, SETTING, UNPLANNED_OUTCOME,
                                             UNPLANNED_REASON)


class LongTermSupport:
    """Long-term support over time: starting a package, the opening stock of clients, and the
    yearly incidents (`RATES`: death, hospital, care home, package change, add-on, equipment,
    unplanned review, provider failure, exit) until death, exit or the horizon.  Mixed into
    `Simulator`; the incident handlers are the ``on_<incident>`` methods."""

    def provider_for(self, setting: str) -> tuple[str, str, str] | None:
        """A care home of the LA for a residential or nursing setting, else None."""
        return self.rng.choice(self.la.providers[setting]) if setting in ("residential", "nursing") else None

    def lts_service(self, t: int, setting: str, provider=None, component: str | None = None,
                    mechanism: str | None = None) -> Event | None:
        """A long-term service from `t` in `setting`: residential or nursing care, or community support
        (delivery mechanism and component drawn unless given; prison mechanisms for someone in prison)."""
        rng = self.rng
        if setting == "residential":
            return self.service(t, None, "", LTS_RESIDENTIAL, "Long Term Residential Care", provider=provider)
        if setting == "nursing":
            return self.service(t, None, "", LTS_NURSING, "Long Term Nursing Care", provider=provider)
        if mechanism is None:
            mechanism = (rng.choice(["Prison: CASSR Managed Personal Budget", "Prison: CASSR Commissioned Support"])
                         if self.prison else MECHANISM.pick(rng))
        if component is None:
            if mechanism == "Community: Direct Payment":
                component = "Direct Payment" if rng.random() < 0.8 else "Home Support"
            elif self.prison:
                component = rng.choice(["Professional Support", "Other Long Term Support"])
            else:
                component = COMPONENT["ld" if self.ld else "other"].pick(rng)
        return self.service(t, None, "", LTS_COMMUNITY, component, mechanism)

    def start_lts(self, t: int, setting: str | None = None) -> str:
        """Start long-term support at `t` (setting drawn unless given); the first review is 6-12 weeks in."""
        setting = setting or SETTING[self.older].pick(self.rng)
        provider = self.provider_for(setting)
        e = self.lts_service(t, setting, provider)
        if e is None:
            return "stop"
        if provider is not None:
            self.move_in(t, setting, provider)
        self.setting, self.active = setting, [e]
        self.next_review = t + self.rng.randint(42, 90)       # first review 6-12 weeks in
        return "lts"

    def stock_client(self, window_start: int, dob: int) -> None:
        """Someone already in long-term support when the window opens."""
        rng = self.rng
        born = date.fromordinal(dob)
        adult = date(born.year + 18, born.month, 28 if (born.month, born.day) == (2, 29) else born.day).toordinal()
        started = max(window_start - min(int(rng.expovariate(1 / 900)) + 20, 12 * 365), adult + 1)
        started = min(started, window_start - 1)
        self.cursor = started
        setting = SETTING[self.older].pick(rng)
        provider = self.provider_for(setting)
        e = self.lts_service(started, setting, provider)
        if provider is not None:
            self.move_in(started, setting, provider)
        self.setting, self.active = setting, [e]
        if setting == "community" and rng.random() < 0.25:           # a second long-term component
            extra = self.lts_service(min(started + rng.randint(0, 200), window_start - 1), "community",
                                     component=rng.choice(["Day Support", "Other Long Term Support", "Meals"]))
            if extra is not None:
                self.active.append(extra)
        self.cursor = window_start
        self.next_review = window_start + rng.randint(1, 365)
        self.lifecycle()

    def lifecycle(self) -> None:
        """Long-term support goes on: reviews and incidents until death, exit or the horizon."""
        rng = self.rng
        while self.death is None:
            table, total = RATE_TABLES[(self.setting, self.older)]
            incident = self.cursor + 1 + int(rng.expovariate(total) * 365)
            if self.next_review <= incident:
                t = max(self.next_review, self.cursor)
                if t > self.horizon:
                    break
                self.planned_review(t)
                self.next_review = t + 365 + rng.randint(-40, 40)
            elif incident > self.horizon:
                break
            else:
                getattr(self, f"on_{table.pick(rng)}")(incident)
            if not self.active:
                break
        back, self.comeback = self.comeback, None
        if back is not None and self.death is None and back <= self.horizon:
            self.contacts(back)

    def end_active(self, when: int, outcome: str) -> None:
        """End every current long-term service on `when` (not before its start) with `outcome`."""
        if when > self.horizon:
            return
        for e in self.active:
            if e.end is None or e.end > when:
                e.end, e.outcome = max(when, e.start), outcome
                self.cursor = max(self.cursor, e.end)
        self.active = []
        self.cursor = max(self.cursor, when)

    def still_active(self, when: int) -> list[Event]:
        """The current long-term services still running after `when`."""
        return [e for e in self.active if e.end is None or e.end > when]

    def planned_review(self, t: int) -> None:
        """An annual planned review at `t`, and what its outcome leads to."""
        outcome = PLANNED_REVIEW["community" if self.setting == "community" else "home"].pick(self.rng)
        r = self.review(t, "Planned", outcome, int(self.rng.triangular(0, 28, 2)))
        if r is not None and r.end is not None:
            self.follow_review(r)

    def follow_review(self, r: Event) -> None:
        """What a review's outcome leads to: re-assessment and a new package, reablement,
        end-of-life care, or the end of support."""
        rng, end, outcome = self.rng, r.end, r.outcome
        if outcome == TO_REASSESSMENT:
            a = self.assessment(end + self.link(), True, TO_SERVICES, rng.randint(0, 21))
            if a is not None and a.end is not None:
                self.change_package(a.end + rng.choice([0, 1, 2, 7]))
        elif outcome == TO_REABLEMENT:
            self.stmax(end + self.link(), existing=True)
        elif outcome == TO_END_OF_LIFE:
            self.end_of_life(end + self.link())
        elif outcome in (NFA_SUPPORT_ENDED, NFA_SELF_FUNDED, NFA_MOVED, NFA_NHS_FUNDED, NFA_DECLINED):
            self.end_active(end, outcome)

    def change_package(self, t: int, setting: str | None = None) -> None:
        """The current package ends (as planned) and the next starts the same or the next day."""
        rng = self.rng
        if t > self.horizon:
            return
        setting = setting or (self.setting if rng.random() < 0.7 else SETTING[self.older].pick(rng))
        self.end_active(t - rng.choice([0, 1]), ENDED_AS_PLANNED)
        provider = self.provider_for(setting)
        e = self.lts_service(t, setting, provider)
        if e is None:
            return
        if provider is not None:
            self.move_in(t, setting, provider)
        self.setting, self.active = setting, [e]

    def on_death(self, t: int) -> None:
        """Incident: the person dies at `t`."""
        self.die(t)
        self.active = []

    def on_hospital(self, t: int) -> None:
        """Incident: a hospital stay from `t`; in a care home a review on return, in the community the
        services end and resume, or reablement, or a re-assessment into a new setting."""
        rng = self.rng
        stay = rng.randint(2, 40)
        if self.setting != "community":
            if rng.random() < 0.15:
                return self.on_death(t + rng.randint(1, stay))
            r = self.review(t + stay, "Unplanned - Hospital (Planned and unplanned episodes)",
                            RESIDENTIAL_HOSPITAL_REVIEW.pick(rng), rng.randint(0, 7))
            if r is not None and r.end is not None:
                self.follow_review(r)
            return
        old = [(e.fields["service_component"], e.fields.get("delivery_mechanism")) for e in self.still_active(t)]
        self.end_active(t, ADMITTED_TO_HOSPITAL)
        if rng.random() < 0.15:
            return self.on_death(t + rng.randint(1, stay))
        back = t + stay
        way = HOSPITAL_WAY.pick(rng)
        if way == "reablement":
            req = self.request(back, "Discharge from Hospital", TO_REABLEMENT, rng.choice([0, 1]))
            if req is None or req.end is None:
                return
            s = self.service(req.end + min(3, self.gap()), int(rng.triangular(7, 42, 21)), ENDED_AS_PLANNED, ST_MAX,
                             "Reablement")
            if s is None or s.end is None:
                return
            back = s.end
        r = self.review(back, "Unplanned - Hospital (Planned and unplanned episodes)",
                        TO_REASSESSMENT if way == "reassess" else NO_CHANGE, rng.randint(0, 7))
        if r is None or r.end is None:
            return
        if way == "reassess":
            a = self.assessment(r.end + self.link(), True, TO_SERVICES, rng.randint(0, 14))
            if a is None or a.end is None:
                return
            setting = NEW_SETTING_AFTER_HOSPITAL.pick(rng)
            provider = self.provider_for(setting)
            e = self.lts_service(a.end + rng.choice([0, 1]), setting, provider)
            if e is not None:
                if provider is not None:
                    self.move_in(e.start, setting, provider)
                self.setting, self.active = setting, [e]
            return
        restarted = [self.lts_service(r.end, "community", component=c, mechanism=m) for c, m in old]
        self.active = [e for e in restarted if e is not None]

    def on_care_home(self, t: int) -> None:
        """Incident: a move into a care home (review, assessment, maybe short-term residential care first)."""
        rng = self.rng
        r = self.review(t, CARE_HOME_REASON.pick(rng), TO_REASSESSMENT, rng.randint(0, 7))
        if r is None or r.end is None:
            return
        a = self.assessment(r.end + self.link(), True, TO_SERVICES, rng.randint(0, 21))
        if a is None or a.end is None:
            return
        start = a.end + self.link()
        if rng.random() < 0.3:   # a spell of short-term residential care first
            self.end_active(start, ENDED_AS_PLANNED)
            st = self.service(start, rng.randint(7, 42), ENDED_AS_PLANNED, ST_OTHER, "Short Term Residential Care")
            if st is None or st.end is None:
                return
            start = st.end + rng.choice([0, 1])
        self.change_package(start, setting=CARE_HOME_KIND.pick(rng))

    def on_to_nursing(self, t: int) -> None:
        """Incident: from residential to nursing care after a review and an assessment."""
        r = self.review(t, "Unplanned - Other Reason", TO_REASSESSMENT, self.rng.randint(0, 7))
        if r is None or r.end is None:
            return
        a = self.assessment(r.end + self.link(), True, TO_SERVICES, self.rng.randint(0, 14))
        if a is not None and a.end is not None:
            self.change_package(a.end + self.rng.choice([0, 1]), setting="nursing")

    def on_change(self, t: int) -> None:
        """Incident: a change of community package from `t`."""
        self.change_package(t, setting="community")

    def on_add_on(self, t: int) -> None:
        """Incident: an extra community service beside the package (some end within the year)."""
        rng = self.rng
        component = rng.choice(["Day Support", "Meals", "Transport", "Other Long Term Support"])
        if any(e.fields["service_component"] == component for e in self.still_active(t)):
            return
        e = self.lts_service(t, "community", component=component)
        if e is None:
            return
        if rng.random() < 0.3:
            end = t + rng.randint(30, 300)
            if end <= self.horizon:
                e.end, e.outcome = end, ADD_ON_END.pick(rng)
        self.cursor = t
        self.active.append(e)

    def on_equipment(self, t: int) -> None:
        """Incident: a piece of equipment (short-term low-level support of a day or a few)."""
        self.service(t, self.rng.choice([0, 0, 1, 3]), ENDED_AS_PLANNED, ST_LOW, "Equipment")

    def on_unplanned(self, t: int) -> None:
        """Incident: an unplanned review (carer, safeguarding, commissioning...; provider failure has its own)."""
        reason = UNPLANNED_REASON.pick(self.rng)
        if reason == "Unplanned - Provider Failure":
            return self.on_provider(t)
        outcome = UNPLANNED_OUTCOME["community" if self.setting == "community" else "home"].pick(self.rng)
        r = self.review(t, reason, outcome, self.rng.randint(0, 14))
        if r is not None and r.end is not None:
            self.follow_review(r)

    def on_provider(self, t: int) -> None:
        """Provider failure: an unplanned review, the same support from another provider from the next day."""
        rng = self.rng
        r = self.review(t, "Unplanned - Provider Failure", NO_CHANGE, rng.randint(0, 3))
        if r is None or r.end is None:
            return
        old = self.still_active(r.end)
        self.end_active(r.end, ENDED_AS_PLANNED)
        restarted = []
        for e in old:
            if e.fields["service_type"] == LTS_COMMUNITY:
                n = self.lts_service(r.end + 1, "community", component=e.fields["service_component"],
                                     mechanism=e.fields.get("delivery_mechanism"))
            else:
                setting = "residential" if e.fields["service_type"] == LTS_RESIDENTIAL else "nursing"
                provider = self.provider_for(setting)
                n = self.lts_service(r.end + 1, setting, provider)
                if n is not None:
                    self.move_in(n.start, setting, provider)
            if n is not None:
                restarted.append(n)
        self.active = restarted

    def on_exit(self, t: int) -> None:
        """Incident: support ends (NFA), sometimes at a review; some community clients come back later."""
        outcome = EXIT["community" if self.setting == "community" else "home"].pick(self.rng)
        if self.rng.random() < 0.3:
            self.review(t, "Planned", outcome if outcome != NFA_DECLINED else NFA_SUPPORT_ENDED, 0)
        self.end_active(t, outcome)
        if self.setting == "community" and self.rng.random() < 0.1:  # comes back later
            self.comeback = self.cursor + self.rng.randint(60, 400)
