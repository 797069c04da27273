"""ASCOF worked scenarios (ascof_and_pipeline.md §8: T13, T14, T15, T17), end to end.

One LA file for 2024-25 (period 2024-04-01 → 2025-03-31); each scenario person is distinct;
dbt builds once (the ASCOF marts read here, what they are built from, and their data tests) and
each test reads ascof_measure_members / ascof_measures.  Expected answers
are the DHSC method's, adapted to v4.2 values (rule catalogue ASCOF-* rows).
"""
from __future__ import annotations

import pytest

from dbt_helpers import build_warehouse, query
from landed_area import ddmmyyyy, nhs_number, write_landed_area

pytestmark = pytest.mark.warehouse_build

FILE = "CLD_716_20240401_20250331_20250420000000.csv"
ASCOF_READ = "+ascof_measures +ascof_measure_members +ascof_2a_episodes +ascof_2e_people"
STM = {"service_type": "Short Term Support: ST-Max", "service_component": "Reablement"}
LTC = {"service_type": "Long Term Support: Community", "service_component": "Home Support",
       "delivery_mechanism": "Community: CASSR Commissioned Support"}
LTR = {"service_type": "Long Term Support: Residential Care", "service_component": "Long Term Residential Care"}
LTN = {"service_type": "Long Term Support: Nursing Care", "service_component": "Long Term Nursing Care"}


def svc(kind, start, end, outcome="", **extra):
    return {"event_type": "Service", **kind, "event_start_date": start, "event_end_date": end,
            "event_outcome": outcome, **extra}


PEOPLE = {
    # T13 — ASCOF 2A (born 1954-01, age 70)
    "P1": ({"date_of_birth": "1954-01-15"}, [svc(STM, "2024-05-01", "2024-05-20", "No change in package"),
                                             svc(STM, "2024-05-25", "2024-06-10", "Progress to Support Planning / Services"),
                                             svc(LTC, "2024-06-12", "")]),
    "P2": ({"date_of_birth": "1954-01-15"}, [svc(STM, "2024-07-01", "2024-07-28", "Service ended as planned")]),
    "P3": ({"date_of_birth": "1954-01-15"}, [svc(LTC, "2024-01-01", ""), svc(STM, "2024-08-01", "2024-08-30",
                                                                              "Service ended as planned")]),
    "P4": ({"date_of_birth": "1954-01-15", "date_of_death": "2024-09-25"},
           [svc(STM, "2024-09-01", "2024-09-21", "Service ended as planned")]),
    "P5": ({"date_of_birth": "1954-01-15"}, [svc(STM, "2025-03-20", "")]),
    "P6": ({"date_of_birth": "1954-01-15"}, [svc(STM, "2024-10-01", "2024-10-20", "Admitted to hospital")]),
    "P7": ({"date_of_birth": "1954-01-15"}, [svc(LTC, "2024-01-10", "2024-03-01", "Service ended as planned"),
                                             svc(STM, "2024-08-01", "2024-08-20",
                                                 "NFA - Information & Advice / Signposting only")]),
    # T14 — ASCOF 2B/2C
    "Q2": ({"date_of_birth": "1950-01-15"}, [svc(LTR, "2024-07-01", "")]),
    "Q3": ({"date_of_birth": "1950-01-15"}, [svc(LTN, "2024-05-01", "2024-08-01",
                                                 "NFA - Self-funded client (inc 12wk disregard)")]),
    "Q4": ({"date_of_birth": "1950-01-15"}, [svc({**LTR, "service_component": "Short Term Residential Care"},
                                                 "2024-06-01", "")]),
    "Q5": ({"date_of_birth": "1984-06-15"}, [svc(LTR, "2024-09-15", "")]),
    "Q6": ({"date_of_birth": "2007-03-15"}, [svc(LTN, "2024-04-10", "")]),
    "Q7": ({"date_of_birth": "1950-01-15"}, [svc({**LTR, "service_component": ""}, "2024-05-01", "")]),
    # T15 — ASCOF 2E (all clients)
    "A": ({"date_of_birth": "1984-06-15", "gender": "Male", "accommodation_status": "Tenant"},
          [svc(LTC, "2024-05-01", "")]),
    "C": ({"date_of_birth": "1975-01-15", "gender": "Female", "accommodation_status": "Unknown"},
          [svc(LTC, "2024-06-01", "2025-01-31", "Service ended as planned")]),
    "B": ({"date_of_birth": "1944-05-15", "gender": "Female", "accommodation_status": "Registered care home"},
          [svc({**LTR, "service_component": ""}, "2023-01-01", "")]),
    "F": ({"date_of_birth": "1950-02-15", "gender": "Male",
           "accommodation_status": "Owner occupier or shared ownership scheme"},
          [svc(LTC, "2024-04-01", "2024-12-31", "Service ended as planned")]),
    "D": ({"date_of_birth": "2007-06-15", "gender": "Female", "accommodation_status": "Tenant - private landlord"},
          [svc(LTC, "2024-10-01", "")]),
    # T17 — ASCOF 3D (born 1955-01, age 70)
    "R1": ({"date_of_birth": "1955-01-15"}, [svc({**LTC, "delivery_mechanism": "Community: Direct Payment"},
                                                 "2024-06-01", "")]),
    "R2": ({"date_of_birth": "1955-01-15"}, [svc({**LTC, "delivery_mechanism": "Community: CASSR Managed Personal Budget"},
                                                 "2024-06-01", "")]),
    "R3": ({"date_of_birth": "1955-01-15"}, [svc(LTC, "2024-06-01", ""), svc({**LTR, "service_component": ""},
                                                                                "2024-07-01", "")]),
    "R4": ({"date_of_birth": "1955-01-15"}, [svc({**LTC, "service_component": "Direct Payment",
                                                  "delivery_mechanism": ""}, "2024-06-01", "")]),
    "R5": ({"date_of_birth": "1955-01-15"}, [svc({**LTC, "delivery_mechanism": "Cash"}, "2024-06-01", "")]),
    "R6": ({"date_of_birth": "1955-01-15"}, [svc(LTC, "2024-06-01", "2025-03-30", "Service ended as planned")]),
    # ASCOF-2A-02: long-term support ended 90 / 91 days before the ST-Max episode starts (the
    # var cld_ascof_2a_new_client_lookback_days at its default)
    "N90": ({"date_of_birth": "1954-01-15"}, [svc(LTC, "2024-01-01", "2024-05-03", "Service ended as planned"),
                                              svc(STM, "2024-08-01", "2024-08-20", "Service ended as planned")]),
    "N91": ({"date_of_birth": "1954-01-15"}, [svc(LTC, "2024-01-01", "2024-05-02", "Service ended as planned"),
                                              svc(STM, "2024-08-01", "2024-08-20", "Service ended as planned")]),
    # ASCOF-2E-03: Home Support and Meals, both direct payment, ending the same day; status Unknown
    "HM": ({"date_of_birth": "1950-06-15", "accommodation_status": "Unknown"},
           [svc({**LTC, "delivery_mechanism": "Community: Direct Payment"}, "2024-05-01", "2025-02-21",
                "Service ended as planned"),
            svc({**LTC, "service_component": "Meals", "delivery_mechanism": "Community: Direct Payment"},
                "2024-06-01", "2025-02-21", "Service ended as planned")]),
}


def rows_for(seq, pid, overrides, events):
    person = {"person_unique_identifier": "L" + pid, "nhs_number": nhs_number(seq), "first_name": "Test",
              "last_name": "Person", "gender": "Female", "ethnicity": "White Irish", "date_of_birth": "1950-06-15",
              "date_of_death": "", "primary_support_reason": "Physical Support: Personal care support",
              "postcode": "ZZ1 1ZZ", "accommodation_status": "Tenant", "employment_status": "Unknown",
              "has_informal_carer": "Yes", **overrides}
    out = []
    for e in events:
        row = {**person, **e}
        for k in ("date_of_birth", "date_of_death", "event_start_date", "event_end_date"):
            row[k] = ddmmyyyy(row.get(k))
        out.append(row)
    return out


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    work = tmp_path_factory.mktemp("ascof_scenarios")
    rows = []
    for seq, (pid, (overrides, events)) in enumerate(PEOPLE.items()):
        rows += rows_for(seq, pid, overrides, events)
    write_landed_area(work, {FILE: rows})
    result = build_warehouse(None, work, select=ASCOF_READ)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    return work


def members(work, measure, group, who):
    ids = ["N" + nhs_number(list(PEOPLE).index(p)) for p in who]
    return query(work, "select count(*) filter (where m.is_in_numerator), count(*) filter (where m.is_in_denominator) "
                       "from marts.ascof_measure_members m left join marts.ascof_2a_episodes e "
                       "on m.unit_id = e.episode_id where m.measure = ? and m.measure_group = ? "
                       "and coalesce(e.person_id, m.unit_id) in (select unnest(?))", [measure, group, ids])[0]


def test_T13_ascof_2a_dhsc(warehouse):
    """Rules: ASCOF-2A-01, ASCOF-2A-03, ASCOF-2A-04, ASCOF-2A-05."""
    # P1 (LT community in the window: denominator only), P2 and P7 (numerator and denominator)
    assert members(warehouse, "ASCOF 2A", "65 and above", list(PEOPLE)[:7]) == (2, 3)
    assert members(warehouse, "ASCOF 2A", "Total", list(PEOPLE)[:7]) == (2, 3)


def test_T14_ascof_2b_2c_dhsc(warehouse):
    """Rules: ASCOF-2BC-01."""
    # Q2 (74 at admission) → 2C; Q5 (40) → 2B; Q3 self-funded, Q4 short-term component, Q6 under 18,
    # Q7 blank component: not admissions
    # (a person is a member of the band's group and of Total, ASCOF-GRP-01: count people)
    counted = {r[0]: r[1] for r in query(warehouse, "select measure, count(distinct unit_id) from "
                                                    "marts.ascof_measure_members "
                                                    "where measure in ('ASCOF 2B', 'ASCOF 2C') group by 1")}
    assert counted == {"ASCOF 2B": 1, "ASCOF 2C": 1}


def test_T15_ascof_2e_dhsc(warehouse):
    """Rules: ASCOF-2E-01, ASCOF-2E-02."""
    who = ["A", "C", "B", "F", "D"]
    assert members(warehouse, "ASCOF 2E", "18 to 64: Male", who) == (1, 1)
    assert members(warehouse, "ASCOF 2E", "18 to 64: Female", who) == (1, 1)  # C inferred presumed at home
    assert members(warehouse, "ASCOF 2E", "18 to 64: Total", who) == (2, 2)
    assert members(warehouse, "ASCOF 2E", "65 and above: Male", who) == (1, 1)
    assert members(warehouse, "ASCOF 2E", "65 and above: Female", who) == (0, 1)
    assert members(warehouse, "ASCOF 2E", "65 and above: Total", who) == (1, 2)
    assert members(warehouse, "ASCOF 2E", "Total", who) == (3, 4)  # ASCOF-GRP-01: all ages; D (under 18) out


def test_ASCOF_2A_02_strict_new_client_lookback(warehouse):
    assert members(warehouse, "ASCOF 2A", "Total", ["N90"]) == (0, 0)  # ended 90 days before: existing
    assert members(warehouse, "ASCOF 2A", "Total", ["N91"]) == (1, 1)  # exactly 91 days before: new


def test_ASCOF_2E_03_inferred_from_the_useful_component(warehouse):
    pid = "N" + nhs_number(list(PEOPLE).index("HM"))
    assert query(warehouse, "select accommodation_status, is_settled from marts.ascof_2e_people "
                            "where person_id = ?", [pid]) == [("Unknown: presumed at home", True)]


def test_ASCOF_GRP_01_every_measure_has_a_total(warehouse):
    without_total = query(warehouse, "select measure from marts.ascof_measures where la_code = '716' "
                                     "group by measure having count(*) filter (where measure_group = 'Total') != 1")
    assert without_total == []


def test_T17_ascof_3d_clients(warehouse):
    """Rules: ASCOF-3D-01."""
    who = ["R1", "R2", "R3", "R4", "R5", "R6"]
    assert members(warehouse, "ASCOF 3D part 1a", "65 and above", who) == (3, 4)
    assert members(warehouse, "ASCOF 3D part 2a", "65 and above", who) == (2, 4)


def test_measures_mart_has_every_group_for_the_la_and_england_and_qa_holds(warehouse):
    """Rules: ASCOF-01, ASCOF-2BC-02."""
    rows = query(warehouse, "select la_code, measure, measure_group, numerator, denominator, outcome "
                            "from marts.ascof_measures")
    groups = query(warehouse, "select count(*) from spec.cld_ascof_groups")[0][0]
    assert len(rows) == 2 * groups
    for la, measure, group, n, d, outcome in rows:
        if measure not in ("ASCOF 2B", "ASCOF 2C"):
            assert n <= d and 0 <= outcome <= 100, (la, measure, group)
    outcome_2c = [r[5] for r in rows if r[0] == "716" and r[1] == "ASCOF 2C"][0]
    population = query(warehouse, "select population from spec.cld_population where la_code = '716' "
                                  "and age_band = '65+'")[0][0]
    assert float(outcome_2c) == round(1 * 100000 / population, 1)
