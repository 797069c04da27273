-- The event table wider analysts may see: every unique event, keyed by a keyed hash of its id,
-- linked to pseudo_persons by person_key, with new/existing status at its start.  No Event
-- Reference (a raw LA id), no Event Description (free text).
{{ config(materialized='cld_per_la') }}
with

events as (
    select * from {{ ref('int_events_unique') }}
),

status as (
    select * from {{ ref('int_events_client_status') }}
),

final as (
    select
        {{ cld_pseudonymise('events.event_id') }} as event_key,
        {{ cld_pseudonymise("events.la_code || '|' || events.person_id") }} as person_key,
        events.la_code,
        events.event_type,
        events.event_start_date,
        events.event_end_date,
        events.is_open,
        events.event_outcome,
        events.route_of_access,
        events.assessment_type,
        events.eligible_needs_identified,
        events.carer_involved_in_assessment,
        events.service_type,
        events.service_component,
        events.delivery_mechanism,
        events.review_reason,
        events.review_outcomes_achieved,
        events.unit_cost,
        events.cost_frequency,
        events.planned_units_per_week,
        events.full_cost_client,
        events.age_at_event_start,
        status.client_status
    from events
    left join status
        on events.event_id = status.event_id
)

select * from final
