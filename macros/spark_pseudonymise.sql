{#- Pseudonymisation on Spark (docs/spark.md "Pseudonymisation on Spark"): the same HMAC-SHA-256
    as the DuckDB plugin (src/cld_warehouse/duckdb_plugin.py), built from Spark's own functions.

    The key reaches Spark only as a session setting: the `spark` targets of profiles/profiles.yml
    set `spark.cld.pseudonymisation.key_hex` to the UTF-8 bytes of CLD_PSEUDO_KEY in hex (rendered
    by dbt from the environment when the session starts; empty when the variable is unset), and
    a production-like target (`spark_prod`) sets `spark.cld.pseudonymisation.refuse_development_key`
    to true.  Whenever a model that hashes is compiled, cld_define_pseudonymisation (re)creates the
    in-memory global temporary view `global_temp.cld_keys` (one row: the HMAC inner and outer
    pads; like DuckDB's in-memory `cld_keys`, never in the warehouse), reading the settings through
    Spark's variable substitution (`${...}`, resolved by Spark, so the key is in no SQL that dbt
    compiles, writes or logs).  Models read the pads through scalar subqueries, which Spark folds
    into constants once per query.  The settings' names must not match spark.redaction.regex
    (secret|password|token by default): Spark substitutes a redacted setting as "*(redacted)".

    Which key, as on DuckDB: CLD_PSEUDO_KEY when set and not the development key; else, on a
    target that requires a secret key, every use fails with the plugin's message; else the
    development key when the data is declared synthetic (CLD_SYNTHETIC_DATA=1), and otherwise
    every use fails.  The failure is Spark's raise_error when the view is read, so only the
    models that pseudonymise fail, on full and incremental runs alike. -#}

{% macro cld_define_pseudonymisation() -%}
    {{ return(adapter.dispatch('cld_define_pseudonymisation', 'cld_warehouse')()) }}
{%- endmacro %}

{# DuckDB: the project's plugin defines the functions on every connection. #}
{% macro default__cld_define_pseudonymisation() -%}
{%- endmacro %}

{% macro spark__cld_define_pseudonymisation() -%}
    {%- if not execute %}{{ return('') }}{% endif -%}
    {%- set development_key_hex = 'cld-development-key-not-secret'.encode('utf-8').hex() -%}
    {%- set synthetic = env_var('CLD_SYNTHETIC_DATA', '') | trim | lower in ['1', 'true', 'yes'] -%}
    create or replace global temporary view cld_keys as
    with setting as (
        select
            '${spark.cld.pseudonymisation.key_hex}' as key_hex,
            '${spark.cld.pseudonymisation.refuse_development_key}' as refuse_development_key
    ),

    chosen as (
        select
            case
                when key_hex rlike '^([0-9a-f][0-9a-f])+$' and key_hex != '{{ development_key_hex }}' then key_hex
                {#- a redacted setting (its name matched spark.redaction.regex) refuses too #}
                when refuse_development_key = 'true' or refuse_development_key like '%(redacted)%' then raise_error(
                    'the pseudonymised extract needs a secret key: set CLD_PSEUDO_KEY to a secret '
                    || '(not the development key) before building this target')
                {%- if synthetic %}
                else '{{ development_key_hex }}'
                {%- else %}
                else raise_error(
                    'the pseudonymised extract needs a secret key: the development key is for synthetic '
                    || 'data only (the shipped demo, the test fixtures); set CLD_PSEUDO_KEY to a secret, '
                    || 'or CLD_SYNTHETIC_DATA=1 if this data is synthetic')
                {%- endif %}
            end as key_hex
        from setting
    ),

    {#- RFC 2104: a key longer than the 64-byte block is hashed first; then zero-padded. #}
    block as (
        select rpad(case when length(key_hex) > 128 then sha2(unhex(key_hex), 256) else key_hex end, 128, '0') as key_block
        from chosen
    )

    select
        {{ cld_spark_hmac_pad('key_block', '36') }} as inner_pad,
        {{ cld_spark_hmac_pad('key_block', '5c') }} as outer_pad
    from block
{%- endmacro %}

{# A 64-byte HMAC pad: the key block (128 hex digits) XOR the pad byte, four bytes at a time
   (plain functions only, so Spark folds the pad into a constant). #}
{% macro cld_spark_hmac_pad(key_block, pad_byte_hex) -%}
    unhex(concat(
        {%- for i in range(16) %}
        lpad(hex(cast(conv(substr({{ key_block }}, {{ 8 * i + 1 }}, 8), 16, 10) as bigint) ^ cast(conv('{{ pad_byte_hex * 4 }}', 16, 10) as bigint)), 8, '0'){{ ',' if not loop.last }}
        {%- endfor %}
    ))
{%- endmacro %}

{# HMAC-SHA-256 of a text under the key (64 lowercase hex characters; null for null).  The view
   is defined when the hash is compiled (not at on-run-start), so `dbt show`, `dbt compile` and
   unit tests find it too. #}
{% macro spark__cld_pseudonymise(expr) -%}
    {%- if execute %}{% do run_query(cld_define_pseudonymisation()) %}{% endif %}
    sha2(concat(
        (select outer_pad from global_temp.cld_keys),
        unhex(sha2(concat((select inner_pad from global_temp.cld_keys), encode({{ expr }}, 'utf-8')), 256))
    ), 256)
{%- endmacro %}

{% macro spark__cld_pseudonymisation_key_fingerprint() -%}
    {{ spark__cld_pseudonymise("'cld_warehouse pseudonymisation key fingerprint'") }}
{%- endmacro %}
