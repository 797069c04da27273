-- New or existing client at the start of every unique event (rule CLIENT-01): existing when the
-- person is in a long-term support episode on the event's start date, both ends inclusive
-- (an LTS service ending on the request's start day, or starting on the ST-Max's first day,
-- makes the person existing; an open episode covers every later date).  Episodes never overlap,
-- so each event matches at most one.  For a long-term service itself the answer is trivially
-- existing (its own episode covers it); the rule matters for requests and ST-Max episodes.
{{ config(materialized='cld_per_la') }}
with

events as (
    select * from {{ ref('int_events_unique') }}
),

episodes as (
    select * from {{ ref('int_lts_episodes') }}
),

final as (
    select
        events.event_id,
        events.la_code,
        events.person_id,
        events.event_type,
        events.event_start_date,
        episodes.lts_episode_id,
        episodes.lts_episode_id is not null as is_existing_client,
        case when episodes.lts_episode_id is not null then 'existing' else 'new' end as client_status
    from events
    left join episodes
        on
            events.la_code = episodes.la_code
            and events.person_id = episodes.person_id
            and events.event_start_date between episodes.episode_start_date and episodes.episode_end_or_sentinel
)

select * from final
