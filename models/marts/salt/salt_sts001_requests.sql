-- STS001's cohort, one row per request cluster in the period (new and existing clients), with
-- its sequel (a blank route of access shows as seed cld_salt_unknown_labels says), how the
-- sequel was found, and why it is or is not counted in salt_sts001:
-- existing_client (in long-term support at the cluster start, rule CLIENT-01), died_before_period,
-- under_18 / age_unknown (rules AGE-02, AGE-03; cohort rule STS001-01).  Counted rows: is_counted.
{{ config(materialized='cld_per_la') }}
with

sequels as (
    select * from {{ ref('int_sequels') }}
    where anchor_kind = 'request'
),

persons as (
    select * from {{ ref('int_persons') }}
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

unknown_route as (
    select * from {{ ref('cld_salt_unknown_labels') }}
    where list_name = 'route_of_access'
),

final as (
    select
        sequels.anchor_id as request_cluster_id,
        sequels.la_code,
        sequels.person_id,
        sequels.cluster_start,
        sequels.cluster_end,
        sequels.anchor_outcome as request_outcome,
        coalesce(sequels.route_of_access, unknown_route.salt_label) as route_of_access,
        sequels.age_at_period_end,
        sequels.age_band,
        sequels.is_existing_client,
        sequels.candidate_count,
        sequels.kept_count,
        sequels.sequel_method,
        sequels.sequel_source_value,
        sequels.sequel_event_id,
        sequels.sequel,
        case
            when sequels.is_existing_client then 'existing_client'
            else {{ cld_salt_person_exclusion(
            'persons.date_of_death', 'period.period_start', 'sequels.age_at_period_end', 'sequels.age_band') }}
        end as exclusion_reason
    from sequels
    cross join period
    cross join unknown_route
    left join persons
        on
            sequels.la_code = persons.la_code
            and sequels.person_id = persons.person_id
),

with_flag as (
    select
        *,
        exclusion_reason is null as is_counted
    from final
)

select * from with_flag
