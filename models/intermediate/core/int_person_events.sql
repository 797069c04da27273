-- The person timeline: every unique event of a person in date order, with its sequence number,
-- the previous and next event, and the gaps in days.  Order: start date, then end (open last),
-- then event type, then event id (deterministic).  Gaps: days from the previous event's end to
-- this start (null when the previous event is open or there is none) and from this end to the
-- next start (null when this event is open or is the last).
{{ config(materialized='cld_per_la') }}
with

events as (
    select * from {{ ref('int_events_unique') }}
),

ordered as (
    select
        event_id,
        la_code,
        person_id,
        event_type,
        service_type,
        event_start_date,
        event_end_date,
        is_open,
        event_outcome,
        row_number() over (
            partition by la_code, person_id
            order by event_start_date, {{ cld_end_or_sentinel('event_end_date') }}, event_type, event_id
        ) as event_sequence_number
    from events
),

final as (
    select
        ordered.*,
        lag(ordered.event_id) over person_order as previous_event_id,
        lag(ordered.event_type) over person_order as previous_event_type,
        lead(ordered.event_id) over person_order as next_event_id,
        lead(ordered.event_type) over person_order as next_event_type,
        {{ dbt.datediff('lag(ordered.event_end_date) over person_order', 'ordered.event_start_date', 'day') }}
            as days_since_previous_end,
        {{ dbt.datediff('ordered.event_end_date', 'lead(ordered.event_start_date) over person_order', 'day') }}
            as days_to_next_start
    from ordered
    window person_order as (partition by la_code, person_id order by event_sequence_number)
)

select * from final
