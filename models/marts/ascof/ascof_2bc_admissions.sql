-- ASCOF 2B (working age) and 2C (older people): permanent admissions to residential and
-- nursing care, DHSC method (rule ASCOF-2BC-01).  Build: long-term residential/nursing services whose component
-- is a long-term residential or nursing component (a blank or short-term component is not a
-- permanent admission), of people alive at period_start.  An admission starts in the period,
-- does not end `NFA - Self-funded client (inc 12wk disregard)`, and is new: no other such
-- service of the person started earlier and was open or ended fewer than var
-- cld_ascof_2bc_new_admission_lookback_days days before it.  Age at the admission, its ASCOF
-- age group from seed cld_age_bands (ages below every band out); one row per person and LA (the
-- younger band wins when both occur; 2B or 2C by that group, ascof_measure_members).
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

age_bands as (
    select * from {{ ref('cld_age_bands') }}
    where band_scheme = 'salt'
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
        age_bands.sort_order as age_band_order
    from new_admissions
    inner join persons
        on
            new_admissions.la_code = persons.la_code
            and new_admissions.person_id = persons.person_id
    inner join age_bands
        on
            {{ cld_age_at('persons.date_of_birth', 'new_admissions.event_start_date') }}
            between age_bands.min_age and age_bands.max_age
),

by_person as (
    select
        la_code,
        person_id,
        min(age_band_order) as age_band_order,
        min(event_start_date) as first_admission_date,
        count(*) as new_admissions
    from banded
    group by la_code, person_id
),

final as (
    select
        by_person.la_code,
        by_person.person_id,
        age_bands.ascof_age_group as age_group,
        by_person.first_admission_date,
        by_person.new_admissions
    from by_person
    inner join age_bands
        on by_person.age_band_order = age_bands.sort_order
)

select * from final
