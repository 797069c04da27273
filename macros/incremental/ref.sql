{#- ref() and is_incremental() as the build wing needs them (dbt lets a project override both).

    ref(): dbt's own, except while a per-LA model (materialized cld_per_la, per_la.sql) is
    compiled for an incremental run: then an LA-partitioned parent becomes the rows of the LAs
    in scope (cld_la_scoped_relation).  So the business models read like plain ref()s.  Only
    the text of the relation changes: those models use ref() in FROM clauses only.  Likewise
    while a per-file model (materialized cld_per_file, per_file.sql) is compiled for an
    incremental run: a file-partitioned parent (a per-file model, or meta cld_file_partitioned)
    becomes the rows of the files to reload (cld_file_scoped_relation).

    source(): dbt's own, except while a per-file model is compiled for an incremental run: a
    source whose meta sets cld_file_path_column (the landed rows files) becomes the rows of the
    files to reload, by path (cld_file_scoped_source).

    is_incremental(): dbt's definition, with the project's materializations counted as
    incremental (dbt's own checks materialized == 'incremental'); unit tests still override it. -#}

{# The build-wing materialization of the model being compiled for an incremental run, or none. #}
{% macro cld_incremental_wing() -%}
    {%- if execute and model is defined and model.resource_type == 'model'
        and model.config.materialized in ['cld_per_la', 'cld_per_file'] and is_incremental() -%}
        {{ return(model.config.materialized) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

{% macro ref() -%}
    {%- set relation = builtins.ref(*varargs, **kwargs) -%}
    {%- set wing = cld_incremental_wing() -%}
    {%- if wing -%}
        {%- set parent = graph.nodes.get('model.' ~ project_name ~ '.' ~ varargs[-1]) -%}
        {%- if parent and wing == 'cld_per_la' -%}
            {{ return(cld_la_scoped_relation(relation, parent)) }}
        {%- elif parent -%}
            {{ return(cld_file_scoped_relation(relation, parent)) }}
        {%- endif -%}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}

{% macro source(source_name, table_name) -%}
    {%- set relation = builtins.source(source_name, table_name) -%}
    {%- if cld_incremental_wing() == 'cld_per_file' -%}
        {%- set node = graph.sources.get('source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name) -%}
        {%- if node -%}
            {{ return(cld_file_scoped_source(relation, node)) }}
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
