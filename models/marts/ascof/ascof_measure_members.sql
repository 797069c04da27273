-- Who is in each ASCOF measure's numerator and denominator, and why: one row per (measure,
-- group, counted unit) from the measure models (ascof_2a_episodes, ascof_2bc_admissions,
-- ascof_2e_people, salt_lts004_people for 1E, ascof_3d_people).  The groups and their labels
-- come from seed cld_ascof_groups (rule ASCOF-GRP-01): a group selects the units of its measure
-- with its age group and gender, a blank meaning any, so a unit appears in every group it
-- belongs to — its age group, its gender, their combination and the all-ages `Total` that
-- every measure has.  2B/2C rows are numerator only: their denominators are populations
-- (ascof_measures).
{{ config(materialized='cld_per_la') }}
with

episodes_2a as (
    select * from {{ ref('ascof_2a_episodes') }}
),

admissions_2bc as (
    select * from {{ ref('ascof_2bc_admissions') }}
),

people_2e as (
    select * from {{ ref('ascof_2e_people') }}
    where age_group is not null
),

people_1e as (
    select * from {{ ref('salt_lts004_people') }}
),

people_3d as (
    select * from {{ ref('ascof_3d_people') }}
    where is_adult_or_unknown and is_in_denominator
),

groups as (
    select * from {{ ref('cld_ascof_groups') }}
),

-- 2B and 2C count admissions by age group: each measure's own group (seed cld_ascof_groups).
admission_measures as (
    select distinct
        measure,
        age_group
    from groups
    where measure in ('ASCOF 2B', 'ASCOF 2C') and age_group is not null
),

units as (
    select
        'ASCOF 2A' as measure,
        la_code,
        episode_id as unit_id,
        age_group,
        cast(null as string) as gender,
        is_in_numerator,
        is_in_denominator,
        inclusion || ': ' || coalesce(final_outcome, 'no outcome') as reason
    from episodes_2a
    union all
    select
        admission_measures.measure,
        admissions_2bc.la_code,
        admissions_2bc.person_id as unit_id,
        admissions_2bc.age_group,
        cast(null as string) as gender,
        true as is_in_numerator,
        false as is_in_denominator,
        'new permanent admission on ' || cast(admissions_2bc.first_admission_date as string) as reason
    from admissions_2bc
    inner join admission_measures
        on admissions_2bc.age_group = admission_measures.age_group
    {%- for measure, condition in [('ASCOF 2E', 'true'),
        ('ASCOF 2E LD', cld_is_working_age_learning_disability('primary_support_reason', 'age'))] %}
    union all
    select
        '{{ measure }}' as measure,
        la_code,
        person_id as unit_id,
        age_group,
        gender,
        is_settled as is_in_numerator,
        true as is_in_denominator,
        coalesce(accommodation_status, 'no accommodation status') as reason
    from people_2e
    where {{ condition }}
    {%- endfor %}
    union all
    select
        'ASCOF 1E' as measure,
        la_code,
        person_id as unit_id,
        cast(null as string) as age_group,
        gender,
        employment_status like 'Paid:%' as is_in_numerator,
        true as is_in_denominator,
        employment_status as reason
    from people_1e
    {%- for measure, flag in [('ASCOF 3D part 1a', 'is_self_directed'), ('ASCOF 3D part 2a', 'is_direct_payment')] %}
    union all
    select
        '{{ measure }}' as measure,
        la_code,
        person_id as unit_id,
        age_group,
        cast(null as string) as gender,
        {{ flag }} as is_in_numerator,
        true as is_in_denominator,
        'H1 rank ' || cast(top_rank as string) as reason
    from people_3d
    {%- endfor %}
),

members as (
    select
        units.measure,
        groups.measure_group,
        units.la_code,
        units.unit_id,
        units.is_in_numerator,
        units.is_in_denominator,
        units.reason
    from units
    inner join groups
        on
            units.measure = groups.measure
            and (groups.age_group is null or units.age_group = groups.age_group)
            and (groups.gender is null or units.gender = groups.gender)
),

final as (
    select * from members
)

select * from final
