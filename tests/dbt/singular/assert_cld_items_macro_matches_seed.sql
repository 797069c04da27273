-- Rules: VAL-01.
-- The landing contract's column list in macro cld_items() must equal seed cld_data_items
-- (number, column name, value kind, defined list).  Any row returned is a disagreement.
with

from_macro as (
    {%- for item in cld_items() %}
    select
        {{ item.item_number }} as item_number,
        '{{ item.column_name }}' as column_name,
        '{{ item.value_kind }}' as value_kind,
        {{ "'" ~ item.defined_list ~ "'" if item.defined_list else 'cast(null as string)' }} as defined_list
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

from_seed as (
    select
        item_number,
        column_name,
        value_kind,
        nullif(defined_list, '') as defined_list
    from {{ ref('cld_data_items') }}
),

final as (
    select
        coalesce(from_macro.item_number, from_seed.item_number) as item_number,
        from_macro.column_name as macro_column_name,
        from_seed.column_name as seed_column_name
    from from_macro
    full outer join from_seed
        on
            from_macro.item_number = from_seed.item_number
            and from_macro.column_name = from_seed.column_name
            and from_macro.value_kind = from_seed.value_kind
            and coalesce(from_macro.defined_list, '') = coalesce(from_seed.defined_list, '')
    where from_macro.item_number is null or from_seed.item_number is null
)

select * from final
