-- The row-level issue list, ready for an LA to fix its extract: one row per issue, naming the
-- file, the record number in the file, the person and event, the data item, the rule, its
-- severity, the value as submitted and a message.  `cld export-dq` writes one CSV per LA.
-- Incremental per landed file (macros/incremental/per_file.sql): reloads the files whose facts in
-- int_rows_in_context (LA, period, submitted, header width, row count) differ from the ones
-- stored with their issues here, drops files whose issues are gone (file removed, rejected, or
-- clean now).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{% if is_incremental() %}{{ cld_delete_files(cld_row_issues_files_to_load(this)) }}{% endif %}"
) }}
{%- set files_filter = '' %}
{%- if is_incremental() %}
    {%- set files_filter = 'and landed_file_name in ' ~ cld_in_list(cld_row_issues_files_to_load(this)) %}
{%- endif %}
with

issues as (
    select * from {{ ref('int_row_issues') }}
    where true {{ files_filter }}
),

submissions as (
    select * from {{ ref('int_submissions_checked') }}
    where true {{ files_filter }}
),

file_facts as (
    {{ cld_file_facts(ref('int_rows_in_context'), facts=['header_column_count'],
        where='is_submission_accepted ' ~ files_filter) }}
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
