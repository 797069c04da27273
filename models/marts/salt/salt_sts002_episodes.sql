-- The cohort behind STS002a and STS002b: one row per ST-Max episode in the period and table
-- it feeds, with its sequel from the shared engine (int_sequels, anchor kind st_max):
--   sts002a — a new client's episode that followed an STS001 request: it holds an ST-Max
--             service that was in the chain of a counted STS001 request whose sequel is ST-Max
--             (rule STS002A-01);
--             new-client status is inherited from that request, so the
--             episode is in STS002a even when long-term support began between the request and
--             the episode (rule STS002A-02);
--   sts002b — an existing client's episode (in long-term support at the episode start,
--             both ends inclusive; rule STS002B-01), with the full sequel breakdown (the anchors
--             give totals only);
--   null    — neither (e.g. a new client's ST-Max with no STS001 request), with the reason.
-- An episode that followed an STS001 request and starts inside long-term support is in both
-- tables: two rows, one per table (STS002A-02).  An episode whose own outcome is Admitted to
-- hospital, with nothing usable after it, takes the M3 category of that outcome, "No services
-- provided – other" (seed cld_sequel_labels; rule STS002A-03).
{{ config(materialized='cld_per_la') }}
with

sequels as (
    select * from {{ ref('int_sequels') }}
    where anchor_kind = 'st_max'
),

members as (
    select * from {{ ref('int_sequel_anchor_members') }}
    where anchor_kind = 'st_max'
),

candidates as (
    select * from {{ ref('int_sequel_candidates') }}
),

requests as (
    select * from {{ ref('salt_sts001_requests') }}
),

persons as (
    select * from {{ ref('int_persons') }}
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

memberships as (
    select
        sequels.anchor_id,
        sequels.la_code,
        sequels.person_id,
        sequels.cluster_start,
        sequels.cluster_end,
        sequels.anchor_outcome,
        sequels.age_at_period_end,
        sequels.age_band,
        sequels.is_existing_client,
        sequels.candidate_count,
        sequels.kept_count,
        sequels.sequel_method,
        sequels.sequel_source_value,
        sequels.sequel_event_id,
        sequels.sequel,
        episodes_following_requests.request_cluster_id,
        person_exclusions.person_exclusion,
        person_exclusions.person_exclusion is null
        and episodes_following_requests.anchor_id is not null as is_in_sts002a,
        person_exclusions.person_exclusion is null and sequels.is_existing_client as is_in_sts002b
    from sequels
    inner join person_exclusions
        on sequels.anchor_id = person_exclusions.anchor_id
    left join episodes_following_requests
        on sequels.anchor_id = episodes_following_requests.anchor_id
),

table_rows as (
    select
        memberships.*,
        'sts002a' as salt_table,
        cast(null as string) as exclusion_reason
    from memberships
    where memberships.is_in_sts002a
    union all
    select
        memberships.*,
        'sts002b' as salt_table,
        cast(null as string) as exclusion_reason
    from memberships
    where memberships.is_in_sts002b
    union all
    select
        memberships.*,
        cast(null as string) as salt_table,
        coalesce(memberships.person_exclusion, 'new_client_without_sts001_request') as exclusion_reason
    from memberships
    where not memberships.is_in_sts002a and not memberships.is_in_sts002b
),

final as (
    select
        anchor_id as st_max_episode_id,
        la_code,
        person_id,
        cluster_start as episode_start_date,
        cluster_end as episode_end_date,
        anchor_outcome as episode_outcome,
        age_at_period_end,
        age_band,
        is_existing_client,
        request_cluster_id,
        candidate_count,
        kept_count,
        sequel_method,
        sequel_source_value,
        sequel_event_id,
        sequel,
        salt_table,
        exclusion_reason
    from table_rows
)

select * from final
