-- The ASCOF measures, tidy: one row per (LA, measure, group) for every LA with a usable
-- submission for the period — zeros, not missing rows — and England (la_code ENG, the sum of
-- the LAs' numerators and denominators).  Outcome = round(numerator × multiplier /
-- denominator, 1): a percentage, or per 100,000 population for 2B/2C (denominator = seed
-- cld_population, synthetic demo figures unless replaced); 0 when the denominator is 0.
-- Groups, their labels, descriptions and population bands: seed cld_ascof_groups; every
-- measure has an all-ages `Total` group (rule ASCOF-GRP-01).  2D (needs hospital data) and the carer
-- parts of 3D (need carer records) are out of scope under v4.2.
with

members as (
    select * from {{ ref('ascof_measure_members') }}
),

groups as (
    select * from {{ ref('cld_ascof_groups') }}
),

population as (
    select * from {{ ref('cld_population') }}
),

selected_las as (
    select distinct la_code
    from {{ ref('int_submissions_selected') }}
    where has_usable_file
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

counted as (
    select
        la_code,
        measure,
        measure_group,
        count(distinct case when is_in_numerator then unit_id end) as numerator,
        count(distinct case when is_in_denominator then unit_id end) as denominator
    from members
    group by la_code, measure, measure_group
),

by_la as (
    select
        selected_las.la_code,
        groups.measure,
        groups.measure_group,
        groups.description,
        groups.sort_order,
        groups.outcome_multiplier,
        cast(coalesce(counted.numerator, 0) as bigint) as numerator,
        cast(
            case
                when groups.population_age_band is not null then coalesce(population.population, 0)
                else coalesce(counted.denominator, 0)
            end as bigint
        ) as denominator
    from selected_las
    cross join groups
    left join counted
        on
            selected_las.la_code = counted.la_code
            and groups.measure = counted.measure
            and groups.measure_group = counted.measure_group
    left join population
        on
            selected_las.la_code = population.la_code
            and groups.population_age_band = population.age_band
),

with_england as (
    select * from by_la
    union all
    select
        'ENG' as la_code,
        measure,
        measure_group,
        description,
        sort_order,
        outcome_multiplier,
        cast(sum(numerator) as bigint) as numerator,
        cast(sum(denominator) as bigint) as denominator
    from by_la
    group by measure, measure_group, description, sort_order, outcome_multiplier
),

final as (
    select
        period.period_start,
        period.period_end,
        with_england.la_code,
        with_england.measure,
        with_england.measure_group,
        with_england.description,
        with_england.numerator,
        with_england.denominator,
        cast(
            case
                when with_england.denominator = 0 then 0
                else {{ cld_round_div('with_england.numerator * with_england.outcome_multiplier', 'with_england.denominator', 1) }}
            end as decimal(12, 1)
        ) as outcome
    from with_england
    cross join period
)

{{ cld_presentation_columns('final',
    extra_columns=['cast(dense_rank() over (order by final.measure, ascof_groups.sort_order) as bigint) as display_order'],
    extra_join='left join ' ~ ref('cld_ascof_groups') ~ ' as ascof_groups on final.measure = ascof_groups.measure'
        ~ ' and final.measure_group = ascof_groups.measure_group') }}
