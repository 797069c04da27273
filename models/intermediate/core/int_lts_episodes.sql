-- Long-term support episodes: a person's long-term services (Service Type `Long Term Support:*`)
-- merged while each next service starts within var cld_lts_episode_gap_days (1) of the running
-- maximum end of the earlier ones (one-day rule; running maximum, not the previous row, so a
-- long service is not split by a short one nested inside it — rules README #5).  Open ends
-- count as the sentinel var cld_open_end_date (#20).  The episode's setting is the
-- lowest-ranked of its services in hierarchy H1 (seed cld_support_settings; a community
-- service with an unlisted or blank mechanism ranks as plain Community; a `Prison:` mechanism
-- is the prison setting).  "In long-term support on date D" = an episode with
-- episode_start_date <= D <= episode end (open = forever); "continuously for more than 12
-- months at D" = such an episode that started on or before D minus one year.
with

events as (
    select * from {{ ref('int_events_unique') }}
    where event_type = 'Service' and service_type like 'Long Term Support:%'
),

settings as (
    select * from {{ ref('cld_support_settings') }}
),

services as (
    select
        events.event_id,
        events.la_code,
        events.person_id,
        events.event_start_date,
        {{ cld_end_or_sentinel('events.event_end_date') }} as end_or_sentinel,
        coalesce(with_mechanism.setting_rank, without_mechanism.setting_rank) as setting_rank
    from events
    left join settings as with_mechanism
        on
            events.service_type = with_mechanism.service_type
            and events.delivery_mechanism = with_mechanism.delivery_mechanism
    left join settings as without_mechanism
        on
            events.service_type = without_mechanism.service_type
            and without_mechanism.delivery_mechanism is null
),

numbered as (
    {{ cld_island_numbers('services', ['la_code', 'person_id'], 'event_start_date', 'end_or_sentinel',
        'event_id', var('cld_lts_episode_gap_days')) }}
),

episodes as (
    select
        la_code,
        person_id,
        island_number as episode_number,
        min(event_start_date) as episode_start_date,
        max(end_or_sentinel) as episode_end_or_sentinel,
        min(setting_rank) as setting_rank,
        count(*) as services_in_episode
    from numbered
    group by la_code, person_id, island_number
),

final as (
    select
        {{ dbt.hash(cld_key(['episodes.la_code', 'episodes.person_id', 'episodes.episode_number'])) }} as lts_episode_id,
        episodes.la_code,
        episodes.person_id,
        episodes.episode_number,
        episodes.episode_start_date,
        case
            when episodes.episode_end_or_sentinel != cast('{{ var("cld_open_end_date") }}' as date)
                then cast(episodes.episode_end_or_sentinel as date)
        end as episode_end_date,
        cast(episodes.episode_end_or_sentinel as date) as episode_end_or_sentinel,
        episodes.episode_end_or_sentinel = cast('{{ var("cld_open_end_date") }}' as date) as is_open,
        episodes.setting_rank,
        settings.support_setting,
        settings.broad_setting,
        episodes.services_in_episode
    from episodes
    left join settings
        on episodes.setting_rank = settings.setting_rank
)

select * from final
