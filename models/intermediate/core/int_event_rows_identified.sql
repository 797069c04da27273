-- Usable rows of the selected files (int_rows_selected), each with its LA-scoped person identity and its event key,
-- and the reason a row goes no further (null = it goes on to int_events_unique).
--
-- Identity (rules ID-01, ID-02, one rule for the whole warehouse): a row with a
-- valid NHS number is person `N<nhs number>`; a row without one is person `L<LA person id>` when
-- that LA person id never appears with an NHS number in the same LA's selected rows; otherwise
-- the row cannot be linked safely and is excluded (`la_id_linked_to_nhs_number`), as are rows
-- with neither identifier (`no_person_identifier`).  The NHS number used is `linked_nhs_number`:
-- the valid submitted one, else the one NHS number tracing returned for the row's LA person id
-- (int_trace_responses_checked, applied responses only), with `nhs_number_source` saying which;
-- `nhs_number` stays the valid submitted number.  Without trace responses nothing changes.
--
-- Event key (rule EVT-01): requests — person, start, route of access; assessments —
-- person, start, assessment type; services — person, start, service type, component, delivery
-- mechanism; reviews — person, start, review reason; all within the LA and event type.  When
-- the Event Reference is present and unique in its file, it is the key instead.
--
-- Death-adjusted end (rule EVT-04): an event still running at the person's death
-- (death on or after the start, before any end; an open event needs death strictly after its
-- start) ends on the date of death.
-- Scope (rule EVT-03): an event is in the period when it starts on or before period_end and has not ended
-- before period_start; people under var cld_adult_age_years at the event start are out (rule AGE-02).
{{ cld_la_incremental_config() }}
with

selected_rows as (
    select * from {{ cld_la_scoped(ref('int_rows_selected')) }}
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

-- at most one applied response per LA and local reference (the latest; tested)
traced as (
    select * from {{ cld_la_scoped(ref('int_trace_responses_checked')) }}
    where is_applied
),

-- The two context facts as small aggregates joined back (not windows: a window carries every
-- column of every row through its sort, which ran out of memory at national scale).  They read
-- the view itself, narrow, rather than a shared CTE of all the columns (DuckDB would
-- materialise that whole).  Left joins on equality: a null LA person id or Event Reference is
-- never looked up (identity and the event key only use them when present), and an `is not
-- distinct from` join made DuckDB build its hash table from the wide rows (figures:
-- docs/benchmarks.md).  An LA person id "has an NHS number" when one of its rows has a
-- valid submitted one or tracing applied one to it.
la_ids_with_submitted_nhs_number as (
    select
        la_code,
        person_unique_identifier,
        max(case when nhs_number is not null then 1 else 0 end) as has_submitted_nhs_number
    from {{ cld_la_scoped(ref('int_rows_selected')) }}
    where person_unique_identifier is not null
    group by la_code, person_unique_identifier
),

event_references_in_file as (
    select
        landed_file_name,
        event_reference,
        count(*) as event_reference_rows_in_file
    from {{ cld_la_scoped(ref('int_rows_selected')) }}
    where event_reference is not null
    group by landed_file_name, event_reference
),

-- the traced number joins on equality only (a condition on the row's own NHS number in the
-- join would make it a nested-loop join) and is used for rows without a valid NHS number
with_identity_context as (
    select
        selected_rows.*,
        case when selected_rows.nhs_number is null then traced.traced_nhs_number end as traced_nhs_number,
        coalesce(selected_rows.nhs_number, traced.traced_nhs_number) as linked_nhs_number,
        case
            when selected_rows.nhs_number is not null then 'submitted'
            when traced.traced_nhs_number is not null then 'traced'
        end as nhs_number_source,
        case
            when la_ids.has_submitted_nhs_number = 1 or traced.traced_nhs_number is not null then 1 else 0
        end as la_id_has_nhs_number,
        event_references_in_file.event_reference_rows_in_file
    from selected_rows
    left join traced
        on
            selected_rows.la_code = traced.la_code
            and selected_rows.person_unique_identifier = traced.local_reference
    left join la_ids_with_submitted_nhs_number as la_ids
        on
            selected_rows.la_code = la_ids.la_code
            and selected_rows.person_unique_identifier = la_ids.person_unique_identifier
    left join event_references_in_file
        on
            selected_rows.landed_file_name = event_references_in_file.landed_file_name
            and selected_rows.event_reference = event_references_in_file.event_reference
),

identified as (
    select
        *,
        case
            when linked_nhs_number is not null then 'N' || linked_nhs_number
            when person_unique_identifier is not null and la_id_has_nhs_number = 0
                then 'L' || person_unique_identifier
        end as person_id,
        case
            when
                date_of_death is not null
                and date_of_death >= event_start_date
                and (
                    (event_end_date is not null and date_of_death <= event_end_date)
                    or (event_end_date is null and date_of_death > event_start_date)
                )
                then date_of_death
            else event_end_date
        end as event_end_date_adjusted
    from with_identity_context
),

final as (
    select
        identified.*,
        identified.la_code || '|' || case
            when identified.event_reference is not null and identified.event_reference_rows_in_file = 1
                then 'REF|' || identified.event_reference
            else {{ cld_key([
                'identified.person_id', 'identified.event_type', 'identified.event_start_date',
                "case identified.event_type when 'Request' then identified.route_of_access"
                    ~ " when 'Assessment' then identified.assessment_type"
                    ~ " when 'Service' then identified.service_type"
                    ~ " when 'Review' then identified.review_reason end",
                "case when identified.event_type = 'Service' then identified.service_component end",
                "case when identified.event_type = 'Service' then identified.delivery_mechanism end"]) }}
        end as event_key,
        case
            when identified.person_id is null and identified.linked_nhs_number is null and identified.person_unique_identifier is null
                then 'no_person_identifier'
            when identified.person_id is null then 'la_id_linked_to_nhs_number'
            when identified.event_start_date > period.period_end then 'outside_period'
            when identified.event_end_date_adjusted < period.period_start then 'outside_period'
            when identified.age_at_event_start < {{ var('cld_adult_age_years') }} then 'under_18'
        end as exclusion_reason
    from identified
    cross join period
)

select * from final
