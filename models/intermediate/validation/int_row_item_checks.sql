-- Every accepted row paired with every data item of the cld_data_items seed: the submitted
-- text, whether typing produced a value, whether the item is blank, required on this row
-- (mandatory + requirement rule) and applicable to the row's event type.  The generic,
-- seed-driven core of validation, read by int_row_issues and dq_item_quality.  A view: 40 rows
-- per landed row are aggregated or filtered straight away, never stored.
{{ config(materialized='view') }}
{%- set items = cld_items() %}
with

rows_in_context as (
    select * from {{ ref('int_rows_in_context') }}
    where is_submission_accepted
),

data_items as (
    select * from {{ ref('cld_data_items') }}
),

-- every row × every data item, with the submitted text and whether typing produced a value
item_values as (
    select
        rows_in_context.landed_file_name,
        rows_in_context.source_row_number,
        rows_in_context.event_type,
        rows_in_context.event_end_date,
        rows_in_context.primary_support_reason,
        rows_in_context.service_type,
        rows_in_context.age_at_event_start,
        data_items.item_number,
        data_items.template_column_name,
        data_items.value_kind,
        data_items.defined_list,
        data_items.is_mandatory,
        data_items.is_critical,
        data_items.requirement_rule,
        data_items.applies_to_event_type,
        case data_items.item_number
            {%- for item in items %}
            when {{ item.item_number }} then rows_in_context.{{ item.column_name }}_submitted
            {%- endfor %}
        end as submitted_value,
        case data_items.item_number
            {%- for item in items %}
            when {{ item.item_number }} then rows_in_context.{{ item.column_name }} is not null
            {%- endfor %}
        end as has_typed_value,
        case data_items.item_number
            {%- for item in items if item.value_kind == 'list' %}
            when {{ item.item_number }} then rows_in_context.{{ item.column_name }}
            {%- endfor %}
        end as canonical_value
    from rows_in_context
    cross join data_items
),

item_checks as (
    select
        *,
        coalesce(trim(submitted_value), '') = '' as is_blank,
        case requirement_rule
            when 'always' then true
            when 'where_known' then true
            when 'event_type' then event_type = applies_to_event_type
            when 'when_ended' then event_end_date is not null
            when 'ld_18_64'
                then {{ cld_is_working_age_learning_disability('primary_support_reason', 'age_at_event_start') }}
            when 'lts_community_or_prison' then service_type = 'Long Term Support: Community'
            else false
        end as is_required
    from item_values
),

final as (
    select
        *,
        applies_to_event_type = 'all' or applies_to_event_type = event_type as is_applicable
    from item_checks
)

select * from final
