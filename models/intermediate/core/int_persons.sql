-- One row per person per LA (LA-scoped identity of int_event_rows_identified) with at least
-- one unique event in the period, with their latest details.  For every attribute the value
-- is taken from the person's rows in the selected files ordered by: known before unknown
-- (seed cld_known_values; blank is unknown), then the latest submitted file (two files of one
-- LA submitted in the same second: the later reporting year), then the latest event start,
-- then the latest row — so a known value from an older row beats a later "Not known"
-- (rule ID-03: no conflict → unknown step, ties are broken deterministically instead).
-- Ages via macro cld_age_at (rule AGE-01); bands from seed cld_age_bands.
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

-- The order of each LA's selected files (by submission, then reporting year: two files of one
-- LA submitted in the same second, the later year last) — at most 99 per LA.
file_orders as (
    select
        landed_file_name,
        row_number() over (partition by la_code order by submitted_at, year_start) as file_order
    from (
        select distinct
            la_code,
            landed_file_name,
            submitted_at,
            year_start
        from {{ cld_la_scoped(ref('int_event_rows_identified')) }}
        where person_id is not null
    ) as selected_files
),

rows_identified as (
    select
        identified_rows.*,
        file_orders.file_order
    from (select * from {{ cld_la_scoped(ref('int_event_rows_identified')) }}) as identified_rows
    inner join file_orders
        on identified_rows.landed_file_name = file_orders.landed_file_name
    where identified_rows.person_id is not null
),

-- Recency without a window sort (a window over every row ran out of memory at national
-- scale): one number per row that orders rows as (submitted file, event start, row) do — the
-- file's order in its LA (< 10^2), then days of the event start since 1900 (< 10^6; a missing
-- start counts as earliest, as nulls sort last in a descending order), then the row number
-- (< 10^8): a bigint (macro cld_order_key), unique among an LA's rows (a row number is unique
-- in its file), so it names the row.
{%- set recency_key = cld_order_key([
    ('file_order', 2),
    (cld_days_since('event_start_date'), 6),
    ('source_row_number', 8)]) %}
{#- recency keys are below 10^16: the rank as a 17th digit orders by rank, then recency #}
{%- set recency_scale = "cast('1" ~ "0" * 16 ~ "' as " ~ cld_order_key_type(17) ~ ")" %}

-- Two passes, each with fixed-size or narrow aggregate state (one arg-max per attribute kept
-- the value and its key for every person, and at national scale could not spill; figures:
-- docs/benchmarks.md).  Pass 1, per person and attribute: the recency key of the row
-- that sorts first by (known rank, or non-null, then recency).
winner_keys as (
    select
        rows_identified.la_code,
        rows_identified.person_id,
        {%- for attribute in list_attributes %}
        max({{ cld_order_key([
            ('case when rows_identified.' ~ attribute ~ ' is null then 0 else coalesce(kv_' ~ attribute ~ '.known_rank, 2) end', 1),
            (recency_key, 16)]) }}) % {{ recency_scale }} as {{ attribute }}_row_key,
        {%- endfor %}
        {%- for attribute in plain_attributes %}
        {%- set column = 'linked_nhs_number' if attribute == 'nhs_number' else attribute %}
        max({{ cld_order_key([
            ('case when rows_identified.' ~ column ~ ' is null then 0 else 1 end', 1),
            (recency_key, 16)]) }}) % {{ recency_scale }} as {{ attribute }}_row_key,
        {%- endfor %}
        case
            when max(case when rows_identified.nhs_number_source = 'submitted' then 1 else 0 end) = 1 then 'submitted'
            when max(case when rows_identified.nhs_number_source = 'traced' then 1 else 0 end) = 1 then 'traced'
        end as nhs_number_source,
        max(rows_identified.submitted_at) as latest_submitted_at,
        count(*) as rows_seen
    from rows_identified
    {%- for attribute in list_attributes %}
    left join known_values as kv_{{ attribute }}
        on
            kv_{{ attribute }}.list_name = '{{ attribute }}'
            and rows_identified.{{ attribute }} = kv_{{ attribute }}.canonical_value
    {%- endfor %}
    group by rows_identified.la_code, rows_identified.person_id
),

-- Pass 2: each attribute's value from the row its key names (only the winning rows reach the
-- aggregation; max() of the one matching value)
rows_keyed as (
    select
        la_code,
        person_id,
        {{ recency_key }} as row_key,
        {%- for attribute in list_attributes + plain_attributes %}
        {{ 'linked_nhs_number' if attribute == 'nhs_number' else attribute }} as {{ attribute }}{{ ',' if not loop.last }}
        {%- endfor %}
    from (select * from {{ cld_la_scoped(ref('int_event_rows_identified')) }}) as identified_rows
    inner join file_orders
        on identified_rows.landed_file_name = file_orders.landed_file_name
    where identified_rows.person_id is not null
),

persons as (
    select
        winner_keys.la_code,
        winner_keys.person_id,
        {%- for attribute in list_attributes + plain_attributes %}
        max(case when rows_keyed.row_key = winner_keys.{{ attribute }}_row_key then rows_keyed.{{ attribute }} end) as {{ attribute }},
        {%- endfor %}
        max(winner_keys.nhs_number_source) as nhs_number_source,
        max(winner_keys.latest_submitted_at) as latest_submitted_at,
        max(winner_keys.rows_seen) as rows_seen
    from winner_keys
    inner join rows_keyed
        on
            winner_keys.la_code = rows_keyed.la_code
            and winner_keys.person_id = rows_keyed.person_id
    where rows_keyed.row_key in (
        {%- for attribute in list_attributes + plain_attributes %}
        winner_keys.{{ attribute }}_row_key{{ ',' if not loop.last }}
        {%- endfor %}
    )
    group by winner_keys.la_code, winner_keys.person_id
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
