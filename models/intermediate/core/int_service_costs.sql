-- Planned cost of every unique service event (rules COST-01, COST-02: exact ratios,
-- rounded only on output; end-before-start kept out of costs).
--   weekly cost = |unit cost| × units per week, where units per week is the fixed ratio of the
--   Cost Frequency from seed cld_cost_frequencies (weekly, fortnightly, 4-weekly, monthly,
--   quarterly, annually) or |Planned units per week| for hourly,
--   daily and per-session costs (and when the frequency is blank); one-off costs have no
--   weekly cost and count once, in full, in the period.
--   weeks in period = (days from max(start, period_start) to min(end, period_end), inclusive) / 7;
--   in-period cost = weekly cost × weeks in period.
-- cost_status says why a service has no cost: no_unit_cost (blank or zero), missing_planned_units
-- (hourly/daily/per-session without units, never guessed), end_before_start (flagged, excluded).
{{ config(materialized='cld_per_la') }}
with

events as (
    select * from {{ ref('int_events_unique') }}
    where event_type = 'Service'
),

frequencies as (
    select * from {{ ref('cld_cost_frequencies') }}
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

priced as (
    select
        {{ cld_service_event_columns('events') }},
        events.unit_cost,
        events.cost_frequency,
        events.planned_units_per_week,
        events.full_cost_client = 'Yes' as is_full_cost_client,
        abs(events.unit_cost) as unit_cost_abs,
        coalesce(frequencies.is_one_off, false) as is_one_off,
        -- units per week as an exact fraction (a fixed ratio of the frequency, or planned units / 1)
        case
            when frequencies.units_per_week_numerator is not null
                then cast(frequencies.units_per_week_numerator as decimal(18, 4))
            when coalesce(frequencies.uses_planned_units, true) and not coalesce(frequencies.is_one_off, false)
                then cast(abs(events.planned_units_per_week) as decimal(18, 4))
        end as units_numerator,
        case
            when frequencies.units_per_week_numerator is not null then frequencies.units_per_week_denominator
            else 1
        end as units_denominator,
        greatest(events.event_start_date, period.period_start) as costed_from,
        least({{ cld_end_or_sentinel('events.event_end_date') }}, period.period_end) as costed_to
    from events
    left join frequencies
        on events.cost_frequency = frequencies.cost_frequency
    cross join period
),

fractions as (
    select
        *,
        {{ cld_try_cast('unit_cost_abs * units_numerator', 'decimal(30, 8)') }} as weekly_cost_numerator,
        case
            when costed_to >= costed_from
                then cast(
                    {{ dbt.datediff('costed_from', 'costed_to', 'day') }} + 1 as decimal(5, 0)
                )
            else cast(0 as decimal(5, 0))
        end as days_in_period
    from priced
),

-- Money is computed exactly: each figure is one exact decimal product divided once, by an
-- integer, and rounded half up by cld_round_div (macros/cross_engine.sql), so every engine
-- gives the same pennies (DuckDB would divide in double precision, Spark in decimals of its
-- own precision).  Unrounded figures carry 6 decimals.
costed as (
    select
        *,
        {{ cld_round_div('units_numerator', 'units_denominator', 6) }} as units_per_week,
        case
            when event_end_date < event_start_date then 'end_before_start'
            when coalesce(unit_cost_abs, 0) = 0 then 'no_unit_cost'
            when not is_one_off and coalesce(units_numerator, 0) = 0 then 'missing_planned_units'
            else 'costed'
        end as cost_status,
        case
            when event_end_date < event_start_date or coalesce(unit_cost_abs, 0) = 0 or is_one_off then null
            when coalesce(units_numerator, 0) = 0 then null
            else weekly_cost_numerator
        end as weekly_cost_exact_numerator,
        {{ cld_round_div('days_in_period', 7, 6) }} as weeks_in_period,
        case
            when event_end_date < event_start_date or coalesce(unit_cost_abs, 0) = 0 then null
            when is_one_off then unit_cost_abs
            when coalesce(units_numerator, 0) = 0 then null
            else weekly_cost_numerator * days_in_period
        end as cost_exact_numerator,
        case when is_one_off then 1 else units_denominator * 7 end as cost_exact_denominator
    from fractions
),

final as (
    select
        event_id,
        la_code,
        person_id,
        service_type,
        service_component,
        delivery_mechanism,
        event_start_date,
        event_end_date,
        unit_cost,
        cost_frequency,
        planned_units_per_week,
        is_full_cost_client,
        is_one_off,
        units_per_week,
        cost_status,
        {{ cld_round_div('weekly_cost_exact_numerator', 'units_denominator', 6) }} as weekly_cost,
        weeks_in_period,
        {{ cld_round_div('cost_exact_numerator', 'cost_exact_denominator', 6) }} as cost_in_period,
        {{ cld_round_div('weekly_cost_exact_numerator', 'units_denominator', 2) }} as weekly_cost_rounded,
        {{ cld_round_div('cost_exact_numerator', 'cost_exact_denominator', 2) }} as cost_in_period_rounded
    from costed
)

select * from final
