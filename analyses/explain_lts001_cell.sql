-- `cld explain` in SQL for the people tables salt_lts001a, salt_lts001b_psr, salt_lts001b_carer,
-- salt_lts001b_ethnicity and salt_lts001c.  One row per (person, long-term service): the person
-- from the cohort model salt_lts001_people (the table's flag is_in_lts001a/b/c; LTS001a reads
-- the age band and setting in the period, the others at snapshot_date), and each long-term
-- service that puts them in the table (overlapping the period for LTS001a, running on the
-- snapshot date otherwise) with its H1 setting and the landed file name and source row number.
-- Count distinct la_code, person_id to get the cell.  Choose the cell with vars (unset = every
-- cell):
--   dbt compile -s explain_lts001_cell --vars '{explain_table: salt_lts001b_psr, explain_la_code: "716",
--     explain_age_band: "65+", explain_primary_support_reason: "Physical Support: Personal Care Support",
--     explain_support_setting: "Community: Direct Payment only"}'
-- (salt_lts001b_carer: explain_has_informal_carer; salt_lts001b_ethnicity: explain_gender,
-- explain_ethnicity), then run target/compiled/cld_warehouse/analyses/explain_lts001_cell.sql.
{%- set table = var('explain_table', 'salt_lts001a') %}
{%- set at = 'period' if table == 'salt_lts001a' else 'snapshot' %}
{%- set flag = {'salt_lts001a': 'is_in_lts001a', 'salt_lts001c': 'is_in_lts001c'}.get(table, 'is_in_lts001b') %}
with

people as (
    select * from {{ ref('salt_lts001_people') }}
),

services as (
    select * from {{ ref('int_lts_services') }}
),

events as (
    select * from {{ ref('int_events_unique') }}
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

cell_members as (
    select
        la_code,
        person_id,
        age_band_at_{{ 'period_end' if at == 'period' else 'snapshot' }} as age_band,
        primary_support_reason,
        has_informal_carer,
        gender,
        ethnicity,
        support_setting_{{ "in_period" if at == "period" else "at_snapshot" }} as support_setting
    from people
    where
        {{ flag }}
        {{- cld_explain_filters([('la_code', 'explain_la_code'),
            ('age_band_at_' ~ ('period_end' if at == 'period' else 'snapshot'), 'explain_age_band'),
            ('primary_support_reason', 'explain_primary_support_reason'),
            ('has_informal_carer', 'explain_has_informal_carer'), ('gender', 'explain_gender'),
            ('ethnicity', 'explain_ethnicity'),
            ('support_setting_' ~ ('in_period' if at == 'period' else 'at_snapshot'), 'explain_support_setting')]) }}
),

final as (
    select
        cell_members.*,
        services.support_setting as service_support_setting,
        services.setting_rank as service_h1_rank,
        {{ cld_explain_event_columns('events') }}
    from cell_members
    cross join period
    inner join services
        on
            cell_members.la_code = services.la_code
            and cell_members.person_id = services.person_id
    inner join events
        on services.event_id = events.event_id
    where
        {%- if at == 'period' %}
        services.event_start_date <= period.period_end and services.end_or_sentinel >= period.period_start
        {%- else %}
        services.event_start_date <= period.snapshot_date and services.end_or_sentinel >= period.snapshot_date
        {%- endif %}
)

select * from final
order by la_code, person_id, event_start_date
