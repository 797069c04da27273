-- `cld explain` in SQL for salt_lts004: working-age Learning Disability Support clients by
-- gender and employment or accommodation status.  One row per (person, long-term service in the
-- period) from the cohort model salt_lts004_people (a person counts once under each status
-- type), with the landed file name and source row number of each service — the rows whose
-- latest-starting statuses decide the person's status.  Count distinct la_code, person_id to
-- get the cell.  Choose the cell with vars (unset = every cell):
--   dbt compile -s explain_lts004_cell --vars '{explain_la_code: "716", explain_gender: "Female",
--     explain_status_type: "Employment", explain_status: "Unknown"}'
-- then run target/compiled/cld_warehouse/analyses/explain_lts004_cell.sql.
with

people as (
    select * from {{ ref('salt_lts004_people') }}
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

by_status_type as (
    select
        la_code,
        person_id,
        gender,
        'Employment' as status_type,
        employment_status as status
    from people
    union all
    select
        la_code,
        person_id,
        gender,
        'Accommodation' as status_type,
        accommodation_status as status
    from people
),

cell_members as (
    select * from by_status_type
    where
        true
        {{- cld_explain_filters([('la_code', 'explain_la_code'), ('gender', 'explain_gender'),
            ('status_type', 'explain_status_type'), ('status', 'explain_status')]) }}
),

final as (
    select
        cell_members.*,
        events.service_type,
        events.event_start_date,
        events.event_end_date,
        events.landed_file_name,
        events.source_row_number
    from cell_members
    cross join period
    inner join services
        on
            cell_members.la_code = services.la_code
            and cell_members.person_id = services.person_id
    inner join events
        on services.event_id = events.event_id
    where services.event_start_date <= period.period_end and services.end_or_sentinel >= period.period_start
)

select * from final
order by la_code, person_id, status_type, event_start_date
