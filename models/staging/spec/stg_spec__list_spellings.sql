-- Every accepted spelling of every defined-list value, reduced to its matching key.
-- Staging typed rows join here once per list column to find the canonical value.
with

aliases as (
    select * from {{ ref('cld_defined_list_aliases') }}
),

keyed as (
    select
        list_name,
        {{ cld_match_key('spelling') }} as match_key,
        canonical_value,
        max(case when spelling_source = 'guidance' then 1 else 0 end) as is_guidance_spelling_int
    from aliases
    group by list_name, {{ cld_match_key('spelling') }}, canonical_value
),

final as (
    select
        list_name,
        match_key,
        canonical_value,
        is_guidance_spelling_int = 1 as has_guidance_spelling
    from keyed
)

select * from final
