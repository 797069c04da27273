"""The SALT worked scenarios (T01…T45, L01…, the LTS004 cases), end to end through the real models.

Each scenario is one person (or a few) in one LA file for 2023-24 (period 2023-04-01 →
2024-03-31, snapshot = period end).  The landed area is written directly (tests/python/
landed_area.py), then dbt builds the SALT marts once (the ones read here, what they are built
from, and their data tests); each test reads its person's rows.
Expected answers are the project's rules (the rule catalogue, seeds/rules/cld_rule_catalogue.csv):
where NHS England's code gives another answer, ours is the catalogue's (CLU-03, SEQ-02, SEQ-03,
SEQ-04, NFA-01, LTS-02, LTS001-01, EVT-07).
"""
from __future__ import annotations

import pytest

from dbt_helpers import build_warehouse, query
from landed_area import ddmmyyyy, nhs_number, write_landed_area

pytestmark = pytest.mark.warehouse_build

FILE = "CLD_716_20230401_20240331_20240420000000.csv"
# The SALT marts read here, and what they are built from.
SALT_READ = " ".join("+" + m for m in ["salt_sts001", "salt_sts002a", "salt_sts002b", "salt_lts001a", "salt_lts004",
                                        "salt_sts001_requests", "salt_sts002_episodes", "salt_lts001_people",
                                        "salt_lts004_people"])
REQ = ("Request", {"route_of_access": "Community / Other route"})
PA = "Progress to Assessment / Unplanned Review"
PSP = "Progress to Support Planning / Services"
PRS = "Progress to Reablement/ST-Max"
LTC = {"service_type": "Long Term Support: Community", "service_component": "Home Support",
       "delivery_mechanism": "Community: Direct Payment"}
LTR = {"service_type": "Long Term Support: Residential Care", "service_component": "Long Term Residential Care"}
LTN = {"service_type": "Long Term Support: Nursing Care", "service_component": "Long Term Nursing Care"}
STM = {"service_type": "Short Term Support: ST-Max", "service_component": "Reablement"}
STO = {"service_type": "Short Term Support: Other Short Term", "service_component": "Other Short Term Support"}


def req(start, end, outcome="", **extra):
    return {"event_type": "Request", "route_of_access": "Community / Other route", "event_start_date": start,
            "event_end_date": end, "event_outcome": outcome, **extra}


def asm(start, end, outcome=""):
    return {"event_type": "Assessment", "assessment_type": "Long Term Assessment", "event_start_date": start,
            "event_end_date": end, "event_outcome": outcome}


def rev(start, end, outcome="", reason="Planned"):
    return {"event_type": "Review", "review_reason": reason, "event_start_date": start, "event_end_date": end,
            "event_outcome": outcome}


def svc(kind, start, end, outcome="", **extra):
    return {"event_type": "Service", **kind, "event_start_date": start, "event_end_date": end,
            "event_outcome": outcome, **extra}


# id -> (person overrides, events)
SCENARIOS = {
    "T01": ({}, [req("2023-06-01", "2023-06-01", "NFA - Information & Advice / Signposting only")]),
    "T02": ({}, [req("2023-05-01", "2023-05-02", PA), req("2023-05-06", "2023-05-06", "NFA - Deceased")]),
    "T03": ({}, [req("2023-05-01", "2023-05-02", PA), req("2023-05-07", "2023-05-07", "NFA - Support declined")]),
    "T04": ({}, [req("2023-07-03", "2023-07-05", PA), asm("2023-07-10", "2023-07-20", PSP),
                 svc(LTC, "2023-07-22", "")]),
    "T05": ({}, [req("2023-07-25", "2023-08-01", PSP), svc(STO, "2023-08-29", "2023-09-05", "Service ended as planned")]),
    "T06": ({}, [req("2023-07-25", "2023-08-01", PSP), svc(STO, "2023-08-30", "2023-09-05", "Service ended as planned")]),
    "T07": ({}, [req("2023-08-01", "2023-08-01", PSP), svc(STO, "2023-09-15", "2023-09-30", "Service ended as planned")]),
    "T08": ({}, [req("2023-08-28", "2023-09-01", PA), svc(LTR, "2023-11-15", "")]),
    "T09": ({}, [req("2023-09-28", "2023-10-02", PA), asm("2023-10-03", "2023-10-10", PSP), svc(LTN, "2023-10-14", "")]),
    "T10": ({}, [req("2023-09-28", "2023-10-02", PA), asm("2023-10-03", "2023-10-10", PSP), svc(LTN, "2023-10-13", "")]),
    "T11": ({}, [svc(LTC, "2022-01-10", ""), req("2023-06-05", "2023-06-06", "No change in package")]),
    "T12": ({}, [svc(LTC, "2022-01-10", "2023-06-05", "Service ended as planned"), req("2023-06-05", "2023-06-06", PA)]),
    "T13": ({}, [svc(LTC, "2022-01-10", "2023-06-04", "Service ended as planned"), req("2023-06-05", "2023-06-06", PA)]),
    "T14": ({}, [req("2023-10-30", "2023-11-01", PA), asm("2023-11-02", "2023-11-09", "NFA - Support declined")]),
    "T15": ({}, [req("2023-10-30", "2023-11-01", PA), asm("2023-11-02", "2023-11-09", "NFA - Deceased"),
                 rev("2023-11-05", "2023-11-09", "NFA - 100% NHS funded care")]),
    "T16": ({}, [req("2023-10-30", "2023-11-01", PA), asm("2023-11-02", "2023-11-06", "NFA - Deceased"),
                 rev("2023-11-07", "2023-11-09", "NFA - 100% NHS funded care")]),
    "T17": ({}, [req("2023-11-29", "2023-12-01", PA), asm("2023-12-04", "2023-12-08", "Progress to End of Life Care")]),
    "T18": ({}, [req("2023-05-09", "2023-05-10", PRS), svc(STM, "2023-05-12", "2023-06-20", "Service ended as planned"),
                 svc({**LTC, "delivery_mechanism": "Community: CASSR Managed Personal Budget"}, "2023-06-22", "")]),
    "T19": ({}, [req("2023-05-09", "2023-05-10", PRS), svc(STM, "2023-05-12", "2023-06-20", "Service ended as planned"),
                 svc(LTC, "2023-06-24", "")]),
    "T31": ({}, [req("2023-05-09", "2023-05-10", PRS), svc(STM, "2023-05-12", "2023-06-20", "Service ended as planned"),
                 svc(LTC, "2023-06-24", "2023-12-31", "Service ended as planned")]),
    "T32": ({}, [req("2023-05-09", "2023-05-10", PRS), svc(STM, "2023-05-12", "2023-06-20", "Service ended as planned"),
                 rev("2023-06-21", "2023-06-21", "NFA - Moved to another LA")]),
    "T33": ({}, [req("2023-05-09", "2023-05-10", PRS), svc(STM, "2023-05-12", "2023-06-20", "NFA - Deceased"),
                 rev("2023-06-21", "2023-06-21", "Progress to End of Life Care")]),
    "T20": ({}, [req("2023-07-30", "2023-07-31", PRS), svc(STM, "2023-08-01", "2023-08-14", "Service ended as planned"),
                 svc(STM, "2023-08-15", "2023-08-31", "NFA - Support declined")]),
    "T21": ({}, [req("2023-07-30", "2023-07-31", PRS), svc(STM, "2023-08-01", "2023-08-14", "Service ended as planned"),
                 svc(STM, "2023-08-16", "2023-08-31", "NFA - Support declined")]),
    "T28": ({}, [req("2023-09-01", "2023-09-01", PRS), svc(STM, "2023-09-02", "2023-09-20", "Service ended as planned"),
                 svc(LTN, "2023-09-21", "")]),
    "T34": ({}, [req("2024-02-01", "2024-02-01", PRS), svc(STM, "2024-02-05", "")]),
    "T22": ({"date_of_death": "2023-10-10"}, [req("2023-10-01", "2023-10-05", "NFA - Deceased")]),
    "T23": ({"date_of_death": "2023-03-15"}, [req("2023-04-02", "2023-04-03", "NFA - Deceased")]),
    "T24": ({}, [req("2024-03-20", "")]),
    "T25": ({}, [req("2024-03-01", "2024-03-05", PA), req("2024-03-08", "")]),
    "T27": ({}, [req("2023-06-01", "2023-06-10", PA), asm("2023-06-05", "2023-06-12", "NFA - Support declined")]),
    "T37": ({}, [req("2023-06-01", "2023-06-02", "NFA - Support declined", route_of_access="")]),
    "T38": ({}, [req("2023-06-01", "2023-06-01", PA), asm("2023-07-31", "2023-08-05", "NFA - Support declined")]),
    "T39": ({}, [req("2023-05-31", "2023-06-01", PA), asm("2023-07-31", "2023-08-05", "NFA - Support declined")]),
    "T40": ({}, [req("2023-06-01", "2023-06-02", PSP),
                 svc({"service_type": "Short Term Support: End of Life", "service_component": "End of Life Care"},
                     "2023-06-03", "2023-06-20", "NFA - Deceased")]),
    "T41": ({}, [req("2023-06-01", "2023-06-02", "NFA - Information & Advice / Signposting only"),
                 asm("2023-06-03", "2023-06-04", PSP), req("2023-06-06", "2023-06-06", "NFA - Support declined")]),
    "T42": ({}, [req("2024-03-30", "2024-03-31", "NFA - Support declined")]),
    "T43": ({}, [req("2024-03-30", "2024-04-01", "NFA - Support declined")]),
    "T44": ({}, [req("2023-06-01", "2023-06-30", PA), req("2023-06-02", "2023-06-03", PA),
                 req("2023-06-10", "2023-06-10", "NFA - Support declined")]),
    "T45": ({}, [req("2023-06-01", "2023-06-05", PA), asm("2023-06-06", ""), svc(LTN, "2023-09-01", "2023-09-30",
                                                                                "Service ended as planned")]),
    "T29": ({}, [svc(LTC, "2022-01-01", ""), svc(STM, "2023-09-01", "2023-09-30", "Service ended as planned")]),
    "T36": ({}, [svc(LTC, "2023-09-01", ""), svc(STM, "2023-09-01", "2023-09-30", "Service ended as planned")]),
    # SEQ-08: a long-term service closes the chain — the ST-Max months into open long-term
    # community support is not the request's sequel; long-term support from the day an ST-Max
    # ends does not displace the ST-Max
    "S08A": ({}, [req("2023-06-20", "2023-08-10", PA), svc(LTC, "2023-08-20", ""),
                  svc(STM, "2024-02-24", "2024-03-10", "Service ended as planned")]),
    "S08B": ({}, [req("2023-05-09", "2023-05-10", PRS), svc(STM, "2023-05-12", "2023-06-20", "Service ended as planned"),
                  svc(LTC, "2023-06-20", "")]),
    # STS002A-02: long-term support began during the request, the ST-Max followed the request
    "A02": ({}, [req("2023-06-01", "2023-07-31", PRS), svc(LTC, "2023-07-01", ""),
                 svc(STM, "2023-08-02", "2023-08-30", "Service ended as planned")]),
    # STS002A-03: an ST-Max episode ending in hospital, nothing after it
    "A03": ({}, [req("2023-10-01", "2023-10-02", PRS), svc(STM, "2023-10-03", "2023-10-20", "Admitted to hospital")]),
    # LTS001 (age 43 unless stated)
    "L01": ({"date_of_birth": "1980-06-15"}, [svc(LTC, "2023-04-10", "2023-09-30", "Service ended as planned"),
                                              svc(LTR, "2023-10-01", "")]),
    "L04": ({"date_of_birth": "1980-06-15"}, [
        svc({**LTC, "delivery_mechanism": "Community: CASSR Commissioned Support"}, "2023-06-01", ""),
        svc(LTC, "2023-07-01", "")]),
    "L06": ({"date_of_birth": "1980-06-15"}, [svc(LTC, "2023-01-01", "2024-03-31", "Service ended as planned")]),
    "L07": ({"date_of_birth": "1980-06-15"}, [svc(LTC, "2023-01-01", "2024-03-30", "Service ended as planned")]),
    "L08": ({"date_of_birth": "1959-04-15"}, [svc(LTC, "2023-01-01", "")]),
    "L09": ({"date_of_birth": "1959-03-15"}, [svc(LTC, "2023-01-01", "")]),
    "L10": ({"date_of_birth": "1980-06-15", "date_of_death": "2024-02-01"}, [svc(LTC, "2023-01-01", "")]),
    "L11": ({"date_of_birth": "1980-06-15"}, [svc(LTR, "2021-06-01", "2023-05-31", "Service ended as planned"),
                                              svc(LTN, "2023-06-01", "")]),
    "L12": ({"date_of_birth": "1980-06-15"}, [svc(LTR, "2021-06-01", "2023-05-31", "Service ended as planned"),
                                              svc(LTN, "2023-06-02", "")]),
    "L13": ({"date_of_birth": "1980-06-15"}, [svc(LTC, "2023-03-30", "")]),
    "L14": ({"date_of_birth": "1980-06-15"}, [svc(LTC, "2023-03-31", "")]),
    "L16": ({"date_of_birth": "1980-06-15"}, [
        svc({**LTC, "delivery_mechanism": "Prison: CASSR Commissioned Support"}, "2023-06-01", "")]),
    "L21": ({"date_of_birth": "1980-06-15"}, [
        svc(LTC, "2023-06-01", ""),
        svc({**LTC, "service_component": "Day Support", "delivery_mechanism": "Community: CASSR Commissioned Support"},
            "2023-06-01", "")]),
    "L15": ({"date_of_birth": "1990-06-15", "gender": "Male", "primary_support_reason": "Learning Disability Support"}, [
        svc(LTC, "2023-05-01", "", accommodation_status="Tenant", employment_status="Unknown"),
        svc({**LTC, "service_component": "Day Support"}, "2023-09-01", "", accommodation_status="Unknown",
            employment_status="Paid: 16 or more hours a week")]),
    "L19": ({"date_of_birth": "1990-06-15", "gender": "Male", "primary_support_reason": "Learning Disability Support"}, [
        svc(LTC, "2023-06-01", "", employment_status="Paid: Less than 16 hours a week"),
        svc({**LTC, "service_component": "Day Support"}, "2023-06-01", "",
            employment_status="Not in Paid Employment (seeking work)")]),
    "L20": ({"date_of_birth": "1953-06-15", "primary_support_reason": "Learning Disability Support"},
            [svc(LTC, "2023-06-01", "")]),
}


def person_rows(seq: int, sid: str, overrides: dict, events: list[dict]) -> list[dict[str, str]]:
    person = {
        "person_unique_identifier": "L" + sid, "nhs_number": nhs_number(seq), "first_name": "Test",
        "last_name": "Person" + sid, "gender": "Female", "ethnicity": "White Irish",
        "date_of_birth": "1950-06-15", "date_of_death": "",
        "primary_support_reason": "Physical Support: Personal care support", "postcode": "ZZ1 1ZZ",
        "accommodation_status": "Tenant", "employment_status": "Unknown", "has_informal_carer": "Yes",
    }
    person.update(overrides)
    rows = []
    for e in events:
        row = {**person, **e}
        for k in ("date_of_birth", "date_of_death", "event_start_date", "event_end_date"):
            row[k] = ddmmyyyy(row.get(k))
        rows.append({k: str(v) for k, v in row.items()})
    return rows


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    work = tmp_path_factory.mktemp("salt_scenarios")
    rows = []
    for seq, (sid, (overrides, events)) in enumerate(SCENARIOS.items()):
        rows += person_rows(seq, sid, overrides, events)
    # T35: the same LA id with and without an NHS number (the second row cannot be linked)
    rows += person_rows(900, "T35", {}, [req("2023-06-01", "2023-06-01", "NFA - Support declined")])
    rows += [{**r, "nhs_number": ""} for r in person_rows(900, "T35", {}, [req("2023-09-01", "2023-09-01",
                                                                               "NFA - Deceased")])]
    write_landed_area(work, {FILE: rows})
    result = build_warehouse(None, work, select=SALT_READ)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    return work


def pid(sid: str) -> str:
    return "N" + nhs_number(list(SCENARIOS).index(sid)) if sid in SCENARIOS else "N" + nhs_number(900)


def sts001(work, sid):
    return query(work, "select cluster_start::varchar, cluster_end::varchar, sequel, sequel_method, is_counted, "
                       "route_of_access from marts.salt_sts001_requests where person_id = ? order by cluster_start",
                 [pid(sid)])


def sts002(work, sid):
    return query(work, "select episode_start_date::varchar, episode_end_date::varchar, sequel, sequel_method, "
                       "salt_table from marts.salt_sts002_episodes where person_id = ? "
                       "order by episode_start_date, salt_table",
                 [pid(sid)])


def counted_sequels(work, sid):
    return [(r[2], r[3]) for r in sts001(work, sid) if r[4]]


UNABLE = "Unable to classify"
OTHER = "No Services Provided - other reason"


@pytest.mark.parametrize("sid,expected", [
    ("T01", [("Universal Services/ Signposted to other services", "no_chronology")]),
    ("T02", [("No Services Provided - Deceased", "no_chronology")]),
    ("T03", [(UNABLE, "out_of_scope"), (OTHER, "no_chronology")]),
    ("T04", [("Long Term Support Community", "service_found")]),
    ("T05", [("Short Term Support (other)", "service_found")]),
    ("T06", [(UNABLE, "out_of_scope")]),
    ("T07", [(UNABLE, "out_of_scope")]),  # SEQ-02: the first-event window applies to same-day requests
    ("T08", [(UNABLE, "out_of_scope")]),  # SEQ-03: an open first event must start in the window
    ("T09", [(UNABLE, "own_outcome")]),
    ("T10", [("Long Term Support Nursing Care", "service_found")]),
    ("T11", []),
    ("T12", []),
    ("T13", [(UNABLE, "no_chronology")]),
    ("T14", [(OTHER, "nfa_found")]),
    ("T15", [(OTHER, "nfa_found")]),  # two distinct NFAs in the latest-ending group (NFA-01)
    ("T16", [("100% NHS Funded Care", "nfa_found")]),
    ("T17", [("End of Life", "nfa_found")]),
    ("T18", [("Short Term Support to Maximise Independence", "service_found")]),
    ("T20", [("Short Term Support to Maximise Independence", "service_found")]),
    ("T21", [("Short Term Support to Maximise Independence", "service_found")]),
    ("T28", [("Short Term Support to Maximise Independence", "service_found")]),
    ("T34", [("Short Term Support to Maximise Independence", "service_found")]),
    ("T22", [("No Services Provided - Deceased", "no_chronology")]),
    ("T23", []),
    ("T24", []),
    ("T25", []),  # CLU-03: the cluster runs past the period end
    ("T27", [(UNABLE, "no_chronology")]),
    ("T35", [(OTHER, "no_chronology")]),
    ("T37", [(OTHER, "no_chronology")]),  # STS001-02: a blank route is counted under Unknown
    ("T38", [(UNABLE, "out_of_scope")]),  # SEQ-02
    ("T39", [(UNABLE, "out_of_scope")]),
    ("T40", [("Short Term Support (other)", "service_found")]),  # End of Life service = other short term
    ("T41", [(OTHER, "no_chronology")]),
    ("T42", [(OTHER, "no_chronology")]),
    ("T43", []),
    ("T44", [(UNABLE, "no_chronology")]),  # CLU-01: running max makes one cluster
    ("T45", [("Long Term Support Nursing Care", "service_found")]),
    ("S08A", [("Long Term Support Community", "service_found")]),  # SEQ-08 (was ST-Max)
    ("S08B", [("Short Term Support to Maximise Independence", "service_found")]),  # SEQ-08
    ("A02", [("Short Term Support to Maximise Independence", "service_found")]),
])
def test_sts001_scenarios(warehouse, sid, expected):
    """Rules: AGE-03, SEQ-02, STS001-01."""
    assert counted_sequels(warehouse, sid) == expected


def test_T37_blank_route_is_counted_as_unknown(warehouse):
    """Rules: STS001-02."""
    assert [r[5] for r in sts001(warehouse, "T37")] == ["Unknown"]


def test_T44_running_max_gives_one_cluster_to_the_longest_end(warehouse):
    """Rules: CLU-01."""
    assert [(r[0], r[1]) for r in sts001(warehouse, "T44")] == [("2023-06-01", "2023-06-30")]


LTS_ANY = "Long Term Support (any setting)"
NSP_OTHER = "No services provided – other"


@pytest.mark.parametrize("sid,expected", [
    ("T18", [("sts002a", LTS_ANY, "service_found")]),
    ("T19", [("sts002a", NSP_OTHER, "out_of_scope")]),  # SEQ-03
    ("T31", [("sts002a", NSP_OTHER, "out_of_scope")]),
    ("T32", [("sts002a", NSP_OTHER, "nfa_found")]),
    ("T33", [("sts002a", "Early cessation of service (not leading to long term support) - 100% NHS funded "
                         "care/End of Life/deceased", "own_outcome")]),
    ("T20", [("sts002a", "No services provided – needs identified but support declined", "no_chronology")]),
    ("T21", [("sts002a", NSP_OTHER, "out_of_scope"),  # own outcome Service ended as planned (M3)
             ("sts002a", "No services provided – needs identified but support declined", "no_chronology")]),
    ("T28", [("sts002a", LTS_ANY, "service_found")]),
    ("T34", []),
    ("T29", [("sts002b", NSP_OTHER, "no_chronology")]),
    ("T36", [("sts002b", NSP_OTHER, "no_chronology")]),
    ("S08A", [("sts002b", NSP_OTHER, "no_chronology")]),  # SEQ-08: not the request's sequel, so not STS002a
    ("S08B", [("sts002a", LTS_ANY, "service_found")]),
    # STS002A-02: new client by the request, in long-term support at the episode start → both tables
    ("A02", [("sts002a", NSP_OTHER, "no_chronology"), ("sts002b", NSP_OTHER, "no_chronology")]),
    ("A03", [("sts002a", NSP_OTHER, "no_chronology")]),  # STS002A-03: Admitted to hospital → M3 other
])
def test_sts002_scenarios(warehouse, sid, expected):
    """Rules: STS002A-01, STS002B-01."""
    assert [(r[4], r[2], r[3]) for r in sts002(warehouse, sid)] == expected


def lts(work, sid):
    rows = query(work, "select is_in_lts001a, is_in_lts001b, is_in_lts001c, support_setting_in_period, "
                       "support_setting_at_snapshot from marts.salt_lts001_people where person_id = ?", [pid(sid)])
    return rows[0] if rows else None


@pytest.mark.parametrize("sid,expected", [
    ("L01", (True, True, False, "Residential", "Residential")),
    # LTS001-01: a Direct Payment mixed with commissioned support is Part Direct Payment (NHS code: Direct Payment)
    ("L04", (True, True, False, "Community: Part Direct Payment", "Community: Part Direct Payment")),
    ("L06", (True, True, True, "Community: Direct Payment", "Community: Direct Payment")),
    ("L07", (True, False, False, "Community: Direct Payment", None)),
    ("L10", (True, False, False, "Community: Direct Payment", None)),
    ("L11", (True, True, True, "Nursing", "Nursing")),
    ("L12", (True, True, False, "Nursing", "Nursing")),
    ("L13", (True, True, True, "Community: Direct Payment", "Community: Direct Payment")),
    ("L14", (True, True, True, "Community: Direct Payment", "Community: Direct Payment")),  # LTS-02: on or before
    ("L16", (True, True, False, "Prison: CASSR Commissioned Support", "Prison: CASSR Commissioned Support")),
    ("L21", (True, True, False, "Community: Part Direct Payment", "Community: Part Direct Payment")),  # LTS001-01
])
def test_lts001_scenarios(warehouse, sid, expected):
    """Rules: LTS-02, LTS001A-01, LTS001B-01, LTS001C-01, LTS001-01."""
    assert lts(warehouse, sid) == expected


@pytest.mark.parametrize("sid,band", [("L08", "18-64"), ("L09", "65+")])
def test_lts001_age_bands_L08_L09(warehouse, sid, band):
    """Rules: AGE-02."""
    assert query(warehouse, "select age_band_at_period_end from marts.salt_lts001_people where person_id = ?",
                 [pid(sid)]) == [(band,)]


@pytest.mark.parametrize("sid,expected", [
    ("L15", ("Paid: 16 or more hours a week", "Unknown")),
    ("L19", ("Unknown", "Tenant")),
    ("L20", None),
])
def test_lts004_scenarios(warehouse, sid, expected):
    """Rules: LTS004-01, LTS004-02."""
    rows = query(warehouse, "select employment_status, accommodation_status from marts.salt_lts004_people "
                            "where person_id = ?", [pid(sid)])
    assert (rows[0] if rows else None) == expected


def test_tables_are_zero_filled_for_the_la_and_england(warehouse):
    """Rules: SALT-01."""
    for table in ["salt_sts001", "salt_sts002a", "salt_sts002b", "salt_lts001a", "salt_lts004"]:
        las = {r[0] for r in query(warehouse, f"select distinct la_code from marts.{table}")}
        assert las == {"716", "ENG"}, table
