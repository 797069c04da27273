{#- Keyed pseudonym of a text value (HMAC-SHA-256 under CLD_PSEUDO_KEY, 64 hex characters).
    On DuckDB the function is registered by the project's dbt-duckdb plugin
    (src/cld_warehouse/duckdb_plugin.py), so the key never enters SQL.  Another engine needs its
    own keyed-hash UDF registered under the same name. -#}
{% macro cld_pseudonymise(expr) -%}
    {{ return(adapter.dispatch('cld_pseudonymise', 'cld_warehouse')(expr)) }}
{%- endmacro %}
{% macro default__cld_pseudonymise(expr) -%}
    cld_pseudonymise({{ expr }})
{%- endmacro %}
