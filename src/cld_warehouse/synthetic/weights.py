"""The odds of every value the generator draws: weighted choices over the seeds' defined lists
(`ListWeighted`), the yearly rates of long-term-support incidents, and the unit-cost tables."""
from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate

from cld_warehouse.synthetic.seeds import Spec
from cld_warehouse.synthetic.vocabulary import (ADMITTED_TO_HOSPITAL, ENDED_AS_PLANNED, EVENT_TYPES, FIRST_NAMES,
                                                LTS_COMMUNITY, LTS_NURSING, LTS_RESIDENTIAL, NFA_DECEASED,
                                                NFA_DECLINED, NFA_MOVED, NFA_NHS_FUNDED, NFA_NO_SERVICES,
                                                NFA_SELF_FUNDED, NFA_SIGNPOSTED, NFA_SUPPORT_ENDED, NO_CHANGE,
                                                REGULATED, ST_LOW, ST_MAX, ST_OTHER, TO_ASSESSMENT, TO_END_OF_LIFE,
                                                TO_REABLEMENT, TO_REASSESSMENT, TO_SERVICES)


class Weighted:
    """A weighted choice, precompiled: pick() costs one random number and a bisection."""

    __slots__ = ("values", "cum", "total")

    def __init__(self, weights: dict[str, float]):
        self.set(weights)

    def set(self, weights: dict[str, float]) -> None:
        """Precompile the choice from `weights` (value -> weight; values of weight 0 are never chosen)."""
        self.values = [v for v, w in weights.items() if w > 0]
        self.cum = list(accumulate(w for w in weights.values() if w > 0))
        self.total = self.cum[-1] if self.cum else 0.0

    def pick(self, rng: random.Random) -> str:
        """One value, drawn with one random number of `rng`."""
        return self.values[bisect(self.cum, rng.random() * self.total)]


class ListWeighted(Weighted):
    """A weighted choice over a defined list's values as the seeds give them (read at run time).

    `weights` only sets the odds of values the seed lists (naming any other value is an error);
    values it does not name get `default` (0: never chosen)."""

    __slots__ = ("list_name", "weights", "default")
    registry: list[ListWeighted] = []

    def __init__(self, list_name: str, weights: dict[str, float], default: float = 0.0, register: bool = True):
        self.list_name, self.weights, self.default = list_name, weights, default
        self.values, self.cum, self.total = [], [], 0.0
        if register:
            ListWeighted.registry.append(self)

    def compile(self, spec: Spec) -> ListWeighted:
        """Compile against the seeds' list: ValueError when a weighted value is not in it, or nothing is left."""
        values = spec.lists.get(self.list_name, [])
        unknown = sorted(set(self.weights) - set(values))
        if unknown:
            raise ValueError(f"generator: {unknown} not in the seeds' list {self.list_name!r}")
        self.set({v: self.weights.get(v, self.default) for v in values})
        if not self.values:
            raise ValueError(f"generator: nothing to choose from list {self.list_name!r}")
        return self

PSR_OLDER = ListWeighted("primary_support_reason", {
    "Physical Support: Personal care support": 55, "Physical Support: Access & mobility only": 12,
    "Support with Memory & Cognition": 20, "Mental Health Support": 5,
    "Sensory Support: Support for visual impairment": 2, "Sensory Support: Support for hearing impairment": 1,
    "Sensory Support: Support for dual impairment": 0.5, "Social Support: Support for Social Isolation/Other": 3,
    "Social Support: Substance misuse support": 0.5, "PSR Not Known": 1})

PSR_WORKING = {stock: ListWeighted("primary_support_reason", {
    "Learning Disability Support": 45 if stock else 30, "Mental Health Support": 25,
    "Physical Support: Personal care support": 18, "Physical Support: Access & mobility only": 8,
    "Social Support: Substance misuse support": 4, "Social Support: Support for Social Isolation/Other": 4,
    "Social Support: Asylum seeker support": 1, "Sensory Support: Support for visual impairment": 1.5,
    "Sensory Support: Support for hearing impairment": 1, "Support with Memory & Cognition": 2,
    "PSR Not Known": 3}) for stock in (True, False)}

PSR_TRANSITION = ListWeighted("primary_support_reason", {"Learning Disability Support": 60,
                                                         "Mental Health Support": 20,
                                                         "Physical Support: Personal care support": 20})

GENDER = {True: ListWeighted("gender", {"Female": 62, "Male": 37, "Not known": 1}),
          False: ListWeighted("gender", {"Female": 47, "Male": 52, "Not known": 1})}

CARER = {True: ListWeighted("has_informal_carer", {"Yes": 50, "No": 35, "Not known": 15}),
         False: ListWeighted("has_informal_carer", {"Yes": 45, "No": 40, "Not known": 15})}

ACCOMMODATION = {
    "ld": ListWeighted("accommodation_status", {
        "Settled mainstream housing with family / friends": 40,
        "Supported accommodation / supported lodgings / supported group home": 25, "Tenant": 12,
        "Shared Lives scheme": 5, "Owner occupier or shared ownership scheme": 2, "Tenant - private landlord": 3,
        "Unknown": 3}),
    "older": ListWeighted("accommodation_status", {
        "Owner occupier or shared ownership scheme": 45, "Tenant": 20, "Tenant - private landlord": 5,
        "Sheltered housing / extra care housing / other sheltered housing": 12,
        "Settled mainstream housing with family / friends": 10,
        "Staying with family / friends as a short-term guest": 0.5, "Unknown": 5}),
    "working": ListWeighted("accommodation_status", {
        "Tenant": 30, "Tenant - private landlord": 15, "Owner occupier or shared ownership scheme": 15,
        "Settled mainstream housing with family / friends": 15,
        "Supported accommodation / supported lodgings / supported group home": 8,
        "Night shelter / emergency hostel / direct access hostel": 1, "Rough sleeper / squatting": 0.5,
        "Refuge": 0.3, "Placed in temporary accommodation by the council (inc. homelessness resettlement)": 1,
        "Other temporary accommodation": 1, "Mobile accommodation for Gypsy / Roma and Traveller communities": 0.2,
        "Approved premises for offenders released from prison or under probation supervision": 0.3,
        "Acute / long-term healthcare residential facility or hospital": 0.5, "Unknown": 8}),
}

EMPLOYMENT = {
    "ld": ListWeighted("employment_status", {
        "Paid: Less than 16 hours a week": 5, "Paid: 16 or more hours a week": 2,
        "Not in Paid Employment (seeking work)": 8, "Not in Paid Employment (not actively seeking work / retired)": 65,
        "Not in Paid Employment (voluntary work only)": 5, "Unknown": 15}),
    "older": ListWeighted("employment_status", {"Not in Paid Employment (not actively seeking work / retired)": 85,
                                                "Unknown": 15}),
    "working": ListWeighted("employment_status", {
        "Paid: Less than 16 hours a week": 4, "Paid: 16 or more hours a week": 4,
        "Not in Paid Employment (seeking work)": 15, "Not in Paid Employment (not actively seeking work / retired)": 55,
        "Not in Paid Employment (voluntary work only)": 3, "Unknown": 19}),
}

ASD = {True: ListWeighted("autism_spectrum_disorder", {"Yes": 30, "No": 60, "Not known": 10}, 0.5),
       False: ListWeighted("autism_spectrum_disorder", {"Yes": 2, "No": 88, "Not known": 10}, 0.5)}

VISUAL = ListWeighted("visual_impairment", {"Blind/severely sight impaired": 1.5, "Partial sight/sight impaired": 4,
                                            "No visual impairment": 80, "Unknown": 15}, 0.5)

HEARING = {older: ListWeighted("hearing_impairment", {"Deaf with speech": 1, "Deaf without speech": 0.3,
                                                      "Hard of hearing": 12 if older else 2,
                                                      "No hearing impairment": 70, "Unknown": 15}, 0.5)
           for older in (True, False)}

DEMENTIA = {True: ListWeighted("dementia", {"Yes": 8, "No": 75, "Not known": 15}, 0.5),
            False: ListWeighted("dementia", {"Yes": 0.5, "No": 85, "Not known": 15}, 0.5)}

FULL_COST = Weighted({"Yes": 5, "No": 65, "": 30})

ROUTE = {older: ListWeighted("route_of_access", {
    "Community / Other route": 62, "Discharge from Hospital": 22, "Diversion from Hospital Services": 5,
    "Planned Entry (Transition)": 0 if older else 0.5, "Prison": 0 if older else 0.4,
    "Self-Funder with depleted funds": 1.5 if older else 0.2,
    "Self-Funder with depleted funds - 12-wk disregard or DPA": 0.7 if older else 0.1,
    "Discharge from Reablement": 1, "Transfer from Other LA": 1.5}) for older in (True, False)}

REQUEST_OUTCOME = {
    "community": ListWeighted("event_outcome", {NFA_SIGNPOSTED: 31, NFA_NO_SERVICES: 9, NFA_DECLINED: 5,
                                                NFA_SELF_FUNDED: 3, NFA_MOVED: 1, NFA_NHS_FUNDED: 1, TO_REABLEMENT: 10,
                                                TO_ASSESSMENT: 28, TO_SERVICES: 8, TO_END_OF_LIFE: 1.2,
                                                NFA_DECEASED: 0.3}),
    "hospital": ListWeighted("event_outcome", {NFA_SIGNPOSTED: 8, NFA_NO_SERVICES: 8, NFA_DECLINED: 5,
                                               NFA_SELF_FUNDED: 3, NFA_MOVED: 1, NFA_NHS_FUNDED: 4, TO_REABLEMENT: 35,
                                               TO_ASSESSMENT: 28, TO_SERVICES: 8, TO_END_OF_LIFE: 1.5,
                                               NFA_DECEASED: 0.5}),
    "transition": ListWeighted("event_outcome", {NFA_SIGNPOSTED: 5, NFA_NO_SERVICES: 3, TO_ASSESSMENT: 90,
                                                 TO_SERVICES: 2}),
}

ASSESSMENT_OUTCOME = {   # by long term (True) or short term assessment
    True: ListWeighted("event_outcome", {TO_SERVICES: 26, TO_REABLEMENT: 12, NFA_SIGNPOSTED: 15, NFA_SELF_FUNDED: 12,
                                         NFA_DECLINED: 9, NFA_NO_SERVICES: 12, NFA_NHS_FUNDED: 3, TO_END_OF_LIFE: 2,
                                         NFA_MOVED: 1, NFA_DECEASED: 0.5}),
    False: ListWeighted("event_outcome", {TO_REABLEMENT: 55, TO_SERVICES: 10, NFA_SIGNPOSTED: 10, NFA_DECLINED: 10,
                                          NFA_NO_SERVICES: 10, NFA_SELF_FUNDED: 2, NFA_NHS_FUNDED: 2,
                                          TO_END_OF_LIFE: 1}),
}

NOT_ELIGIBLE = ListWeighted("eligible_needs_identified", {
        "Non-eligible needs identified": 70, "No needs identified": 30})

STMAX_NEXT = {   # by existing client (True) or new
    False: Weighted({"ended": 52, "review": 8, "direct": 8, "assess": 5, ADMITTED_TO_HOSPITAL: 8, NFA_DECLINED: 6,
                     NFA_SELF_FUNDED: 4, NFA_MOVED: 1, NFA_NHS_FUNDED: 3, TO_END_OF_LIFE: 2, NFA_DECEASED: 1,
                     NFA_SUPPORT_ENDED: 2}),
    True: Weighted({"ended": 80, ADMITTED_TO_HOSPITAL: 10, NFA_DECLINED: 10}),
}

AFTER_HOSPITAL = ListWeighted("event_outcome", {TO_REABLEMENT: 50, TO_ASSESSMENT: 40, NFA_NHS_FUNDED: 5,
                                                NFA_SIGNPOSTED: 5})

LOW_LEVEL = ListWeighted("service_component", {"Equipment": 50, "Meals": 10, "Transport": 10,
                                               "Professional Support": 20, "Other Short Term Support": 10})

OTHER_SHORT = ListWeighted("service_component", {"Emergency Support": 35, "Short Term Residential Care": 30,
                                                 "Other Short Term Support": 25, "Short Term Nursing Care": 10})

SHORT_OUTCOME = ListWeighted("event_outcome", {ENDED_AS_PLANNED: 80, NFA_DECLINED: 8, NFA_SIGNPOSTED: 6,
                                               NFA_SUPPORT_ENDED: 6})

EOL_OUTCOME = ListWeighted("event_outcome", {NFA_DECEASED: 85, NFA_NHS_FUNDED: 10, ENDED_AS_PLANNED: 5})

SETTING = {True: Weighted({"community": 70, "residential": 20, "nursing": 10}),
           False: Weighted({"community": 88, "residential": 10, "nursing": 2})}

MECHANISM = ListWeighted("delivery_mechanism", {"Community: Direct Payment": 25,
                                                "Community: CASSR Managed Personal Budget": 20,
                                                "Community: CASSR Commissioned Support": 55})

COMPONENT = {
    "ld": ListWeighted("service_component", {"Community Supported Living": 35, "Day Support": 25, "Shared Lives": 8,
                                             "Home Support": 12, "Learning/Education/Employment Support": 8,
                                             "Other Long Term Support": 7, "Transport": 5}),
    "other": ListWeighted("service_component", {"Home Support": 65, "Day Support": 8, "Meals": 3, "Transport": 2,
                                                "Other Long Term Support": 12, "Professional Support": 5,
                                                "Community Supported Living": 5}),
}

PLANNED_REVIEW = {
    "community": ListWeighted("event_outcome", {NO_CHANGE: 86, TO_REASSESSMENT: 7, TO_REABLEMENT: 2,
                                                NFA_SUPPORT_ENDED: 2, NFA_SELF_FUNDED: 1, NFA_MOVED: 1,
                                                TO_END_OF_LIFE: 1}),
    "home": ListWeighted("event_outcome", {NO_CHANGE: 92, TO_REASSESSMENT: 4, NFA_SELF_FUNDED: 2, NFA_NHS_FUNDED: 1,
                                           TO_END_OF_LIFE: 1}),
}

OUTCOMES_ACHIEVED = ListWeighted("review_outcomes_achieved", {"Fully Met": 55, "Partially Met": 35, "Not Met": 10})

HOSPITAL_WAY = Weighted({"resume": 55, "reassess": 25, "reablement": 20})

CARE_HOME_REASON = ListWeighted("review_reason", {"Unplanned - Carer related": 30, "Unplanned - Other Reason": 40,
                                                  "Unplanned - Safeguarding concern": 15,
                                                  "Unplanned - Hospital (Planned and unplanned episodes)": 15})

UNPLANNED_REASON = ListWeighted("review_reason", {"Unplanned - Carer related": 30,
                                                  "Unplanned - Safeguarding concern": 25,
                                                  "Unplanned - Other Reason": 25, "Unplanned - Provider Failure": 10,
                                                  "Unplanned - Change in Commissioning arrangements": 10})

UNPLANNED_OUTCOME = {"community": ListWeighted("event_outcome", {NO_CHANGE: 70, TO_REASSESSMENT: 25, TO_REABLEMENT: 5}),
                     "home": ListWeighted("event_outcome", {NO_CHANGE: 70, TO_REASSESSMENT: 30})}

RESIDENTIAL_HOSPITAL_REVIEW = ListWeighted("event_outcome", {NO_CHANGE: 85, TO_REASSESSMENT: 10, NFA_NHS_FUNDED: 5})

ADD_ON_END = ListWeighted("event_outcome", {ENDED_AS_PLANNED: 60, NFA_DECLINED: 25, NFA_SUPPORT_ENDED: 15})

EXIT = {"community": ListWeighted("event_outcome", {NFA_SUPPORT_ENDED: 30, NFA_DECLINED: 25, NFA_MOVED: 20,
                                                    NFA_SELF_FUNDED: 15, NFA_NHS_FUNDED: 10}),
        "home": ListWeighted("event_outcome", {NFA_SELF_FUNDED: 45, NFA_NHS_FUNDED: 35, NFA_MOVED: 20})}

NEW_SETTING_AFTER_HOSPITAL = Weighted({"community": 50, "residential": 35, "nursing": 15})

CARE_HOME_KIND = Weighted({"residential": 65, "nursing": 35})

# Long-term support: yearly rates of what happens next, by setting and age group.
RATES = {
    ("community", True): {"death": 0.07, "hospital": 0.15, "care_home": 0.06, "change": 0.12, "add_on": 0.08,
                          "equipment": 0.15, "unplanned": 0.08, "exit": 0.04},
    ("community", False): {"death": 0.012, "hospital": 0.05, "care_home": 0.01, "change": 0.12, "add_on": 0.08,
                           "equipment": 0.15, "unplanned": 0.08, "exit": 0.04},
    ("residential", True): {"death": 0.22, "hospital": 0.10, "to_nursing": 0.05, "unplanned": 0.08, "exit": 0.03,
                            "provider": 0.02},
    ("residential", False): {"death": 0.04, "hospital": 0.10, "unplanned": 0.08, "exit": 0.03, "provider": 0.02},
    ("nursing", True): {"death": 0.30, "hospital": 0.10, "unplanned": 0.08, "exit": 0.03, "provider": 0.02},
    ("nursing", False): {"death": 0.04, "hospital": 0.10, "unplanned": 0.08, "exit": 0.03, "provider": 0.02},
}

RATE_TABLES = {k: (Weighted(v), sum(v.values())) for k, v in RATES.items()}

# Costs by component: (weight, frequency, low, high, planned units per week choices or None)
COSTS: dict[str, list[tuple[float, str, float, float, tuple[float, ...] | None]]] = {
    "Home Support": [(85, "Hourly", 17, 28, (3.5, 5, 7, 7.5, 10.5, 14, 17.5, 21, 28)), (15, "Weekly", 100, 600, None)],
    "Reablement": [(70, "Hourly", 18, 26, (5, 7, 10.5, 14)), (30, "Weekly", 200, 500, None)],
    "Day Support": [(60, "Per Session", 35, 90, (1, 2, 3, 4, 5)), (40, "Daily", 50, 110, (1, 2, 3, 4, 5))],
    "Meals": [(100, "Per Session", 4, 7.5, (5, 7, 14))],
    "Transport": [(100, "Per Session", 8, 30, (2, 4, 6, 8, 10))],
    "Direct Payment": [(45, "Weekly", 80, 900, None), (15, "Fortnightly", 160, 1800, None),
                       (20, "4-weekly", 320, 3600, None), (15, "Monthly", 350, 3900, None),
                       (5, "Quarterly", 1040, 11700, None)],
    "Community Supported Living": [(60, "Weekly", 600, 2500, None), (40, "Hourly", 18, 26, (10, 20, 35, 50, 70))],
    "Shared Lives": [(60, "Weekly", 350, 650, None), (40, "Daily", 50, 90, (7,))],
    "Professional Support": [(100, "Hourly", 30, 60, (1, 2, 3, 4))],
    "Learning/Education/Employment Support": [(100, "Per Session", 30, 70, (1, 2, 3, 4, 5))],
    "Other Long Term Support": [(35, "Monthly", 15, 40, None), (25, "Quarterly", 45, 120, None),
                                (25, "Annually", 150, 450, None), (15, "Weekly", 5, 10, None)],
    "Long Term Residential Care": [(75, "Weekly", 650, 1300, None), (12, "4-weekly", 2600, 5200, None),
                                   (8, "Daily", 93, 186, (7,)), (5, "Monthly", 2800, 5600, None)],
    "Long Term Residential Care|specialist": [(75, "Weekly", 1300, 3000, None), (12, "4-weekly", 5200, 12000, None),
                                              (8, "Daily", 186, 430, (7,)), (5, "Monthly", 5600, 13000, None)],
    "Long Term Nursing Care": [(75, "Weekly", 800, 1500, None), (15, "4-weekly", 3200, 6000, None),
                               (10, "Daily", 115, 215, (7,))],
    "Short Term Residential Care": [(60, "Weekly", 700, 1200, None), (40, "Daily", 100, 170, (7,))],
    "Short Term Nursing Care": [(60, "Weekly", 850, 1400, None), (40, "Daily", 120, 200, (7,))],
    "Equipment": [(100, "One-off", 25, 2500, None)],
    "Emergency Support": [(60, "Daily", 60, 150, (1, 2, 3, 5, 7)), (40, "One-off", 50, 600, None)],
    "Other Short Term Support": [(60, "Weekly", 50, 400, None), (40, "One-off", 30, 500, None)],
    "End of Life Care": [(100, "Hourly", 20, 30, (10, 14, 21, 28, 42))],
    "": [(100, "Weekly", 50, 500, None)],
}

COST_TABLES = {k: (Weighted({str(i): o[0] for i, o in enumerate(v)}), v) for k, v in COSTS.items()}

# Values the code names directly (not through a weight table): checked against the seeds too.
LITERALS: dict[str, set[str]] = {
    "event_type": set(EVENT_TYPES),
    "event_outcome": {TO_REABLEMENT, TO_ASSESSMENT, ADMITTED_TO_HOSPITAL, TO_REASSESSMENT, TO_SERVICES, TO_END_OF_LIFE,
                      NO_CHANGE, ENDED_AS_PLANNED, NFA_MOVED, NFA_NHS_FUNDED, NFA_SELF_FUNDED, NFA_DECLINED,
                      NFA_SIGNPOSTED, NFA_DECEASED, NFA_NO_SERVICES, NFA_SUPPORT_ENDED},
    "service_type": {LTS_COMMUNITY, LTS_RESIDENTIAL, LTS_NURSING, ST_MAX, ST_OTHER, ST_LOW},
    "service_component": {"Reablement", "Short Term Residential Care", "Long Term Residential Care",
                          "Long Term Nursing Care", "End of Life Care", "Equipment", "Direct Payment", "Home Support",
                          "Professional Support", "Other Long Term Support", "Day Support", "Meals", "Transport"}
                         | REGULATED | {k.split("|")[0] for k in COSTS if k},
    "delivery_mechanism": {"Community: Direct Payment", "Prison: CASSR Managed Personal Budget",
                           "Prison: CASSR Commissioned Support"},
    "review_reason": {"Planned", "Unplanned - Hospital (Planned and unplanned episodes)", "Unplanned - Other Reason",
                      "Unplanned - Provider Failure"},
    "assessment_type": {"Long Term Assessment", "Short Term Assessment"},
    "eligible_needs_identified": {"Not applicable", "Eligible needs identified", "Non-eligible needs identified"},
    "informal_carer_involved_in_assessment": {"Yes", "No", "Don't know"},
    "has_informal_carer": {"Yes", "No", "Not known"},
    "route_of_access": {"Planned Entry (Transition)", "Discharge from Hospital", "Diversion from Hospital Services",
                        "Prison", "Community / Other route"},
    "accommodation_status": {"Prison / Young offenders institution / detention centre", "Registered care home",
                             "Registered nursing home"},
    "primary_support_reason": {"Learning Disability Support", "Support with Memory & Cognition",
                               "Mental Health Support"},
    "dementia": {"Yes"},
    "gender": set(FIRST_NAMES),
    "full_cost_client": {v for v in FULL_COST.values if v},
    "cost_frequency": {o[1] for options in COSTS.values() for o in options},
}


def compile_tables(spec: Spec) -> None:
    """Build every weight table from the seeds' lists, and check the values the code names are in them."""
    for table in ListWeighted.registry:
        table.compile(spec)
    for list_name, values in LITERALS.items():
        unknown = sorted(values - set(spec.lists.get(list_name, [])))
        if unknown:
            raise ValueError(f"generator: {unknown} not in the seeds' list {list_name!r}")
