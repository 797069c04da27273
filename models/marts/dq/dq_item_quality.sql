-- Completeness and validity of every data item in every accepted submission — the measures
-- LAs are judged on.  Completeness = share of rows where the item applies (its event type, or
-- all rows) that are not blank; for mandatory items, also the share of rows where it is
-- required that are not blank.  Validity = share of non-blank values that type cleanly
-- (list value, date, number, NHS number check digit, postcode shape); text items are valid
-- when present.
-- Incremental per landed file (macros/incremental/per_file.sql): reloads the accepted files whose
-- facts in int_rows_in_context (LA, period, submitted, row count) differ from the ones stored
-- here, drops files no longer accepted or landed.  The file list is inlined where the
-- int_row_item_checks view is read, so only those files' rows are expanded and aggregated.
-- depends_on: {{ ref('int_rows_in_context') }}
{{ config(
    materialized='cld_per_file',
    on_schema_change='fail',
    meta={'cld_per_file': {
        'current': 'int_rows_in_context',
        'where': 'is_submission_accepted',
        'facts': ['la_code', 'period_start', 'period_end', 'submitted_at'],
        'stored_row_count': 'max(file_rows)'}}
) }}
with

item_checks as (
    select * from {{ ref('int_row_item_checks') }}
),

submissions as (
    select * from {{ ref('int_submissions_checked') }}
),

aggregated as (
    select
        landed_file_name,
        item_number,
        template_column_name,
        is_mandatory,
        value_kind,
        count(*) as file_rows,
        sum(case when is_applicable then 1 else 0 end) as rows_applicable,
        sum(case when is_applicable and not is_blank then 1 else 0 end) as rows_completed,
        sum(case when is_mandatory and is_required then 1 else 0 end) as rows_required,
        sum(case when is_mandatory and is_required and not is_blank then 1 else 0 end) as rows_required_completed,
        sum(case when not is_blank then 1 else 0 end) as rows_non_blank,
        sum(
            case when not is_blank and (has_typed_value or value_kind in ('text', 'code', 'identifier')) then 1 else 0 end
        ) as rows_valid
    from item_checks
    group by landed_file_name, item_number, template_column_name, is_mandatory, value_kind
),

final as (
    select
        aggregated.landed_file_name,
        submissions.la_code,
        submissions.period_start,
        submissions.period_end,
        submissions.submitted_at,
        cast(aggregated.item_number as integer) as item_number,
        aggregated.template_column_name as data_item,
        aggregated.is_mandatory,
        aggregated.value_kind,
        cast(aggregated.file_rows as bigint) as file_rows,
        cast(aggregated.rows_applicable as bigint) as rows_applicable,
        cast(aggregated.rows_completed as bigint) as rows_completed,
        case when aggregated.rows_applicable > 0
            then cast({{ cld_round_div('100 * aggregated.rows_completed', 'aggregated.rows_applicable', 2) }} as decimal(5, 2)) end
            as completeness_pct,
        cast(aggregated.rows_required as bigint) as rows_required,
        cast(aggregated.rows_required_completed as bigint) as rows_required_completed,
        case when aggregated.rows_required > 0
            then cast({{ cld_round_div('100 * aggregated.rows_required_completed', 'aggregated.rows_required', 2) }} as decimal(5, 2)) end
            as required_completeness_pct,
        cast(aggregated.rows_non_blank as bigint) as rows_non_blank,
        cast(aggregated.rows_valid as bigint) as rows_valid,
        case when aggregated.rows_non_blank > 0
            then cast({{ cld_round_div('100 * aggregated.rows_valid', 'aggregated.rows_non_blank', 2) }} as decimal(5, 2)) end as validity_pct
    from aggregated
    inner join submissions
        on aggregated.landed_file_name = submissions.landed_file_name
)

select * from final
