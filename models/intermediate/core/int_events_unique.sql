-- One row per unique event: the latest submitted edition of every event of the period, across
-- the LA's selected files (one per reporting year).  Within an event key the winner is the row
-- of the latest submitted file; within one file (two rows of one key), an open end before a
-- closed one, then the later end, then the outcome highest in hierarchy H4, then the later
-- reporting year (two files of one LA submitted in the same second), then the later row
-- (deterministic; rules EVT-02, EVT-06).  A later file that closes an event open in an earlier one
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

-- The winning edition without a window (a window sort over every row's columns ran out of
-- memory at national scale; docs/benchmarks.md): one exact number per row that sorts as the
-- order above — submitted (seconds since 2000), open first, later end, outcome higher in H4
-- (100 − rank; unlisted 99 → 1; ranks are 1–99, tested), then the later reporting year (only
-- two files of one LA submitted in the same second share the first part), then the later row
-- — so it names one row per key.  Its max per key, a fixed-size aggregate, then picks the row.
{%- set edition_key = cld_order_key([
    (cld_seconds_since('rows_identified.submitted_at'), 10),
    ('case when rows_identified.event_end_date is null then 1 else 0 end', 1),
    (cld_days_since('rows_identified.event_end_date'), 6),
    ('100 - coalesce(outcome_hierarchy.outcome_rank, 99)', 2),
    (cld_days_since('rows_identified.year_start'), 6),
    ('rows_identified.source_row_number', 8)]) %}
editions as (
    select
        rows_identified.*,
        {{ edition_key }} as edition_key
    from rows_identified
    left join outcome_hierarchy
        on rows_identified.event_outcome = outcome_hierarchy.event_outcome
),

-- per key: the winning edition's number and the editions seen (read narrow, not from the CTE
-- above: a CTE read twice is materialised whole)
winners as (
    select
        rows_identified.event_key,
        max({{ edition_key }}) as winning_edition_key,
        count(*) as editions_seen
    from (select * from {{ cld_la_scoped(ref('int_event_rows_identified')) }}) as rows_identified
    left join outcome_hierarchy
        on rows_identified.event_outcome = outcome_hierarchy.event_outcome
    where rows_identified.exclusion_reason is null
    group by rows_identified.event_key
),

ranked as (
    select
        editions.*,
        winners.editions_seen
    from editions
    inner join winners
        on
            editions.event_key = winners.event_key
            and editions.edition_key = winners.winning_edition_key
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
)

select * from final
