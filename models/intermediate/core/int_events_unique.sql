-- One row per unique event: the latest submitted edition of every event of the period, across
-- the LA's selected files (one per reporting year).  Within an event key the winner is the row
-- of the latest submitted file; within one file (two rows of one key), an open end before a
-- closed one, then the later end, then the outcome highest in hierarchy H4, then the later row
-- (deterministic; rules README #21).  A later file that closes an event open in an earlier one
-- therefore gives it its end date and outcome.  Superseded editions are counted in
-- int_row_flow with reason `superseded_edition`.
{{ cld_la_incremental_config() }}
with

rows_identified as (
    select * from {{ cld_la_scoped(ref('int_event_rows_identified')) }}
    where exclusion_reason is null
),

outcome_hierarchy as (
    select * from {{ ref('cld_event_outcome_hierarchy') }}
),

ranked as (
    select
        rows_identified.*,
        row_number() over (
            partition by rows_identified.event_key
            order by
                rows_identified.submitted_at desc,
                case when rows_identified.event_end_date is null then 0 else 1 end,
                rows_identified.event_end_date desc,
                coalesce(outcome_hierarchy.outcome_rank, 99),
                rows_identified.source_row_number desc
        ) as edition_rank,
        count(*) over (partition by rows_identified.event_key) as editions_seen
    from rows_identified
    left join outcome_hierarchy
        on rows_identified.event_outcome = outcome_hierarchy.event_outcome
),

final as (
    select
        {{ dbt.hash('event_key') }} as event_id,
        event_key,
        la_code,
        person_id,
        event_type,
        event_reference,
        event_start_date,
        event_end_date_adjusted as event_end_date,
        event_end_date as event_end_date_submitted,
        event_end_date_adjusted is null as is_open,
        event_outcome,
        route_of_access,
        assessment_type,
        eligible_needs_identified,
        carer_involved_in_assessment,
        service_type,
        service_component,
        delivery_mechanism,
        provider_location_name,
        provider_cqc_id,
        review_reason,
        review_outcomes_achieved,
        unit_cost,
        cost_frequency,
        planned_units_per_week,
        full_cost_client,
        event_description,
        age_at_event_start,
        year_start as reporting_year_start,
        landed_file_name,
        source_row_number,
        submitted_at,
        editions_seen
    from ranked
    where edition_rank = 1
)

select * from final
