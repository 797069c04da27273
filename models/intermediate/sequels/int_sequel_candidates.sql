-- The candidate chain of every anchor (rules SEQ-01 to SEQ-05):
-- the person's unique events starting on or after the anchor's end (and by period_end),
-- without the anchor's own self-matches (its kind starting on cluster_start or ending on
-- cluster_end).  Candidates are numbered after that removal, so the first-event window
-- always applies (SEQ-02): the first must start within var cld_request_sequel_window_days
-- of a request cluster's end, or var cld_stmax_sequel_window_days of an ST-Max episode's
-- end — an open first event too (SEQ-03).  Each later candidate must start within var
-- cld_sequel_chain_gap_days of the running maximum end of the earlier ones (SEQ-04), so an
-- open event keeps the chain going.  The chain stops just before the first event of the
-- anchor's own kind (a request; an ST-Max service).  `is_kept` marks the chain.
-- A long-term service closes the chain (rule SEQ-08): an event that starts after the start
-- date of a long-term service already in the chain does not join it (same-day events still
-- join), so an open long-term service no longer carries the chain — through the sentinel
-- running maximum end — to events months into that support.  Open short-term events keep the
-- chain going as before, and the gap test still compares with the running maximum end.
-- v4.2 has no prison service type: a long-term community service with a `Prison:` delivery
-- mechanism is `Long Term Support: Prison`; `Short Term Support: End of Life` (guidance only)
-- counts as other short-term support (rule EVT-07).
{{ config(materialized='cld_per_la') }}
with

anchors as (
    select * from {{ ref('int_sequel_anchors') }}
),

events as (
    select * from {{ ref('int_events_unique') }}
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

typed_events as (
    select
        event_id,
        la_code,
        person_id,
        event_type,
        event_start_date,
        {{ cld_end_or_sentinel('event_end_date') }} as end_or_sentinel,
        event_end_date,
        event_outcome,
        {{ cld_service_type_salt('event_type', 'service_type', 'delivery_mechanism') }} as service_type_salt
    from events
),

paired as (
    select
        anchors.la_code,
        anchors.anchor_id,
        anchors.anchor_kind,
        anchors.cluster_start,
        anchors.cluster_end,
        typed_events.event_id,
        typed_events.event_type,
        typed_events.event_start_date,
        typed_events.event_end_date,
        typed_events.end_or_sentinel,
        typed_events.event_outcome,
        typed_events.service_type_salt,
        case anchors.anchor_kind
            when 'request' then typed_events.event_type = 'Request'
            else coalesce(typed_events.service_type_salt = 'Short Term Support: ST-Max', false)
        end as is_anchor_kind,
        coalesce(typed_events.service_type_salt like 'Long Term Support:%', false) as is_long_term,
        case anchors.anchor_kind
            when 'request' then {{ var('cld_request_sequel_window_days') }}
            else {{ var('cld_stmax_sequel_window_days') }}
        end as window_days
    from anchors
    inner join typed_events
        on
            anchors.la_code = typed_events.la_code
            and anchors.person_id = typed_events.person_id
            and anchors.cluster_end <= typed_events.event_start_date
    cross join period
    where typed_events.event_start_date <= period.period_end
),

without_self_matches as (
    select *
    from paired
    where not (
        is_anchor_kind
        and (event_start_date = cluster_start or end_or_sentinel = cluster_end)
    )
),

ordered as (
    select
        *,
        row_number() over (
            partition by anchor_id order by event_start_date, end_or_sentinel, event_id
        ) as candidate_number,
        max(end_or_sentinel) over (
            partition by anchor_id order by event_start_date, end_or_sentinel, event_id
            rows between unbounded preceding and 1 preceding
        ) as running_max_previous_end,
        min(case when is_long_term then event_start_date end) over (
            partition by anchor_id order by event_start_date, end_or_sentinel, event_id
            rows between unbounded preceding and 1 preceding
        ) as first_long_term_previous_start
    from without_self_matches
),

linked as (
    select
        *,
        case
            when event_start_date > first_long_term_previous_start then 0
            when candidate_number = 1
                then case when event_start_date <= {{ dbt.dateadd('day', 'window_days', 'cluster_end') }} then 1 else 0 end
            when event_start_date <= {{ dbt.dateadd('day', var('cld_sequel_chain_gap_days'), 'running_max_previous_end') }}
                then 1
            else 0
        end as is_linked
    from ordered
),

final as (
    select
        *,
        min(is_linked) over (
            partition by anchor_id order by candidate_number rows between unbounded preceding and current row
        ) = 1 as is_in_scope,
        sum(case when is_anchor_kind then 1 else 0 end) over (
            partition by anchor_id order by candidate_number rows between unbounded preceding and current row
        ) = 0 as is_before_anchor_kind,
        min(is_linked) over (
            partition by anchor_id order by candidate_number rows between unbounded preceding and current row
        ) = 1
        and sum(case when is_anchor_kind then 1 else 0 end) over (
            partition by anchor_id order by candidate_number rows between unbounded preceding and current row
        ) = 0 as is_kept
    from linked
)

select * from final
