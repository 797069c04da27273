{#- Keyed pseudonym of a text value (HMAC-SHA-256 under CLD_PSEUDO_KEY, 64 hex characters).
    On DuckDB the function is defined by the project's dbt-duckdb plugin
    (src/cld_warehouse/duckdb_plugin.py) in an in-memory database `cld_keys`, so the key never
    enters the project's SQL.  Another engine needs its own keyed-hash function there. -#}
{% macro cld_pseudonymise(expr) -%}
    {{ return(adapter.dispatch('cld_pseudonymise', 'cld_warehouse')(expr)) }}
{%- endmacro %}
{% macro default__cld_pseudonymise(expr) -%}
    cld_keys.cld_pseudonymise({{ expr }})
{%- endmacro %}
