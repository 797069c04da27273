-- The members of every sequel anchor, one row per (anchor, unique event), both kinds:
--   request — a request cluster (rule CLU-01): a person's requests merged while each starts
--     within var cld_request_cluster_gap_days of the running maximum end of the earlier ones;
--   st_max  — an ST-Max episode (rule CLU-02): ST-Max services merged by var
--     cld_stmax_cluster_gap_days.
-- Open ends count as the sentinel (rule EVT-05).  Carries the cluster's start and end (over all members) so
-- int_sequel_anchors can pick the anchor row; the bridge a reviewer follows from an STS row
-- to the events it counts.
{{ config(materialized='cld_per_la') }}
{%- set kinds = [
    ('request', "event_type = 'Request'", var('cld_request_cluster_gap_days')),
    ('st_max', "event_type = 'Service' and service_type = 'Short Term Support: ST-Max'", var('cld_stmax_cluster_gap_days'))] %}
with

events as (
    select * from {{ ref('int_events_unique') }}
),

outcome_hierarchy as (
    select * from {{ ref('cld_event_outcome_hierarchy') }}
),

{%- for kind, condition, gap in kinds %}

{{ kind }}_events as (
    select
        '{{ kind }}' as anchor_kind,
        event_id,
        la_code,
        person_id,
        event_start_date,
        {{ cld_end_or_sentinel('event_end_date') }} as end_or_sentinel,
        event_outcome,
        route_of_access
    from events
    where {{ condition }}
),

{{ kind }}_islands as (
    {{ cld_island_numbers(kind ~ '_events', ['la_code', 'person_id'], 'event_start_date', 'end_or_sentinel',
        'event_id', gap) }}
),
{%- endfor %}

islands as (
    select * from request_islands
    union all
    select * from st_max_islands
),

final as (
    select
        {{ dbt.hash(cld_key(['islands.anchor_kind', 'islands.la_code', 'islands.person_id',
            'islands.island_number'])) }} as anchor_id,
        islands.anchor_kind,
        islands.la_code,
        islands.person_id,
        islands.island_number as anchor_number,
        islands.event_id,
        islands.event_start_date,
        islands.end_or_sentinel,
        islands.event_outcome,
        islands.route_of_access,
        coalesce(outcome_hierarchy.outcome_rank, 99) as outcome_rank,
        min(islands.event_start_date) over (
            partition by islands.anchor_kind, islands.la_code, islands.person_id, islands.island_number
        ) as cluster_start,
        max(islands.end_or_sentinel) over (
            partition by islands.anchor_kind, islands.la_code, islands.person_id, islands.island_number
        ) as cluster_end_or_sentinel,
        count(*) over (
            partition by islands.anchor_kind, islands.la_code, islands.person_id, islands.island_number
        ) as member_count
    from islands
    left join outcome_hierarchy
        on islands.event_outcome = outcome_hierarchy.event_outcome
)

select * from final
