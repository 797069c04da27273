-- ASCOF 3D parts 1a and 2a (clients), DHSC method (rule ASCOF-3D-01): people with a long-term
-- service open at period_end (int_lts_cohort: start <= period_end <= end; ends are death-adjusted).  A service
-- whose component is Direct Payment counts as a Direct Payment whatever its mechanism.  The
-- person's lowest H1 rank decides: denominator = community settings (ranks 3–6);
-- part 1a numerator (self-directed) = Direct Payment or CASSR Managed Personal Budget (3, 4);
-- part 2a numerator = Direct Payment (3).  Age band at period_end and its ASCOF age group (seed
-- cld_age_bands); ages under var cld_adult_age_years are out; unknown ages count only in
-- Total.  The carer parts (1b, 2b) need carer records that v4.2 does not have.
{{ config(materialized='cld_per_la') }}
with

services as (
    select * from {{ ref('int_lts_cohort') }}
    where is_open_at_period_end
),

persons as (
    select * from {{ ref('int_persons') }}
),

age_bands as (
    select * from {{ ref('cld_age_bands') }}
    where band_scheme = 'salt'
),

open_at_end as (
    select
        services.la_code,
        services.person_id,
        case
            when services.broad_setting = 'Community' and services.service_component = 'Direct Payment' then 3
            else services.setting_rank
        end as rank_3d
    from services
),

people as (
    select
        la_code,
        person_id,
        min(rank_3d) as top_rank
    from open_at_end
    group by la_code, person_id
),

final as (
    select
        people.la_code,
        people.person_id,
        people.top_rank,
        persons.age_band,
        age_bands.ascof_age_group as age_group,
        people.top_rank between 3 and 6 as is_in_denominator,
        people.top_rank in (3, 4) as is_self_directed,
        people.top_rank = 3 as is_direct_payment,
        persons.age_at_period_end is null or persons.age_at_period_end >= {{ var('cld_adult_age_years') }} as is_adult_or_unknown
    from people
    inner join persons
        on
            people.la_code = persons.la_code
            and people.person_id = persons.person_id
    left join age_bands
        on persons.age_band = age_bands.age_band
)

select * from final
