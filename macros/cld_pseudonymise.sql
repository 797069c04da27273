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

{#- A keyed digest that identifies the pseudonymisation key without revealing it (the HMAC of a
    fixed text under the key; 64 hex characters).  It fails, as cld_pseudonymise does, when the
    target requires a secret key and none is set, or when only the development key is available
    and the data is not declared synthetic (src/cld_warehouse/duckdb_plugin.py). -#}
{% macro cld_pseudonymisation_key_fingerprint() -%}
    {{ return(adapter.dispatch('cld_pseudonymisation_key_fingerprint', 'cld_warehouse')()) }}
{%- endmacro %}
{% macro default__cld_pseudonymisation_key_fingerprint() -%}
    cld_keys.cld_key_fingerprint()
{%- endmacro %}
