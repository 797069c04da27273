-- The person table wider analysts may see: one row per LA-scoped person, keyed by a keyed hash
-- (HMAC-SHA-256, secret key CLD_PSEUDO_KEY) of LA code and person identity — no names, NHS
-- number, LA person id, GP practice or full postcode; date of birth reduced to year and month,
-- date of death to year and month, postcode to its outward code.  Carries the derived
-- long-term-support memberships and settings so the SALT LTS tables can be rebuilt from it.
{{ config(materialized='cld_per_la') }}
with

persons as (
    select * from {{ ref('int_persons') }}
),

lts_people as (
    select * from {{ ref('salt_lts001_people') }}
),

final as (
    select
        {{ cld_pseudonymise("persons.la_code || '|' || persons.person_id") }} as person_key,
        persons.la_code,
        cast(extract(year from persons.date_of_birth) as integer) as birth_year,
        cast(extract(month from persons.date_of_birth) as integer) as birth_month,
        cast(extract(year from persons.date_of_death) as integer) as death_year,
        cast(extract(month from persons.date_of_death) as integer) as death_month,
        persons.age_at_period_end,
        persons.age_band,
        persons.reporting_age_band,
        persons.gender,
        persons.ethnicity,
        persons.primary_support_reason,
        case when persons.postcode like '% %' then split_part(persons.postcode, ' ', 1) end as postcode_outward,
        persons.accommodation_status,
        persons.employment_status,
        persons.has_informal_carer,
        persons.autism_spectrum_disorder,
        persons.visual_impairment,
        persons.hearing_impairment,
        persons.dementia,
        persons.identity_basis,
        coalesce(lts_people.is_in_lts001a, false) as is_in_lts001a,
        coalesce(lts_people.is_in_lts001b, false) as is_in_lts001b,
        coalesce(lts_people.is_in_lts001c, false) as is_in_lts001c,
        lts_people.support_setting_in_period,
        lts_people.support_setting_at_snapshot,
        lts_people.age_band_at_snapshot
    from persons
    left join lts_people
        on
            persons.la_code = lts_people.la_code
            and persons.person_id = lts_people.person_id
)

select * from final
