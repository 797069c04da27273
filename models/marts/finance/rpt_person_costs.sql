-- Planned gross cost per person: services, costed services, total cost in the period and the
-- weekly cost of services open at period_end; full-cost client when any service says so.
{{ config(materialized='cld_per_la') }}
with

costs as (
    select * from {{ ref('fct_service_costs') }}
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

final as (
    select
        costs.la_code,
        costs.person_id,
        cast(count(*) as bigint) as services,
        cast(count(case when costs.cost_status = 'costed' then 1 end) as bigint) as services_costed,
        cast(coalesce(sum(costs.cost_in_period), 0) as decimal(18, 2)) as cost_in_period,
        cast(coalesce(sum(
            case
                when costs.event_start_date <= period.period_end
                    and (costs.event_end_date is null or costs.event_end_date >= period.period_end)
                    then costs.weekly_cost
            end
        ), 0) as decimal(18, 2)) as weekly_cost_at_period_end,
        coalesce(max(case when costs.is_full_cost_client then 1 else 0 end) = 1, false) as is_full_cost_client
    from costs
    cross join period
    group by costs.la_code, costs.person_id
)

select * from final
