-- The submissions registry and per-submission data-quality summary: one row per landed file,
-- accepted or rejected and why, with rows, persons, events by type, issues by severity and the
-- share of rows usable for derived tables.  The first thing an LA analyst reads.
-- For a locked LA-year (seed cld_year_locks) every file says whether it is the locked file, a
-- file received after lock (validated and reported here, not used for the year's figures) or
-- an earlier file the lock superseded.
-- A table: the lock status depends on other files.  The per-file counts come ready from
-- int_submission_row_summary (incremental per landed file), so no row table is read here.
with

submissions as (
    select * from {{ ref('int_submissions_checked') }}
),

row_summary as (
    select * from {{ ref('int_submission_row_summary') }}
),

coverage as (
    select * from {{ ref('int_submission_coverage') }}
),

year_locks as (
    select * from {{ ref('int_year_locks') }}
),

final as (
    select
        submissions.landed_file_name,
        submissions.la_code,
        submissions.la_name,
        submissions.period_start,
        submissions.period_end,
        submissions.submitted_at,
        submissions.submission_status,
        submissions.is_accepted,
        submissions.rejection_reasons,
        submissions.rejection_message,
        cast(submissions.file_warning_count as bigint) as file_warning_count,
        submissions.detected_encoding,
        coverage.derived_period_start,
        coverage.derived_period_end,
        coalesce(coverage.is_coverage_disagreeing, false) as is_coverage_disagreeing,
        cast(submissions.rows_read as bigint) as rows_read,
        cast(coalesce(row_summary.rows_staged, 0) as bigint) as rows_staged,
        cast(coalesce(row_summary.persons, 0) as bigint) as persons,
        cast(coalesce(row_summary.request_rows, 0) as bigint) as request_rows,
        cast(coalesce(row_summary.assessment_rows, 0) as bigint) as assessment_rows,
        cast(coalesce(row_summary.service_rows, 0) as bigint) as service_rows,
        cast(coalesce(row_summary.review_rows, 0) as bigint) as review_rows,
        cast(coalesce(row_summary.unknown_event_type_rows, 0) as bigint) as unknown_event_type_rows,
        cast(coalesce(row_summary.error_issues, 0) as bigint) as error_issues,
        cast(coalesce(row_summary.warning_issues, 0) as bigint) as warning_issues,
        cast(coalesce(row_summary.info_issues, 0) as bigint) as info_issues,
        cast(coalesce(row_summary.rows_with_errors, 0) as bigint) as rows_with_errors,
        cast(coalesce(row_summary.rows_with_warnings, 0) as bigint) as rows_with_warnings,
        cast(coalesce(row_summary.usable_rows, 0) as bigint) as usable_rows,
        case
            when year_locks.la_code is null then cast(null as string)
            when submissions.landed_file_name = year_locks.locked_file_name then 'locked_file'
            when submissions.submitted_at > coalesce(year_locks.locked_submitted_at, cast(year_locks.locked_on as timestamp))
                then 'received_after_lock'
            else 'superseded_before_lock'
        end as lock_status,
        case
            when year_locks.la_code is null then cast(null as string)
            when submissions.landed_file_name = year_locks.locked_file_name
                then {{ cld_string_literal("the year's published figures are built from this file (locked ") }}
                    || cast(year_locks.locked_on as string) || ')'
            when submissions.submitted_at > coalesce(year_locks.locked_submitted_at, cast(year_locks.locked_on as timestamp))
                then 'received after lock: the year was locked on ' || cast(year_locks.locked_on as string) || ' to '
                    || year_locks.locked_file_name || '; this file is validated and reported but not used'
            else 'superseded: the year is locked to ' || year_locks.locked_file_name
        end as lock_message,
        case
            when coalesce(row_summary.rows_staged, 0) > 0
                then cast({{ cld_round_div('100 * row_summary.usable_rows', 'row_summary.rows_staged', 2) }} as decimal(5, 2))
        end as usable_rows_pct
    from submissions
    left join row_summary
        on submissions.landed_file_name = row_summary.landed_file_name
    left join coverage
        on submissions.landed_file_name = coverage.landed_file_name
    left join year_locks
        on
            submissions.la_code = year_locks.la_code
            and submissions.period_start = year_locks.year_start
)

select * from final
