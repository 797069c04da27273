-- Long-term support episodes: a person's long-term services (int_lts_services)
-- merged while each next service starts within var cld_lts_episode_gap_days of the running
-- maximum end of the earlier ones (rule LTS-01; running maximum, not the previous row, so a
-- long service is not split by a short one nested inside it).  Open ends count as the
-- sentinel var cld_open_end_date (rule EVT-05).  The episode's setting is the
-- lowest-ranked of its services in hierarchy H1 (seed cld_support_settings; a community
-- service with an unlisted or blank mechanism ranks as plain Community; a `Prison:` mechanism
-- is the prison setting).  "In long-term support on date D" = an episode with
-- episode_start_date <= D <= episode end (open = forever); "continuously for more than 12
-- months at D" = such an episode that started on or before D minus one year (rule LTS-02).
{{ config(materialized='cld_per_la') }}
with

services as (
    select * from {{ ref('int_lts_services') }}
),

settings as (
    select * from {{ ref('cld_support_settings') }}
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
