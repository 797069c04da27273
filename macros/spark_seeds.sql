{#- Seeds on Spark.  dbt-spark's session method binds every seed value as the Python text of
    the value inside quotes: an empty cell (None) loads as the text 'None' and an apostrophe
    ends the literal.  The root project's spark__load_csv_rows wins in dispatch, so seeds are
    loaded here with each value written as a literal: null for an empty cell, strings escaped
    for Spark's parser (backslash and quote), numbers and dates as text cast to the column's
    type.  Only Spark uses this; DuckDB loads seeds with dbt-duckdb's own macro. -#}

{# One seed value as a Spark SQL literal. #}
{% macro cld_spark_seed_literal(value) -%}
    {%- if value is none -%}
        null
    {%- elif value is sameas true -%}
        true
    {%- elif value is sameas false -%}
        false
    {%- else -%}
        {{ cld_string_literal(value) }}
    {%- endif -%}
{%- endmacro %}

{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set batch_size = get_batch_size() -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set types = [] -%}
    {%- for col_name in agate_table.column_names -%}
        {%- do types.append(column_override.get(col_name, adapter.convert_type(agate_table, loop.index0))) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(batch_size) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for value in row -%}
                    cast({{ cld_spark_seed_literal(value) }} as {{ types[loop.index0] }})
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%})
                {%- if not loop.last %},{% endif %}
            {% endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.index0 == 0 %}{% do statements.append(sql) %}{% endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}
