-- ASCOF 2B (18–64) and 2C (65+): permanent admissions to residential and nursing care, DHSC
-- method (rule ASCOF-2BC-01).  Build: long-term residential/nursing services whose component
-- is a long-term residential or nursing component (a blank or short-term component is not a
-- permanent admission), of people alive at period_start.  An admission starts in the period,
-- does not end `NFA - Self-funded client (inc 12wk disregard)`, and is new: no other such
-- service of the person started earlier and was open or ended fewer than var
-- cld_ascof_2bc_new_admission_lookback_days days before it.  Age at the admission;
-- under-18s out; one row per person and LA (the 18-64 band wins when both occur).
-- Limit: v4.2 files are cumulative from 1 April, so the look-back sees earlier
-- services only while they are still in the selected files.
{{ config(materialized='cld_per_la') }}
with

services as (
    select * from {{ ref('int_lts_services') }}
    where broad_setting in ('Residential', 'Nursing')
),

events as (
    select * from {{ ref('int_events_unique') }}
),

persons as (
    select * from {{ ref('int_persons') }}
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

build as (
    select
        services.*,
        events.event_outcome
    from services
    inner join events
        on services.event_id = events.event_id
    inner join persons
        on
            services.la_code = persons.la_code
            and services.person_id = persons.person_id
    cross join period
    where
        services.service_component in ('Long Term Residential Care', 'Long Term Nursing Care')
        and (persons.date_of_death is null or persons.date_of_death >= period.period_start)
),

admissions as (
    select build.*
    from build
    cross join period
    where
        build.event_start_date between period.period_start and period.period_end
        and coalesce(build.event_outcome, '') != 'NFA - Self-funded client (inc 12wk disregard)'
),

new_admissions as (
    select admissions.*
    from admissions
    where not exists (
        select 1
        from build as earlier
        where
            earlier.la_code = admissions.la_code
            and earlier.person_id = admissions.person_id
            and earlier.event_start_date < admissions.event_start_date
            and earlier.end_or_sentinel
            >= {{ dbt.dateadd('day', -1 * var('cld_ascof_2bc_new_admission_lookback_days'), 'admissions.event_start_date') }}
    )
),

banded as (
    select
        new_admissions.la_code,
        new_admissions.person_id,
        new_admissions.event_id,
        new_admissions.event_start_date,
        case
            when {{ cld_age_at('persons.date_of_birth', 'new_admissions.event_start_date') }} between 18 and 64
                then '18 to 64'
            when {{ cld_age_at('persons.date_of_birth', 'new_admissions.event_start_date') }} >= 65 then '65 and above'
        end as age_group
    from new_admissions
    inner join persons
        on
            new_admissions.la_code = persons.la_code
            and new_admissions.person_id = persons.person_id
),

final as (
    select
        la_code,
        person_id,
        min(age_group) as age_group,
        min(event_start_date) as first_admission_date,
        count(*) as new_admissions
    from banded
    where age_group is not null
    group by la_code, person_id
)

select * from final
