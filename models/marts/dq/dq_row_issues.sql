-- The row-level issue list, ready for an LA to fix its extract: one row per issue, naming the
-- file, the record number in the file, the person and event, the data item, the rule, its
-- severity, the value as submitted and a message.  `cld export-dq` writes one CSV per LA.
with

issues as (
    select * from {{ ref('int_row_issues') }}
),

submissions as (
    select * from {{ ref('int_submissions_checked') }}
),

final as (
    select
        issues.landed_file_name,
        issues.source_row_number,
        issues.la_code,
        submissions.la_name,
        submissions.period_start,
        submissions.period_end,
        submissions.submitted_at,
        issues.person_unique_identifier,
        issues.event_type,
        issues.item_number,
        issues.data_item,
        issues.rule_code,
        issues.severity,
        issues.submitted_value,
        issues.message
    from issues
    inner join submissions
        on issues.landed_file_name = submissions.landed_file_name
)

select * from final
