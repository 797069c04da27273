-- The long-term support cohort of the period: every long-term service (int_lts_services) placed
-- against the period once, for the SALT and ASCOF marts that count people in long-term support
-- (salt_lts001_people, salt_lts004_people, ascof_2e_people, ascof_3d_people, ascof_2a_episodes).
--   is_in_period          — the service overlaps the period (start <= period_end, end >=
--                           period_start; open = forever): LTS001a, LTS004, ASCOF 2E;
--   is_at_snapshot        — active on snapshot_date (start <= snapshot <= end): LTS001b/c;
--   is_open_at_period_end — active on period_end: ASCOF 3D;
--   capped_end            — the end, or period_end when that is earlier (ASCOF 2E's age date).
-- Ends are death-adjusted upstream (int_events_unique), so the dead drop out of the snapshot.
-- Every service is kept, in the period or not: ASCOF 2A looks back from each cluster.
{{ config(materialized='cld_per_la') }}
with

services as (
    select * from {{ ref('int_lts_services') }}
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

final as (
    select
        services.*,
        services.event_start_date <= period.period_end
        and services.end_or_sentinel >= period.period_start as is_in_period,
        services.event_start_date <= period.snapshot_date
        and services.end_or_sentinel >= period.snapshot_date as is_at_snapshot,
        services.event_start_date <= period.period_end
        and services.end_or_sentinel >= period.period_end as is_open_at_period_end,
        least(services.end_or_sentinel, period.period_end) as capped_end
    from services
    cross join period
)

select * from final
