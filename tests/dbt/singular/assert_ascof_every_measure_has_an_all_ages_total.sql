-- ASCOF-GRP-01: every ASCOF measure of seed cld_ascof_groups has exactly one `Total` group that
-- selects every age and gender, and every unit counted in any group of a measure is counted in
-- that measure's Total (ascof_measure_members).  Rows returned are the breaches.
with

measure_groups as (
    select * from {{ ref('cld_ascof_groups') }}
),

members as (
    select * from {{ ref('ascof_measure_members') }}
),

totals as (
    select
        measure,
        count(*) filter (where measure_group = 'Total') as total_groups,
        count(*) filter (
            where measure_group = 'Total' and age_group is null and gender is null
        ) as all_ages_total_groups
    from measure_groups
    group by measure
),

bad_measures as (
    select
        measure,
        cast(null as string) as la_code,
        cast(null as string) as unit_id,
        'measure without exactly one all-ages Total group' as breach
    from totals
    where total_groups != 1 or all_ages_total_groups != 1
),

units_missing_from_total as (
    select distinct
        members.measure,
        members.la_code,
        members.unit_id,
        'unit counted in a group but not in Total' as breach
    from members
    left join members as total_members
        on
            members.measure = total_members.measure
            and members.la_code = total_members.la_code
            and members.unit_id = total_members.unit_id
            and total_members.measure_group = 'Total'
    where total_members.unit_id is null
),

final as (
    select * from bad_measures
    union all
    select * from units_missing_from_total
)

select * from final
