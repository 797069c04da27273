{#- The cell filter of the explain analyses (analyses/explain_*_cell.sql), the SQL counterpart of
    `cld explain`: one `and column = 'value'` per var that is set; a var left unset does not
    filter (every cell), and explain_la_code 'ENG' is England (every LA).  A value is written as a
    literal by cld_string_literal (quotes escaped for the engine).  filters: list of (column SQL, var name). -#}
{% macro cld_explain_filters(filters) -%}
    {%- for column, var_name in filters %}
        {%- set value = var(var_name, none) %}
        {%- if value is not none and not (var_name == 'explain_la_code' and value == 'ENG') %}
        and {{ column }} = {{ cld_string_literal(value) }}
        {%- endif %}
    {%- endfor %}
{%- endmacro %}


{#- The columns that place an event of a cell's member in its submission: what it was, its
    dates and outcome, and the landed file and source row it came from (every explain analysis
    lists them; `cld explain` prints the same). -#}
{% macro cld_explain_event_columns(events) -%}
    {{ events }}.event_type,
    {{ events }}.service_type,
    {{ events }}.event_start_date,
    {{ events }}.event_end_date,
    {{ events }}.event_outcome,
    {{ events }}.landed_file_name,
    {{ events }}.source_row_number
{%- endmacro %}
