-- `cld explain` in SQL for the sequel tables: salt_sts001 (request clusters), salt_sts002a and
-- salt_sts002b (ST-Max episodes).  One row per (member, event): the member (a request cluster or
-- an ST-Max episode, from the cohort models salt_sts001_requests / salt_sts002_episodes), how
-- it got its sequel (sequel, sequel_method, sequel_source_value), and each event that put it
-- there — the anchor's own events (event_role `anchor`), the chain the sequel engine kept (`chain`),
-- the event the sequel came from (`sequel`) — with the landed file name and source row number.
-- Count distinct member_id to get the cell.  Choose the cell with vars (unset = every cell):
--   dbt compile -s explain_sequel_cell --vars '{explain_table: salt_sts001, explain_la_code: "716",
--     explain_age_band: "65+", explain_route_of_access: "Community / Other route",
--     explain_sequel: "Long Term Support Community"}'
-- then run target/compiled/cld_warehouse/analyses/explain_sequel_cell.sql.
-- depends_on: {{ ref('salt_sts001_requests') }}, {{ ref('salt_sts002_episodes') }}
{%- set table = var('explain_table', 'salt_sts001') %}
with

anchors as (
    select * from {{ ref('salt_sts001_requests' if table == 'salt_sts001' else 'salt_sts002_episodes') }}
),

anchor_members as (
    select * from {{ ref('int_sequel_anchor_members') }}
),

candidates as (
    select * from {{ ref('int_sequel_candidates') }}
),

events as (
    select * from {{ ref('int_events_unique') }}
),

cohort as (
    {%- if table == 'salt_sts001' %}
    select
        request_cluster_id as member_id,
        la_code,
        person_id,
        age_band,
        route_of_access,
        sequel,
        cluster_start as member_start,
        cluster_end as member_end,
        sequel_method,
        sequel_source_value,
        sequel_event_id
    from anchors
    where is_counted
    {%- else %}
    select
        st_max_episode_id as member_id,
        la_code,
        person_id,
        age_band,
        cast(null as string) as route_of_access,
        sequel,
        episode_start_date as member_start,
        episode_end_date as member_end,
        sequel_method,
        sequel_source_value,
        sequel_event_id
    from anchors
    where salt_table = '{{ table | replace("salt_", "") }}'
    {%- endif %}
),

cell_members as (
    select * from cohort
    where
        true
        {{- cld_explain_filters([('la_code', 'explain_la_code'), ('age_band', 'explain_age_band'),
            ('route_of_access', 'explain_route_of_access'), ('sequel', 'explain_sequel')]) }}
),

member_events as (
    select
        anchor_id,
        event_id,
        'anchor' as event_role
    from anchor_members
    union all
    select
        anchor_id,
        event_id,
        'chain' as event_role
    from candidates
    where is_kept
),

final as (
    select
        cell_members.la_code,
        cell_members.age_band,
        cell_members.route_of_access,
        cell_members.sequel,
        cell_members.member_id,
        cell_members.person_id,
        cell_members.member_start,
        cell_members.member_end,
        cell_members.sequel_method,
        cell_members.sequel_source_value,
        case
            when member_events.event_role = 'chain' and member_events.event_id = cell_members.sequel_event_id then 'sequel'
            else member_events.event_role
        end as event_role,
        {{ cld_explain_event_columns('events') }}
    from cell_members
    inner join member_events
        on cell_members.member_id = member_events.anchor_id
    inner join events
        on member_events.event_id = events.event_id
)

select * from final
order by la_code, member_start, member_id, event_role, event_start_date
