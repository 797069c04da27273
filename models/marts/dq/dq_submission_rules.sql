-- Issues by rule and severity for every submission: file-level findings and row-level issues
-- together, so an LA sees at a glance what to fix first.
with

submissions as (
    select * from {{ ref('int_submissions_checked') }}
),

file_checks as (
    select * from {{ ref('int_submission_checks') }}
),

issues as (
    select * from {{ ref('int_row_issues') }}
),

rules as (
    select * from {{ ref('cld_validation_rules') }}
),

counted as (
    select
        landed_file_name,
        rule_code,
        severity,
        count(*) as issue_count,
        count(*) as rows_affected
    from file_checks
    group by landed_file_name, rule_code, severity

    union all

    select
        landed_file_name,
        rule_code,
        severity,
        count(*) as issue_count,
        count(distinct source_row_number) as rows_affected
    from issues
    group by landed_file_name, rule_code, severity
),

final as (
    select
        counted.landed_file_name,
        submissions.la_code,
        submissions.period_start,
        submissions.period_end,
        submissions.submitted_at,
        counted.rule_code,
        rules.rule_level,
        counted.severity,
        rules.description as rule_description,
        cast(counted.issue_count as bigint) as issue_count,
        cast(counted.rows_affected as bigint) as rows_affected
    from counted
    inner join submissions
        on counted.landed_file_name = submissions.landed_file_name
    inner join rules
        on counted.rule_code = rules.rule_code
)

select * from final
