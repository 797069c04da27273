{#- Engine-specific SQL lives here, behind adapter.dispatch; models call only these. -#}

{# Replace every match of a regular expression. #}
{% macro cld_regexp_replace_all(expr, pattern, replacement) -%}
    {{ return(adapter.dispatch('cld_regexp_replace_all', 'cld_warehouse')(expr, pattern, replacement)) }}
{%- endmacro %}
{% macro default__cld_regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement }}')
{%- endmacro %}
{% macro duckdb__cld_regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{# True when the whole text matches a regular expression. #}
{% macro cld_regexp_full_match(expr, pattern) -%}
    {{ return(adapter.dispatch('cld_regexp_full_match', 'cld_warehouse')(expr, pattern)) }}
{%- endmacro %}
{% macro default__cld_regexp_full_match(expr, pattern) -%}
    ({{ expr }} rlike '^{{ pattern }}$')
{%- endmacro %}
{% macro duckdb__cld_regexp_full_match(expr, pattern) -%}
    regexp_full_match({{ expr }}, '{{ pattern }}')
{%- endmacro %}

{# Cast that yields null instead of failing. #}
{% macro cld_try_cast(expr, type) -%}
    {{ return(adapter.dispatch('cld_try_cast', 'cld_warehouse')(expr, type)) }}
{%- endmacro %}
{% macro default__cld_try_cast(expr, type) -%}
    try_cast({{ expr }} as {{ type }})
{%- endmacro %}

{# Parse a date in one of several formats (first match wins); null when none matches. #}
{% macro cld_try_parse_date(expr) -%}
    {{ return(adapter.dispatch('cld_try_parse_date', 'cld_warehouse')(expr)) }}
{%- endmacro %}
{% macro default__cld_try_parse_date(expr) -%}
    coalesce(try_to_date({{ expr }}, 'd/M/yyyy'), try_to_date({{ expr }}, 'yyyy-MM-dd'))
{%- endmacro %}
{% macro duckdb__cld_try_parse_date(expr) -%}
    cast(try_strptime({{ expr }}, ['%d/%m/%Y', '%Y-%m-%d']) as date)
{%- endmacro %}

{# Parse a timestamp written YYYY-MM-DD HH:MM:SS. #}
{% macro cld_try_parse_timestamp(expr) -%}
    {{ return(adapter.dispatch('cld_try_parse_timestamp', 'cld_warehouse')(expr)) }}
{%- endmacro %}
{% macro default__cld_try_parse_timestamp(expr) -%}
    try_to_timestamp({{ expr }}, 'yyyy-MM-dd HH:mm:ss')
{%- endmacro %}
{% macro duckdb__cld_try_parse_timestamp(expr) -%}
    try_strptime({{ expr }}, '%Y-%m-%d %H:%M:%S')
{%- endmacro %}

{# The last part of a file path (the file's base name). #}
{% macro cld_file_base_name(expr) -%}
    {{ return(adapter.dispatch('cld_file_base_name', 'cld_warehouse')(expr)) }}
{%- endmacro %}
{% macro default__cld_file_base_name(expr) -%}
    {{ cld_regexp_replace_all(expr, '^.*[/\\\\]', '') }}
{%- endmacro %}
{% macro duckdb__cld_file_base_name(expr) -%}
    parse_filename({{ expr }})
{%- endmacro %}
