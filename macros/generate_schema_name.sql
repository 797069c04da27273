{#- Schemas are named by layer (staging, intermediate, marts, dq, spec), not prefixed by the
    target schema: one DuckDB file per target keeps environments apart. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
