-- Per landed file, what its rows came to: rows staged, persons, rows by event type, rows with
-- errors or warnings, usable rows, and row-level issues by severity — with the file's facts
-- (LA, period, submitted, accepted, header width).  One row per file with staged rows (rejected
-- files included: their rows are staged but not validated).  The per-file part of
-- dq_submissions, which adds what depends on other files (year locks) and on the registry.
-- Incremental per landed file (macros/incremental/per_file.sql): reloads the files whose facts in
-- int_rows_validated differ from the ones stored here, drops files gone.
{{ config(
    materialized='cld_per_file',
    meta={'cld_per_file': {'current': 'int_rows_validated', 'stored_row_count': 'sum(rows_staged)'}}
) }}
with

rows_validated as (
    select * from {{ ref('int_rows_validated') }}
),

issues as (
    select * from {{ ref('int_row_issues') }}
),

row_summary as (
    select
        landed_file_name,
        la_code,
        period_start,
        period_end,
        submitted_at,
        is_submission_accepted,
        header_column_count,
        count(*) as rows_staged,
        count(distinct person_unique_identifier) as persons,
        sum(case when event_type = 'Request' then 1 else 0 end) as request_rows,
        sum(case when event_type = 'Assessment' then 1 else 0 end) as assessment_rows,
        sum(case when event_type = 'Service' then 1 else 0 end) as service_rows,
        sum(case when event_type = 'Review' then 1 else 0 end) as review_rows,
        sum(case when event_type is null then 1 else 0 end) as unknown_event_type_rows,
        sum(case when error_count > 0 then 1 else 0 end) as rows_with_errors,
        sum(case when warning_count > 0 then 1 else 0 end) as rows_with_warnings,
        sum(case when is_usable then 1 else 0 end) as usable_rows
    from rows_validated
    group by
        landed_file_name, la_code, period_start, period_end, submitted_at, is_submission_accepted,
        header_column_count
),

issue_summary as (
    select
        landed_file_name,
        sum(case when severity = 'error' then 1 else 0 end) as error_issues,
        sum(case when severity = 'warning' then 1 else 0 end) as warning_issues,
        sum(case when severity = 'info' then 1 else 0 end) as info_issues
    from issues
    group by landed_file_name
),

final as (
    select
        row_summary.landed_file_name,
        row_summary.la_code,
        row_summary.period_start,
        row_summary.period_end,
        row_summary.submitted_at,
        row_summary.is_submission_accepted,
        row_summary.header_column_count,
        cast(row_summary.rows_staged as bigint) as rows_staged,
        cast(row_summary.persons as bigint) as persons,
        cast(row_summary.request_rows as bigint) as request_rows,
        cast(row_summary.assessment_rows as bigint) as assessment_rows,
        cast(row_summary.service_rows as bigint) as service_rows,
        cast(row_summary.review_rows as bigint) as review_rows,
        cast(row_summary.unknown_event_type_rows as bigint) as unknown_event_type_rows,
        cast(row_summary.rows_with_errors as bigint) as rows_with_errors,
        cast(row_summary.rows_with_warnings as bigint) as rows_with_warnings,
        cast(row_summary.usable_rows as bigint) as usable_rows,
        cast(coalesce(issue_summary.error_issues, 0) as bigint) as error_issues,
        cast(coalesce(issue_summary.warning_issues, 0) as bigint) as warning_issues,
        cast(coalesce(issue_summary.info_issues, 0) as bigint) as info_issues
    from row_summary
    left join issue_summary
        on row_summary.landed_file_name = issue_summary.landed_file_name
)

select * from final
