-- The cohort behind LTS002a/b: one row per completed review (unique Review event ending in the
-- period) of a person counted in LTS001a, with: planned or unplanned (Review Reason `Planned`
-- vs `Unplanned - *`), the reason (blank shows as seed cld_salt_unknown_labels says), the person's LTS001a support setting, and what followed —
-- a care-home admission when a long-term residential or nursing service starts on or after
-- the review start and within var cld_review_followup_window_days of its end while none
-- was running at the review start; otherwise the review's own Event Outcome grouped by seed
-- cld_review_sequels.  v4.2 cannot give the rest of SALT LTS002's "what happened next"
-- columns (e.g. the unplanned-review trigger detail beyond the reason, or moves between
-- community settings), so they are not produced (README, Limits).
{{ config(materialized='cld_per_la') }}
with

reviews as (
    select * from {{ ref('int_events_unique') }}
    where event_type = 'Review'
),

people as (
    select * from {{ ref('salt_lts001_people') }}
    where is_in_lts001a
),

services as (
    select * from {{ ref('int_lts_services') }}
    where broad_setting in ('Residential', 'Nursing')
),

review_sequels as (
    select * from {{ ref('cld_review_sequels') }}
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

unknown_reason as (
    select * from {{ ref('cld_salt_unknown_labels') }}
    where list_name = 'review_reason'
),

completed as (
    select reviews.*
    from reviews
    cross join period
    where reviews.event_end_date between period.period_start and period.period_end
),

care_home as (
    select
        completed.event_id,
        max(case
            when services.event_start_date <= completed.event_start_date
                and services.end_or_sentinel >= completed.event_start_date then 1 else 0
        end) as was_in_care_home,
        max(case
            when services.event_start_date >= completed.event_start_date
                and services.event_start_date
                <= {{ dbt.dateadd('day', var('cld_review_followup_window_days'), 'completed.event_end_date') }}
                then 1 else 0
        end) as care_home_started_after
    from completed
    inner join services
        on
            completed.la_code = services.la_code
            and completed.person_id = services.person_id
    group by completed.event_id
),

final as (
    select
        completed.event_id as review_id,
        completed.la_code,
        completed.person_id,
        completed.event_start_date as review_start_date,
        completed.event_end_date as review_end_date,
        coalesce(completed.review_reason, unknown_reason.salt_label) as review_reason,
        case
            when completed.review_reason = 'Planned' then 'Planned'
            when completed.review_reason like 'Unplanned%' then 'Unplanned'
            else unknown_reason.salt_label
        end as review_type,
        completed.event_outcome as review_outcome,
        people.support_setting_in_period as support_setting,
        people.age_band_at_period_end as age_band,
        people.is_in_lts001c,
        coalesce(care_home.care_home_started_after = 1 and care_home.was_in_care_home = 0, false)
            as is_followed_by_care_home_admission,
        coalesce(admission.what_followed, outcome_group.what_followed, unknown_group.what_followed) as what_followed
    from completed
    inner join people
        on
            completed.la_code = people.la_code
            and completed.person_id = people.person_id
    left join care_home
        on completed.event_id = care_home.event_id
    left join review_sequels as admission
        on
            admission.event_outcome = '(care home admission)'
            and coalesce(care_home.care_home_started_after = 1 and care_home.was_in_care_home = 0, false)
    left join review_sequels as outcome_group
        on completed.event_outcome = outcome_group.event_outcome
    inner join review_sequels as unknown_group
        on unknown_group.event_outcome = '(unknown)'
    cross join unknown_reason
)

select * from final
