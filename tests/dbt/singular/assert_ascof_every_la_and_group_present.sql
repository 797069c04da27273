-- ASCOF QA: every LA with a usable submission for the period, and England, has a row for every
-- measure and group of seed cld_ascof_groups (zeros, not missing rows).
with

expected as (
    select
        las.la_code,
        groups.measure,
        groups.measure_group
    from (
        select distinct la_code from {{ ref('int_submissions_selected') }} where has_usable_file
        union all
        select 'ENG' as la_code
    ) as las
    cross join {{ ref('cld_ascof_groups') }} as groups
),

final as (
    select expected.*
    from expected
    left join {{ ref('ascof_measures') }} as measures
        on
            expected.la_code = measures.la_code
            and expected.measure = measures.measure
            and expected.measure_group = measures.measure_group
    where measures.la_code is null
)

select * from final
