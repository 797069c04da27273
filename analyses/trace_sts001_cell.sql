-- How to read a SALT STS001 cell back to the rows an LA sent: for one LA and one sequel, every
-- counted request cluster, the requests in it, the event that gave the sequel, and the landed
-- file and row number of each.  Compile with `dbt compile -s trace_sts001_cell` and run the SQL
-- in target/compiled/ (change the two values below).
{%- set la_code = '716' %}
{%- set sequel = 'Long Term Support Community' %}
with

requests as (
    select * from {{ ref('salt_sts001_requests') }}
),

members as (
    select * from {{ ref('int_sequel_anchor_members') }}
),

events as (
    select * from {{ ref('int_events_unique') }}
),

final as (
    select
        requests.request_cluster_id,
        requests.person_id,
        requests.cluster_start,
        requests.cluster_end,
        requests.sequel_method,
        member_events.event_id as request_event_id,
        member_events.landed_file_name as request_file,
        member_events.source_row_number as request_row,
        sequel_events.event_id as sequel_event_id,
        sequel_events.landed_file_name as sequel_file,
        sequel_events.source_row_number as sequel_row
    from requests
    inner join members
        on requests.request_cluster_id = members.anchor_id
    inner join events as member_events
        on members.event_id = member_events.event_id
    left join events as sequel_events
        on requests.sequel_event_id = sequel_events.event_id
    where
        requests.is_counted
        and requests.la_code = '{{ la_code }}'
        and requests.sequel = '{{ sequel }}'
)

select * from final
