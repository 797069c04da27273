{#- A tidy SALT/ASCOF-style table: one row per (LA, period, dimension values) with a count,
    zero-filled so every LA with a usable submission for the period and every category
    appears, plus national rows with la_code 'ENG' (the sum over LAs).
      cohort      SQL of a relation holding one row per counted unit, with la_code and the
                  dimension columns (nulls already labelled);
      dimensions  list of (column name — or a list of names for a dimension of several
                  columns — and SQL selecting the possible values);
      count_name  name of the count column;
      count_expr  aggregate over the cohort rows (default count(*)).
    The one place where zero-filling and national totals are written. -#}
{% macro cld_tidy_counts(cohort, dimensions, count_name, count_expr='count(*)') %}
{%- set columns = [] -%}
{%- for column, values_sql in dimensions -%}
    {%- if column is string -%}{%- do columns.append([column]) -%}{%- else -%}{%- do columns.append(column) -%}{%- endif -%}
{%- endfor -%}
{%- set flat_columns = columns | sum(start=[]) -%}
with

selected_las as (
    select distinct la_code
    from {{ ref('int_submissions_selected') }}
    where has_usable_file
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

cohort as (
    {{ cohort }}
),

cells as (
    select
        selected_las.la_code
        {%- for dimension_columns in columns %}
        {%- set dim_index = loop.index %}
        {%- for column in dimension_columns %},
        dim_{{ dim_index }}.{{ column }}
        {%- endfor %}
        {%- endfor %}
    from selected_las
    {%- for column, values_sql in dimensions %}
    cross join ({{ values_sql }}) as dim_{{ loop.index }}
    {%- endfor %}
),

counted as (
    select
        la_code,
        {%- for column in flat_columns %}
        {{ column }},
        {%- endfor %}
        {{ count_expr }} as counted_value
    from cohort
    group by la_code{% for column in flat_columns %}, {{ column }}{% endfor %}
),

by_la as (
    select
        cells.*,
        cast(coalesce(counted.counted_value, 0) as bigint) as {{ count_name }}
    from cells
    left join counted
        on
            cells.la_code = counted.la_code
            {%- for column in flat_columns %}
            and cells.{{ column }} = counted.{{ column }}
            {%- endfor %}
),

with_england as (
    select * from by_la
    union all
    select
        'ENG' as la_code,
        {%- for column in flat_columns %}
        {{ column }},
        {%- endfor %}
        cast(sum({{ count_name }}) as bigint) as {{ count_name }}
    from by_la
    group by {% for column in flat_columns %}{{ column }}{{ ', ' if not loop.last }}{% endfor %}
),

final as (
    select
        with_england.la_code,
        period.period_start,
        period.period_end,
        {%- for column in flat_columns %}
        with_england.{{ column }},
        {%- endfor %}
        with_england.{{ count_name }}
    from with_england
    cross join period
)

select * from final
{% endmacro %}

{#- Dimension value sets for cld_tidy_counts, each defined once. -#}
{% macro cld_dim_list(list_name, column=none, extra_values=[]) -%}
    {%- set column = column or list_name -%}
    {%- set parts = ["select canonical_value as " ~ column ~ " from " ~ ref('cld_defined_list_values')
        ~ " where list_name = '" ~ list_name ~ "'"] -%}
    {%- for value in extra_values -%}
        {%- do parts.append("select '" ~ value ~ "'") -%}
    {%- endfor -%}
    {{ return((column, parts | join(" union all "))) }}
{%- endmacro %}

{% macro cld_dim_salt_age_band() -%}
    {{ return(('age_band', "select age_band from " ~ ref('cld_age_bands') ~ " where band_scheme = 'salt'")) }}
{%- endmacro %}

{% macro cld_dim_support_setting() -%}
    {{ return(('support_setting', "select distinct support_setting from " ~ ref('cld_support_settings'))) }}
{%- endmacro %}

{% macro cld_dim_sequel(salt_table) -%}
    {{ return(('sequel', "select distinct sequel from " ~ ref('cld_sequel_labels')
        ~ " where salt_table = '" ~ salt_table ~ "'")) }}
{%- endmacro %}
