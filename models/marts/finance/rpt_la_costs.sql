-- Planned gross cost per LA × support setting × PSR: services costed, people, total cost in the
-- period and the current weekly cost (services open at period_end), plus the long-term support
-- cost per person per week by setting (the intensity view): weekly cost of long-term services
-- open at period_end divided by the people receiving them.  National rows la_code = 'ENG'.
with

costs as (
    select * from {{ ref('fct_service_costs') }}
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

by_la as (
    select
        costs.la_code,
        costs.support_setting,
        costs.primary_support_reason,
        count(*) as services,
        count(case when costs.cost_status = 'costed' then 1 end) as services_costed,
        count(distinct costs.person_id) as persons,
        sum(costs.cost_in_period) as cost_in_period,
        sum(
            case
                when costs.event_start_date <= period.period_end
                    and (costs.event_end_date is null or costs.event_end_date >= period.period_end)
                    then costs.weekly_cost
            end
        ) as weekly_cost_at_period_end,
        count(distinct case
            when costs.is_long_term_support and costs.weekly_cost is not null
                and costs.event_start_date <= period.period_end
                and (costs.event_end_date is null or costs.event_end_date >= period.period_end)
                then costs.person_id
        end) as lts_persons_costed_at_period_end
    from costs
    cross join period
    group by costs.la_code, costs.support_setting, costs.primary_support_reason
),

with_england as (
    select * from by_la
    union all
    select
        'ENG' as la_code,
        support_setting,
        primary_support_reason,
        sum(services) as services,
        sum(services_costed) as services_costed,
        sum(persons) as persons,
        sum(cost_in_period) as cost_in_period,
        sum(weekly_cost_at_period_end) as weekly_cost_at_period_end,
        sum(lts_persons_costed_at_period_end) as lts_persons_costed_at_period_end
    from by_la
    group by support_setting, primary_support_reason
),

final as (
    select
        with_england.la_code,
        period.period_start,
        period.period_end,
        with_england.support_setting,
        with_england.primary_support_reason,
        cast(with_england.services as bigint) as services,
        cast(with_england.services_costed as bigint) as services_costed,
        cast(with_england.persons as bigint) as persons,
        cast(coalesce(with_england.cost_in_period, 0) as decimal(18, 2)) as cost_in_period,
        cast(coalesce(with_england.weekly_cost_at_period_end, 0) as decimal(18, 2)) as weekly_cost_at_period_end,
        cast(
            case
                when with_england.lts_persons_costed_at_period_end > 0
                    then {{ cld_round_div('with_england.weekly_cost_at_period_end', 'with_england.lts_persons_costed_at_period_end', 2) }}
            end as decimal(18, 2)
        ) as lts_weekly_cost_per_person
    from with_england
    cross join period
)

select * from final
