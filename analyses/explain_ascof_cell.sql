-- `cld explain` in SQL for ascof_measures: who is in one measure's numerator or denominator and
-- why.  One row per (member, event): the member from ascof_measure_members (an ST-Max cluster
-- for 2A, a person otherwise) with its reason, and the events behind it — 2A: the cluster's
-- ST-Max services; 2B/2C: the long-term residential or nursing service of the first new
-- admission; 2E, 1E: the person's long-term services in the period; 3D: those open at
-- period_end — with the landed file name and source row number.  Count distinct la_code,
-- unit_id to get the cell.  The 2B/2C denominators are populations (seed cld_population): no
-- members.  Choose the cell with vars (unset = every cell; explain_part numerator by default):
--   dbt compile -s explain_ascof_cell --vars '{explain_la_code: "716", explain_measure: "ASCOF 2A",
--     explain_measure_group: "65 and above", explain_part: denominator}'
-- then run target/compiled/cld_warehouse/analyses/explain_ascof_cell.sql.
{%- set part = var('explain_part', 'numerator') %}
with

members as (
    select * from {{ ref('ascof_measure_members') }}
),

episodes_2a as (
    select * from {{ ref('ascof_2a_episodes') }}
),

admissions_2bc as (
    select * from {{ ref('ascof_2bc_admissions') }}
),

services as (
    select * from {{ ref('int_lts_services') }}
),

events as (
    select * from {{ ref('int_events_unique') }}
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

cell_members as (
    select distinct
        members.la_code,
        members.measure,
        members.measure_group,
        members.unit_id,
        members.reason,
        coalesce(episodes_2a.person_id, members.unit_id) as person_id,
        coalesce(episodes_2a.cluster_start, admissions_2bc.first_admission_date) as member_start,
        episodes_2a.cluster_end as member_end
    from members
    left join episodes_2a
        on
            members.measure = 'ASCOF 2A'
            and members.unit_id = episodes_2a.episode_id
    left join admissions_2bc
        on
            members.measure in ('ASCOF 2B', 'ASCOF 2C')
            and members.la_code = admissions_2bc.la_code
            and members.unit_id = admissions_2bc.person_id
    where
        members.is_in_{{ 'denominator' if part == 'denominator' else 'numerator' }}
        {{- cld_explain_filters([('members.la_code', 'explain_la_code'), ('members.measure', 'explain_measure'),
            ('members.measure_group', 'explain_measure_group')]) }}
),

member_events as (
    select
        cell_members.la_code,
        cell_members.unit_id,
        events.event_id
    from cell_members
    inner join events
        on
            cell_members.la_code = events.la_code
            and cell_members.person_id = events.person_id
    where
        cell_members.measure = 'ASCOF 2A'
        and events.event_type = 'Service'
        and events.service_type = 'Short Term Support: ST-Max'
        and events.event_start_date between cell_members.member_start and cell_members.member_end
    union all
    select
        cell_members.la_code,
        cell_members.unit_id,
        services.event_id
    from cell_members
    cross join period
    inner join services
        on
            cell_members.la_code = services.la_code
            and cell_members.person_id = services.person_id
    where
        (
            cell_members.measure in ('ASCOF 2B', 'ASCOF 2C')
            and services.service_component in ('Long Term Residential Care', 'Long Term Nursing Care')
            and services.event_start_date = cell_members.member_start
        )
        or (
            cell_members.measure in ('ASCOF 2E', 'ASCOF 2E LD', 'ASCOF 1E')
            and services.event_start_date <= period.period_end
            and services.end_or_sentinel >= period.period_start
        )
        or (
            cell_members.measure like 'ASCOF 3D%'
            and services.event_start_date <= period.period_end
            and services.end_or_sentinel >= period.period_end
        )
),

final as (
    select
        cell_members.la_code,
        cell_members.measure,
        cell_members.measure_group,
        '{{ part }}' as part,
        cell_members.unit_id,
        cell_members.person_id,
        cell_members.reason,
        {{ cld_explain_event_columns('events') }}
    from cell_members
    inner join member_events
        on
            cell_members.la_code = member_events.la_code
            and cell_members.unit_id = member_events.unit_id
    inner join events
        on member_events.event_id = events.event_id
)

select * from final
order by la_code, measure, measure_group, unit_id, event_start_date
