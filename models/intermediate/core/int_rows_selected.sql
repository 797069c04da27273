-- The rows the period is built from, defined once: the usable rows (int_rows_validated) of the
-- file selected for each LA and reporting year (int_submissions_selected), with that year
-- part.  A view: identity (int_event_rows_identified) and NHS number tracing
-- (int_trace_responses_checked) both read it.
with

rows_validated as (
    select * from {{ ref('int_rows_validated') }}
    where is_usable
),

selected as (
    select * from {{ ref('int_submissions_selected') }}
    where has_usable_file
),

final as (
    select
        rows_validated.*,
        selected.year_start,
        selected.part_start,
        selected.part_end
    from rows_validated
    inner join selected
        on rows_validated.landed_file_name = selected.selected_file_name
)

select * from final
