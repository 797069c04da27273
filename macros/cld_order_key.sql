{#- One exact number that sorts rows as a list of sort keys would: an integer built from
    non-negative integer parts, most significant first, each given its number of digits —
    (expression, digits).  `max()` of it picks the row a `row_number() over (order by … desc)`
    would rank first, with fixed-size aggregate state: a hash aggregation that can spill, where
    a window sort or an arg-max kept every row's columns in memory at national scale.  Parts
    must be below 10^digits (null counts as 0); at most 38 digits in all (checked here): a
    bigint up to 18 digits, else a decimal(38, 0).  Used
    by int_persons and int_events_unique; cld_days_since / cld_seconds_since make dates parts. -#}
{% macro cld_order_key(parts) -%}
    {%- set ns = namespace(total=0) %}
    {%- for part in parts %}{% set ns.total = ns.total + part[1] %}{% endfor %}
    {%- if ns.total > 38 -%}
        {{ exceptions.raise_compiler_error('cld_order_key: ' ~ ns.total ~ ' digits do not fit decimal(38, 0)') }}
    {%- endif -%}
    {%- set key_type = cld_order_key_type(ns.total) %}
    {%- set ns.scale = ns.total %}
    {%- for expression, digits in parts %}
        {%- set ns.scale = ns.scale - digits %}
    {{ '+ ' if not loop.first }}cast(coalesce({{ expression }}, 0) as {{ key_type }})
        {%- if ns.scale > 0 %} * cast('1{{ "0" * ns.scale }}' as {{ key_type }}){% endif %}
    {%- endfor %}
{%- endmacro %}

{#- The type of a key of so many digits: bigint up to 18 (half the size, faster to compare and
    hash), else decimal(38, 0). -#}
{% macro cld_order_key_type(digits) -%}
    {{ return(dbt.type_bigint() if digits <= 18 else 'decimal(38, 0)') }}
{%- endmacro %}

{#- Whole days from 1900-01-01 to a date (below 10^6 until the year 4637). -#}
{% macro cld_days_since(expr) -%}
    {{ dbt.datediff("cast('1900-01-01' as date)", expr, 'day') }}
{%- endmacro %}

{#- Whole seconds from 2000-01-01 to a timestamp (below 10^10 until the year 2316). -#}
{% macro cld_seconds_since(expr) -%}
    {{ dbt.datediff("cast('2000-01-01' as timestamp)", expr, 'second') }}
{%- endmacro %}
