"""Deterministic synthetic CLD submissions, following the landing contract.

    cld generate --out DIR [--las 716,318 | --la-count N] [--years 2023] [--quarters 1,2,3,4 | --final-only]
                 [--scale 0.01 | --persons-per-la N] [--seed 42] [--error-rate 0.0]
    cld generate --out data/demo/landing --demo          # the shipped demo data (byte-identical)

Every value is synthetic: NHS numbers come from the 999 test range with valid check digits,
names are invented, postcodes use the unused area letters `QX` (format-valid, never real).

For each LA and reporting year it simulates people over the year — new clients (request →
no further action, or → assessment → services, or → ST-Max reablement → nothing / long-term
support / hospital), existing long-term clients (planned reviews, service changes, moves into
residential or nursing care, deaths), Learning Disability clients aged 18–64 with accommodation
and employment, costs in every cost frequency — then writes the cumulative quarterly files:
the Qn file holds every event that started by the Qn period end and had not ended before 1
April; events still running at the Qn end are open (blank end date and outcome).  Later files
therefore supersede earlier ones: open events get end dates, and a few events are corrected
(an earlier file carries a different service component or route of access).

Volumes: per LA in proportion to a synthetic size weight (0.3–3.0, derived from a hash of the
LA code — not real LA sizes); `--scale 1.0` ≈ 9 million event rows in one year's final files
over the 151 LAs.  Written person by person (memory stays bounded), LAs in parallel.

Error injection (`--error-rate`, 0 for the demo): per row, with that probability, one of:
invalid list value, guidance spelling or case/space/dash variant, impossible or non-date
text, future end date, end before start, missing mandatory item, bad NHS number, duplicate
row, inconsistent person detail, cost written with £ and a thousands separator.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import os
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from cld_warehouse.nhs_number import test_range_numbers

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
ROWS_PER_PERSON = 3.4           # observed average events per person in a final file
NATIONAL_ROWS = 9_000_000       # scale 1.0: one year's final files, all 151 LAs
DEMO = {"las": ["716", "318", "908", "213"], "years": [2023], "persons": {"716": 900, "318": 650, "908": 500,
                                                                         "213": 1100},
        "no_reference_la": "908", "seed": 42}

FIRST_NAMES = ["Alder", "Brinley", "Caelan", "Dovey", "Elsin", "Farran", "Gethin", "Halsey", "Ilsa", "Jory",
               "Kestrel", "Linnet", "Merrow", "Nerys", "Orrin", "Perrin", "Quenby", "Rowan", "Sorrel", "Tamsin",
               "Ulla", "Verity", "Wren", "Yarrow", "Zennor"]
LAST_NAMES = ["Ashcombe", "Brackenridge", "Coldharbour", "Dunmarsh", "Eastwold", "Fernleigh", "Greyholme",
              "Hollowell", "Ivybridge-Test", "Juniper", "Kettleby", "Larkspur", "Moorcroft", "Nettlebed",
              "Oakhanger", "Pebbleton", "Quarrendon", "Rushmere", "Saltmarsh", "Thornby", "Underhill",
              "Vale-Synthetic", "Whitlow", "Yelverton"]


def read_seed(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def list_values() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in read_seed(SEEDS / "spec" / "cld_defined_list_values.csv"):
        if row["is_guidance_only"] != "true":
            out.setdefault(row["list_name"], []).append(row["canonical_value"])
    return out


def guidance_spellings() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for row in read_seed(SEEDS / "spec" / "cld_defined_list_aliases.csv"):
        if row["spelling_source"] == "guidance" and row["spelling"] != row["canonical_value"]:
            out.setdefault(row["list_name"], []).append((row["canonical_value"], row["spelling"]))
    return out


def la_weight(la_code: str) -> float:
    """Synthetic size weight of an LA (0.3–3.0), deterministic from its code — not a real size."""
    h = int(hashlib.sha256(f"cld-size-{la_code}".encode()).hexdigest(), 16)
    return 0.3 + (h % 2701) / 1000


@dataclass
class Event:
    event_type: str
    start: date
    end: date | None
    outcome: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    earlier_fields: dict[str, str] = field(default_factory=dict)  # a correction: shown before the final file
    reference: str = ""


@dataclass
class Person:
    details: dict[str, str]
    date_of_death: date | None
    events: list[Event]


class PersonFactory:
    def __init__(self, rng: random.Random, lists: dict[str, list[str]], la: str, year: int, nhs_offset: int):
        self.rng = rng
        self.lists = lists
        self.la = la
        self.fy_start = date(year, 4, 1)
        self.fy_end = date(year + 1, 3, 31)
        self.nhs = test_range_numbers(nhs_offset)
        self.count = 0
        self.event_count = 0

    # -- helpers ------------------------------------------------------------------------------
    def pick(self, list_name: str, weights: dict[str, float] | None = None) -> str:
        values = self.lists[list_name]
        if not weights:
            return self.rng.choice(values)
        return self.rng.choices(values, [weights.get(v, 1.0) for v in values])[0]

    def day_in_year(self, lo: int = 0, hi: int = 364) -> date:
        return self.fy_start + timedelta(days=self.rng.randint(lo, hi))

    def ref(self) -> str:
        self.event_count += 1
        return f"EV{self.la}-{self.fy_start.year}-{self.event_count:07d}"

    def cost(self, service_type: str, mechanism: str, component: str) -> dict[str, str]:
        rng = self.rng
        if service_type.startswith("Short Term") and component not in ("Short Term Residential Care",
                                                                       "Short Term Nursing Care"):
            if rng.random() < 0.7:
                return {}
        if mechanism.endswith("CASSR Commissioned Support") and rng.random() < 0.3:
            return {}
        if component == "Equipment":
            return {"unit_cost": f"{rng.uniform(40, 900):.2f}", "cost_frequency": "One-off"}
        freq = rng.choices(["Weekly", "Hourly", "Daily", "Per Session", "Fortnightly", "4-weekly", "Monthly",
                            "Quarterly", "Annually", "One-off"], [40, 20, 8, 6, 6, 5, 8, 3, 3, 1])[0]
        weekly = rng.uniform(150, 1400) if "Residential" in service_type or "Nursing" in service_type \
            else rng.uniform(60, 600)
        out = {"cost_frequency": freq}
        if freq in ("Hourly", "Daily", "Per Session"):
            units = {"Hourly": rng.choice([3, 5, 7, 10, 14, 21]), "Daily": rng.choice([1, 2, 3, 5, 7]),
                     "Per Session": rng.choice([1, 2, 3])}[freq]
            out["planned_units_per_week"] = f"{units:.2f}"
            out["unit_cost"] = f"{weekly / units:.2f}"
        else:
            factor = {"Weekly": 1, "Fortnightly": 2, "4-weekly": 4, "Monthly": 52 / 12, "Quarterly": 13,
                      "Annually": 52, "One-off": 1}[freq]
            out["unit_cost"] = f"{weekly * factor:.2f}"
        if service_type.startswith("Long Term") and rng.random() < 0.5:
            out["full_cost_client"] = rng.choice(["Yes", "No", "No", "No"])
        return out

    def service(self, kind: str, start: date, end: date | None, outcome: str = "") -> Event:
        rng = self.rng
        if kind == "stmax":
            f = {"service_type": "Short Term Support: ST-Max", "service_component": "Reablement"}
        elif kind == "residential":
            f = {"service_type": "Long Term Support: Residential Care", "service_component": "Long Term Residential Care"}
        elif kind == "nursing":
            f = {"service_type": "Long Term Support: Nursing Care", "service_component": "Long Term Nursing Care"}
        elif kind == "other_short":
            f = {"service_type": "Short Term Support: Other Short Term",
                 "service_component": rng.choice(["Short Term Residential Care", "Other Short Term Support",
                                                  "Emergency Support"])}
        elif kind == "low_level":
            f = {"service_type": "Short Term Support: Ongoing Low Level",
                 "service_component": rng.choice(["Equipment", "Meals", "Transport", "Professional Support"])}
        else:
            mechanism = rng.choices(["Community: Direct Payment", "Community: CASSR Managed Personal Budget",
                                     "Community: CASSR Commissioned Support", "Prison: CASSR Commissioned Support"],
                                    [25, 20, 54, 1])[0]
            component = "Direct Payment" if mechanism == "Community: Direct Payment" and rng.random() < 0.5 else \
                rng.choice(["Home Support", "Home Support", "Day Support", "Community Supported Living",
                            "Shared Lives", "Other Long Term Support"])
            f = {"service_type": "Long Term Support: Community", "service_component": component,
                 "delivery_mechanism": mechanism}
        if f["service_type"].startswith("Long Term") or f["service_component"] in ("Short Term Residential Care",):
            if rng.random() < 0.6:
                f["provider_location_name"] = f"Synthetic Care Location {rng.randint(1, 400)}"
                f["provider_cqc_id"] = f"1-{rng.randint(100000000, 999999999)}"
        f.update(self.cost(f["service_type"], f.get("delivery_mechanism", ""), f["service_component"]))
        return Event("Service", start, end, outcome, f, reference=self.ref())

    def request(self, start: date, end: date, outcome: str) -> Event:
        route = self.pick("route_of_access", {"Community / Other route": 8, "Discharge from Hospital": 5,
                                              "Diversion from Hospital Services": 1, "Planned Entry (Transition)": 1})
        return Event("Request", start, end, outcome, {"route_of_access": route}, reference=self.ref())

    def assessment(self, start: date, end: date | None, outcome: str, long_term: bool = True) -> Event:
        f = {"assessment_type": "Long Term Assessment" if long_term else "Short Term Assessment"}
        if long_term and self.rng.random() < 0.7:
            f["eligible_needs_identified"] = self.pick("eligible_needs_identified")
        if self.rng.random() < 0.5:
            f["carer_involved_in_assessment"] = self.pick("informal_carer_involved_in_assessment")
        return Event("Assessment", start, end, outcome, f, reference=self.ref())

    def review(self, start: date, end: date | None, outcome: str, reason: str = "Planned") -> Event:
        f = {"review_reason": reason}
        if self.rng.random() < 0.5:
            f["review_outcomes_achieved"] = self.pick("review_outcomes_achieved")
        return Event("Review", start, end, outcome, f, reference=self.ref())

    # -- people -------------------------------------------------------------------------------
    def details(self) -> dict[str, str]:
        rng = self.rng
        self.count += 1
        older = rng.random() < 0.7
        age = rng.randint(66, 99) if older else rng.randint(19, 64)  # adults on every day of the year
        dob = date(self.fy_start.year - age, rng.randint(1, 12), rng.randint(1, 28))
        ld = not older and rng.random() < 0.3
        psr = "Learning Disability Support" if ld else self.pick("primary_support_reason", {
            "Physical Support: Personal care support": 10, "Physical Support: Access & mobility only": 3,
            "Support with Memory & Cognition": 4, "Mental Health Support": 3, "Learning Disability Support": 0,
            "Social Support: Asylum seeker support": 0.1, "PSR Not Known": 0.5})
        d = {
            "person_unique_identifier": f"P{self.la}{self.count:07d}",
            "nhs_number": "" if rng.random() < 0.03 else next(self.nhs),
            "first_name": rng.choice(FIRST_NAMES), "last_name": rng.choice(LAST_NAMES),
            "gender": rng.choices(["Female", "Male", "Not known"], [56, 43, 1])[0],
            "ethnicity": self.pick("ethnicity", {"White (English / Welsh / Scottish / Northern Irish / British)": 40,
                                                 "Undeclared / Not known": 3}),
            "date_of_birth": dob.strftime("%d/%m/%Y"),
            "primary_support_reason": psr,
            "postcode": f"QX{rng.randint(1, 99)} {rng.randint(0, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
                        f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
            "has_informal_carer": rng.choices(["Yes", "No", "Not known"], [45, 40, 15])[0],
        }
        if rng.random() < 0.6:
            d["gp_practice_code"] = f"Q{rng.randint(10000, 99999)}"
            d["gp_practice_name"] = f"Synthetic Surgery {rng.randint(1, 300)}"
        if ld or rng.random() < 0.5:
            d["accommodation_status"] = self.pick("accommodation_status", {
                "Owner occupier or shared ownership scheme": 10, "Tenant": 8, "Registered care home": 4,
                "Settled mainstream housing with family / friends": 8, "Unknown": 3})
            d["employment_status"] = self.pick("employment_status", {"Not in Paid Employment (not actively seeking work / retired)": 10,
                                                                     "Unknown": 3})
        for item in ("autism_spectrum_disorder", "visual_impairment", "hearing_impairment", "dementia"):
            if rng.random() < 0.4:
                d[item] = self.pick(item)
        return d

    def new_client(self) -> list[Event]:
        rng = self.rng
        start = self.day_in_year(0, 350)
        end = start + timedelta(days=rng.choice([0, 0, 1, 2, 3]))
        branch = rng.random()
        if branch < 0.35:
            outcome = rng.choice(["NFA - Information & Advice / Signposting only", "NFA - Support declined",
                                  "NFA - Self-funded client (inc 12wk disregard)", "NFA - No services offered: Other reason",
                                  "NFA - Moved to another LA", "NFA - 100% NHS funded care"])
            return [self.request(start, end, outcome)]
        if branch < 0.60:
            events = [self.request(start, end, "Progress to Reablement/ST-Max")]
            s = end + timedelta(days=rng.randint(1, 5))
            e = s + timedelta(days=rng.randint(14, 42))
            after = rng.random()
            if after < 0.45:
                events.append(self.service("stmax", s, e, rng.choice(["Service ended as planned", "NFA - Support declined"])))
            elif after < 0.75:
                events.append(self.service("stmax", s, e, "Service ended as planned"))
                events.append(self.service("community", e + timedelta(days=rng.randint(0, 3)), None))
            elif after < 0.85:
                events.append(self.service("stmax", s, e, "Admitted to hospital"))
            else:
                events.append(self.service("stmax", s, e, "Service ended as planned"))
                events.append(self.service(rng.choice(["low_level", "other_short"]), e + timedelta(days=1),
                                           e + timedelta(days=rng.randint(10, 60)), "Service ended as planned"))
            return events
        events = [self.request(start, end, "Progress to Assessment / Unplanned Review")]
        a_start = end + timedelta(days=rng.randint(0, 20))
        a_end = a_start + timedelta(days=rng.randint(1, 30))
        if rng.random() < 0.2:
            events.append(self.assessment(a_start, a_end, rng.choice(["NFA - Support declined",
                                                                      "NFA - Self-funded client (inc 12wk disregard)"])))
            return events
        events.append(self.assessment(a_start, a_end, "Progress to Support Planning / Services"))
        kind = rng.choices(["community", "residential", "nursing"], [70, 20, 10])[0]
        s_start = a_end + timedelta(days=rng.randint(0, 3))
        ends = rng.random() < 0.15
        s_end = s_start + timedelta(days=rng.randint(20, 200)) if ends else None
        events.append(self.service(kind, s_start, s_end, "Service ended as planned" if ends else ""))
        r_start = s_start + timedelta(days=rng.randint(42, 84))
        if s_end is None or r_start < s_end:
            events.append(self.review(r_start, r_start + timedelta(days=rng.randint(0, 5)), "No change in package"))
        return events

    def existing_client(self) -> list[Event]:
        rng = self.rng
        kind = rng.choices(["community", "residential", "nursing"], [70, 20, 10])[0]
        started = self.fy_start - timedelta(days=rng.randint(30, 5 * 365))
        service = self.service(kind, started, None)
        events = [service]
        r = self.day_in_year(0, 330)
        events.append(self.review(r, r + timedelta(days=rng.randint(0, 10)), "No change in package"))
        change = rng.random()
        if change < 0.15 and kind == "community":
            c = self.day_in_year(30, 330)
            service.end, service.outcome = c, "Service ended as planned"
            events.append(self.service("community", c + timedelta(days=rng.choice([0, 1])), None))
        elif change < 0.25 and kind == "community":
            u = self.day_in_year(30, 300)
            events.append(self.review(u, u + timedelta(days=2), "Progress to Re-assessment",
                                      "Unplanned - Hospital (Planned and unplanned episodes)"))
            service.end, service.outcome = u + timedelta(days=3), "Service ended as planned"
            events.append(self.service(rng.choice(["residential", "nursing"]), u + timedelta(days=4), None))
        elif change < 0.35 and kind == "community":
            h = self.day_in_year(10, 300)  # back from hospital: reablement on top of the package
            events.append(self.review(h, h + timedelta(days=1), "Progress to Reablement/ST-Max",
                                      "Unplanned - Hospital (Planned and unplanned episodes)"))
            s = h + timedelta(days=rng.randint(1, 3))
            events.append(self.service("stmax", s, s + timedelta(days=rng.randint(10, 42)),
                                       rng.choice(["Service ended as planned", "NFA - Support ended: Other reason"])))
        return events


def simulate(factory: PersonFactory) -> Person:
    rng = factory.rng
    details = factory.details()
    events = factory.existing_client() if rng.random() < 0.3 else factory.new_client()
    death = None
    if rng.random() < 0.05:
        last_start = max(e.start for e in events)
        lo = max(last_start, factory.fy_start)
        if lo < factory.fy_end:
            death = lo + timedelta(days=rng.randint(0, (factory.fy_end - lo).days))
            for e in events:
                if e.end is None or e.end > death:
                    e.end, e.outcome = death, "NFA - Deceased"
    for e in events:  # nothing ends after the year: a later end is still open at the year end
        if e.end is not None and e.end > factory.fy_end:
            e.end, e.outcome = None, ""
    for e in events:  # a few corrections: earlier files carried another value
        if rng.random() < 0.04:
            if e.event_type == "Service" and e.fields.get("service_type", "").startswith("Long Term Support: Community"):
                e.earlier_fields = {"service_component": "Other Long Term Support"}
            elif e.event_type == "Request":
                e.earlier_fields = {"route_of_access": "Community / Other route"}
    return Person(details, death, events)


class Corrupter:
    """Deterministic error injection for test submissions."""

    def __init__(self, rng: random.Random, rate: float, aliases: dict[str, list[tuple[str, str]]]):
        self.rng, self.rate, self.aliases = rng, rate, aliases
        self.kinds = ["invalid_list", "guidance_spelling", "case_variant", "bad_date", "future_date",
                      "end_before_start", "missing_mandatory", "bad_nhs", "duplicate", "inconsistent_person",
                      "pound_cost"]

    def apply(self, row: dict[str, str], period_end: date) -> list[dict[str, str]]:
        if self.rate <= 0 or self.rng.random() >= self.rate:
            return [row]
        kind = self.rng.choice(self.kinds)
        row = dict(row)
        if kind == "invalid_list":
            row["gender" if self.rng.random() < 0.5 else "ethnicity"] = "Not a listed value"
        elif kind == "guidance_spelling":
            for list_name, col in (("event_type", "event_type"), ("gender", "gender"), ("event_outcome", "event_outcome")):
                for canonical, spelling in self.aliases.get(list_name, []):
                    if row.get(col) == canonical:
                        row[col] = spelling
                        return [row]
            row["event_type"] = row["event_type"] + "s"
        elif kind == "case_variant":
            row["event_type"] = "  " + row["event_type"].upper() + " "
        elif kind == "bad_date":
            row["event_start_date"] = self.rng.choice(["31/02/2023", "2023-13-01", "soon", "00/00/0000"])
        elif kind == "future_date":
            row["event_end_date"] = (period_end + timedelta(days=45)).strftime("%d/%m/%Y")
        elif kind == "end_before_start":
            start = datetime.strptime(row["event_start_date"], "%d/%m/%Y").date()
            row["event_end_date"] = (start - timedelta(days=5)).strftime("%d/%m/%Y")
        elif kind == "missing_mandatory":
            row[self.rng.choice(["ethnicity", "event_start_date", "event_type", "date_of_birth"])] = ""
        elif kind == "bad_nhs":
            nhs = row.get("nhs_number") or "9990000018"
            row["nhs_number"] = self.rng.choice([nhs[:9], nhs[:9] + str((int(nhs[9]) + 1) % 10)])
        elif kind == "duplicate":
            return [row, dict(row)]
        elif kind == "inconsistent_person":
            row["date_of_birth"] = "01/01/1930"
        elif kind == "pound_cost":
            if row.get("unit_cost"):
                row["unit_cost"] = f"£{float(row['unit_cost']) + 1000:,.2f}"
            else:
                row["postcode"] = "NOT A POSTCODE"
        return [row]


def quarter_end(year: int, q: int) -> date:
    return {1: date(year, 6, 30), 2: date(year, 9, 30), 3: date(year, 12, 31), 4: date(year + 1, 3, 31)}[q]


def submitted_at(year: int, q: int, rng: random.Random) -> datetime:
    end = quarter_end(year, q)
    return datetime.combine(end + timedelta(days=rng.randint(20, 40)), datetime.min.time()) + \
        timedelta(hours=rng.randint(8, 17), minutes=rng.randint(0, 59), seconds=rng.randint(0, 59))


def generate_la(args: tuple) -> list[tuple[str, int]]:
    la, la_index, year, quarters, persons, seed, error_rate, out_dir, with_references = args
    lists = list_values()
    items = read_seed(SEEDS / "spec" / "cld_data_items.csv")
    header = [i["template_column_name"] for i in items]
    columns = [i["column_name"] for i in items]
    rng = random.Random(f"{seed}|{la}|{year}")
    factory = PersonFactory(rng, lists, la, year, nhs_offset=(la_index * 6113) % 1_000_000)
    meta_rng = random.Random(f"{seed}|{la}|{year}|files")
    corrupter = Corrupter(random.Random(f"{seed}|{la}|{year}|errors"), error_rate, guidance_spellings())
    fy_start = date(year, 4, 1)
    files, writers, counts = {}, {}, {}
    for q in quarters:
        name = (f"CLD_{la}_{fy_start:%Y%m%d}_{quarter_end(year, q):%Y%m%d}_"
                f"{submitted_at(year, q, meta_rng):%Y%m%d%H%M%S}.csv")
        fh = (Path(out_dir) / name).open("w", newline="", encoding="utf-8")
        files[q], writers[q], counts[q] = fh, csv.writer(fh, lineterminator="\r\n"), 0
        writers[q].writerow(header)
    try:
        for _ in range(persons):
            person = simulate(factory)
            for q in quarters:
                pe = quarter_end(year, q)
                for e in sorted(person.events, key=lambda ev: (ev.start, ev.event_type)):
                    if e.start > pe or (e.end is not None and e.end < fy_start):
                        continue
                    closed = e.end is not None and e.end <= pe
                    row = dict(person.details)
                    if person.date_of_death and person.date_of_death <= pe:
                        row["date_of_death"] = person.date_of_death.strftime("%d/%m/%Y")
                    row.update(e.fields)
                    if q != max(quarters) and e.earlier_fields:
                        row.update(e.earlier_fields)
                    row.update({"event_type": e.event_type, "event_reference": e.reference if with_references else "",
                                "event_start_date": e.start.strftime("%d/%m/%Y"),
                                "event_end_date": e.end.strftime("%d/%m/%Y") if closed else "",
                                "event_outcome": e.outcome if closed else ""})
                    for out in corrupter.apply(row, pe):
                        writers[q].writerow([out.get(c, "") for c in columns])
                        counts[q] += 1
    finally:
        for fh in files.values():
            fh.close()
    return [(Path(files[q].name).name, counts[q]) for q in quarters]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="cld generate", description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--las", help="comma-separated LA codes")
    p.add_argument("--la-count", type=int, help="the first N LAs of a deterministic shuffle")
    p.add_argument("--years", default="2023", help="financial years (start year), comma-separated")
    p.add_argument("--quarters", default="1,2,3,4")
    p.add_argument("--final-only", action="store_true", help="only the Q4 (full-year) file")
    p.add_argument("--scale", type=float, default=0.001, help="fraction of England (1.0 ≈ 9M rows a year)")
    p.add_argument("--persons-per-la", type=int)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--error-rate", type=float, default=0.0)
    p.add_argument("--no-references-for", default="", help="LA codes whose files carry no Event Reference")
    p.add_argument("--processes", type=int, default=None)
    p.add_argument("--demo", action="store_true", help="write the shipped demo data set")
    a = p.parse_args(argv)
    all_las = [r["la_code"] for r in read_seed(SEEDS / "reference" / "cld_local_authorities.csv")]
    persons_override: dict[str, int] = {}
    if a.demo:
        las, years, quarters, seed = DEMO["las"], DEMO["years"], [1, 2, 3, 4], DEMO["seed"]
        persons_override = DEMO["persons"]
        no_refs = {DEMO["no_reference_la"]}
        error_rate = 0.0
    else:
        if a.las:
            las = [x.strip() for x in a.las.split(",") if x.strip()]
        elif a.la_count:
            shuffled = sorted(all_las, key=lambda c: hashlib.sha256(f"{a.seed}{c}".encode()).hexdigest())
            las = sorted(shuffled[:a.la_count])
        else:
            las = all_las
        unknown = [la for la in las if la not in all_las]
        if unknown:
            print(f"cld generate: unknown LA code(s) {unknown}", file=sys.stderr)
            return 2
        years = [int(y) for y in a.years.split(",")]
        quarters = [4] if a.final_only else sorted(int(q) for q in a.quarters.split(","))
        seed, error_rate = a.seed, a.error_rate
        no_refs = {x.strip() for x in a.no_references_for.split(",") if x.strip()}
    total_weight = sum(la_weight(c) for c in all_las)
    a.out.mkdir(parents=True, exist_ok=True)
    jobs = []
    for year in years:
        for la in las:
            if la in persons_override:
                persons = persons_override[la]
            elif a.persons_per_la:
                persons = a.persons_per_la
            else:
                persons = max(1, round(a.scale * NATIONAL_ROWS / ROWS_PER_PERSON * la_weight(la) / total_weight))
            jobs.append((la, all_las.index(la), year, quarters, persons, seed, error_rate, str(a.out), la not in no_refs))
    workers = a.processes or min(len(jobs), os.cpu_count() or 1)
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = [r for res in pool.map(generate_la, jobs) for r in res]
    else:
        results = [r for job in jobs for r in generate_la(job)]
    total = sum(n for _, n in results)
    if len(results) <= 40:
        for name, n in results:
            print(f"{name}: {n} rows")
    print(f"cld generate: {len(results)} file(s), {total} rows in {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
