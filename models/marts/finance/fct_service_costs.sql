-- Planned gross cost per service line (one row per unique service event): the weekly cost and
-- the cost inside the period from int_service_costs, rounded to 2 dp for output (exact ratios
-- are kept upstream), with the person's setting and PSR for grouping.  Services that cannot be
-- costed are kept with cost_status saying why (no unit cost, missing planned units — never
-- guessed — or end before start, which is flagged and kept out of costs).
{{ config(materialized='cld_per_la') }}
with

costs as (
    select * from {{ ref('int_service_costs') }}
),

lts as (
    select * from {{ ref('int_lts_services') }}
),

persons as (
    select * from {{ ref('int_persons') }}
),

final as (
    select
        costs.event_id,
        costs.la_code,
        costs.person_id,
        costs.service_type,
        costs.service_component,
        costs.delivery_mechanism,
        coalesce(lts.support_setting, costs.service_type) as support_setting,
        lts.event_id is not null as is_long_term_support,
        coalesce(persons.primary_support_reason, 'PSR Not Known') as primary_support_reason,
        costs.event_start_date,
        costs.event_end_date,
        costs.cost_frequency,
        costs.is_one_off,
        costs.is_full_cost_client,
        costs.cost_status,
        cast(costs.weekly_cost_rounded as decimal(18, 2)) as weekly_cost,
        cast(round(costs.weeks_in_period, 4) as decimal(18, 4)) as weeks_in_period,
        cast(costs.cost_in_period_rounded as decimal(18, 2)) as cost_in_period
    from costs
    left join lts
        on costs.event_id = lts.event_id
    left join persons
        on
            costs.la_code = persons.la_code
            and costs.person_id = persons.person_id
)

select * from final
