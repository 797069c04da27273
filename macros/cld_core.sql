{#- Small shared rules of the core layer, each written once. -#}

{# An end date with open (null) ends replaced by the fixed sentinel (var cld_open_end_date;
   rules README #20: never today's date). #}
{% macro cld_end_or_sentinel(end_date) -%}
    coalesce({{ end_date }}, cast('{{ var("cld_open_end_date") }}' as date))
{%- endmacro %}

{# A null-safe text key from several expressions: nulls become empty strings and parts are
   joined with a separator no value can contain unnoticed (rules README #21). #}
{% macro cld_key(expressions) -%}
    {%- set parts = [] -%}
    {%- for e in expressions -%}
        {%- do parts.append("coalesce(cast(" ~ e ~ " as varchar), '')") -%}
    {%- endfor -%}
    {{ parts | join(" || '|' || ") }}
{%- endmacro %}
