-- Rules: ASCOF-01.
-- ASCOF QA: every LA with a usable submission for the period, and England, has a row for every
-- measure and group of seed cld_ascof_groups (zeros, not missing rows).
with

selected_las as (
    select distinct la_code
    from {{ ref('int_submissions_selected') }}
    where has_usable_file
),

las as (
    select la_code from selected_las
    union all
    select 'ENG' as la_code
),

measure_groups as (
    select * from {{ ref('cld_ascof_groups') }}
),

expected as (
    select
        las.la_code,
        measure_groups.measure,
        measure_groups.measure_group
    from las
    cross join measure_groups
),

measures as (
    select * from {{ ref('ascof_measures') }}
),

final as (
    select expected.*
    from expected
    left join measures
        on
            expected.la_code = measures.la_code
            and expected.measure = measures.measure
            and expected.measure_group = measures.measure_group
    where measures.la_code is null
)

select * from final
