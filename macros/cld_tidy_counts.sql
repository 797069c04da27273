{#- A tidy SALT/ASCOF-style table: one row per (LA, period, dimension values) with a count,
    zero-filled so every LA with a usable submission for the period and every category
    appears, plus national rows with la_code 'ENG' (the sum over LAs).
      cohort      SQL of a relation holding one row per counted unit, with la_code and the
                  dimension columns (nulls already labelled);
      dimensions  list of (column name — or a list of names for a dimension of several
                  columns —, SQL selecting the possible values, and optionally a sort
                  expression over that SQL's columns giving the display order; default the
                  column(s) themselves);
      count_name  name of the count column;
      count_expr  aggregate over the cohort rows (default count(*)).
    The one place where zero-filling and national totals are written. -#}
{% macro cld_tidy_counts(cohort, dimensions, count_name, count_expr='count(*)') %}
{%- set columns = [] -%}
{%- set sorts = [] -%}
{%- for dimension in dimensions -%}
    {%- set column = dimension[0] -%}
    {%- if column is string -%}{%- do columns.append([column]) -%}{%- else -%}{%- do columns.append(column) -%}{%- endif -%}
    {%- do sorts.append(dimension[2] if dimension | length > 2 else (columns[-1] | join(', '))) -%}
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
        {%- for dimension in dimensions %},
        dim_{{ loop.index }}.dim_sort as dim_{{ loop.index }}_sort
        {%- endfor %}
    from selected_las
    {%- for dimension in dimensions %}
    cross join (
        select
            dim_values.*,
            dense_rank() over (order by {{ sorts[loop.index0] }}) as dim_sort
        from ({{ dimension[1] }}) as dim_values
    ) as dim_{{ loop.index }}
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
        {%- for dimension in dimensions %}
        dim_{{ loop.index }}_sort,
        {%- endfor %}
        cast(sum({{ count_name }}) as bigint) as {{ count_name }}
    from by_la
    group by
        {%- for column in flat_columns %} {{ column }},{% endfor %}
        {%- for dimension in dimensions %} dim_{{ loop.index }}_sort{{ ',' if not loop.last }}{% endfor %}
),

final as (
    select
        with_england.la_code,
        period.period_start,
        period.period_end,
        {%- for column in flat_columns %}
        with_england.{{ column }},
        {%- endfor %}
        with_england.{{ count_name }},
        -- a bigint on every engine (Spark's dense_rank gives an int)
        cast(dense_rank() over (
            order by {% for dimension in dimensions %}with_england.dim_{{ loop.index }}_sort{{ ', ' if not loop.last }}{% endfor %}
        ) as bigint) as display_order
    from with_england
    cross join period
)

{{ cld_presentation_columns('final') }}
{% endmacro %}

{#- The presentation columns a BI model or a workbook needs, added at the end of a public tidy
    mart (SALT tables, ASCOF measures), after its figures are final:
      la_name       the LA's name (seed cld_local_authorities), 'England' for the national rows;
      period_label  the reporting year as published ('2023-24') when the period is one financial
                    year, else 'YYYY-MM-DD to YYYY-MM-DD';
      la_count      the LAs whose figures the row holds: 1 for an LA, for ENG the LAs with a
                    usable file for the period (int_submissions_selected.has_usable_file).
    relation is the CTE holding the mart's final rows (with la_code); extra_columns and
    extra_join add columns from another relation (e.g. a display order from a seed). -#}
{% macro cld_presentation_columns(relation, extra_columns=[], extra_join='') %}
select
    {{ relation }}.*,
    {%- for column in extra_columns %}
    {{ column }},
    {%- endfor %}
    case when {{ relation }}.la_code = 'ENG' then 'England' else presentation_las.la_name end as la_name,
    presentation_period.period_label,
    case
        when {{ relation }}.la_code = 'ENG' then presentation_la_count.la_count else 1
    end as la_count
from {{ relation }}
left join {{ ref('cld_local_authorities') }} as presentation_las
    on {{ relation }}.la_code = presentation_las.la_code
cross join (
    select
        case
            when
                extract(month from period_start) = 4 and extract(day from period_start) = 1
                and period_end = {{ dbt.dateadd('day', -1, dbt.dateadd('year', 1, 'period_start')) }}
                then {{ dbt.concat([dbt.cast('extract(year from period_start)', dbt.type_string()), "'-'",
                    dbt.right(dbt.cast('extract(year from period_end)', dbt.type_string()), 2)]) }}
            else {{ dbt.concat([dbt.cast('period_start', dbt.type_string()), "' to '",
                dbt.cast('period_end', dbt.type_string())]) }}
        end as period_label
    from {{ ref('int_reporting_period') }}
) as presentation_period
cross join (
    select cast(count(distinct la_code) as bigint) as la_count
    from {{ ref('int_submissions_selected') }}
    where has_usable_file
) as presentation_la_count
{{ extra_join }}
{% endmacro %}

{#- Dimension value sets for cld_tidy_counts, each defined once. -#}
{#- A defined list's values in list order; with_salt_unknown: the label SALT shows for a blank or
    unknown value (seed cld_salt_unknown_labels) comes last, in place of the list's own unknown
    values (seed cld_known_values, known_rank 0). -#}
{% macro cld_dim_list(list_name, column=none, with_salt_unknown=false) -%}
    {%- set column = column or list_name -%}
    {%- set values = "select canonical_value as " ~ column ~ ", sort_order from " ~ ref('cld_defined_list_values')
        ~ " where list_name = '" ~ list_name ~ "'" -%}
    {%- if with_salt_unknown -%}
        {%- set values = values ~ " and canonical_value not in (select canonical_value from " ~ ref('cld_known_values')
            ~ " where list_name = '" ~ list_name ~ "' and known_rank = 0)"
            ~ " union all select salt_label, 1 + (select max(sort_order) from " ~ ref('cld_defined_list_values')
            ~ " where list_name = '" ~ list_name ~ "') from " ~ ref('cld_salt_unknown_labels')
            ~ " where list_name = '" ~ list_name ~ "'" -%}
    {%- endif -%}
    {{ return((column, values, 'sort_order')) }}
{%- endmacro %}

{% macro cld_dim_salt_age_band() -%}
    {{ return(('age_band', "select age_band, sort_order from " ~ ref('cld_age_bands') ~ " where band_scheme = 'salt'",
        'sort_order')) }}
{%- endmacro %}

{% macro cld_dim_support_setting() -%}
    {{ return(('support_setting', "select support_setting, min(setting_rank) as sort_order from "
        ~ ref('cld_support_settings') ~ " group by support_setting", 'sort_order')) }}
{%- endmacro %}

{% macro cld_dim_sequel(salt_table) -%}
    {{ return(('sequel', "select sequel, min(sort_order) as sort_order from " ~ ref('cld_sequel_labels')
        ~ " where salt_table = '" ~ salt_table ~ "' group by sequel", 'sort_order')) }}
{%- endmacro %}

{#- A cohort of several status columns of one relation stacked, one row per (unit, status type),
    for a tidy table counting each unit once under each status type (e.g. SALT LTS004):
      relation      the relation holding one row per unit;
      kept_columns  the select items kept on every row (la_code, the other dimensions);
      statuses      {status type label: column}, in display order;
      label_column, value_column  the names of the stacked label and value columns. -#}
{% macro cld_stacked_statuses(relation, kept_columns, statuses, label_column, value_column) -%}
    {%- for label, column in statuses.items() %}
    select
        {{ kept_columns | join(', ') }},
        '{{ label }}' as {{ label_column }},
        {{ column }} as {{ value_column }}
    from {{ relation }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- The dimension of a stacked cohort: each status type with the values of its defined list
    (the list named like its column), status types in the order given, then the list order. -#}
{% macro cld_dim_stacked_lists(statuses, label_column, value_column) -%}
    {%- set parts = [] -%}
    {%- for label, list_name in statuses.items() -%}
        {%- do parts.append("select '" ~ label ~ "' as " ~ label_column ~ ", canonical_value as " ~ value_column
            ~ ", " ~ loop.index ~ " as type_order, sort_order from " ~ ref('cld_defined_list_values')
            ~ " where list_name = '" ~ list_name ~ "'") -%}
    {%- endfor -%}
    {{ return(([label_column, value_column], parts | join(" union all "), 'type_order, sort_order')) }}
{%- endmacro %}
