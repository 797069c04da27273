"""Deterministic synthetic CLD submissions (spec v4.2), written to the landing contract.

The shipped demo data (data/demo/landing) is regenerated, byte for byte, by

    cld generate --out data/demo/landing --demo --clean

(the same as ``python -m cld_warehouse.generator --out data/demo/landing --demo --clean``), where
``--demo`` stands for

    --las 716,318,908,213 --years 2023 --quarters 1,2,3,4 --scale 0.04 --seed 42 --error-rate 0 --no-references-for 908

i.e. four LAs of different (synthetic) sizes, financial year 2023-24, the four cumulative quarterly
files of each, no injected errors, and LA 908 without Event References (about 23,000 rows).
``--clean`` first deletes the CLD_*.csv files already in --out.

Usage
    cld generate --out DIR [--las 716,717 | --la-count N] [--years 2023[,2024]]
                 [--quarters 1,2,3,4 | --final-only] [--scale 0.01 | --persons-per-la N]
                 [--seed 42] [--error-rate 0.0] [--no-references-for 908 | auto]
                 [--processes N] [--clean] [--quiet] [--demo]

Landing contract: CLD_<LA>_<YYYY0401>_<period end>_<submitted YYYYMMDDHHMMSS>.csv (cumulative from
1 April; submitted 3-7 weeks after the period end, Q4 in June), the 40 template column names in item
order, UTF-8, csv-module quoting, dates dd/mm/yyyy, costs with 2 decimals, one row per event with the
person's items repeated identically on each of their rows.

Everything is synthetic.  NHS numbers come from the 999 test range (valid modulus-11 check digit,
~3% blank), first names come from a short list and surnames from invented syllable pairs (no real
people), postcodes use areas Q? (format-valid, but no real UK postcode area starts with Q), and GP
practices, care providers and CQC IDs are invented.  The defined-list values, their aliases and
which outcome is allowed on which event type are read from the seeds at run time: the weight tables
below only set the odds of values the seeds list, and the generator stops with an error if it names
a value the seeds do not have.

Model.  Each LA is simulated on its own (from --seed and the LA code) over a window that opens a
burn-in year before the first year written (so the first year already has last year's spill-over)
and closes on 31 March after the last year:
- an opening stock of long-term support (LTS) clients whose services started up to 12 years before;
- new clients arriving through each year: a Request (route of access) ending in NFA, or going on to
  an Assessment (short/long term), ST-Max reablement, crisis/low-level short-term support or end-of-
  life care; from reablement to nothing more, to a review and re-assessment and long-term support, or
  to hospital; linked events follow within 0-28 days; some people come back with another request;
- LTS clients (old and new) living on: annual planned reviews (mostly `No change in package`),
  unplanned reviews (hospital, carer, safeguarding, provider failure, commissioning), package
  changes (one service ends, the next starts the same or the next day), add-on services and
  equipment, hospital admissions, moves into residential or nursing care (accommodation and postcode
  change from the admission), exits (NFA outcomes) and deaths (whatever is open ends on the date of
  death with `NFA - Deceased`; nothing starts after it).
Every outcome is checked against seeds/spec/cld_event_outcome_event_types.csv (event type, and new
or existing client: existing = inside a long-term service on the event's start date).

Files.  For every year and quarter asked for, one cumulative file per LA: every event that started
by the period end and had not ended before 1 April; events still running at the period end are open
(blank end date and outcome); a date of death after the period end is not shown.  An event keeps its
Event Reference in every file (and across years).  About 3% of events are corrected in a later file
(the route of access, the service component, a request's NFA outcome or a review's start date differ
in the files before the correction), so supersession is visible.  Costs: gross unit cost at the
first year's prices (uplifted 4% each later April), every cost frequency, planned units per week for
hourly/daily/per-session costs, a person-level full-cost-client flag on long-term services.

Volume.  Each LA has a synthetic size weight, log-uniform in 0.25-4.0 from a SHA-256 hash of its
code (`la_weight`; NOT the real size of the LA).  `--scale 1.0` means about 9 million event rows in
one year's final (Q4) files over all 151 LAs: an LA simulates scale x 9M x weight / (sum of the 151
weights) / ROWS_PER_PERSON persons a year (STOCK_SHARE of them the opening LTS stock; the rest new
clients each year, the burn-in year included).  `--persons-per-la N` sets that number directly.
Rows are written person by person (memory stays flat, ~30 MB); LAs run in parallel processes.  The
output depends only on the options (not on --processes); as --years sets the simulated window, a
year's files are the same only when generated with the same --years.  Measured on 2 cores: scale 0.01 final-only
(89k rows) ~1.5 s, scale 0.1 (0.89M rows) ~11 s, scale 1.0 (8.95M rows, 3.5 GB) ~2 minutes.

Error injection (`--error-rate R`, 0 by default and for the demo): each written row is, with
probability R, damaged in one of these ways (a kind that fits the row, chosen at random): invalid
list value, guidance spelling (aliases seed), case/whitespace/dash variant of a list value,
impossible or non-date text, future date, end before start, missing mandatory item, bad NHS number
(wrong check digit, 9 or 11 digits), duplicated row, person detail inconsistent with the person's
other rows, cost written with `£` and a thousands separator.
"""
from __future__ import annotations

import csv
import hashlib
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from bisect import bisect
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from cld_warehouse.nhs_number import test_range_number, test_range_numbers
from cld_warehouse.progress import progress_bar
from cld_warehouse.warehouse_args import CliParser, one_line_errors, output_folder, positive_int

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"

NATIONAL_ROWS = 9_000_000      # --scale 1.0: rows in one year's Q4 files over all 151 LAs
ROWS_PER_PERSON = 2.61         # measured: rows in the first year's Q4 files per person a year
STOCK_SHARE = 0.42             # share of the persons a year that is the opening LTS stock
NHS_BLOCK = 6_600              # NHS test-range positions set aside per LA (151 x 6,600 < 10**6)
UPLIFT = 1.04                  # unit costs rise 4% each 1 April
DEMO_ARGS = ["--las", "716,318,908,213", "--years", "2023", "--quarters", "1,2,3,4", "--scale", "0.04",
             "--seed", "42", "--error-rate", "0", "--no-references-for", "908"]

EVENT_TYPES = ("Request", "Assessment", "Service", "Review")
LTS_COMMUNITY = "Long Term Support: Community"
LTS_RESIDENTIAL = "Long Term Support: Residential Care"
LTS_NURSING = "Long Term Support: Nursing Care"
ST_MAX = "Short Term Support: ST-Max"
ST_OTHER = "Short Term Support: Other Short Term"
ST_LOW = "Short Term Support: Ongoing Low Level"

# outcomes
O_REABLE = "Progress to Reablement/ST-Max"
O_ASSESS = "Progress to Assessment / Unplanned Review"
O_HOSPITAL = "Admitted to hospital"
O_REASSESS = "Progress to Re-assessment"
O_SERVICES = "Progress to Support Planning / Services"
O_EOL = "Progress to End of Life Care"
O_NO_CHANGE = "No change in package"
O_ENDED = "Service ended as planned"
O_MOVED = "NFA - Moved to another LA"
O_NHS = "NFA - 100% NHS funded care"
O_SELF = "NFA - Self-funded client (inc 12wk disregard)"
O_DECLINED = "NFA - Support declined"
O_INFO = "NFA - Information & Advice / Signposting only"
O_DECEASED = "NFA - Deceased"
O_NO_SERVICES = "NFA - No services offered: Other reason"
O_SUPPORT_ENDED = "NFA - Support ended: Other reason"

FIRST_NAMES = {
    "Female": ["Ada", "Beryl", "Carys", "Dilys", "Edna", "Freya", "Gwen", "Hazel", "Iris", "Joan", "Kath", "Lorna",
               "Maud", "Nora", "Olive", "Pearl", "Rhona", "Sadie", "Thea", "Una", "Vera", "Winnie", "Yvette",
               "Zara", "Amira", "Bethan", "Chloe", "Danielle", "Ellie", "Fatima", "Grace", "Hollie", "Jade",
               "Kezia", "Leah", "Megan", "Niamh", "Priya", "Ruby", "Sian"],
    "Male": ["Albert", "Bernard", "Cyril", "Dennis", "Ernest", "Frank", "Gordon", "Harold", "Ivor", "Jack", "Kenneth",
             "Leonard", "Maurice", "Norman", "Owen", "Percy", "Ronald", "Stanley", "Trevor", "Victor", "Walter",
             "Aaron", "Bilal", "Callum", "Dylan", "Ewan", "Farhan", "George", "Harvey", "Idris", "Jamal", "Kieran",
             "Liam", "Mason", "Nathan", "Oliver", "Reece", "Sami", "Tyler", "Zac"],
}
SURNAME_HEADS = ["Ash", "Brack", "Cald", "Dun", "Elms", "Fern", "Gorr", "Hales", "Ingle", "Kell", "Lark", "Marl",
                 "Nort", "Oak", "Penn", "Quill", "Rook", "Sell", "Thorn", "Wynd", "Yarl", "Brom", "Crag", "Dray"]
SURNAME_TAILS = ["aby", "acombe", "aden", "afield", "aford", "agate", "aholt", "aley", "amere", "aridge", "astead",
                 "aton", "awick", "aworth", "abrook", "athwaite"]
PLACE_WORDS = ["Alder", "Beech", "Briar", "Cedar", "Clover", "Elder", "Fennel", "Hawthorn", "Heather", "Holly",
               "Juniper", "Laurel", "Linden", "Maple", "Meadow", "Orchard", "Rowan", "Sorrel", "Willow", "Yew"]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"          # letters allowed in the inward code's unit
AREA_SECOND = "ABCDEFGHKLMNOPQRSTUVWXY"          # second area letter (never I, J, Z)
DESCRIPTIONS = {
    "Request": ["Adult Contact: New case", "Hospital contact", "Reablement contact", "Children's referral to ASC",
                "Front door contact"],
    "Assessment": ["Contact screening assessment", "Care Act Eligibility assessment",
                   "3 stage Care Act Eligibility assessment", "Initial conversation"],
    "Review": ["Care management overview re-assessment", "Initial review", "6 week review", "Annual review",
               "Unscheduled Review"],
}
REGULATED = {"Home Support", "Community Supported Living", "Shared Lives", "Reablement", "Long Term Residential Care",
             "Long Term Nursing Care", "Short Term Residential Care", "Short Term Nursing Care", "End of Life Care"}


# --------------------------------------------------------------------------------------------
# seeds
# --------------------------------------------------------------------------------------------
def read_seed(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@dataclass
class Spec:
    """What the generator reads from the seeds at run time."""
    items: list[dict[str, str]]
    columns: list[str]                         # column_name, item order
    header: list[str]                          # template_column_name, item order
    lists: dict[str, list[str]]                # canonical values (template values, not guidance-only)
    aliases: dict[str, dict[str, list[str]]]   # list -> canonical -> other spellings (guidance)
    allowed: dict[tuple[str, str], tuple[bool, bool]]  # (outcome, event type) -> (new, existing)
    la_codes: list[str]

    @classmethod
    def load(cls) -> Spec:
        items = read_seed(SEEDS / "spec" / "cld_data_items.csv")
        lists: dict[str, list[str]] = {}
        for row in read_seed(SEEDS / "spec" / "cld_defined_list_values.csv"):
            if row["is_guidance_only"] != "true":
                lists.setdefault(row["list_name"], []).append(row["canonical_value"])
        aliases: dict[str, dict[str, list[str]]] = {}
        for row in read_seed(SEEDS / "spec" / "cld_defined_list_aliases.csv"):
            if row["spelling"] != row["canonical_value"]:
                aliases.setdefault(row["list_name"], {}).setdefault(row["canonical_value"], []).append(row["spelling"])
        allowed = {(r["event_outcome"], r["event_type"]): (r["is_allowed_for_new_clients"] == "true",
                                                            r["is_allowed_for_existing_clients"] == "true")
                   for r in read_seed(SEEDS / "spec" / "cld_event_outcome_event_types.csv")}
        las = [r["la_code"] for r in read_seed(SEEDS / "reference" / "cld_local_authorities.csv")]
        return cls(items, [i["column_name"] for i in items], [i["template_column_name"] for i in items], lists,
                   aliases, allowed, las)


# --------------------------------------------------------------------------------------------
# LA traits (synthetic, deterministic from the LA code)
# --------------------------------------------------------------------------------------------
def _unit_hash(*parts: object) -> float:
    """A number in [0, 1) from a SHA-256 hash of the parts."""
    h = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(h[:8], "big") / 2 ** 64


def la_weight(la_code: str) -> float:
    """Synthetic size weight of an LA: log-uniform in 0.25-4.0 from a hash of its code — not its real size."""
    return round(0.25 * 16 ** _unit_hash("cld-size", la_code), 4)


def la_has_no_references(la_code: str) -> bool:
    """For `--no-references-for auto`: about one LA in ten cannot produce Event References."""
    return _unit_hash("cld-no-refs", la_code) < 0.1


def persons_for(la_code: str, scale: float, spec: Spec) -> int:
    total = sum(la_weight(c) for c in spec.la_codes)
    return max(1, round(scale * NATIONAL_ROWS / ROWS_PER_PERSON * la_weight(la_code) / total))


# --------------------------------------------------------------------------------------------
# dates (internally proleptic ordinals)
# --------------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def fmt(ordinal: int) -> str:
    return date.fromordinal(ordinal).strftime("%d/%m/%Y")


def fy_start(year: int) -> int:
    return date(year, 4, 1).toordinal()


def quarter_end(year: int, q: int) -> date:
    return {1: date(year, 6, 30), 2: date(year, 9, 30), 3: date(year, 12, 31), 4: date(year + 1, 3, 31)}[q]


def years_back(ordinal: int, years: int) -> int:
    d = date.fromordinal(ordinal)
    return (d.replace(day=28) if d.month == 2 and d.day == 29 else d).replace(year=d.year - years).toordinal()


# --------------------------------------------------------------------------------------------
# the simulated world
# --------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Event:
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
    details: dict[str, str]
    death: int | None
    events: list[Event]
    changes: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (from date, new details)
    full_cost: str = ""


class Weighted:
    """A weighted choice, precompiled: pick() costs one random number and a bisection."""

    __slots__ = ("values", "cum", "total")

    def __init__(self, weights: dict[str, float]):
        self.set(weights)

    def set(self, weights: dict[str, float]) -> None:
        self.values = [v for v, w in weights.items() if w > 0]
        self.cum = list(accumulate(w for w in weights.values() if w > 0))
        self.total = self.cum[-1] if self.cum else 0.0

    def pick(self, rng: random.Random) -> str:
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
        values = spec.lists.get(self.list_name, [])
        unknown = sorted(set(self.weights) - set(values))
        if unknown:
            raise ValueError(f"generator: {unknown} not in the seeds' list {self.list_name!r}")
        self.set({v: self.weights.get(v, self.default) for v in values})
        if not self.values:
            raise ValueError(f"generator: nothing to choose from list {self.list_name!r}")
        return self


W = Weighted
L = ListWeighted
PSR_OLDER = L("primary_support_reason", {
    "Physical Support: Personal care support": 55, "Physical Support: Access & mobility only": 12,
    "Support with Memory & Cognition": 20, "Mental Health Support": 5,
    "Sensory Support: Support for visual impairment": 2, "Sensory Support: Support for hearing impairment": 1,
    "Sensory Support: Support for dual impairment": 0.5, "Social Support: Support for Social Isolation/Other": 3,
    "Social Support: Substance misuse support": 0.5, "PSR Not Known": 1})
PSR_WORKING = {stock: L("primary_support_reason", {
    "Learning Disability Support": 45 if stock else 30, "Mental Health Support": 25,
    "Physical Support: Personal care support": 18, "Physical Support: Access & mobility only": 8,
    "Social Support: Substance misuse support": 4, "Social Support: Support for Social Isolation/Other": 4,
    "Social Support: Asylum seeker support": 1, "Sensory Support: Support for visual impairment": 1.5,
    "Sensory Support: Support for hearing impairment": 1, "Support with Memory & Cognition": 2,
    "PSR Not Known": 3}) for stock in (True, False)}
PSR_TRANSITION = L("primary_support_reason", {"Learning Disability Support": 60, "Mental Health Support": 20,
                                              "Physical Support: Personal care support": 20})
GENDER = {True: L("gender", {"Female": 62, "Male": 37, "Not known": 1}),
          False: L("gender", {"Female": 47, "Male": 52, "Not known": 1})}
CARER = {True: L("has_informal_carer", {"Yes": 50, "No": 35, "Not known": 15}),
         False: L("has_informal_carer", {"Yes": 45, "No": 40, "Not known": 15})}
ACCOMMODATION = {
    "ld": L("accommodation_status", {
        "Settled mainstream housing with family / friends": 40,
        "Supported accommodation / supported lodgings / supported group home": 25, "Tenant": 12,
        "Shared Lives scheme": 5, "Owner occupier or shared ownership scheme": 2, "Tenant - private landlord": 3,
        "Unknown": 3}),
    "older": L("accommodation_status", {
        "Owner occupier or shared ownership scheme": 45, "Tenant": 20, "Tenant - private landlord": 5,
        "Sheltered housing / extra care housing / other sheltered housing": 12,
        "Settled mainstream housing with family / friends": 10,
        "Staying with family / friends as a short-term guest": 0.5, "Unknown": 5}),
    "working": L("accommodation_status", {
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
    "ld": L("employment_status", {
        "Paid: Less than 16 hours a week": 5, "Paid: 16 or more hours a week": 2,
        "Not in Paid Employment (seeking work)": 8, "Not in Paid Employment (not actively seeking work / retired)": 65,
        "Not in Paid Employment (voluntary work only)": 5, "Unknown": 15}),
    "older": L("employment_status", {"Not in Paid Employment (not actively seeking work / retired)": 85,
                                     "Unknown": 15}),
    "working": L("employment_status", {
        "Paid: Less than 16 hours a week": 4, "Paid: 16 or more hours a week": 4,
        "Not in Paid Employment (seeking work)": 15, "Not in Paid Employment (not actively seeking work / retired)": 55,
        "Not in Paid Employment (voluntary work only)": 3, "Unknown": 19}),
}
ASD = {True: L("autism_spectrum_disorder", {"Yes": 30, "No": 60, "Not known": 10}, 0.5),
       False: L("autism_spectrum_disorder", {"Yes": 2, "No": 88, "Not known": 10}, 0.5)}
VISUAL = L("visual_impairment", {"Blind/severely sight impaired": 1.5, "Partial sight/sight impaired": 4,
                                 "No visual impairment": 80, "Unknown": 15}, 0.5)
HEARING = {older: L("hearing_impairment", {"Deaf with speech": 1, "Deaf without speech": 0.3,
                                           "Hard of hearing": 12 if older else 2, "No hearing impairment": 70,
                                           "Unknown": 15}, 0.5) for older in (True, False)}
DEMENTIA = {True: L("dementia", {"Yes": 8, "No": 75, "Not known": 15}, 0.5),
            False: L("dementia", {"Yes": 0.5, "No": 85, "Not known": 15}, 0.5)}
FULL_COST = W({"Yes": 5, "No": 65, "": 30})
ROUTE = {older: L("route_of_access", {
    "Community / Other route": 62, "Discharge from Hospital": 22, "Diversion from Hospital Services": 5,
    "Planned Entry (Transition)": 0 if older else 0.5, "Prison": 0 if older else 0.4,
    "Self-Funder with depleted funds": 1.5 if older else 0.2,
    "Self-Funder with depleted funds - 12-wk disregard or DPA": 0.7 if older else 0.1,
    "Discharge from Reablement": 1, "Transfer from Other LA": 1.5}) for older in (True, False)}
REQUEST_OUTCOME = {
    "community": L("event_outcome", {O_INFO: 31, O_NO_SERVICES: 9, O_DECLINED: 5, O_SELF: 3, O_MOVED: 1, O_NHS: 1,
                                     O_REABLE: 10, O_ASSESS: 28, O_SERVICES: 8, O_EOL: 1.2, O_DECEASED: 0.3}),
    "hospital": L("event_outcome", {O_INFO: 8, O_NO_SERVICES: 8, O_DECLINED: 5, O_SELF: 3, O_MOVED: 1, O_NHS: 4,
                                    O_REABLE: 35, O_ASSESS: 28, O_SERVICES: 8, O_EOL: 1.5, O_DECEASED: 0.5}),
    "transition": L("event_outcome", {O_INFO: 5, O_NO_SERVICES: 3, O_ASSESS: 90, O_SERVICES: 2}),
}
ASSESSMENT_OUTCOME = {   # by long term (True) or short term assessment
    True: L("event_outcome", {O_SERVICES: 26, O_REABLE: 12, O_INFO: 15, O_SELF: 12, O_DECLINED: 9, O_NO_SERVICES: 12,
                              O_NHS: 3, O_EOL: 2, O_MOVED: 1, O_DECEASED: 0.5}),
    False: L("event_outcome", {O_REABLE: 55, O_SERVICES: 10, O_INFO: 10, O_DECLINED: 10, O_NO_SERVICES: 10, O_SELF: 2,
                               O_NHS: 2, O_EOL: 1}),
}
NOT_ELIGIBLE = L("eligible_needs_identified", {"Non-eligible needs identified": 70, "No needs identified": 30})
STMAX_NEXT = {   # by existing client (True) or new
    False: W({"ended": 52, "review": 8, "direct": 8, "assess": 5, O_HOSPITAL: 8, O_DECLINED: 6, O_SELF: 4, O_MOVED: 1,
              O_NHS: 3, O_EOL: 2, O_DECEASED: 1, O_SUPPORT_ENDED: 2}),
    True: W({"ended": 80, O_HOSPITAL: 10, O_DECLINED: 10}),
}
AFTER_HOSPITAL = L("event_outcome", {O_REABLE: 50, O_ASSESS: 40, O_NHS: 5, O_INFO: 5})
LOW_LEVEL = L("service_component", {"Equipment": 50, "Meals": 10, "Transport": 10, "Professional Support": 20,
                                    "Other Short Term Support": 10})
OTHER_SHORT = L("service_component", {"Emergency Support": 35, "Short Term Residential Care": 30,
                                      "Other Short Term Support": 25, "Short Term Nursing Care": 10})
SHORT_OUTCOME = L("event_outcome", {O_ENDED: 80, O_DECLINED: 8, O_INFO: 6, O_SUPPORT_ENDED: 6})
EOL_OUTCOME = L("event_outcome", {O_DECEASED: 85, O_NHS: 10, O_ENDED: 5})
SETTING = {True: W({"community": 70, "residential": 20, "nursing": 10}),
           False: W({"community": 88, "residential": 10, "nursing": 2})}
MECHANISM = L("delivery_mechanism", {"Community: Direct Payment": 25, "Community: CASSR Managed Personal Budget": 20,
                                     "Community: CASSR Commissioned Support": 55})
COMPONENT = {
    "ld": L("service_component", {"Community Supported Living": 35, "Day Support": 25, "Shared Lives": 8,
                                  "Home Support": 12, "Learning/Education/Employment Support": 8,
                                  "Other Long Term Support": 7, "Transport": 5}),
    "other": L("service_component", {"Home Support": 65, "Day Support": 8, "Meals": 3, "Transport": 2,
                                     "Other Long Term Support": 12, "Professional Support": 5,
                                     "Community Supported Living": 5}),
}
PLANNED_REVIEW = {
    "community": L("event_outcome", {O_NO_CHANGE: 86, O_REASSESS: 7, O_REABLE: 2, O_SUPPORT_ENDED: 2, O_SELF: 1,
                                     O_MOVED: 1, O_EOL: 1}),
    "home": L("event_outcome", {O_NO_CHANGE: 92, O_REASSESS: 4, O_SELF: 2, O_NHS: 1, O_EOL: 1}),
}
OUTCOMES_ACHIEVED = L("review_outcomes_achieved", {"Fully Met": 55, "Partially Met": 35, "Not Met": 10})
HOSPITAL_WAY = W({"resume": 55, "reassess": 25, "reablement": 20})
CARE_HOME_REASON = L("review_reason", {"Unplanned - Carer related": 30, "Unplanned - Other Reason": 40,
                                       "Unplanned - Safeguarding concern": 15,
                                       "Unplanned - Hospital (Planned and unplanned episodes)": 15})
UNPLANNED_REASON = L("review_reason", {"Unplanned - Carer related": 30, "Unplanned - Safeguarding concern": 25,
                                       "Unplanned - Other Reason": 25, "Unplanned - Provider Failure": 10,
                                       "Unplanned - Change in Commissioning arrangements": 10})
UNPLANNED_OUTCOME = {"community": L("event_outcome", {O_NO_CHANGE: 70, O_REASSESS: 25, O_REABLE: 5}),
                     "home": L("event_outcome", {O_NO_CHANGE: 70, O_REASSESS: 30})}
RESIDENTIAL_HOSPITAL_REVIEW = L("event_outcome", {O_NO_CHANGE: 85, O_REASSESS: 10, O_NHS: 5})
ADD_ON_END = L("event_outcome", {O_ENDED: 60, O_DECLINED: 25, O_SUPPORT_ENDED: 15})
EXIT = {"community": L("event_outcome", {O_SUPPORT_ENDED: 30, O_DECLINED: 25, O_MOVED: 20, O_SELF: 15, O_NHS: 10}),
        "home": L("event_outcome", {O_SELF: 45, O_NHS: 35, O_MOVED: 20})}
NEW_SETTING_AFTER_HOSPITAL = W({"community": 50, "residential": 35, "nursing": 15})
CARE_HOME_KIND = W({"residential": 65, "nursing": 35})
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
RATE_TABLES = {k: (W(v), sum(v.values())) for k, v in RATES.items()}

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
COST_TABLES = {k: (W({str(i): o[0] for i, o in enumerate(v)}), v) for k, v in COSTS.items()}


# Values the code names directly (not through a weight table): checked against the seeds too.
LITERALS: dict[str, set[str]] = {
    "event_type": set(EVENT_TYPES),
    "event_outcome": {O_REABLE, O_ASSESS, O_HOSPITAL, O_REASSESS, O_SERVICES, O_EOL, O_NO_CHANGE, O_ENDED, O_MOVED,
                      O_NHS, O_SELF, O_DECLINED, O_INFO, O_DECEASED, O_NO_SERVICES, O_SUPPORT_ENDED},
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


class LA:
    """Per-LA constants: traits, pools of practices and providers, the postcode area, the window."""

    def __init__(self, spec: Spec, code: str, years: list[int]):
        self.spec, self.code = spec, code
        self.index = spec.la_codes.index(code)
        self.first_written = fy_start(min(years))              # the first 1 April written
        self.window_start = fy_start(min(years) - 1)           # a burn-in year before it
        self.horizon = quarter_end(max(years), 4).toordinal()
        trait = random.Random(f"cld-la-traits|{code}")
        self.gp_fill = trait.choice([0.0, 0.5, 0.8, 0.95])
        self.voluntary_fill = trait.choice([0.1, 0.4, 0.7, 0.9])
        self.description_fill = trait.choice([0.0, 0.0, 0.6, 1.0])
        self.provider_fill = trait.choice([0.0, 0.5, 0.9])
        self.outcomes_fill = trait.choice([0.2, 0.6, 0.9])
        self.cost_fill = trait.uniform(0.6, 1.0)        # of commissioned support
        self.ethnicity = L("ethnicity", {
            "White (English / Welsh / Scottish / Northern Irish / British)": trait.uniform(35, 92),
            "White Irish": 1.5, "White (Gypsy or Irish Traveller)": 0.3, "Any other White background": 5,
            "White and Black Caribbean": 1, "White and Black African": 0.5, "White and Asian": 0.7,
            "Any other mixed / multiple ethnic background": 0.8, "Indian": 3, "Pakistani": 3, "Bangladeshi": 1.5,
            "Chinese": 0.6, "Any other Asian background": 1.5, "African": 3, "Caribbean": 2,
            "Any other Black / African / Caribbean background": 0.8, "Arab": 0.5, "Any other ethnic group": 1,
            "Refused": 0.5, "Undeclared / Not known": 3}, default=0.5, register=False).compile(spec)
        self.area = "Q" + AREA_SECOND[trait.randrange(len(AREA_SECOND))]
        self.person_prefix = "".join(trait.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))
        kinds = ["Surgery", "Medical Centre", "Health Centre", "Family Practice"]
        self.practices = [(f"{trait.choice(PLACE_WORDS)} {trait.choice(kinds)}",
                           f"{trait.choice('ABCDEFGHJKLMNPY')}{trait.randint(81000, 89999)}") for _ in range(25)]
        self.providers = {
            kind: [(f"{trait.choice(PLACE_WORDS)} {trait.choice(names)}", f"1-{trait.randint(100000000, 9999999999)}",
                    self.postcode(trait)) for _ in range(count)]
            for kind, names, count in (
                ("residential", ["House", "Lodge", "Court", "Manor", "Grange"], 15),
                ("nursing", ["Nursing Home", "Care Centre", "Court Nursing Home"], 8),
                ("home", ["Home Care", "Care Services", "Homecare Ltd", "Reablement Team"], 12),
                ("living", ["Supported Living", "Community Living", "Shared Lives Scheme"], 6))}

    def postcode(self, rng: random.Random) -> str:
        inward = f"{rng.randint(0, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
        return f"{self.area}{rng.randint(1, 29)} {inward}"


class Simulator:
    """Builds one person's events over the LA's window (one instance per LA, reused person by person)."""

    def __init__(self, la: LA, rng: random.Random):
        self.la, self.rng, self.spec = la, rng, la.spec
        self.H = la.horizon
        self.ref_no = 0
        self.nhs_numbers = test_range_numbers(la.index * NHS_BLOCK)

    # -- small helpers ------------------------------------------------------------------------
    def gap(self, hi: int = 28) -> int:
        """Days from a request to what follows it: mostly a few, never over `hi` (28)."""
        return min(hi, int(self.rng.expovariate(0.25)))

    def link(self) -> int:
        """Days between the later links of a chain (reablement -> review -> assessment -> service): 0-3, some 4-7."""
        return self.rng.randint(0, 3) if self.rng.random() < 0.85 else self.rng.randint(4, 7)

    def new_event(self, event_type: str, start: int, length: int | None, outcome: str,
                  fields: dict[str, str]) -> Event | None:
        """Add an event (None when it would start after the horizon); an end after the horizon leaves it open."""
        if start > self.H:
            return None
        end = None if length is None else start + length
        if end is not None and end > self.H:
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
        if self.la.description_fill and self.rng.random() < self.la.description_fill:
            e.fields["event_description"] = text

    # -- people -------------------------------------------------------------------------------
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
            if when <= self.H:
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
             "gender": gender, "ethnicity": la.ethnicity.pick(rng), "date_of_birth": fmt(dob),
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

    # -- dying and moving in --------------------------------------------------------------------
    def die(self, when: int) -> None:
        """Death on `when` (never before the last start): anything open then ends with NFA - Deceased."""
        when = max(when, min(self.cursor, self.H))
        if when > self.H:
            return
        self.death = when
        for e in self.events:
            if e.end is None or e.end > when:
                e.end, e.outcome = when, O_DECEASED

    def move_in(self, when: int, kind: str, provider: tuple[str, str, str] | None) -> None:
        """From a care home admission on, the person's accommodation and postcode are the home's."""
        new = {"postcode": provider[2]} if provider is not None else {}
        if self.accommodation:
            new["accommodation_status"] = "Registered nursing home" if kind == "nursing" else "Registered care home"
        self.changes.append((when, new))

    # -- events ---------------------------------------------------------------------------------
    def request(self, start: int, route: str, outcome: str, length: int) -> Event | None:
        e = self.new_event("Request", start, length, outcome, {"route_of_access": route})
        if e:
            self.describe(e, "Hospital contact" if route == "Discharge from Hospital"
                          else self.rng.choice(DESCRIPTIONS["Request"]))
        return e

    def assessment(self, start: int, long_term: bool, outcome: str, length: int) -> Event | None:
        rng = self.rng
        f = {"assessment_type": "Long Term Assessment" if long_term else "Short Term Assessment"}
        if rng.random() < self.la.voluntary_fill + 0.1:
            if not long_term:
                f["eligible_needs_identified"] = "Not applicable"
            elif outcome in (O_SERVICES, O_REABLE, O_SELF, O_EOL, O_NHS):
                f["eligible_needs_identified"] = "Eligible needs identified"
            elif outcome == O_DECLINED:
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

    # -- pathways -------------------------------------------------------------------------------
    def contacts(self, t: int, route_hint: str | None = None) -> None:
        """A new client's first request and what follows; some come back with another request later."""
        for n in range(3):
            state = self.contact(t, route_hint if n == 0 else None)
            if state == "lts":
                return self.lifecycle()
            if state != "none" or self.death is not None or self.rng.random() >= 0.16:
                return
            t = self.cursor + self.rng.randint(30, 330)
            if t > self.H:
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
        if outcome == O_DECEASED:
            self.die(end)
            return "dead"
        if outcome == O_REABLE:
            return self.stmax(end + min(7, self.gap()))
        if outcome == O_ASSESS:
            return self.assessment_path(end + self.gap(), long_term=rng.random() < 0.75)
        if outcome == O_SERVICES:
            return self.short_term(end + min(7, self.gap()))
        if outcome == O_EOL:
            return self.end_of_life(end + min(3, self.gap()))
        return "none"

    def assessment_path(self, t: int, long_term: bool) -> str:
        rng = self.rng
        outcome = ASSESSMENT_OUTCOME[long_term].pick(rng)
        a = self.assessment(t, long_term, outcome, int(rng.triangular(0, 56, 7)))
        if a is None or a.end is None:
            return "stop"
        if outcome == O_DECEASED:
            self.die(a.end)
            return "dead"
        if outcome == O_REABLE:
            return self.stmax(a.end + self.link())
        if outcome == O_EOL:
            return self.end_of_life(a.end + self.link())
        if outcome == O_SERVICES:
            if rng.random() < 0.1:      # short-term residential first (respite / discharge to assess)
                st = self.service(a.end + self.link(), rng.randint(7, 42), O_ENDED, ST_OTHER,
                                  "Short Term Residential Care")
                if st is None or st.end is None:
                    return "stop"
                return self.start_lts(st.end + rng.choice([0, 1]), setting=rng.choice(["residential", "community"]))
            return self.start_lts(a.end + self.link())
        return "none"

    def stmax(self, t: int, existing: bool = False) -> str:
        rng = self.rng
        what = STMAX_NEXT[existing].pick(rng)
        outcome = O_ENDED if what in ("ended", "review", "direct", "assess") else what
        length = int(rng.triangular(5, 56, 30)) if what != O_HOSPITAL else rng.randint(2, 30)
        s = self.service(t, length, outcome, ST_MAX, "Reablement")
        if s is None or s.end is None:
            return "stop"
        if existing:
            return "none"
        end = s.end
        if what == O_DECEASED:
            self.die(end)
            return "dead"
        if what == "review":      # end-of-reablement review in its last week, re-assessment, long-term support
            r_start = max(s.start, end - rng.randint(2, 7))
            r = self.review(r_start, "Planned", O_REASSESS, end - r_start)
            if r is None or r.end is None:
                return "stop"
            a = self.assessment(r.end + rng.choice([0, 1]), True, O_SERVICES, rng.randint(0, 3))
            if a is None or a.end is None:
                return "stop"
            return self.start_lts(a.end + rng.choice([0, 1]), setting="community")
        if what == "direct":      # assessed during reablement; long-term support follows at once
            a_start = max(s.start, end - rng.randint(3, 10))
            a = self.assessment(a_start, True, O_SERVICES, end - a_start)
            if a is None or a.end is None:
                return "stop"
            return self.start_lts(end + rng.choice([0, 0, 1]))
        if what == "assess":
            return self.assessment_path(end + self.link(), long_term=True)
        if what == O_HOSPITAL:
            return self.after_hospital(end)
        if what == O_EOL:
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
        if outcome == O_REABLE:
            return self.stmax(req.end + min(5, self.gap()))
        if outcome == O_ASSESS:
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
        if outcome == O_ENDED and rng.random() < 0.3:
            a = self.request(s.end + rng.randint(0, 20), "Community / Other route", O_ASSESS, rng.choice([0, 1]))
            if a is None or a.end is None:
                return "stop"
            return self.assessment_path(a.end + self.gap(), long_term=True)
        return "none"

    def end_of_life(self, t: int) -> str:
        outcome = EOL_OUTCOME.pick(self.rng)
        s = self.service(t, int(self.rng.triangular(2, 90, 10)), outcome, ST_OTHER, "End of Life Care")
        if s is None or s.end is None:
            return "stop"
        if outcome == O_DECEASED:
            self.die(s.end)
            return "dead"
        return "none"

    # -- long-term support ------------------------------------------------------------------------
    def provider_for(self, setting: str) -> tuple[str, str, str] | None:
        return self.rng.choice(self.la.providers[setting]) if setting in ("residential", "nursing") else None

    def lts_service(self, t: int, setting: str, provider=None, component: str | None = None,
                    mechanism: str | None = None) -> Event | None:
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
                if t > self.H:
                    break
                self.planned_review(t)
                self.next_review = t + 365 + rng.randint(-40, 40)
            elif incident > self.H:
                break
            else:
                getattr(self, f"on_{table.pick(rng)}")(incident)
            if not self.active:
                break
        back, self.comeback = self.comeback, None
        if back is not None and self.death is None and back <= self.H:
            self.contacts(back)

    def end_active(self, when: int, outcome: str) -> None:
        """End every current long-term service on `when` (not before its start) with `outcome`."""
        if when > self.H:
            return
        for e in self.active:
            if e.end is None or e.end > when:
                e.end, e.outcome = max(when, e.start), outcome
                self.cursor = max(self.cursor, e.end)
        self.active = []
        self.cursor = max(self.cursor, when)

    def still_active(self, when: int) -> list[Event]:
        return [e for e in self.active if e.end is None or e.end > when]

    def planned_review(self, t: int) -> None:
        outcome = PLANNED_REVIEW["community" if self.setting == "community" else "home"].pick(self.rng)
        r = self.review(t, "Planned", outcome, int(self.rng.triangular(0, 28, 2)))
        if r is not None and r.end is not None:
            self.follow_review(r)

    def follow_review(self, r: Event) -> None:
        rng, end, outcome = self.rng, r.end, r.outcome
        if outcome == O_REASSESS:
            a = self.assessment(end + self.link(), True, O_SERVICES, rng.randint(0, 21))
            if a is not None and a.end is not None:
                self.change_package(a.end + rng.choice([0, 1, 2, 7]))
        elif outcome == O_REABLE:
            self.stmax(end + self.link(), existing=True)
        elif outcome == O_EOL:
            self.end_of_life(end + self.link())
        elif outcome in (O_SUPPORT_ENDED, O_SELF, O_MOVED, O_NHS, O_DECLINED):
            self.end_active(end, outcome)

    def change_package(self, t: int, setting: str | None = None) -> None:
        """The current package ends (as planned) and the next starts the same or the next day."""
        rng = self.rng
        if t > self.H:
            return
        setting = setting or (self.setting if rng.random() < 0.7 else SETTING[self.older].pick(rng))
        self.end_active(t - rng.choice([0, 1]), O_ENDED)
        provider = self.provider_for(setting)
        e = self.lts_service(t, setting, provider)
        if e is None:
            return
        if provider is not None:
            self.move_in(t, setting, provider)
        self.setting, self.active = setting, [e]

    def on_death(self, t: int) -> None:
        self.die(t)
        self.active = []

    def on_hospital(self, t: int) -> None:
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
        self.end_active(t, O_HOSPITAL)
        if rng.random() < 0.15:
            return self.on_death(t + rng.randint(1, stay))
        back = t + stay
        way = HOSPITAL_WAY.pick(rng)
        if way == "reablement":
            req = self.request(back, "Discharge from Hospital", O_REABLE, rng.choice([0, 1]))
            if req is None or req.end is None:
                return
            s = self.service(req.end + min(3, self.gap()), int(rng.triangular(7, 42, 21)), O_ENDED, ST_MAX,
                             "Reablement")
            if s is None or s.end is None:
                return
            back = s.end
        r = self.review(back, "Unplanned - Hospital (Planned and unplanned episodes)",
                        O_REASSESS if way == "reassess" else O_NO_CHANGE, rng.randint(0, 7))
        if r is None or r.end is None:
            return
        if way == "reassess":
            a = self.assessment(r.end + self.link(), True, O_SERVICES, rng.randint(0, 14))
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
        rng = self.rng
        r = self.review(t, CARE_HOME_REASON.pick(rng), O_REASSESS, rng.randint(0, 7))
        if r is None or r.end is None:
            return
        a = self.assessment(r.end + self.link(), True, O_SERVICES, rng.randint(0, 21))
        if a is None or a.end is None:
            return
        start = a.end + self.link()
        if rng.random() < 0.3:   # a spell of short-term residential care first
            self.end_active(start, O_ENDED)
            st = self.service(start, rng.randint(7, 42), O_ENDED, ST_OTHER, "Short Term Residential Care")
            if st is None or st.end is None:
                return
            start = st.end + rng.choice([0, 1])
        self.change_package(start, setting=CARE_HOME_KIND.pick(rng))

    def on_to_nursing(self, t: int) -> None:
        r = self.review(t, "Unplanned - Other Reason", O_REASSESS, self.rng.randint(0, 7))
        if r is None or r.end is None:
            return
        a = self.assessment(r.end + self.link(), True, O_SERVICES, self.rng.randint(0, 14))
        if a is not None and a.end is not None:
            self.change_package(a.end + self.rng.choice([0, 1]), setting="nursing")

    def on_change(self, t: int) -> None:
        self.change_package(t, setting="community")

    def on_add_on(self, t: int) -> None:
        rng = self.rng
        component = rng.choice(["Day Support", "Meals", "Transport", "Other Long Term Support"])
        if any(e.fields["service_component"] == component for e in self.still_active(t)):
            return
        e = self.lts_service(t, "community", component=component)
        if e is None:
            return
        if rng.random() < 0.3:
            end = t + rng.randint(30, 300)
            if end <= self.H:
                e.end, e.outcome = end, ADD_ON_END.pick(rng)
        self.cursor = t
        self.active.append(e)

    def on_equipment(self, t: int) -> None:
        self.service(t, self.rng.choice([0, 0, 1, 3]), O_ENDED, ST_LOW, "Equipment")

    def on_unplanned(self, t: int) -> None:
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
        r = self.review(t, "Unplanned - Provider Failure", O_NO_CHANGE, rng.randint(0, 3))
        if r is None or r.end is None:
            return
        old = self.still_active(r.end)
        self.end_active(r.end, O_ENDED)
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
        outcome = EXIT["community" if self.setting == "community" else "home"].pick(self.rng)
        if self.rng.random() < 0.3:
            self.review(t, "Planned", outcome if outcome != O_DECLINED else O_SUPPORT_ENDED, 0)
        self.end_active(t, outcome)
        if self.setting == "community" and self.rng.random() < 0.1:  # comes back later
            self.comeback = self.cursor + self.rng.randint(60, 400)

    # -- corrections and checks -------------------------------------------------------------------
    def corrections(self) -> None:
        """About 3% of events carry a different value in the files before a correction date."""
        rng = self.rng
        for e in self.events:
            if rng.random() >= 0.03:
                continue
            if e.event_type == "Request":
                if e.outcome in (O_INFO, O_NO_SERVICES, O_DECLINED) and rng.random() < 0.4:
                    e.earlier = {"event_outcome": O_NO_SERVICES if e.outcome == O_DECLINED else O_DECLINED}
                else:
                    route = e.fields["route_of_access"]
                    e.earlier = {"route_of_access": "Discharge from Hospital" if route == "Community / Other route"
                                 else "Community / Other route"}
            elif e.event_type == "Service" and e.fields["service_type"] == LTS_COMMUNITY:
                component = e.fields["service_component"]
                e.earlier = {"service_component": "Home Support" if component == "Other Long Term Support"
                             else "Other Long Term Support"}
            elif e.event_type == "Review" and e.outcome != O_REABLE:
                shifted = e.start + rng.choice([-7, -3, -1, 1, 2, 5, 10])
                if shifted > min(x for x in (e.end, self.death, self.H) if x is not None):
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
                                         f"{'n existing' if existing else ' new'} client ({fmt(e.start)})")


# --------------------------------------------------------------------------------------------
# error injection
# --------------------------------------------------------------------------------------------
class Corrupter:
    """Deterministic damage to written rows, one kind per damaged row (see the module docstring)."""

    KINDS = ("invalid_list", "guidance_spelling", "case_variant", "bad_date", "future_date", "end_before_start",
             "missing_mandatory", "bad_nhs", "duplicate", "inconsistent_person", "pound_cost")

    def __init__(self, spec: Spec, rng: random.Random, rate: float):
        self.spec, self.rng, self.rate = spec, rng, rate
        self.idx = {c: i for i, c in enumerate(spec.columns)}
        by_name = {i["column_name"]: i for i in spec.items}
        self.list_cols = [(self.idx[c], by_name[c]["defined_list"]) for c in spec.columns
                          if by_name[c]["value_kind"] == "list"]
        self.always = [self.idx[i["column_name"]] for i in spec.items
                       if i["is_mandatory"] == "true" and i["requirement_rule"] == "always"]
        self.per_type = {t: [self.idx[i["column_name"]] for i in spec.items
                             if i["requirement_rule"] == "event_type" and i["applies_to_event_type"] == t
                             and i["is_mandatory"] == "true"] for t in EVENT_TYPES}
        self.i_type, self.i_start = self.idx["event_type"], self.idx["event_start_date"]
        self.i_end = self.idx["event_end_date"]
        self.i_dob, self.i_nhs, self.i_cost = self.idx["date_of_birth"], self.idx["nhs_number"], self.idx["unit_cost"]
        self.i_gender, self.i_postcode = self.idx["gender"], self.idx["postcode"]

    def apply(self, row: list[str], period_end: int) -> list[list[str]]:
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
        i, name = self.rng.choice(self._filled_list_cols(row))
        row[i] = self.rng.choice(["Other - see notes", "TBC", "N/K", "Not recorded", "Please select", "9"])

    def guidance_spelling(self, row: list[str], _pe: int) -> None:
        options = [(i, spelling) for i, name in self._filled_list_cols(row)
                   for spelling in self.spec.aliases.get(name, {}).get(row[i], [])]
        i, spelling = self.rng.choice(options)
        row[i] = spelling

    def case_variant(self, row: list[str], _pe: int) -> None:
        i, _ = self.rng.choice(self._filled_list_cols(row))
        value = row[i]
        variants = [value.upper(), value.lower(), f"  {value} ", value.replace(" ", "  ")]
        if " - " in value:
            variants.append(value.replace(" - ", " – "))
        variants = [v for v in variants if v != value]
        row[i] = self.rng.choice(variants)

    def bad_date(self, row: list[str], _pe: int) -> None:
        i = self.rng.choice([c for c in (self.i_start, self.i_end, self.i_dob) if row[c]])
        year = row[i][-4:] if row[i][-4:].isdigit() else "2023"
        row[i] = self.rng.choice([f"31/02/{year}", f"{year}-13-01", f"32/01/{year}", "00/00/0000", "not known",
                                  f"{year}0401"])

    def future_date(self, row: list[str], period_end: int) -> None:
        row[self.i_end] = fmt(period_end + self.rng.randint(1, 200))

    def end_before_start(self, row: list[str], _pe: int) -> None:
        day, month, year = (int(x) for x in row[self.i_start].split("/"))
        row[self.i_end] = fmt(date(year, month, day).toordinal() - self.rng.randint(1, 30))

    def missing_mandatory(self, row: list[str], _pe: int) -> None:
        options = self.always + self.per_type.get(row[self.i_type], [])
        row[self.rng.choice([i for i in options if row[i]])] = ""

    def bad_nhs(self, row: list[str], _pe: int) -> None:
        number = row[self.i_nhs] or test_range_number(self.rng.randrange(10 ** 6)) or "9990000018"
        stem, check = number[:9], int(number[9])
        wrong = (check + self.rng.randint(1, 9)) % 10         # any other digit fails the check
        row[self.i_nhs] = self.rng.choice([stem + str(wrong), stem, number + str(self.rng.randint(0, 9)),
                                           f"{stem[:3]} {stem[3:6]} {stem[6:]}{wrong}"])

    def duplicate(self, row: list[str], _pe: int) -> None:
        pass

    def inconsistent_person(self, row: list[str], _pe: int) -> None:
        day, month, year = (int(x) for x in row[self.i_dob].split("/")) if row[self.i_dob] else (1, 1, 1940)
        row[self.i_dob] = fmt(date(year, month, day).toordinal() + self.rng.choice([-1, 1]) * self.rng.randint(1, 3000))

    def pound_cost(self, row: list[str], _pe: int) -> None:
        """The cost as a currency amount: £1,234.50 (or £17.50 under a thousand)."""
        row[self.i_cost] = f"£{float(row[self.i_cost]):,.2f}"


# --------------------------------------------------------------------------------------------
# writing
# --------------------------------------------------------------------------------------------
def submitted_at(seed: int, la: str, year: int, q: int) -> str:
    """Submission timestamp: 3-7 weeks after the period end (Q4: 7-11 weeks, i.e. in June)."""
    rng = random.Random(f"{seed}|{la}|{year}|{q}|submitted")
    end = quarter_end(year, q)
    day = end + timedelta(days=rng.randint(49, 77) if q == 4 else rng.randint(21, 49))
    return f"{day:%Y%m%d}{rng.randint(8, 18):02d}{rng.randint(0, 59):02d}{rng.randint(0, 59):02d}"


def file_name(seed: int, la: str, year: int, q: int) -> str:
    return f"CLD_{la}_{year}0401_{quarter_end(year, q):%Y%m%d}_{submitted_at(seed, la, year, q)}.csv"


@dataclass
class Job:
    la: str
    years: list[int]
    quarters: list[int]
    persons: int            # persons a year (the opening stock is a share of it)
    seed: int
    error_rate: float
    out_dir: str
    references: bool


@lru_cache(maxsize=None)
def financial_year(ordinal: int) -> int:
    d = date.fromordinal(ordinal)
    return d.year if d.month >= 4 else d.year - 1


class RowBuilder:
    """Turns a simulated person into the rows of one file (period ending `pe` of `year`)."""

    def __init__(self, spec: Spec, la_code: str, references: bool, prices_from: int):
        self.prices_from = prices_from          # costs are at this date's prices, uplifted each later April
        self.idx = {c: i for i, c in enumerate(spec.columns)}
        self.n = len(spec.columns)
        self.la_code, self.references = la_code, references
        (self.i_type, self.i_ref, self.i_start, self.i_end, self.i_out, self.i_cost, self.i_freq, self.i_units,
         self.i_fcc, self.i_dod) = (self.idx[c] for c in (
            "event_type", "event_reference", "event_start_date", "event_end_date", "event_outcome", "unit_cost",
            "cost_frequency", "planned_units_per_week", "full_cost_client", "date_of_death"))

    def rows(self, person: PersonRecord, year: int, pe: int) -> list[list[str]]:
        fs = fy_start(year)
        chosen = []
        for e in person.events:
            corrected = e.earlier is not None and pe < e.correct_from
            start = e.earlier["start"] if corrected and "start" in e.earlier else e.start
            if start > pe or (e.end is not None and e.end < fs):
                continue
            chosen.append((start, EVENT_TYPES.index(e.event_type), e.ref_no, e, corrected))
        if not chosen:
            return []
        chosen.sort(key=lambda x: x[:3])
        idx = self.idx
        base = [""] * self.n
        for col, value in person.details.items():
            base[idx[col]] = value
        for when, change in person.changes:
            if when <= pe:
                for col, value in change.items():
                    base[idx[col]] = value
        if person.death is not None and person.death <= pe:
            base[self.i_dod] = fmt(person.death)
        out = []
        for start, _, ref_no, e, corrected in chosen:
            row = base.copy()
            for col, value in e.fields.items():
                row[idx[col]] = value
            outcome = e.outcome
            if corrected:
                for col, value in e.earlier.items():
                    if col == "event_outcome":
                        outcome = value
                    elif col != "start":
                        row[idx[col]] = value
            row[self.i_type] = e.event_type
            if self.references:
                row[self.i_ref] = f"{self.la_code}EV{ref_no:09d}"
            row[self.i_start] = fmt(start)
            closed = e.end is not None and e.end <= pe
            if closed:
                row[self.i_end], row[self.i_out] = fmt(e.end), outcome
            if e.cost is not None:
                freq, unit, units = e.cost
                aprils = financial_year(e.end if closed else pe) - financial_year(max(e.start, self.prices_from))
                row[self.i_cost] = f"{unit * UPLIFT ** aprils:.2f}"
                row[self.i_freq] = freq
                if units is not None:
                    row[self.i_units] = f"{units:.2f}"
                if person.full_cost and e.fields["service_type"].startswith("Long Term"):
                    row[self.i_fcc] = person.full_cost
            out.append(row)
        return out


def generate_la(job: Job) -> list[tuple[str, int]]:
    """Simulate one LA over the years asked for and write its files.  Returns (file name, rows) pairs."""
    spec = Spec.load()
    compile_tables(spec)
    la = LA(spec, job.la, job.years)
    rng = random.Random(f"{job.seed}|{job.la}|people")
    corrupter = Corrupter(spec, random.Random(f"{job.seed}|{job.la}|errors"), job.error_rate)
    builder = RowBuilder(spec, job.la, job.references, la.first_written)
    out_dir = Path(job.out_dir)
    targets = []   # [year, period end ordinal, writer, handle, name, rows]
    try:
        for year in sorted(job.years):
            for q in sorted(job.quarters):
                name = file_name(job.seed, job.la, year, q)
                fh = (out_dir / name).open("w", newline="", encoding="utf-8")
                writer = csv.writer(fh, lineterminator="\r\n")
                writer.writerow(spec.header)
                targets.append([year, quarter_end(year, q).toordinal(), writer, fh, name, 0])
        sim = Simulator(la, rng)
        stock = round(job.persons * STOCK_SHARE)
        new_per_year = max(1, job.persons - stock)
        number = 0
        for year in [None, *range(min(job.years) - 1, max(job.years) + 1)]:
            if year is None:        # the opening stock of long-term clients
                entries = [(la.window_start, True)] * stock
            else:
                start, length = fy_start(year), fy_start(year + 1) - fy_start(year)
                entries = sorted((start + rng.randrange(length), False) for _ in range(new_per_year))
            for entry, is_stock in entries:
                number += 1
                person = sim.person(number, entry, is_stock)
                if person is None:
                    continue
                for target in targets:
                    pe, writer = target[1], target[2]
                    for row in builder.rows(person, target[0], pe):
                        for out in (corrupter.apply(row, pe) if job.error_rate > 0 else (row,)):
                            writer.writerow(out)
                            target[5] += 1
    finally:
        for target in targets:
            target[3].close()
    return [(t[4], t[5]) for t in targets]


# --------------------------------------------------------------------------------------------
# command line
# --------------------------------------------------------------------------------------------
def parse_codes(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


@one_line_errors
def main(argv: list[str] | None = None) -> int:
    p = CliParser(prog="cld generate", description="Write deterministic synthetic CLD submissions "
                                "(landing contract).  See the module docstring of cld_warehouse.generator.")
    p.add_argument("--out", type=Path, required=True, help="directory to write the CSV files into")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--las", help="comma-separated LA codes (default: all 151)")
    which.add_argument("--la-count", type=int, help="N LAs picked deterministically (a fixed hash order)")
    p.add_argument("--years", default="2023", help="financial years by their starting year, comma-separated")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--quarters", default="1,2,3,4", help="cumulative quarterly files to write (default all four)")
    when.add_argument("--final-only", action="store_true", help="only the Q4 (full-year) file")
    size = p.add_mutually_exclusive_group()
    size.add_argument("--scale", type=float, default=0.01, help="fraction of England: 1.0 = ~9M rows a year in the "
                      "final files over all 151 LAs (default 0.01)")
    size.add_argument("--persons-per-la", type=int, help="persons a year per LA, instead of --scale")
    p.add_argument("--seed", type=int, default=42, help="random seed: the same seed writes the same files "
                   "(default 42)")
    p.add_argument("--error-rate", type=float, default=0.0, help="share of rows damaged on purpose (default 0)")
    p.add_argument("--no-references-for", default="", help="LA codes whose files have no Event Reference, or 'auto'")
    p.add_argument("--processes", type=positive_int, help="worker processes (default: CPUs, at most one per LA)")
    p.add_argument("--clean", action="store_true", help="first delete the CLD_*.csv files already in --out")
    p.add_argument("--demo", action="store_true", help="the shipped demo data set: " + " ".join(DEMO_ARGS))
    p.add_argument("--quiet", action="store_true", help="print only the total")
    a = p.parse_args(argv)
    if a.demo:
        fixed = ("las", "la_count", "years", "quarters", "final_only", "scale", "persons_per_la", "seed", "error_rate",
                 "no_references_for")
        changed = [f"--{k.replace('_', '-')}" for k in fixed if getattr(a, k) != p.get_default(k)]
        if changed:
            p.error(f"--demo fixes {', '.join(changed)} (only --out, --clean, --processes and --quiet go with it)")
        return main(["--out", str(a.out), *DEMO_ARGS] + (["--clean"] if a.clean else [])
                    + (["--quiet"] if a.quiet else []) + (["--processes", str(a.processes)] if a.processes else []))

    spec = Spec.load()
    if a.la_count is not None and not 1 <= a.la_count <= len(spec.la_codes):
        p.error(f"--la-count is 1-{len(spec.la_codes)}")
    if a.persons_per_la is not None and a.persons_per_la < 1:
        p.error("--persons-per-la is at least 1")
    if not a.scale > 0:
        p.error("--scale must be positive")
    if not 0 <= a.error_rate <= 1:
        p.error("--error-rate is a share, 0-1")
    if a.las:
        las = list(dict.fromkeys(parse_codes(a.las)))
    elif a.la_count:
        las = sorted(sorted(spec.la_codes, key=lambda c: _unit_hash("cld-pick", c))[:a.la_count])
    else:
        las = list(spec.la_codes)
    if a.no_references_for.strip().lower() == "auto":
        no_refs = {c for c in las if la_has_no_references(c)}
    else:
        no_refs = set(parse_codes(a.no_references_for))
    unknown = [c for c in [*las, *sorted(no_refs)] if c not in spec.la_codes]
    if unknown:
        print(f"cld generate: unknown LA code(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    try:
        years = sorted({int(y) for y in parse_codes(a.years)})
        quarters = [4] if a.final_only else sorted({int(q) for q in parse_codes(a.quarters)})
    except ValueError:
        p.error("--years and --quarters take comma-separated numbers")
    if not years or any(not 2000 <= y <= 2100 for y in years):
        p.error("--years are financial years by their starting year, e.g. 2023")
    if not quarters or any(q not in (1, 2, 3, 4) for q in quarters):
        p.error("--quarters are 1-4")
    a.out = output_folder(p.prog, "--out", a.out)
    if a.clean:
        for old in a.out.glob("CLD_*.csv"):
            old.unlink()
    jobs = [Job(la, years, quarters, a.persons_per_la or persons_for(la, a.scale, spec), a.seed, a.error_rate,
                str(a.out), la not in no_refs) for la in las]
    jobs.sort(key=lambda j: -j.persons)   # biggest first: better balance over the workers
    began = time.perf_counter()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    workers = max(1, min(len(jobs), a.processes or cpus))
    results = []
    with progress_bar(len(jobs), "generating", "LA") as bar:
        if workers > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for res in pool.map(generate_la, jobs):
                    results.extend(res)
                    bar.update(1)
        else:
            for job in jobs:
                results.extend(generate_la(job))
                bar.update(1)
    results.sort()
    total = sum(n for _, n in results)
    if not a.quiet and len(results) <= 64:
        for name, n in results:
            print(f"{name}  {n} rows")
    print(f"cld generate: {len(results)} file(s), {total} rows, {len(las)} LA(s), in {a.out} "
          f"({time.perf_counter() - began:.1f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
