{#- The landed area as tables on engines that ignore external_location (on-run-start).

    DuckDB reads every source of cld_landed through its meta external_location (read_csv with
    one explicit dialect): nothing to register.  Spark ignores external_location, so each
    source becomes a CSV table of the same name (schema cld_landed) over the file or glob
    meta landed_path under <CLD_WORK_DIR>/landed/, read in the same dialect: header row, comma,
    `"` quote and escape, quoted line ends kept (multiLine), UTF-8, every column text (no schema
    inference), malformed records fail the read.  meta landed_with_filename adds `filename`,
    the path of the file a record came from (DuckDB's filename = true).  Tables are dropped and
    created again on every run, so a new landing is always read (no cached file listing). -#}

{% macro cld_register_landed_sources() -%}
    {%- if not execute %}{{ return('') }}{% endif -%}
    {{ return(adapter.dispatch('cld_register_landed_sources', 'cld_warehouse')()) }}
{%- endmacro %}

{% macro default__cld_register_landed_sources() -%}
{%- endmacro %}

{# Where the landed area is, as the DuckDB external_location reads it: $CLD_LANDED_URI when set
   (a folder or a URI the engine reads, e.g. s3a://, abfss:// or dbfs:/ on a cluster; cld land
   resolves the same variable, src/cld_warehouse/landing/location.py), else $CLD_WORK_DIR/landed;
   no trailing slash. #}
{% macro cld_landed_dir() -%}
    {{ return((env_var('CLD_LANDED_URI', '') or env_var('CLD_WORK_DIR', 'warehouse') ~ '/landed').rstrip('/')) }}
{%- endmacro %}

{% macro spark__cld_register_landed_sources() -%}
    {%- set sources = [] -%}
    {%- for node in graph.sources.values() | sort(attribute='unique_id') -%}
        {%- if node.package_name == project_name and node.source_name == 'cld_landed' -%}
            {%- do sources.append(node) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for node in sources -%}
        {%- set relation = api.Relation.create(schema=node.schema, identifier=node.identifier, type='table') -%}
        {%- set files_relation = relation.incorporate(path={'identifier': node.identifier ~ '__files'}) -%}
        {%- set with_filename = node.meta.get('landed_with_filename', false) -%}
        {%- set csv_relation = files_relation if with_filename else relation -%}
        {%- if loop.first %}{% do adapter.create_schema(relation) %}{% endif -%}
        {%- for stale in [relation, files_relation] -%}
            {%- set existing = adapter.get_relation(database=stale.database, schema=stale.schema, identifier=stale.identifier) -%}
            {%- if existing is not none %}{% do adapter.drop_relation(existing) %}{% endif -%}
        {%- endfor -%}
        {%- call statement('register_' ~ node.identifier) -%}
            create table {{ csv_relation }}
            using csv
            options (
                path '{{ cld_landed_dir() }}/{{ node.meta["landed_path"] }}',
                header 'true', inferSchema 'false', sep ',', quote '"', escape '"',
                multiLine 'true', encoding 'UTF-8', mode 'FAILFAST'
            )
        {%- endcall -%}
        {%- if with_filename -%}
            {%- call statement('register_' ~ node.identifier) -%}
                create view {{ relation }} as
                select *, input_file_name() as filename from {{ csv_relation }}
            {%- endcall -%}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}
