-- The row-level issue list, ready for an LA to fix its extract: one row per issue, naming the
-- file, the record number in the file, the person and event, the data item, the rule, its
-- severity, the value as submitted and a message.  `cld export-dq` writes one CSV per LA.
-- Incremental per landed file (macros/incremental/per_file.sql): reloads the files whose facts in
-- int_rows_in_context (LA, period, submitted, header width, row count) differ from the ones
-- stored with their issues here, drops files whose issues are gone (file removed, rejected, or
-- clean now).
{{ config(
    materialized='cld_per_file',
    on_schema_change='fail',
    meta={'cld_per_file': {
        'current': 'int_rows_in_context',
        'where': 'is_submission_accepted',
        'with_rows_in': 'int_row_issues',
        'facts': ['la_code', 'period_start', 'period_end', 'submitted_at', 'header_column_count'],
        'stored_row_count': 'max(file_rows)'}}
) }}
with

issues as (
    select * from {{ ref('int_row_issues') }}
),

submissions as (
    select * from {{ ref('int_submissions_checked') }}
),

file_facts as (
    {{ cld_file_facts(ref('int_rows_in_context'), facts=['header_column_count'],
        where='is_submission_accepted') }}
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
        issues.message,
        file_facts.header_column_count,
        file_facts.row_count as file_rows
    from issues
    inner join submissions
        on issues.landed_file_name = submissions.landed_file_name
    inner join file_facts
        on issues.landed_file_name = file_facts.landed_file_name
)

select * from final
