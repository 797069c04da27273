-- The derived sequels wider analysts may see: one row per request cluster and ST-Max episode
-- with its sequel, how it was found, and the SALT table it counts in — enough to rebuild
-- STS001, STS002a and STS002b from the extract.
{{ config(materialized='cld_per_la') }}
with

requests as (
    select * from {{ ref('salt_sts001_requests') }}
),

episodes as (
    select * from {{ ref('salt_sts002_episodes') }}
),

final as (
    select
        {{ cld_pseudonymise('requests.request_cluster_id') }} as anchor_key,
        {{ cld_pseudonymise("requests.la_code || '|' || requests.person_id") }} as person_key,
        requests.la_code,
        'request' as anchor_kind,
        case when requests.is_counted then 'sts001' end as salt_table,
        requests.cluster_start,
        requests.cluster_end,
        requests.age_band,
        requests.route_of_access,
        requests.sequel_method,
        requests.sequel
    from requests
    union all
    select
        {{ cld_pseudonymise('episodes.st_max_episode_id') }} as anchor_key,
        {{ cld_pseudonymise("episodes.la_code || '|' || episodes.person_id") }} as person_key,
        episodes.la_code,
        'st_max' as anchor_kind,
        episodes.salt_table,
        episodes.episode_start_date as cluster_start,
        episodes.episode_end_date as cluster_end,
        episodes.age_band,
        cast(null as string) as route_of_access,
        episodes.sequel_method,
        episodes.sequel
    from episodes
)

select * from final
