-- Where every staged row went: one row per staged row with its flow status — `used` (it is the
-- edition kept in int_events_unique) or the reason it was not: rejected_file, row_error
-- (an error-severity issue), duplicate_row, not_selected (its file is not the one chosen for
-- the period: superseded by a later file, or another year), no_person_identifier,
-- la_id_linked_to_nhs_number, outside_period, under_18, superseded_edition (a later or
-- preferred edition of the same event won).  So landed = used + excluded, per LA
-- (reconciled by a singular test against the landing step's own row counts).
{{ config(materialized='cld_per_la') }}
with

rows_validated as (
    select * from {{ ref('int_rows_validated') }}
),

rows_identified as (
    select * from {{ ref('int_event_rows_identified') }}
),

events as (
    select * from {{ ref('int_events_unique') }}
),

final as (
    select
        rows_validated.landed_file_name,
        rows_validated.source_row_number,
        rows_validated.la_code,
        case
            when not rows_validated.is_submission_accepted then 'rejected_file'
            when rows_validated.error_count > 0 then 'row_error'
            when rows_validated.is_duplicate_copy then 'duplicate_row'
            when rows_identified.landed_file_name is null then 'not_selected'
            when rows_identified.exclusion_reason is not null then rows_identified.exclusion_reason
            when events.event_id is null then 'superseded_edition'
            else 'used'
        end as flow_status,
        events.event_id
    from rows_validated
    left join rows_identified
        on
            rows_validated.landed_file_name = rows_identified.landed_file_name
            and rows_validated.source_row_number = rows_identified.source_row_number
    left join events
        on
            rows_validated.landed_file_name = events.landed_file_name
            and rows_validated.source_row_number = events.source_row_number
)

select * from final
