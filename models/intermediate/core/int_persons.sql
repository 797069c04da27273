-- One row per person per LA (LA-scoped identity of int_event_rows_identified) with at least
-- one unique event in the period, with their latest details.  For every attribute the value
-- is taken from the person's rows in the selected files ordered by: known before unknown
-- (seed cld_known_values; blank is unknown), then the latest submitted file, then the latest
-- event start, then the latest row — so a known value from an older row beats a later
-- "Not known" (pipeline book §2.4, without the conflict → unknown step: ties are broken
-- deterministically instead).  Ages via macro cld_age_at; bands from seed cld_age_bands.
-- The NHS number is the linked one (valid submitted, else traced); `nhs_number_source` is
-- `submitted` when any row of the person carried it, `traced` when only tracing supplied it.
{{ cld_la_incremental_config() }}
{%- set list_attributes = [
    'gender', 'ethnicity', 'primary_support_reason', 'accommodation_status', 'employment_status',
    'has_informal_carer', 'autism_spectrum_disorder', 'visual_impairment', 'hearing_impairment', 'dementia'] %}
{%- set plain_attributes = [
    'person_unique_identifier', 'nhs_number', 'first_name', 'last_name', 'date_of_birth', 'date_of_death',
    'postcode', 'gp_practice_code', 'gp_practice_name'] %}
with

rows_identified as (
    select * from {{ cld_la_scoped(ref('int_event_rows_identified')) }}
    where person_id is not null
),

events as (
    select * from {{ cld_la_scoped(ref('int_events_unique')) }}
),

known_values as (
    select * from {{ ref('cld_known_values') }}
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

age_bands as (
    select * from {{ ref('cld_age_bands') }}
),

persons_with_events as (
    select distinct
        la_code,
        person_id
    from events
),

-- Recency without a window sort (a window over every row ran out of memory at national
-- scale): one number per row that orders rows as (submitted file, event start, row) do —
-- seconds submitted since 2000 (< 10^10), then days of the event start since 1900 (< 10^6; a
-- missing start counts as earliest, as nulls sort last in a descending order), then the row
-- number (< 10^8).  Exact in decimal(38, 0).
{%- set recency_key -%}
    cast(coalesce({{ dbt.datediff("cast('2000-01-01' as timestamp)", 'rows_identified.submitted_at', 'second') }}, 0) as decimal(38, 0))
    * cast('100000000000000' as decimal(38, 0))
    + cast(coalesce({{ dbt.datediff("cast('1900-01-01' as date)", 'rows_identified.event_start_date', 'day') }}, 0) as decimal(38, 0))
    * cast('100000000' as decimal(38, 0))
    + cast(rows_identified.source_row_number as decimal(38, 0))
{%- endset %}
ranked_rows as (
    select
        rows_identified.la_code,
        rows_identified.person_id,
        rows_identified.submitted_at,
        {{ recency_key }} as recency_key,
        {%- for attribute in list_attributes %}
        rows_identified.{{ attribute }},
        case
            when rows_identified.{{ attribute }} is null then 0
            else coalesce(kv_{{ attribute }}.known_rank, 2)
        end as {{ attribute }}_known_rank,
        {%- endfor %}
        rows_identified.nhs_number_source,
        {%- for attribute in plain_attributes %}
        {%- if attribute == 'nhs_number' %}
        rows_identified.linked_nhs_number as nhs_number{{ ',' if not loop.last }}
        {%- else %}
        rows_identified.{{ attribute }}{{ ',' if not loop.last }}
        {%- endif %}
        {%- endfor %}
    from rows_identified
    {%- for attribute in list_attributes %}
    left join known_values as kv_{{ attribute }}
        on
            kv_{{ attribute }}.list_name = '{{ attribute }}'
            and rows_identified.{{ attribute }} = kv_{{ attribute }}.canonical_value
    {%- endfor %}
),

-- one aggregation: per attribute, the value of the row that sorts first by (known rank or
-- non-null, then recency); the order key is one number: rank * 10^24 + the recency key
-- (recency keys are below 10^24)
{%- set then_recency = " as decimal(38, 0)) * cast('1000000000000000000000000' as decimal(38, 0)) + recency_key" %}
persons as (
    select
        la_code,
        person_id,
        {%- for attribute in list_attributes %}
        {{ cld_value_at_max(attribute, 'cast(' ~ attribute ~ '_known_rank' ~ then_recency) }} as {{ attribute }},
        {%- endfor %}
        {%- for attribute in plain_attributes %}
        {{ cld_value_at_max(attribute, 'cast(case when ' ~ attribute ~ ' is null then 0 else 1 end' ~ then_recency) }} as {{ attribute }},
        {%- endfor %}
        case
            when max(case when nhs_number_source = 'submitted' then 1 else 0 end) = 1 then 'submitted'
            when max(case when nhs_number_source = 'traced' then 1 else 0 end) = 1 then 'traced'
        end as nhs_number_source,
        max(submitted_at) as latest_submitted_at,
        count(*) as rows_seen
    from ranked_rows
    group by la_code, person_id
),

with_ages as (
    select
        persons.*,
        {{ cld_age_at('persons.date_of_birth', 'period.period_end') }} as age_at_period_end,
        {{ cld_age_at('persons.date_of_birth', 'period.snapshot_date') }} as age_at_snapshot
    from persons
    inner join persons_with_events
        on
            persons.la_code = persons_with_events.la_code
            and persons.person_id = persons_with_events.person_id
    cross join period
),

final as (
    select
        with_ages.la_code,
        with_ages.person_id,
        with_ages.la_code || '|' || with_ages.person_id as person_key,
        case when with_ages.nhs_number is not null then 'nhs_number' else 'la_person_id' end as identity_basis,
        with_ages.person_unique_identifier as la_person_id,
        {%- for attribute in plain_attributes if attribute != 'person_unique_identifier' %}
        with_ages.{{ attribute }},
        {%- endfor %}
        with_ages.nhs_number_source,
        {%- for attribute in list_attributes %}
        with_ages.{{ attribute }},
        {%- endfor %}
        with_ages.age_at_period_end,
        with_ages.age_at_snapshot,
        salt_band.age_band,
        reporting_band.age_band as reporting_age_band,
        with_ages.date_of_death is not null as has_died,
        with_ages.latest_submitted_at,
        with_ages.rows_seen
    from with_ages
    left join age_bands as salt_band
        on
            salt_band.band_scheme = 'salt'
            and with_ages.age_at_period_end between salt_band.min_age and salt_band.max_age
    left join age_bands as reporting_band
        on
            reporting_band.band_scheme = 'reporting'
            and with_ages.age_at_period_end between reporting_band.min_age and reporting_band.max_age
)

select * from final
