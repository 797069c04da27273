-- The anchors of the sequel engine, one row per request cluster or ST-Max episode (members in
-- int_sequel_anchor_members).  An anchor counts only when its end — the latest end over ALL
-- members, open = sentinel — lies in the period (rule CLU-03; an anchor still open at
-- period end is out).  The anchor's outcome (and route of access) come from the members
-- ending on the cluster end; when they disagree the outcome highest in hierarchy H4 wins
-- (rule CLU-04), then the earliest event id (deterministic, rule EVT-06).
-- New or existing client is tested at cluster_start against long-term support episodes
-- (rule CLIENT-01, both ends inclusive).  Age and SALT band at period_end come from int_persons.
{{ config(materialized='cld_per_la') }}
with

members as (
    select * from {{ ref('int_sequel_anchor_members') }}
),

episodes as (
    select * from {{ ref('int_lts_episodes') }}
),

persons as (
    select * from {{ ref('int_persons') }}
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

anchor_rows as (
    select
        members.*,
        row_number() over (
            partition by members.anchor_id
            order by
                case when members.end_or_sentinel = members.cluster_end_or_sentinel then 0 else 1 end,
                members.outcome_rank,
                members.event_id
        ) as anchor_row_rank
    from members
),

final as (
    select
        anchor_rows.anchor_id,
        anchor_rows.anchor_kind,
        anchor_rows.la_code,
        anchor_rows.person_id,
        anchor_rows.anchor_number,
        anchor_rows.cluster_start,
        cast(anchor_rows.cluster_end_or_sentinel as date) as cluster_end,
        anchor_rows.member_count,
        anchor_rows.event_outcome as anchor_outcome,
        case when anchor_rows.anchor_kind = 'request' then anchor_rows.route_of_access end as route_of_access,
        episodes.lts_episode_id is not null as is_existing_client,
        persons.age_at_period_end,
        persons.age_band
    from anchor_rows
    cross join period
    left join episodes
        on
            anchor_rows.la_code = episodes.la_code
            and anchor_rows.person_id = episodes.person_id
            and anchor_rows.cluster_start between episodes.episode_start_date and episodes.episode_end_or_sentinel
    left join persons
        on
            anchor_rows.la_code = persons.la_code
            and anchor_rows.person_id = persons.person_id
    where
        anchor_rows.anchor_row_rank = 1
        and anchor_rows.cluster_end_or_sentinel between period.period_start and period.period_end
)

select * from final
