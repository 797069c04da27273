-- The cohort behind STS002a and STS002b: one row per ST-Max episode in the period with its
-- sequel from the shared engine (int_sequels, anchor kind st_max) and the table it feeds:
--   sts002a — a new client's episode that followed an STS001 request: it holds an ST-Max
--             service that was in the chain of a counted STS001 request whose sequel is ST-Max
--             (rule STS002A-01); new-client status is inherited from that request;
--   sts002b — an existing client's episode (in long-term support at the episode start,
--             both ends inclusive; rule STS002B-01), with the full sequel breakdown (the anchors
--             give totals only);
--   null    — neither (e.g. a new client's ST-Max with no STS001 request), with the reason.
-- An episode of a new client that followed a request and of an existing client cannot both
-- hold; existing status wins if the data say both.
{{ cld_la_incremental_config() }}
with

sequels as (
    select * from {{ cld_la_scoped(ref('int_sequels')) }}
    where anchor_kind = 'st_max'
),

members as (
    select * from {{ cld_la_scoped(ref('int_sequel_anchor_members')) }}
    where anchor_kind = 'st_max'
),

candidates as (
    select * from {{ cld_la_scoped(ref('int_sequel_candidates')) }}
),

requests as (
    select * from {{ cld_la_scoped(ref('salt_sts001_requests')) }}
),

persons as (
    select * from {{ cld_la_scoped(ref('int_persons')) }}
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

request_st_max_events as (
    select
        candidates.event_id,
        min(requests.request_cluster_id) as request_cluster_id
    from candidates
    inner join requests
        on candidates.anchor_id = requests.request_cluster_id
    where
        requests.is_counted
        and requests.sequel_method = 'service_found'
        and requests.sequel_source_value = 'Short Term Support: ST-Max'
        and candidates.is_kept
        and candidates.service_type_salt = 'Short Term Support: ST-Max'
    group by candidates.event_id
),

episodes_following_requests as (
    select
        members.anchor_id,
        min(request_st_max_events.request_cluster_id) as request_cluster_id
    from members
    inner join request_st_max_events
        on members.event_id = request_st_max_events.event_id
    group by members.anchor_id
),

person_exclusions as (
    select
        sequels.anchor_id,
        {{ cld_salt_person_exclusion(
            'persons.date_of_death', 'period.period_start', 'sequels.age_at_period_end', 'sequels.age_band') }} as person_exclusion
    from sequels
    cross join period
    left join persons
        on
            sequels.la_code = persons.la_code
            and sequels.person_id = persons.person_id
),

final as (
    select
        sequels.anchor_id as st_max_episode_id,
        sequels.la_code,
        sequels.person_id,
        sequels.cluster_start as episode_start_date,
        sequels.cluster_end as episode_end_date,
        sequels.anchor_outcome as episode_outcome,
        sequels.age_at_period_end,
        sequels.age_band,
        sequels.is_existing_client,
        episodes_following_requests.request_cluster_id,
        sequels.candidate_count,
        sequels.kept_count,
        sequels.sequel_method,
        sequels.sequel_source_value,
        sequels.sequel_event_id,
        sequels.sequel,
        case
            when person_exclusions.person_exclusion is not null then null
            when sequels.is_existing_client then 'sts002b'
            when episodes_following_requests.anchor_id is not null then 'sts002a'
        end as salt_table,
        coalesce(
            person_exclusions.person_exclusion,
            case
                when not sequels.is_existing_client and episodes_following_requests.anchor_id is null
                    then 'new_client_without_sts001_request'
            end
        ) as exclusion_reason
    from sequels
    inner join person_exclusions
        on sequels.anchor_id = person_exclusions.anchor_id
    left join episodes_following_requests
        on sequels.anchor_id = episodes_following_requests.anchor_id
)

select * from final
