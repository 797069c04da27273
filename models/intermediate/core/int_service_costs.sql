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
        case
            when frequencies.units_per_week_numerator is not null
                then cast(frequencies.units_per_week_numerator as decimal(18, 6))
                / frequencies.units_per_week_denominator
            when coalesce(frequencies.uses_planned_units, true) and not coalesce(frequencies.is_one_off, false)
                then abs(events.planned_units_per_week)
        end as units_per_week,
        greatest(events.event_start_date, period.period_start) as costed_from,
        least({{ cld_end_or_sentinel('events.event_end_date') }}, period.period_end) as costed_to
    from events
    left join frequencies
        on events.cost_frequency = frequencies.cost_frequency
    cross join period
),

costed as (
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
        case
            when event_end_date < event_start_date then 'end_before_start'
            when coalesce(unit_cost_abs, 0) = 0 then 'no_unit_cost'
            when not is_one_off and coalesce(units_per_week, 0) = 0 then 'missing_planned_units'
            else 'costed'
        end as cost_status,
        case
            when event_end_date < event_start_date or coalesce(unit_cost_abs, 0) = 0 or is_one_off then null
            when coalesce(units_per_week, 0) = 0 then null
            else unit_cost_abs * units_per_week
        end as weekly_cost,
        case
            when costed_to >= costed_from
                then ({{ dbt.datediff('costed_from', 'costed_to', 'day') }} + 1) / 7.0
            else 0
        end as weeks_in_period,
        case
            when event_end_date < event_start_date or coalesce(unit_cost_abs, 0) = 0 then null
            when is_one_off then unit_cost_abs
            when coalesce(units_per_week, 0) = 0 then null
            when costed_to >= costed_from
                then unit_cost_abs * units_per_week
                * ({{ dbt.datediff('costed_from', 'costed_to', 'day') }} + 1) / 7.0
            else 0
        end as cost_in_period
    from priced
),

final as (
    select
        *,
        round(weekly_cost, 2) as weekly_cost_rounded,
        round(cost_in_period, 2) as cost_in_period_rounded
    from costed
)

select * from final
