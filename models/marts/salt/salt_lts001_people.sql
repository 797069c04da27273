-- The cohort behind LTS001a/b/c: one row per person in long-term support during the period,
-- with their setting and attributes (rules LTS001A-01, LTS001B-01, LTS001C-01, LTS001-01, LTS001-02).
--   LTS001a — a long-term service overlapping the period; setting = lowest H1 rank among those
--             services.
--   LTS001b — a long-term service active on snapshot_date (start <= snapshot <= end, open =
--             forever; ends are death-adjusted, so the dead drop out); setting from those.
--   LTS001c — in LTS001b and the long-term episode covering the snapshot started on or before
--             snapshot_date minus one year (rule LTS-02: "continuously for more than 12 months").
-- Part Direct Payment is derived (rule LTS001-01): when the setting is community and the person's
-- community services in that cohort mix a Direct Payment with another delivery mechanism.
-- Attributes are the person's latest details (int_persons: one PSR per person, known over
-- unknown); a blank gender, ethnicity, PSR or carer, and the carer list's unknown value (seed
-- cld_known_values), show as seed cld_salt_unknown_labels says (rule LTS001-02).  Age bands
-- (seed cld_age_bands) at period_end (LTS001a) and at snapshot_date (LTS001b/c); ages below
-- every band and unknown ages are excluded and say so.  The services and their place in the
-- period come from int_lts_cohort.
{{ config(materialized='cld_per_la') }}
with

services as (
    select * from {{ ref('int_lts_cohort') }}
),

episodes as (
    select * from {{ ref('int_lts_episodes') }}
),

persons as (
    select * from {{ ref('int_persons') }}
),

settings as (
    select * from {{ ref('cld_support_settings') }}
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

age_bands as (
    select * from {{ ref('cld_age_bands') }}
),

unknown_values as (
    select * from {{ ref('cld_known_values') }}
    where known_rank = 0
),

unknown_labels as (
    select * from {{ ref('cld_salt_unknown_labels') }}
),

part_direct_payment as (
    select * from settings
    where delivery_mechanism = 'Part Direct Payment (derived)'
),

{%- for cohort in ['period', 'snapshot'] %}

{{ cohort }}_settings as (
    select
        la_code,
        person_id,
        min(setting_rank) as setting_rank,
        max(case when broad_setting = 'Community' and is_direct_payment then 1 else 0 end) as has_community_dp,
        max(case when broad_setting = 'Community' and delivery_mechanism is not null and not is_direct_payment
            then 1 else 0 end) as has_community_other_mechanism
    from services
    where is_{{ 'in_period' if cohort == 'period' else 'at_snapshot' }}
    group by la_code, person_id
),

{{ cohort }}_labelled as (
    select
        {{ cohort }}_settings.la_code,
        {{ cohort }}_settings.person_id,
        case
            when settings.broad_setting = 'Community'
                and {{ cohort }}_settings.has_community_dp = 1
                and {{ cohort }}_settings.has_community_other_mechanism = 1
                then part_direct_payment.support_setting
            else settings.support_setting
        end as support_setting
    from {{ cohort }}_settings
    inner join settings
        on {{ cohort }}_settings.setting_rank = settings.setting_rank
    cross join part_direct_payment
),
{%- endfor %}

snapshot_episodes as (
    select
        episodes.la_code,
        episodes.person_id,
        episodes.episode_start_date
    from episodes
    cross join period
    where period.snapshot_date between episodes.episode_start_date and episodes.episode_end_or_sentinel
),

final as (
    select
        period_labelled.la_code,
        period_labelled.person_id,
        period_labelled.support_setting as support_setting_in_period,
        snapshot_labelled.support_setting as support_setting_at_snapshot,
        snapshot_episodes.episode_start_date as snapshot_episode_start_date,
        persons.age_band as age_band_at_period_end,
        {{ cld_age_at('persons.date_of_birth', 'period.snapshot_date') }} as age_at_snapshot,
        salt_band.age_band as age_band_at_snapshot,
        coalesce(persons.primary_support_reason, unknown_psr.salt_label) as primary_support_reason,
        case
            when persons.has_informal_carer is null or unknown_carer_value.list_name is not null
                then unknown_carer.salt_label
            else persons.has_informal_carer
        end as has_informal_carer,
        coalesce(persons.gender, unknown_gender.salt_label) as gender,
        coalesce(persons.ethnicity, unknown_ethnicity.salt_label) as ethnicity,
        persons.age_band is not null as is_in_lts001a,
        snapshot_labelled.person_id is not null and salt_band.age_band is not null as is_in_lts001b,
        snapshot_labelled.person_id is not null and salt_band.age_band is not null
        and snapshot_episodes.episode_start_date <= cast({{ dbt.dateadd('year', -1, 'period.snapshot_date') }} as date)
            as is_in_lts001c,
        case
            when persons.age_at_period_end is null then 'age_unknown'
            when persons.age_band is null then 'under_18'
        end as exclusion_reason
    from period_labelled
    cross join period
    inner join persons
        on
            period_labelled.la_code = persons.la_code
            and period_labelled.person_id = persons.person_id
    left join snapshot_labelled
        on
            period_labelled.la_code = snapshot_labelled.la_code
            and period_labelled.person_id = snapshot_labelled.person_id
    left join snapshot_episodes
        on
            period_labelled.la_code = snapshot_episodes.la_code
            and period_labelled.person_id = snapshot_episodes.person_id
    left join age_bands as salt_band
        on
            salt_band.band_scheme = 'salt'
            and {{ cld_age_at('persons.date_of_birth', 'period.snapshot_date') }}
            between salt_band.min_age and salt_band.max_age
    {%- for list_name, alias in [('primary_support_reason', 'unknown_psr'), ('has_informal_carer', 'unknown_carer'),
        ('gender', 'unknown_gender'), ('ethnicity', 'unknown_ethnicity')] %}
    left join unknown_labels as {{ alias }}
        on {{ alias }}.list_name = '{{ list_name }}'
    {%- endfor %}
    left join unknown_values as unknown_carer_value
        on
            unknown_carer_value.list_name = 'has_informal_carer'
            and persons.has_informal_carer = unknown_carer_value.canonical_value
)

select * from final
