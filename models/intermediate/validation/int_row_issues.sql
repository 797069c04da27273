-- The row-level issue list: one row per (landed row, data item, rule) that fails.
-- Every rule is a row of the seed cld_validation_rules (reads row_items, rows or row_groups),
-- compiled by cld_validation_findings; this model gathers the facts the rules read.
-- Item rules are not written per column: every row is paired with every data item of the
-- cld_data_items seed (int_row_item_checks) and the same generic checks apply to all 40.
-- Row rules read one row with its lookups, or the rows of a group that breaks a rule (dates,
-- person consistency, duplicates, outcomes, costs).  Severity comes from the seed; a warning
-- on a critical item is raised to error for the rules the seed marks is_error_on_critical_item.
-- Rows of rejected files are not validated row by row (their file-level finding says why).
-- Incremental per landed file (macros/incremental/per_file.sql): reloads the files whose facts in
-- int_rows_in_context changed since int_rows_validated was last written.
{{ config(
    materialized='cld_per_file',
    meta={'cld_per_file': {'current': 'int_rows_in_context', 'stored': 'int_rows_validated'}}
) }}
{%- set consistency_keys = [] %}
{%- for column in var('cld_person_consistency_items') %}
    {%- do consistency_keys.append("coalesce(cast(" ~ column ~ " as string), trim(" ~ column ~ "_submitted), '')") %}
{%- endfor %}
with

rows_in_context as (
    select * from {{ ref('int_rows_in_context') }}
    where is_submission_accepted
),

data_items as (
    select * from {{ ref('cld_data_items') }}
),

rules as (
    select * from {{ ref('cld_validation_rules') }}
),

outcome_event_types as (
    select * from {{ ref('cld_event_outcome_event_types') }}
),

allowed_outcomes as (
    select distinct
        event_outcome,
        event_type
    from outcome_event_types
),

cost_frequencies as (
    select * from {{ ref('cld_cost_frequencies') }}
),

item_checks as (
    select * from {{ ref('int_row_item_checks') }}
),

-- Row rules reading several rows of a file: per-group facts as aggregates (hash aggregation,
-- not window sorts), kept only for the groups that break a rule, then joined to a narrow read
-- of the rows — never to the wide rows: DuckDB built a join's hash table from the ~100-column
-- side (docs/benchmarks.md).  Each reads int_rows_in_context directly, narrow: a CTE
-- read more than once is materialised whole.
fingerprint_copies as (
    select
        landed_file_name,
        row_fingerprint,
        min(source_row_number) as first_source_row_number
    from {{ ref('int_rows_in_context') }}
    where is_submission_accepted
    group by landed_file_name, row_fingerprint
    having count(*) > 1
),

repeated_event_references as (
    select
        landed_file_name,
        event_reference,
        count(*) as event_reference_rows
    from {{ ref('int_rows_in_context') }}
    where is_submission_accepted
        and event_reference is not null
    group by landed_file_name, event_reference
    having count(*) > 1
),

inconsistent_persons as (
    select
        landed_file_name,
        person_unique_identifier,
        {%- for column in var('cld_person_consistency_items') %}
        min({{ consistency_keys[loop.index0] }}) != max({{ consistency_keys[loop.index0] }}) as is_inconsistent_{{ column }}
        {{- ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('int_rows_in_context') }}
    where is_submission_accepted
        and person_unique_identifier is not null
    group by landed_file_name, person_unique_identifier
    having
        {%- for column in var('cld_person_consistency_items') %}
        min({{ consistency_keys[loop.index0] }}) != max({{ consistency_keys[loop.index0] }}){{ ' or' if not loop.last }}
        {%- endfor %}
),

-- the rows of those groups, narrow, with the facts the group rules read
rows_in_groups as (
    select
        rows_read.landed_file_name,
        rows_read.source_row_number,
        rows_read.person_unique_identifier,
        rows_read.event_reference,
        rows_read.event_reference_submitted,
        {%- for column in var('cld_person_consistency_items') %}
        rows_read.{{ column }}_submitted,
        {%- endfor %}
        case
            when rows_read.source_row_number > fingerprint_copies.first_source_row_number then 2 else 1
        end as fingerprint_copy_number,
        coalesce(repeated_event_references.event_reference_rows, 0) as event_reference_rows,
        {%- for column in var('cld_person_consistency_items') %}
        coalesce(inconsistent_persons.is_inconsistent_{{ column }}, false) as is_inconsistent_{{ column }}
        {{- ',' if not loop.last }}
        {%- endfor %}
    from (
        select * from {{ ref('int_rows_in_context') }}
        where is_submission_accepted
    ) as rows_read
    left join fingerprint_copies
        on
            rows_read.landed_file_name = fingerprint_copies.landed_file_name
            and rows_read.row_fingerprint = fingerprint_copies.row_fingerprint
    left join repeated_event_references
        on
            rows_read.landed_file_name = repeated_event_references.landed_file_name
            and rows_read.event_reference = repeated_event_references.event_reference
    left join inconsistent_persons
        on
            rows_read.landed_file_name = inconsistent_persons.landed_file_name
            and rows_read.person_unique_identifier = inconsistent_persons.person_unique_identifier
    where
        fingerprint_copies.row_fingerprint is not null
        or repeated_event_references.event_reference is not null
        or inconsistent_persons.person_unique_identifier is not null
),

-- the single-row rules' lookups (two small seeds)
rows_with_lookups as (
    select
        rows_in_context.*,
        cost_frequencies.uses_planned_units as cost_frequency_uses_planned_units,
        outcome_event_types.event_outcome is not null as is_outcome_allowed
    from rows_in_context
    left join cost_frequencies
        on rows_in_context.cost_frequency = cost_frequencies.cost_frequency
    left join allowed_outcomes as outcome_event_types
        on
            rows_in_context.event_outcome = outcome_event_types.event_outcome
            and rows_in_context.event_type = outcome_event_types.event_type
),

-- every item and row rule of the seed cld_validation_rules, compiled by cld_validation_findings:
-- the item rules in one pass over item_checks, each row rule one branch over its relation
all_findings as (
    {{ cld_validation_findings({
        'row_items': 'item_checks',
        'rows': 'rows_with_lookups',
        'row_groups': 'rows_in_groups',
    }) }}
),

row_context as (
    select
        landed_file_name,
        source_row_number,
        la_code,
        person_unique_identifier,
        event_type
    from {{ ref('int_rows_in_context') }}
    where is_submission_accepted
),

final as (
    select
        all_findings.landed_file_name,
        all_findings.source_row_number,
        row_context.la_code,
        row_context.person_unique_identifier,
        row_context.event_type,
        all_findings.item_number,
        data_items.template_column_name as data_item,
        all_findings.rule_code,
        case
            when all_findings.is_critical and rules.severity = 'warning'
                and rules.is_error_on_critical_item then 'error'
            else rules.severity
        end as severity,
        all_findings.submitted_value,
        all_findings.message
    from all_findings
    inner join row_context
        on
            all_findings.landed_file_name = row_context.landed_file_name
            and all_findings.source_row_number = row_context.source_row_number
    inner join rules
        on all_findings.rule_code = rules.rule_code
    left join data_items
        on all_findings.item_number = data_items.item_number
)

select * from final
