{#- The build wing on Spark (docs/spark.md "Incremental builds on Spark").  Spark's Parquet tables
    have no DELETE, so the two materializations keep their scope logic (cld_la_scope, per_la.sql;
    cld_per_file_scope, per_file.sql) and write by partition instead:

    - every cld_per_la table is partitioned by la_code, every cld_per_file table by
      landed_file_name (Spark moves the partition column to the end of the table's columns), and
      created with the table option partitionOverwriteMode=dynamic, so an INSERT OVERWRITE
      replaces exactly the partitions present in the new rows whatever the session's setting
      (threads share one session);
    - an incremental run builds the scoped rows into a cached temporary view (dbt's schema-change
      check), drops the partitions in scope that have no row now (`alter table ... drop if exists
      partition`: an LA whose only file was removed, a file no longer landed), then overwrites the
      partitions of the new rows; nothing is written when the scope is empty;
    - when everything is in scope (a full refresh, a model whose SQL changed, a national input
      changed, no state yet) the whole table is rebuilt as a new partitioned table and swapped in
      (cld_write_rows' whole-table path);
    - the build state (int_la_build_state) is partitioned by model_name and each model overwrites
      only its own partition (spark_full_refresh.sql), so models recording at once do not meet.

    The business models do not change; the materializations below are dbt's adapter-specific
    versions (`adapter='spark'`), chosen over the default ones on Spark. -#}

{% materialization cld_per_la, adapter='spark' -%}
    {%- set partition = {'column': 'la_code', 'values': cld_la_scope() if is_incremental() else none} -%}
    {{ return(cld_materialize(none, config.get('on_schema_change', 'fail'), record_sql=cld_la_record_state_sql(), partition=partition)) }}
{%- endmaterialization %}

{% materialization cld_per_file, adapter='spark' -%}
    {%- set scope = cld_per_file_scope() if is_incremental() else none -%}
    {#- the scope: the files' names (a list, or a mapping with the names under 'names') #}
    {%- set names = scope['names'] if scope is mapping else scope -%}
    {%- set partition = {'column': 'landed_file_name', 'values': names} -%}
    {{ return(cld_materialize(none, config.get('on_schema_change', 'ignore'), partition=partition)) }}
{%- endmaterialization %}

{# A whole new table of the model's rows, partitioned as the build wing needs (contracts
   enforced as dbt-spark does). #}
{% macro spark__cld_create_table_as_sql(relation, sql, partition) -%}
    {%- if partition is none %}{{ return(get_create_table_as_sql(False, relation, sql)) }}{% endif -%}
    {%- set contract_config = config.get('contract') -%}
    create table {{ relation }}
    {%- if contract_config.enforced %}
    {{ get_assert_columns_equivalent(sql) }}
        {%- set sql = get_select_subquery(sql) %}
    {%- endif %}
    using {{ config.get('file_format') or 'parquet' }}
    options (partitionOverwriteMode 'dynamic')
    partitioned by ({{ partition['column'] }})
    as
    {{ sql }}
{%- endmacro %}

{# The rows of a cld_per_la / cld_per_file model on Spark: the partitions in scope replaced, or
   the whole table (see the header). #}
{% macro spark__cld_write_rows(existing_relation, target_relation, sql, delete_sql, on_schema_change, partition) -%}
    {%- if partition is none or partition['values'] is none or existing_relation is none -%}
        {{ return(default__cld_write_rows(existing_relation, target_relation, sql, none, on_schema_change, partition)) }}
    {%- endif -%}
    {%- set column = partition['column'] -%}
    {%- set temp_relation = make_temp_relation(target_relation) -%}
    {%- do run_query(get_create_table_as_sql(True, temp_relation, sql)) -%}
    {%- do process_schema_changes(on_schema_change, temp_relation, existing_relation) -%}
    {%- do run_query('cache table ' ~ temp_relation) -%}
    {%- set present = cld_query_values('select distinct ' ~ column ~ ' from ' ~ temp_relation) -%}
    {%- set vanished = partition['values'] | reject('in', present) | list -%}
    {%- if vanished %}
        {%- call statement('drop_partitions') -%}
            alter table {{ target_relation }} drop if exists
            {%- for value in vanished %}
            partition ({{ column }} = {{ cld_string_literal(value) }}){{ ',' if not loop.last }}
            {%- endfor %}
        {%- endcall -%}
    {%- endif %}
    {#- the table's own column order: the partition column last #}
    {%- set columns = adapter.get_columns_in_relation(existing_relation) | map(attribute='name') | reject('equalto', column) | list -%}
    {%- call statement('main') -%}
        {%- if present %}
        insert overwrite table {{ target_relation }} partition ({{ column }})
        select {{ get_quoted_csv(columns) }}, {{ column }} from {{ temp_relation }}
        {%- else %}
        {#- nothing to write; dbt still expects a main statement #}
        select 0 as rows_written
        {%- endif %}
    {%- endcall -%}
    {%- do run_query('uncache table if exists ' ~ temp_relation) -%}
    {%- do run_query('drop view if exists ' ~ temp_relation) -%}
    {{ return([]) }}
{%- endmacro %}
