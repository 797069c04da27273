{#- What the build wing's materializations share (cld_per_la, per_la.sql; cld_per_file,
    per_file.sql): write the model's rows either as a whole new table (delete_sql none: built
    beside the old one and swapped in, as dbt's table materialization does) or as a part: the
    new rows built into a temporary table (dbt's schema-change check), delete_sql run, then the
    new rows appended.  Returns the relations to drop after the commit.  Adapter-dispatched:
    Spark has no DELETE and overwrites partitions instead (spark.sql, in this folder); partition
    ({'column': 'la_code', 'values': [...] or none}) is what it needs, and the other engines
    ignore it. -#}
{% macro cld_write_rows(existing_relation, target_relation, sql, delete_sql, on_schema_change, partition=none) -%}
    {{ return(adapter.dispatch('cld_write_rows', 'cld_warehouse')(existing_relation, target_relation, sql, delete_sql, on_schema_change, partition)) }}
{%- endmacro %}

{# The statement that creates a whole new table of the model's rows (Spark: partitioned). #}
{% macro cld_create_table_as_sql(relation, sql, partition=none) -%}
    {{ return(adapter.dispatch('cld_create_table_as_sql', 'cld_warehouse')(relation, sql, partition)) }}
{%- endmacro %}

{% macro default__cld_create_table_as_sql(relation, sql, partition) -%}
    {{ return(get_create_table_as_sql(False, relation, sql)) }}
{%- endmacro %}

{% macro default__cld_write_rows(existing_relation, target_relation, sql, delete_sql, on_schema_change, partition) -%}
    {%- set to_drop = [] -%}
    {%- if delete_sql is none %}
        {%- set intermediate_relation = make_intermediate_relation(target_relation) -%}
        {%- set backup_relation = make_backup_relation(target_relation, 'table' if existing_relation is none else existing_relation.type) -%}
        {%- do drop_relation_if_exists(load_cached_relation(intermediate_relation)) -%}
        {%- do drop_relation_if_exists(load_cached_relation(backup_relation)) -%}
        {%- call statement('main') -%}
            {{ cld_create_table_as_sql(intermediate_relation, sql, partition) }}
        {%- endcall -%}
        {%- if existing_relation is not none %}
            {%- do adapter.rename_relation(existing_relation, backup_relation) -%}
            {%- do to_drop.append(backup_relation) -%}
        {%- endif %}
        {%- do adapter.rename_relation(intermediate_relation, target_relation) -%}
    {%- else %}
        {%- set temp_relation = make_temp_relation(target_relation) -%}
        {%- do run_query(get_create_table_as_sql(True, temp_relation, sql)) -%}
        {%- set dest_columns = process_schema_changes(on_schema_change, temp_relation, existing_relation) -%}
        {%- if not dest_columns %}{% set dest_columns = adapter.get_columns_in_relation(existing_relation) %}{% endif -%}
        {%- set column_list = get_quoted_csv(dest_columns | map(attribute='name')) -%}
        {%- call statement('delete_rows') -%}
            {{ delete_sql }}
        {%- endcall -%}
        {%- call statement('main') -%}
            insert into {{ target_relation }} ({{ column_list }})
            select {{ column_list }} from {{ temp_relation }}
        {%- endcall -%}
        {%- do to_drop.append(temp_relation) -%}
    {%- endif %}
    {{ return(to_drop) }}
{%- endmacro %}

{#- The whole write of a build-wing model, in the model's one transaction: pre-hooks, the rows
    (cld_write_rows), an optional bookkeeping statement (record_sql: per-LA state), docs,
    post-hooks, commit, then the temporary/backup relations dropped.  delete_sql none = a whole
    new table (on Spark: partition.values none).  Returns what a materialization returns. -#}
{% macro cld_materialize(delete_sql, on_schema_change, record_sql=none, partition=none) -%}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}
    {%- set to_drop = cld_write_rows(existing_relation, target_relation, compiled_code, delete_sql, on_schema_change, partition) -%}
    {%- if record_sql is not none %}
        {%- call statement('record_state') -%}
            {{ record_sql }}
        {%- endcall -%}
    {%- endif %}
    {%- do persist_docs(target_relation, model) -%}
    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {%- do adapter.commit() -%}
    {%- for relation in to_drop %}{% do adapter.drop_relation(relation) %}{% endfor -%}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [target_relation]}) }}
{%- endmacro %}
