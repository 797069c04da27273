{#- ref() and is_incremental() as the build wing needs them (dbt lets a project override both).

    ref(): dbt's own, except while a per-LA model (materialized cld_per_la, per_la.sql) is
    compiled for an incremental run: then an LA-partitioned parent becomes the rows of the LAs
    in scope (cld_la_scoped_relation).  So the business models read like plain ref()s.  Only
    the text of the relation changes: those models use ref() in FROM clauses only.  Likewise
    while a per-file model (materialized cld_per_file, per_file.sql) is compiled for an
    incremental run: a file-partitioned parent (a per-file model, or meta cld_file_partitioned)
    becomes the rows of the files to reload (cld_file_scoped_relation).

    is_incremental(): dbt's definition, with the project's materializations counted as
    incremental (dbt's own checks materialized == 'incremental'); unit tests still override it. -#}

{% macro ref() -%}
    {%- set relation = builtins.ref(*varargs, **kwargs) -%}
    {%- if execute and model is defined and model.resource_type == 'model'
        and model.config.materialized == 'cld_per_la' and is_incremental() -%}
        {%- set name = varargs[-1] -%}
        {%- set parent = graph.nodes.get('model.' ~ project_name ~ '.' ~ name) -%}
        {%- if parent -%}
            {{ return(cld_la_scoped_relation(relation, parent)) }}
        {%- endif -%}
    {%- endif -%}
    {%- if execute and model is defined and model.resource_type == 'model'
        and model.config.materialized == 'cld_per_file' and is_incremental() -%}
        {%- set parent = graph.nodes.get('model.' ~ project_name ~ '.' ~ varargs[-1]) -%}
        {%- if parent -%}
            {{ return(cld_file_scoped_relation(relation, parent)) }}
        {%- endif -%}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}

{% macro is_incremental() -%}
    {%- if not execute %}{{ return(false) }}{% endif -%}
    {%- set relation = adapter.get_relation(this.database, this.schema, this.table) -%}
    {{ return(relation is not none
        and relation.type == 'table'
        and model.config.materialized in ['incremental', 'cld_per_la', 'cld_per_file']
        and not should_full_refresh()) }}
{%- endmacro %}
