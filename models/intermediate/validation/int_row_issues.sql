-- The row-level issue list: one row per (landed row, data item, rule) that fails.
-- Item rules are not written per column: every row is paired with every data item of the
-- cld_data_items seed (mandatory?, applicability, requirement rule, value kind, criticality)
-- and the same generic checks apply to all 40.  Row rules that read several items or rows
-- follow (dates, person consistency, duplicates, outcomes, costs).  Severity comes from the
-- cld_validation_rules seed; item rules on critical items are raised to error.
-- Rows of rejected files are not validated row by row (their file-level finding says why).
-- Incremental per landed file (macros/cld_incremental.sql): reloads the files whose facts in
-- int_rows_in_context changed since int_rows_validated was last written.
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{% if is_incremental() %}{{ cld_delete_files(cld_validated_files_to_load()) }}{% endif %}"
) }}
{%- set items = cld_items() %}
{%- set consistency_keys = [] %}
{%- for column in var('cld_person_consistency_items') %}
    {%- do consistency_keys.append("coalesce(cast(" ~ column ~ " as varchar), trim(" ~ column ~ "_submitted), '')") %}
{%- endfor %}
{%- set files_filter = '' %}
{%- if is_incremental() %}
    {%- set files_filter = 'and landed_file_name in ' ~ cld_in_list(cld_validated_files_to_load()) %}
{%- endif %}
with

rows_in_context as (
    select * from {{ ref('int_rows_in_context') }}
    where is_submission_accepted {{ files_filter }}
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
    where true {{ files_filter }}
),

item_findings as (
    select
        landed_file_name,
        source_row_number,
        item_number,
        case
            when is_blank and requirement_rule = 'where_known' then 'nhs_number_missing'
            when is_blank then 'mandatory_missing'
            when not has_typed_value then 'invalid_' || case value_kind when 'list' then 'list_value' else value_kind end
            when value_kind = 'list' and trim(submitted_value) != canonical_value then 'non_template_spelling'
            else 'item_not_applicable'
        end as rule_code,
        is_critical,
        submitted_value,
        template_column_name || ': '
        || case
            when is_blank and requirement_rule = 'where_known' then 'blank (mandatory where known)'
            when is_blank then 'blank, but mandatory on this row'
            when not has_typed_value and value_kind = 'list'
                then '''' || submitted_value || ''' is not a value of the ' || defined_list || ' list'
            when not has_typed_value and value_kind = 'date'
                then '''' || submitted_value || ''' is not a valid date (dd/mm/yyyy)'
            when not has_typed_value and value_kind = 'number'
                then '''' || submitted_value || ''' is not a number'
            when not has_typed_value and value_kind = 'nhs_number'
                then '''' || submitted_value || ''' is not 10 digits with a valid check digit'
            when not has_typed_value and value_kind = 'postcode'
                then '''' || submitted_value || ''' is not a UK postcode'
            when value_kind = 'list' and trim(submitted_value) != canonical_value
                then '''' || submitted_value || ''' accepted as ''' || canonical_value || ''''
            else 'given on a ' || event_type || ' row but applies to ' || applies_to_event_type || ' rows only'
        end as message
    from item_checks
    where
        (is_blank and is_mandatory and is_required)
        or (not is_blank and not has_typed_value and value_kind in ('list', 'date', 'number', 'nhs_number', 'postcode'))
        or (not is_blank and value_kind = 'list' and has_typed_value and trim(submitted_value) != canonical_value)
        or (
            not is_blank and applies_to_event_type != 'all'
            and event_type is not null and event_type != applies_to_event_type
        )
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
    where is_submission_accepted {{ files_filter }}
    group by landed_file_name, row_fingerprint
    having count(*) > 1
),

repeated_event_references as (
    select
        landed_file_name,
        event_reference,
        count(*) as event_reference_rows
    from {{ ref('int_rows_in_context') }}
    where is_submission_accepted {{ files_filter }}
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
    where is_submission_accepted {{ files_filter }}
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
        where is_submission_accepted {{ files_filter }}
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

{#- Row rules: (rule code, data item number or none, submitted value, message, condition).
    Each becomes one branch of row_findings: the group rules (group_rule_codes) read
    rows_in_groups, the others rows_with_lookups. #}
{%- set group_rule_codes = ['duplicate_event_reference', 'duplicate_row', 'inconsistent_person_details'] %}
{%- set row_rules = [
    ('field_count_mismatch', none, "cast(source_field_count as varchar)",
        "'the record has ' || cast(source_field_count as varchar) || ' fields; the header has ' || cast(header_column_count as varchar)",
        "source_field_count != header_column_count"),
    ('end_before_start', 23, "event_end_date_submitted",
        "'Event End Date ' || cast(event_end_date as varchar) || ' is before Event Start Date ' || cast(event_start_date as varchar)",
        "event_end_date < event_start_date"),
    ('end_after_period', 23, "event_end_date_submitted",
        "'Event End Date ' || cast(event_end_date as varchar) || ' is after the period end ' || cast(period_end as varchar) || ' (a future date)'",
        "event_end_date > period_end"),
    ('outside_period', 22, "event_start_date_submitted",
        "'the event (' || coalesce(cast(event_start_date as varchar), 'no valid start date') || ' to ' || coalesce(cast(event_end_date as varchar), 'open') || ') lies outside the period ' || cast(period_start as varchar) || ' to ' || cast(period_end as varchar)",
        "event_start_date > period_end or event_end_date < period_start"),
    ('birth_after_start', 9, "date_of_birth_submitted",
        "'Date of Birth ' || cast(date_of_birth as varchar) || ' is after Event Start Date ' || cast(event_start_date as varchar)",
        "date_of_birth > event_start_date"),
    ('under_18', 9, "date_of_birth_submitted",
        "'aged ' || cast(age_at_event_start as varchar) || ' at the event start (adult social care is for " ~ var('cld_adult_age_years') ~ "+)'",
        "age_at_event_start between 0 and " ~ (var('cld_adult_age_years') - 1)),
    ('start_after_death', 10, "date_of_death_submitted",
        "'Event Start Date ' || cast(event_start_date as varchar) || ' is after Date of Death ' || cast(date_of_death as varchar)",
        "event_start_date > date_of_death"),
    ('duplicate_event_reference', 21, "event_reference_submitted",
        "'Event Reference ' || event_reference || ' appears on ' || cast(event_reference_rows as varchar) || ' rows of this submission'",
        "event_reference_rows > 1"),
    ('duplicate_row', none, "cast(null as varchar)",
        "'this row repeats an earlier row of the submission exactly'",
        "fingerprint_copy_number > 1"),
    ('outcome_not_allowed', 25, "event_outcome_submitted",
        "'Event Outcome ''' || event_outcome || ''' is not allowed for a ' || event_type || ' event'",
        "event_outcome is not null and event_type is not null and not is_outcome_allowed"),
    ('cost_frequency_missing', 38, "unit_cost_submitted",
        "'a Unit Cost is given without a Cost Frequency'",
        "event_type = 'Service' and unit_cost is not null and cost_frequency is null"),
    ('planned_units_missing', 39, "planned_units_per_week_submitted",
        "'Cost Frequency ' || cost_frequency || ' needs Planned units per week'",
        "event_type = 'Service' and cost_frequency_uses_planned_units and planned_units_per_week is null"),
    ('cost_missing', 37, "unit_cost_submitted",
        "'no Unit Cost for a ' || coalesce(service_type, 'blank Service Type') || ' service (' || coalesce(service_component, 'no component') || ')'",
        "event_type = 'Service' and unit_cost is null and ((service_type like 'Long Term Support:%' and coalesce(delivery_mechanism, '') not like '%CASSR Commissioned Support') or service_component in ('Short Term Residential Care', 'Short Term Nursing Care'))"),
] %}
{%- for column in var('cld_person_consistency_items') %}
    {%- set item = (items | selectattr('column_name', 'equalto', column) | first) %}
    {%- do row_rules.append(('inconsistent_person_details', item.item_number, column ~ '_submitted',
        "'" ~ item.column_name ~ " differs between rows of person ' || person_unique_identifier || ' in this submission'",
        'is_inconsistent_' ~ column)) %}
{%- endfor %}

row_findings as (
    {%- for rule_code, item_number, submitted_expr, message_expr, condition in row_rules %}
    select
        landed_file_name,
        source_row_number,
        cast({{ item_number if item_number is not none else 'null' }} as integer) as item_number,
        '{{ rule_code }}' as rule_code,
        false as is_critical,
        {{ submitted_expr }} as submitted_value,
        {{ message_expr }} as message
    from {{ 'rows_in_groups' if rule_code in group_rule_codes else 'rows_with_lookups' }}
    where {{ condition }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

all_findings as (
    {%- for findings in ['item_findings', 'row_findings'] %}
    select
        landed_file_name,
        source_row_number,
        item_number,
        rule_code,
        is_critical,
        submitted_value,
        message
    from {{ findings }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

row_context as (
    select
        landed_file_name,
        source_row_number,
        la_code,
        person_unique_identifier,
        event_type
    from {{ ref('int_rows_in_context') }}
    where is_submission_accepted {{ files_filter }}
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
                and all_findings.rule_code != 'item_not_applicable' then 'error'
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
