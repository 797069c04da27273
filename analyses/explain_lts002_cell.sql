-- `cld explain` in SQL for the review tables salt_lts002a (reviews of LTS001a people) and
-- salt_lts002b (of LTS001c people).  One row per review, from the cohort model
-- salt_lts002_reviews: its type, reason, the person's setting, what followed (a care-home
-- admission, or the review's own outcome grouped) and the landed file name and source row
-- number of the review event.  Count the rows to get the cell.  Choose the cell with vars
-- (unset = every cell):
--   dbt compile -s explain_lts002_cell --vars '{explain_table: salt_lts002a, explain_la_code: "716",
--     explain_review_reason: "Planned", explain_support_setting: "Community: Direct Payment only"}'
-- (also explain_what_followed), then run target/compiled/cld_warehouse/analyses/explain_lts002_cell.sql.
{%- set table = var('explain_table', 'salt_lts002a') %}
with

reviews as (
    select * from {{ ref('salt_lts002_reviews') }}
),

events as (
    select * from {{ ref('int_events_unique') }}
),

cell_members as (
    select * from reviews
    where
        {{ 'is_in_lts001c' if table == 'salt_lts002b' else 'true' }}
        {{- cld_explain_filters([('la_code', 'explain_la_code'), ('review_reason', 'explain_review_reason'),
            ('support_setting', 'explain_support_setting'), ('what_followed', 'explain_what_followed')]) }}
),

final as (
    select
        cell_members.la_code,
        cell_members.review_reason,
        cell_members.support_setting,
        cell_members.what_followed,
        cell_members.review_id,
        cell_members.person_id,
        cell_members.review_type,
        cell_members.review_outcome,
        cell_members.is_followed_by_care_home_admission,
        events.event_start_date,
        events.event_end_date,
        events.landed_file_name,
        events.source_row_number
    from cell_members
    inner join events
        on cell_members.review_id = events.event_id
)

select * from final
order by la_code, event_start_date, review_id
