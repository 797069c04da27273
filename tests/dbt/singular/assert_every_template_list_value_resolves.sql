-- Rules: VAL-03.
-- Every spelling of every defined-list value in the spec (template and guidance) resolves,
-- through the matching key, to exactly one canonical value that is in cld_defined_list_values.
with

aliases as (
    select * from {{ ref('cld_defined_list_aliases') }}
),

spellings as (
    select * from {{ ref('stg_spec__list_spellings') }}
),

list_values as (
    select * from {{ ref('cld_defined_list_values') }}
),

final as (
    select
        aliases.list_name,
        aliases.spelling,
        spellings.canonical_value
    from aliases
    left join spellings
        on
            aliases.list_name = spellings.list_name
            and {{ cld_match_key('aliases.spelling') }} = spellings.match_key
    left join list_values
        on
            spellings.list_name = list_values.list_name
            and spellings.canonical_value = list_values.canonical_value
    where list_values.canonical_value is null
)

select * from final
