-- One row per landed record of every readable file: nothing is dropped here.
-- Each data item appears twice: `<item>_submitted` (the text as submitted, kept for feedback
-- to the LA) and `<item>` (typed and cleaned; null when blank or invalid).  Defined-list items
-- get their canonical value through stg_spec__list_spellings (case, whitespace, dashes and
-- guidance spellings all resolve).  Validation of the nulls happens in int_row_issues.
-- Incremental per landed file (macros/incremental/per_file.sql): an incremental run reads only the
-- rows files of new or re-landed files (the others are not opened) and drops the rows of files
-- no longer landed; the file register's rows_read is what is compared with the rows stored.
{{ config(
    materialized='cld_per_file',
    meta={'cld_per_file': {
        'current_source': ['cld_landed', 'landed_files'],
        'where': "coalesce(rows_path, '') != ''",
        'facts': [],
        'row_count_column': 'rows_read',
        'path_column': 'rows_path'}}
) }}
{%- set items = cld_items() %}
{#- the row's fingerprint: a hash of its 40 submitted texts (exact duplicate rows share it),
    computed once here, where the text is read anyway #}
{%- set fingerprint_parts = [] %}
{%- for item in items %}
    {%- do fingerprint_parts.append("coalesce(landed." ~ item.column_name ~ "_submitted, '')") %}
    {%- if not loop.last %}{% do fingerprint_parts.append("'|'") %}{% endif %}
{%- endfor %}
with

source as (
    select * from {{ source('cld_landed', 'landed_rows') }}
),

spellings as (
    select * from {{ ref('stg_spec__list_spellings') }}
),

-- fast path: a submitted text that is exactly an accepted spelling needs no match key (the
-- regular expression then runs only on the other texts).  Same canonical value either way:
-- a spelling's match key maps to its canonical value (unique per list, tested).
exact_spellings as (
    select distinct
        list_name,
        spelling,
        canonical_value
    from {{ ref('cld_defined_list_aliases') }}
),

landed as (
    select
        landed_file_name,
        {{ cld_try_cast('source_row_number', 'bigint') }} as source_row_number,
        {{ cld_try_cast('source_field_count', 'integer') }} as source_field_count,
        {%- for item in items %}
        {{ item.column_name }} as {{ item.column_name }}_submitted{{ ',' if not loop.last }}
        {%- endfor %}
    from source
),

final as (
    select
        landed.landed_file_name,
        landed.source_row_number,
        landed.source_field_count,
        {%- for item in items %}
        {%- set raw = 'landed.' ~ item.column_name ~ '_submitted' %}
        {%- if item.value_kind == 'list' %}
        coalesce(ex_{{ item.column_name }}.canonical_value, sp_{{ item.column_name }}.canonical_value) as {{ item.column_name }},
        {%- elif item.value_kind == 'date' %}
        {{ cld_parse_date(raw) }} as {{ item.column_name }},
        {%- elif item.value_kind == 'number' %}
        {{ cld_parse_number(raw) }} as {{ item.column_name }},
        {%- elif item.value_kind == 'nhs_number' %}
        {{ cld_parse_nhs_number(raw) }} as {{ item.column_name }},
        {%- elif item.value_kind == 'postcode' %}
        case
            when {{ cld_postcode_is_valid(cld_normalise_postcode(raw)) }}
                then {{ cld_normalise_postcode(raw) }}
        end as {{ item.column_name }},
        {%- else %}
        {{ cld_clean_text(raw) }} as {{ item.column_name }},
        {%- endif %}
        {{ raw }},
        {%- endfor %}
        {{ dbt.hash(dbt.concat(fingerprint_parts)) }} as row_fingerprint
    from landed
    {%- for item in items if item.value_kind == 'list' %}
    left join exact_spellings as ex_{{ item.column_name }}
        on
            ex_{{ item.column_name }}.list_name = '{{ item.defined_list }}'
            and landed.{{ item.column_name }}_submitted = ex_{{ item.column_name }}.spelling
    left join spellings as sp_{{ item.column_name }}
        on
            sp_{{ item.column_name }}.list_name = '{{ item.defined_list }}'
            and sp_{{ item.column_name }}.match_key = case
                when ex_{{ item.column_name }}.canonical_value is null
                    then {{ cld_match_key('landed.' ~ item.column_name ~ '_submitted') }}
            end
    {%- endfor %}
)

select * from final
