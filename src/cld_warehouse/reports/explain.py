"""Explain one cell of a public mart: ``cld explain MART --la 716 --<key> VALUE ...``.

Lists the members behind the cell — request clusters (STS001), ST-Max episodes (STS002a/b),
people (LTS001a/b/c, LTS004, ASCOF 2E/1E/3D), reviews (LTS002a/b), ST-Max clusters (ASCOF 2A),
admissions (ASCOF 2B/2C) — each with how it got there (sequel, sequel method, reason, the rule
ids involved) and its events: role in the chain, type, dates, outcome, and the landed file name
and source row number of the edition kept.  The member count equals the cell (tested for every
table on the demo); `--csv FILE` writes the same as a spreadsheet-safe UTF-8 CSV.

Everything a mart needs is one entry of ``MARTS`` below: the cohort model its members come from,
the mart's key columns and the cohort column each corresponds to, the cohort rows that count,
the count, how to find each member's events, and the rule ids of the mart.  Values given by the
user reach SQL only as bind parameters; an unknown mart, LA or value is one line on stderr and
exit status 2.
"""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from cld_warehouse.cli.args import UsageError, add_database_argument, check_database
from cld_warehouse.exports.spreadsheet_safe import write_csv as write_safe_csv

ENGLAND = "ENG"


class ExplainError(Exception):
    """A mart, LA or value the warehouse does not have (the message is the one line to show)."""


# ---------------------------------------------------------------------------------------------
# Cohorts: where members come from and how each member is described.  SQL here is fixed text
# written by the project (relation and column names), never user input.
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cohort:
    member_kind: str          # what one member is ("request cluster", "person", ...)
    relation: str             # the cohort model (or a select over it)
    member_id: str            # expression: the member's id, unique per LA in one cell
    person_id: str = "person_id"
    start_date: str = "null"  # expressions for the member's own dates, when it has them
    end_date: str = "null"
    sequel: str = "null"
    sequel_method: str = "null"
    reason: str = "null"      # how it got there, in words (a SQL string expression)


SEQUEL_REASON = ("concat('sequel from ', coalesce(sequel_source_value, '-'), ' (event ', "
                 "coalesce(sequel_event_id, 'none'), '); chain: ', kept_count, ' of ', candidate_count, "
                 "' candidate event(s) kept')")

REQUESTS = Cohort(
    member_kind="request cluster",
    relation="marts.salt_sts001_requests",
    member_id="request_cluster_id",
    start_date="cluster_start",
    end_date="cluster_end",
    sequel="sequel",
    sequel_method="sequel_method",
    reason=f"concat('new client; route ', route_of_access, '; request outcome ', "
           f"coalesce(request_outcome, 'none'), '; ', {SEQUEL_REASON})",
)

ST_MAX_EPISODES = Cohort(
    member_kind="ST-Max episode",
    relation="marts.salt_sts002_episodes",
    member_id="st_max_episode_id",
    start_date="episode_start_date",
    end_date="episode_end_date",
    sequel="sequel",
    sequel_method="sequel_method",
    reason=f"concat(case when is_existing_client then 'existing client' "
           f"else concat('new client after request cluster ', request_cluster_id) end, "
           f"'; episode outcome ', coalesce(episode_outcome, 'none'), '; ', {SEQUEL_REASON})",
)

LTS_PEOPLE = Cohort(
    member_kind="person",
    relation="marts.salt_lts001_people",
    member_id="person_id",
    start_date="snapshot_episode_start_date",
    reason="concat('setting in period ', support_setting_in_period, '; at snapshot ', "
           "coalesce(support_setting_at_snapshot, 'not in support'), '; long-term episode at snapshot from ', "
           "coalesce(cast(snapshot_episode_start_date as varchar), '-'), '; PSR ', primary_support_reason, "
           "'; carer ', has_informal_carer)",
)

REVIEWS = Cohort(
    member_kind="review",
    relation="marts.salt_lts002_reviews",
    member_id="review_id",
    start_date="review_start_date",
    end_date="review_end_date",
    sequel="what_followed",
    sequel_method=("case when is_followed_by_care_home_admission then 'care_home_admission' "
                   "else 'review_outcome' end"),
    reason="concat(review_type, ' review; outcome ', coalesce(review_outcome, 'none'), '; person in LTS001a (', "
           "support_setting, ')', case when is_in_lts001c then ' and LTS001c' else '' end)",
)

LTS004_PEOPLE = Cohort(
    member_kind="person",
    relation=("(select *, 'Employment' as status_type, employment_status as status from marts.salt_lts004_people"
              " union all select *, 'Accommodation' as status_type, accommodation_status as status"
              " from marts.salt_lts004_people)"),
    member_id="person_id",
    reason=("concat('working-age Learning Disability Support client in LTS001a; employment ', "
            "employment_status, '; accommodation ', accommodation_status)"),
)

ASCOF_MEMBERS = Cohort(
    member_kind="ASCOF member",
    relation=("(select distinct members.*, episodes_2a.person_id as person_2a, episodes_2a.cluster_start,"
              " episodes_2a.cluster_end, episodes_2a.final_outcome, episodes_2a.sequel_method,"
              " admissions.first_admission_date"
              " from marts.ascof_measure_members as members"
              " left join marts.ascof_2a_episodes as episodes_2a"
              " on members.measure = 'ASCOF 2A' and members.unit_id = episodes_2a.episode_id"
              " left join marts.ascof_2bc_admissions as admissions"
              " on members.measure in ('ASCOF 2B', 'ASCOF 2C') and members.la_code = admissions.la_code"
              " and members.unit_id = admissions.person_id)"),
    member_id="unit_id",
    person_id="coalesce(person_2a, unit_id)",
    start_date="coalesce(cluster_start, first_admission_date)",
    end_date="cluster_end",
    sequel="final_outcome",
    sequel_method="sequel_method",
    reason="reason",
)


# ---------------------------------------------------------------------------------------------
# Events: for each member, the events that put it there.  `picked` holds the members (la_code,
# member_id, person_id, start_date, end_date, event_scope); each scope adds rows
# (member_id, role, event_id) and every event gets its landed file and row from int_events_unique.
# ---------------------------------------------------------------------------------------------
def _lts_scope(scope: str, role: str, flag: str) -> str:
    """The SQL of an event scope listing a person's long-term services that the warehouse's
    long-term support cohort (int_lts_cohort, the one definition the marts count) marks with
    `flag` (is_in_period, is_at_snapshot or is_open_at_period_end)."""
    return f"""
        select picked.la_code, picked.member_id, '{role}', cohort.event_id, 0
        from picked
        inner join intermediate.int_lts_cohort as cohort
            on picked.la_code = cohort.la_code and picked.person_id = cohort.person_id
        where picked.event_scope = '{scope}' and cohort.{flag}"""


EVENT_SCOPES = {
    # A sequel anchor: its member events, then the chain kept by the sequel engine; the event
    # the sequel came from is marked `sequel`.
    "sequel_chain": """
        select picked.la_code, picked.member_id, 'anchor' as role, anchor_members.event_id, 0 as role_order
        from picked
        inner join intermediate.int_sequel_anchor_members as anchor_members
            on picked.member_id = anchor_members.anchor_id
        where picked.event_scope = 'sequel_chain'
        union all
        select picked.la_code, picked.member_id,
            case when candidates.event_id = sequels.sequel_event_id then 'sequel' else 'chain' end,
            candidates.event_id, 1
        from picked
        inner join intermediate.int_sequel_candidates as candidates
            on picked.member_id = candidates.anchor_id and candidates.is_kept
        inner join intermediate.int_sequels as sequels
            on picked.member_id = sequels.anchor_id
        where picked.event_scope = 'sequel_chain'""",
    # The person's long-term services that overlap the period, run on the snapshot date, or are
    # open at the period end.
    "lts_in_period": _lts_scope("lts_in_period", "long-term service in period", "is_in_period"),
    "lts_at_snapshot": _lts_scope("lts_at_snapshot", "long-term service at snapshot", "is_at_snapshot"),
    "lts_at_period_end": _lts_scope("lts_at_period_end", "long-term service open at period end",
                                    "is_open_at_period_end"),
    # The review itself.
    "review": """
        select picked.la_code, picked.member_id, 'review', picked.member_id, 0
        from picked
        where picked.event_scope = 'review'""",
    # ASCOF 2A: the ST-Max services of the cluster (those starting within its span).
    "ascof_2a_cluster": """
        select picked.la_code, picked.member_id, 'ST-Max service', events.event_id, 0
        from picked
        inner join intermediate.int_events_unique as events
            on picked.la_code = events.la_code and picked.person_id = events.person_id
        where picked.event_scope = 'ascof_2a_cluster'
            and events.event_type = 'Service' and events.service_type = 'Short Term Support: ST-Max'
            and events.event_start_date between picked.start_date and picked.end_date""",
    # ASCOF 2B/2C: the long-term residential or nursing service(s) starting on the first admission.
    "admission": """
        select picked.la_code, picked.member_id, 'admission', services.event_id, 0
        from picked
        inner join intermediate.int_lts_services as services
            on picked.la_code = services.la_code and picked.person_id = services.person_id
        where picked.event_scope = 'admission'
            and services.service_component in ('Long Term Residential Care', 'Long Term Nursing Care')
            and services.event_start_date = picked.start_date""",
}


# ---------------------------------------------------------------------------------------------
# The mapping: one entry per public mart.
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Key:
    column: str           # the mart's key column
    member: str           # the cohort column (expression) it corresponds to
    option: str = ""      # the command-line option (default: --column-with-dashes)
    prefix: str = ""      # a value may be given without this prefix ("2A" for "ASCOF 2A")

    @property
    def flag(self) -> str:
        return self.option or "--" + self.column.replace("_", "-")


@dataclass(frozen=True)
class Part:
    value_column: str     # the mart column holding the cell's figure
    member_filter: str    # the cohort rows counted in it
    # values of the mart's `detail_by` column for which this figure is a population (a seed),
    # not a count of members: there is nothing to list
    population_for: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Detail:
    """What a member is, how its events are found and the rules that put it in the cell."""
    member_kind: str
    event_scope: str
    rule_ids: tuple[str, ...]


@dataclass(frozen=True)
class MartSpec:
    relation: str
    cohort: Cohort
    cohort_filter: str                  # the cohort rows the mart counts
    keys: tuple[Key, ...]               # without la_code (always the first key)
    parts: dict[str, Part]              # one entry "" for a mart with a single figure
    count_expr: str                     # the mart's count over the selected cohort rows
    detail: Detail | None = None        # one for the whole mart ...
    detail_by: tuple[str, dict[str, Detail]] | None = None  # ... or per value of one key column
    title: str = ""

    def details(self) -> dict[str, Detail]:
        return self.detail_by[1] if self.detail_by else {"": self.detail}


LA = Key("la_code", "la_code", option="--la")
SALT_AGE = Key("age_band", "age_band")
SEQUEL = Key("sequel", "sequel")
COUNT_ROWS = "count(*)"
COUNT_DISTINCT_MEMBERS = "count(distinct member_id)"

# Rule ids (the rule catalogue's stable ids), in one place: per mart, or per ASCOF measure.
RULES_STS001 = ("ID-01", "CLIENT-01", "LTS-01", "CLU-01", "SEQ-01", "SEQ-02", "SEQ-03", "SEQ-04", "SEQ-05",
                "SEQ-06", "SEQ-07", "SEQ-08", "SEQ-09", "NFA-01", "CLU-03", "CLU-04", "H2", "H4", "M1", "M2", "STS001-01")
RULES_STS002 = ("ID-01", "CLIENT-01", "LTS-01", "CLU-02", "SEQ-01", "SEQ-02", "SEQ-03", "SEQ-04", "SEQ-05",
                "SEQ-06", "SEQ-07", "SEQ-08", "SEQ-09", "NFA-01", "CLU-03", "CLU-04", "H3", "H4", "M3")
RULES_LTS001 = ("ID-01", "LTS-01", "H1")


def _salt(relation, cohort, cohort_filter, keys, count_column, member_kind, event_scope, rule_ids, title):
    return MartSpec(relation=relation, cohort=cohort, cohort_filter=cohort_filter, keys=keys,
                    parts={"": Part(count_column, "true")}, count_expr=COUNT_ROWS,
                    detail=Detail(member_kind, event_scope, rule_ids), title=title)


LTS_KEYS_PERIOD = (Key("age_band", "age_band_at_period_end"), Key("primary_support_reason", "primary_support_reason"),
                   Key("support_setting", "support_setting_in_period"))
LTS_KEYS_SNAPSHOT = (Key("age_band", "age_band_at_snapshot"), Key("primary_support_reason", "primary_support_reason"),
                     Key("support_setting", "support_setting_at_snapshot"))
REVIEW_KEYS = (Key("review_reason", "review_reason"), Key("support_setting", "support_setting"),
               Key("what_followed", "what_followed"))

ASCOF_DETAILS = {
    "ASCOF 2A": Detail("ST-Max cluster", "ascof_2a_cluster", ("ID-01", "LTS-01", "ASCOF-2A-01", "ASCOF-2A-02", "ASCOF-2A-03", "ASCOF-2A-04", "ASCOF-2A-05")),
    "ASCOF 2B": Detail("admission", "admission", ("ID-01", "LTS-01", "H1", "ASCOF-2BC-01", "ASCOF-2BC-02")),
    "ASCOF 2C": Detail("admission", "admission", ("ID-01", "LTS-01", "H1", "ASCOF-2BC-01", "ASCOF-2BC-02")),
    "ASCOF 2E": Detail("person", "lts_in_period", ("ID-01", "LTS-01", "H1", "ASCOF-2E-01", "ASCOF-2E-02", "ASCOF-2E-03")),
    "ASCOF 2E LD": Detail("person", "lts_in_period", ("ID-01", "LTS-01", "H1", "ASCOF-2E-01", "ASCOF-2E-02", "ASCOF-2E-03")),
    "ASCOF 1E": Detail("person", "lts_in_period", ("ID-01", "LTS-01", "H1", "LTS001A-01", "LTS004-01", "ASCOF-1E-01")),
    "ASCOF 3D part 1a": Detail("person", "lts_at_period_end", ("ID-01", "LTS-01", "H1", "ASCOF-3D-01")),
    "ASCOF 3D part 2a": Detail("person", "lts_at_period_end", ("ID-01", "LTS-01", "H1", "ASCOF-3D-01")),
}

MARTS: dict[str, MartSpec] = {
    "salt_sts001": _salt(
        "marts.salt_sts001", REQUESTS, "is_counted", (SALT_AGE, Key("route_of_access", "route_of_access"), SEQUEL),
        "request_count", "request cluster", "sequel_chain", RULES_STS001,
        "STS001 requests for support from new clients"),
    "salt_sts002a": _salt(
        "marts.salt_sts002a", ST_MAX_EPISODES, "salt_table = 'sts002a'", (SALT_AGE, SEQUEL),
        "episode_count", "ST-Max episode", "sequel_chain",
        RULES_STS002 + ("CLU-01", "STS001-01", "STS002A-01"),
        "STS002a what followed ST-Max for new clients"),
    "salt_sts002b": _salt(
        "marts.salt_sts002b", ST_MAX_EPISODES, "salt_table = 'sts002b'", (SALT_AGE, SEQUEL),
        "episode_count", "ST-Max episode", "sequel_chain", RULES_STS002 + ("STS002B-01",),
        "STS002b what followed ST-Max for existing clients"),
    "salt_lts001a": _salt(
        "marts.salt_lts001a", LTS_PEOPLE, "is_in_lts001a", LTS_KEYS_PERIOD,
        "person_count", "person", "lts_in_period", RULES_LTS001 + ("LTS001A-01",),
        "LTS001a people in long-term support during the period"),
    "salt_lts001b_psr": _salt(
        "marts.salt_lts001b_psr", LTS_PEOPLE, "is_in_lts001b", LTS_KEYS_SNAPSHOT,
        "person_count", "person", "lts_at_snapshot", RULES_LTS001 + ("LTS001B-01",),
        "LTS001b people in long-term support at the snapshot, by PSR"),
    "salt_lts001b_carer": _salt(
        "marts.salt_lts001b_carer", LTS_PEOPLE, "is_in_lts001b",
        (Key("has_informal_carer", "has_informal_carer"), Key("support_setting", "support_setting_at_snapshot")),
        "person_count", "person", "lts_at_snapshot", RULES_LTS001 + ("LTS001B-01",),
        "LTS001b people in long-term support at the snapshot, by informal carer"),
    "salt_lts001b_ethnicity": _salt(
        "marts.salt_lts001b_ethnicity", LTS_PEOPLE, "is_in_lts001b",
        (Key("gender", "gender"), Key("ethnicity", "ethnicity"), Key("support_setting", "support_setting_at_snapshot")),
        "person_count", "person", "lts_at_snapshot", RULES_LTS001 + ("LTS001B-01",),
        "LTS001b people in long-term support at the snapshot, by gender and ethnicity"),
    "salt_lts001c": _salt(
        "marts.salt_lts001c", LTS_PEOPLE, "is_in_lts001c", LTS_KEYS_SNAPSHOT,
        "person_count", "person", "lts_at_snapshot", RULES_LTS001 + ("LTS001B-01", "LTS001C-01"),
        "LTS001c people in long-term support for more than 12 months"),
    "salt_lts002a": _salt(
        "marts.salt_lts002a", REVIEWS, "true", REVIEW_KEYS,
        "review_count", "review", "review", RULES_LTS001 + ("LTS001A-01", "LTS002-01"),
        "LTS002a completed reviews of LTS001a people"),
    "salt_lts002b": _salt(
        "marts.salt_lts002b", REVIEWS, "is_in_lts001c", REVIEW_KEYS,
        "review_count", "review", "review", RULES_LTS001 + ("LTS001A-01", "LTS001C-01", "LTS002-01"),
        "LTS002b completed reviews of LTS001c people"),
    "salt_lts004": _salt(
        "marts.salt_lts004", LTS004_PEOPLE, "true",
        (Key("gender", "coalesce(gender, 'Not known')"), Key("status_type", "status_type"), Key("status", "status")),
        "person_count", "person", "lts_in_period", RULES_LTS001 + ("LTS001A-01", "LTS004-01"),
        "LTS004 working-age Learning Disability clients' employment and accommodation"),
    "ascof_measures": MartSpec(
        relation="marts.ascof_measures",
        cohort=ASCOF_MEMBERS,
        cohort_filter="true",
        keys=(Key("measure", "measure", prefix="ASCOF "), Key("measure_group", "measure_group", option="--group")),
        parts={
            "numerator": Part("numerator", "is_in_numerator"),
            "denominator": Part("denominator", "is_in_denominator",
                                population_for=frozenset({"ASCOF 2B", "ASCOF 2C"})),
        },
        count_expr=COUNT_DISTINCT_MEMBERS,
        detail_by=("measure", ASCOF_DETAILS),
        title="ASCOF measures (numerator or denominator of one measure and group)",
    ),
}


# ---------------------------------------------------------------------------------------------
# The engine: one member query per mart, filtered by the cell's values as bind parameters.
# ---------------------------------------------------------------------------------------------
def _spec(mart: str) -> MartSpec:
    spec = MARTS.get(mart)
    if spec is None:
        raise ExplainError(f"unknown mart {mart!r}; explainable marts: {', '.join(MARTS)}")
    return spec


def _part_name(spec: MartSpec, cell: dict) -> str:
    if list(spec.parts) == [""]:
        return ""
    part = cell.get("part")
    if part not in spec.parts:
        raise ExplainError(f"--part must be one of {', '.join(spec.parts)} (got {part!r})")
    return part


def _scope_expr(spec: MartSpec) -> str:
    """The event scope of each member row, as SQL (a literal, or a case over detail_by's column)."""
    if not spec.detail_by:
        return f"'{spec.detail.event_scope}'"
    column, details = spec.detail_by
    whens = " ".join(f"when '{value}' then '{d.event_scope}'" for value, d in details.items())
    member_expr = next(k.member for k in spec.keys if k.column == column)
    return f"case {member_expr} {whens} end"


def member_select(spec: MartSpec, part: str) -> str:
    """SQL of the member rows behind every cell of the mart (one figure: `part`), with the
    mart's key columns as key_<mart column>."""
    c = spec.cohort
    columns = [
        "la_code",
        f"{c.member_id} as member_id",
        f"{c.person_id} as person_id",
        f"cast({c.start_date} as date) as start_date",
        f"cast({c.end_date} as date) as end_date",
        f"cast({c.sequel} as varchar) as sequel",
        f"cast({c.sequel_method} as varchar) as sequel_method",
        f"cast({c.reason} as varchar) as reason",
        f"{_scope_expr(spec)} as event_scope",
        *[f"{k.member} as key_{k.column}" for k in spec.keys],
    ]
    return (f"select {', '.join(columns)} from {c.relation} as cohort "
            f"where ({spec.cohort_filter}) and ({spec.parts[part].member_filter})")


def _cell_filter(spec: MartSpec, cell: dict) -> tuple[str, list]:
    """`where` text over the member rows (or the mart) for one cell, and its parameters."""
    if cell["la_code"] == ENGLAND:
        conditions = [f"la_code in (select la_code from {spec.relation} where la_code != ?)"]
        params: list = [ENGLAND]
    else:
        conditions, params = ["la_code = ?"], [cell["la_code"]]
    for key in spec.keys:
        conditions.append(f"key_{key.column} = ?")
        params.append(cell[key.column])
    return " and ".join(conditions), params


def _mart_filter(spec: MartSpec, cell: dict) -> tuple[str, list]:
    """`where` text over the mart itself for one cell (England: the mart's ENG row)."""
    conditions = ["la_code = ?"] + [f"{k.column} = ?" for k in spec.keys]
    return " and ".join(conditions), [cell["la_code"]] + [cell[k.column] for k in spec.keys]


def _values(con, spec: MartSpec, column: str) -> list[str]:
    return [r[0] for r in con.execute(
        f"select distinct {column} from {spec.relation} where {column} is not null order by 1").fetchall()]


def _one_line_list(values: list[str], limit: int = 12) -> str:
    shown = ", ".join(values[:limit])
    return shown + (f", … ({len(values)} in all)" if len(values) > limit else "")


def resolve_cell(con, mart: str, cell: dict) -> dict:
    """Check the cell against the mart (values by bind parameters only) and return it completed:
    prefixes added where a key allows them.  ExplainError names the first value that is not there."""
    spec = _spec(mart)
    resolved = {"la_code": str(cell.get("la_code") or "")}
    part = _part_name(spec, cell)
    if part:
        resolved["part"] = part
    if not con.execute(f"select 1 from {spec.relation} where la_code = ? limit 1", [resolved["la_code"]]).fetchone():
        raise ExplainError(f"LA {resolved['la_code']!r} is not in {mart} "
                           f"(LAs: {_one_line_list(_values(con, spec, 'la_code'))})")
    for key in spec.keys:
        if cell.get(key.column) is None:
            raise ExplainError(f"{key.flag} is required for {mart}")
        value = str(cell[key.column])
        for candidate in (value, key.prefix + value) if key.prefix else (value,):
            if con.execute(f"select 1 from {spec.relation} where {key.column} = ? limit 1", [candidate]).fetchone():
                resolved[key.column] = candidate
                break
        else:
            raise ExplainError(f"{key.flag} {value!r} is not a value of {mart}.{key.column} "
                               f"(values: {_one_line_list(_values(con, spec, key.column))})")
    where, params = _mart_filter(spec, resolved)
    if not con.execute(f"select 1 from {spec.relation} where {where} limit 1", params).fetchone():
        given = ", ".join(f"{k}={v!r}" for k, v in resolved.items() if k != "part")
        raise ExplainError(f"{mart} has no cell {given}")
    return resolved


def cell_value(con, mart: str, cell: dict) -> int:
    """The figure in the mart for one resolved cell."""
    spec = _spec(mart)
    where, params = _mart_filter(spec, cell)
    column = spec.parts[_part_name(spec, cell)].value_column
    return con.execute(f"select {column} from {spec.relation} where {where}", params).fetchone()[0]


def detail_for(spec: MartSpec, cell: dict) -> Detail:
    if spec.detail_by:
        return spec.detail_by[1][cell[spec.detail_by[0]]]
    return spec.detail


def is_population(spec: MartSpec, cell: dict) -> bool:
    part = spec.parts[_part_name(spec, cell)]
    return bool(spec.detail_by) and cell.get(spec.detail_by[0]) in part.population_for


EVENT_COLUMNS = ("role", "event_id", "event_type", "service_type", "event_start_date", "event_end_date",
                 "event_outcome", "landed_file_name", "source_row_number")


def explain(con, mart: str, cell: dict) -> list[dict]:
    """The members behind one cell of a public mart, one dict per member (events under `events`).

    `cell` maps the mart's key columns (`la_code`, ...; `part` for ascof_measures) to values;
    `la_code` 'ENG' is England.  A population denominator (ASCOF 2B/2C) has no members: [].
    Raises ExplainError for an unknown mart, LA or value."""
    spec = _spec(mart)
    cell = resolve_cell(con, mart, cell)
    if is_population(spec, cell):
        return []
    part = _part_name(spec, cell)
    detail = detail_for(spec, cell)
    where, params = _cell_filter(spec, cell)
    picked = f"select * from ({member_select(spec, part)}) as members where {where}"
    cursor = con.execute(f"{picked} order by la_code, start_date, member_id", params)
    names = [d[0] for d in cursor.description]
    members = [dict(zip(names, row)) for row in cursor.fetchall()]
    links = EVENT_SCOPES[detail.event_scope]
    events_sql = f"""
        with picked as ({picked}),
        links (la_code, member_id, role, event_id, role_order) as ({links})
        select links.la_code, links.member_id, links.role, events.event_id, events.event_type,
            events.service_type, events.event_start_date, events.event_end_date, events.event_outcome,
            events.landed_file_name, events.source_row_number
        from links
        inner join intermediate.int_events_unique as events
            on links.event_id = events.event_id
        order by links.la_code, links.member_id, links.role_order, events.event_start_date, events.event_id"""
    events: dict[tuple, list[dict]] = {}
    for row in con.execute(events_sql, params).fetchall():
        events.setdefault((row[0], row[1]), []).append(dict(zip(EVENT_COLUMNS, row[2:])))
    rows = []
    for member in members:
        member.pop("event_scope")
        for key in spec.keys:
            member.pop(f"key_{key.column}")
        rows.append({"member_kind": detail.member_kind, **member, "rule_ids": " ".join(detail.rule_ids),
                     "events": events.get((member["la_code"], member["member_id"]), [])})
    return rows


def member_counts(con, mart: str, part: str = "") -> dict[tuple, int]:
    """Every cell's member count, computed from the same member rows as `explain` (one query):
    {(la_code, *key values): count}, England included.  For the tests: each equals the mart."""
    spec = _spec(mart)
    keys = ", ".join(f"key_{k.column}" for k in spec.keys)
    sql = f"""
        with members as ({member_select(spec, part)}),
        by_la as (select la_code, {keys}, {spec.count_expr} as members from members group by la_code, {keys})
        select la_code, {keys}, members from by_la
        union all
        select '{ENGLAND}', {keys}, sum(members) from by_la group by {keys}"""
    return {tuple(row[:-1]): int(row[-1]) for row in con.execute(sql).fetchall()}


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------
def format_event(event: dict) -> str:
    what = event["event_type"] + (f": {event['service_type']}" if event["service_type"] else "")
    end = event["event_end_date"] or "open"
    return (f"{event['role']}: {what} {event['event_start_date']}..{end} -> {event['event_outcome'] or '-'} "
            f"[{event['landed_file_name']} row {event['source_row_number']}]")


CSV_COLUMNS = ("la_code", "member_kind", "member_id", "person_id", "start_date", "end_date", "sequel",
               "sequel_method", "reason", "rule_ids", "event_count", "events", "source_rows")


def csv_rows(rows: list[dict]):
    for row in rows:
        flat = {**row, "event_count": len(row["events"]),
                "events": " | ".join(format_event(e) for e in row["events"]),
                "source_rows": " | ".join(f"{e['landed_file_name']}#{e['source_row_number']}" for e in row["events"])}
        yield ["" if flat[c] is None else str(flat[c]) for c in CSV_COLUMNS]


def write_csv(rows: list[dict], path: Path) -> int:
    """One line per member through the project's one spreadsheet-safe writer (UTF-8 with a BOM,
    formula-like text neutralised)."""
    return write_safe_csv(path, CSV_COLUMNS, csv_rows(rows))


def render_text(mart: str, cell: dict, value: int, rows: list[dict], note: str = "") -> str:
    spec = _spec(mart)
    detail = detail_for(spec, cell)
    part = _part_name(spec, cell)
    figure = spec.parts[part].value_column
    lines = [f"{mart}: {spec.title}",
             "cell: " + ", ".join(f"{k}={cell[k]}" for k in ["la_code", *[k.column for k in spec.keys]])
             + (f", part={part}" if part else ""),
             f"{figure} = {value}; members listed: {len(rows)} ({detail.member_kind})",
             f"rules: {' '.join(detail.rule_ids)}"]
    if note:
        lines.append(note)
    for number, row in enumerate(rows, 1):
        dates = ""
        if row["start_date"] and row["end_date"]:
            dates = f"  {row['start_date']}..{row['end_date']}"
        elif row["start_date"]:
            dates = f"  from {row['start_date']}"
        person = f"  person {row['person_id']}" if row["person_id"] != row["member_id"] else ""
        lines += ["", f"{number}. {row['member_kind']} {row['member_id']}  LA {row['la_code']}{person}{dates}"]
        if row["sequel"] or row["sequel_method"]:
            lines.append(f"   sequel: {row['sequel'] or '-'} (method {row['sequel_method'] or '-'})")
        if row["reason"]:
            lines.append(f"   why: {row['reason']}")
        for event in row["events"]:
            lines.append(f"   - {format_event(event)}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------
class _Parser(argparse.ArgumentParser):
    """Argument errors as one line on stderr, exit status 2."""

    def error(self, message: str):  # noqa: D401 - argparse's hook
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(2)


def _usage() -> str:
    lines = [__doc__.split("\n\n")[0], "", "usage: cld explain MART --la LA [key options] [--csv FILE] [--database DB]",
             "       (--la ENG for England; cld explain MART --help for the mart's options)", "", "marts:"]
    for name, spec in MARTS.items():
        options = ["--la"] + [k.flag for k in spec.keys] + (["--part"] if list(spec.parts) != [""] else [])
        lines.append(f"  {name:<24} {' '.join(options)}")
    return "\n".join(lines)


def mart_parser(mart: str) -> argparse.ArgumentParser:
    """The options of one mart, generated from its entry in MARTS."""
    spec = _spec(mart)
    p = _Parser(prog=f"cld explain {mart}", description=f"List the members behind one cell of {spec.title}.")
    add_database_argument(p)
    p.add_argument("--la", dest="la_code", required=True, metavar="LA", help="LA code, or ENG for England")
    for key in spec.keys:
        help_text = f"the cell's {key.column}" + (f" ({key.prefix!r} may be left out)" if key.prefix else "")
        p.add_argument(key.flag, dest=key.column, required=True, metavar="VALUE", help=help_text)
    if list(spec.parts) != [""]:
        p.add_argument("--part", required=True, choices=list(spec.parts), help="which figure of the cell")
    p.add_argument("--csv", type=Path, metavar="FILE", help="also write the members as CSV (UTF-8)")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        print(_usage())
        return 0
    mart, rest = argv[0], argv[1:]
    if mart not in MARTS:
        print(f"cld explain: unknown mart {mart!r}; explainable marts: {', '.join(MARTS)}", file=sys.stderr)
        return 2
    try:
        args = mart_parser(mart).parse_args(rest)
    except SystemExit as stop:
        return int(stop.code or 0)
    try:
        args.database = check_database("cld explain", args.database)
    except UsageError as problem:
        print(problem, file=sys.stderr)
        return 2
    cell = {"la_code": args.la_code, **{k.column: getattr(args, k.column) for k in MARTS[mart].keys}}
    if hasattr(args, "part"):
        cell["part"] = args.part
    con = duckdb.connect(str(args.database), read_only=True)
    try:
        cell = resolve_cell(con, mart, cell)
        value = cell_value(con, mart, cell)
        rows = explain(con, mart, cell)
    except ExplainError as problem:
        print(f"cld explain: {problem}", file=sys.stderr)
        return 2
    finally:
        con.close()
    note = ""
    if is_population(MARTS[mart], cell):
        note = "this figure is a population (seed cld_population), not a count of members: nothing to list"
    if args.csv:
        written = write_csv(rows, args.csv)
    try:
        print(render_text(mart, cell, value, rows, note))
        if args.csv:
            print(f"\nwrote {written} member(s) to {args.csv}")
    except BrokenPipeError:  # `cld explain ... | head`
        sys.stdout = open(os.devnull, "w")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
