{% macro cld_landed_uri() -%}
    {#- Where the build reads the landed area `cld land` wrote: $CLD_LANDED_URI when set (a folder
        or a URI the engine reads, e.g. s3a://, abfss:// or dbfs:/ on a Spark cluster), else
        $CLD_WORK_DIR/landed; no trailing slash.  The sources' yml (DuckDB) spells the same
        expression out, because yml is rendered without macros; cld land resolves it in Python
        (src/cld_warehouse/landing/location.py). -#}
    {{- return((env_var('CLD_LANDED_URI', '') or env_var('CLD_WORK_DIR', 'warehouse') ~ '/landed').rstrip('/')) -}}
{%- endmacro %}
