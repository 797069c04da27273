-- Every staged row with its validation outcome: counts of issues by severity and whether the
-- row is usable for derived tables (accepted file, no error-severity issue, not an exact
-- duplicate copy).  One row per staged row (rows of rejected files included, unusable).
-- Incremental per landed file (macros/incremental/per_file.sql): the same files as int_row_issues.
{{ config(
    materialized='cld_per_file',
    meta={'cld_per_file': {'current': 'int_rows_in_context', 'stored': 'int_rows_validated'}}
) }}
with

rows_in_context as (
    select * from {{ ref('int_rows_in_context') }}
),

issues as (
    select * from {{ ref('int_row_issues') }}
),

issues_per_row as (
    select
        landed_file_name,
        source_row_number,
        sum(case when severity = 'error' then 1 else 0 end) as error_count,
        sum(case when severity = 'warning' then 1 else 0 end) as warning_count,
        sum(case when severity = 'info' then 1 else 0 end) as info_count,
        max(case when rule_code = 'duplicate_row' then 1 else 0 end) = 1 as is_duplicate_copy
    from issues
    group by landed_file_name, source_row_number
),

final as (
    select
        rows_in_context.*,
        coalesce(issues_per_row.error_count, 0) as error_count,
        coalesce(issues_per_row.warning_count, 0) as warning_count,
        coalesce(issues_per_row.info_count, 0) as info_count,
        coalesce(issues_per_row.is_duplicate_copy, false) as is_duplicate_copy,
        rows_in_context.is_submission_accepted
        and coalesce(issues_per_row.error_count, 0) = 0
        and not coalesce(issues_per_row.is_duplicate_copy, false) as is_usable
    from rows_in_context
    left join issues_per_row
        on
            rows_in_context.landed_file_name = issues_per_row.landed_file_name
            and rows_in_context.source_row_number = issues_per_row.source_row_number
)

select * from final
