{#- The per-LA materialization: `{{ config(materialized='cld_per_la') }}` is all a business model
    says about incremental building (the build wing; README "Architecture").

    Build state: the table `int_la_build_state` (source cld_build.int_la_build_state, created
    by on-run-start) holds, per per-LA model, the input rows (la_inputs.sql) that model was last
    built from, and the model's own checksum.  A model none of whose parents is a per-LA model
    (a root: int_event_rows_identified) is built from cld_la_build_inputs_sql, evaluated over the
    relations found in the graph (all of them ancestors of the root, so current when it is
    built); any other is built from the union of its per-LA parents' recorded rows.  A model that
    pseudonymises (its SQL calls cld_pseudonymise) has one more national input, the key's
    fingerprint (cld_pseudonymisation_key_fingerprint: a keyed digest, never the key), so a change
    of CLD_PSEUDO_KEY rebuilds every LA of it and of the models built on it; where no key may be
    used the fingerprint fails, so such a model fails on every run, even when no LA changed.

    On an incremental run a model rebuilds the LAs whose rows differ between what it is built
    from now and what it recorded (either way); every LA when a national row differs, when its
    own SQL changed (checksum), or when it has no state.  While the model is compiled, ref()
    (ref.sql) renders each LA-partitioned parent (a per-LA model, or a model whose config sets
    meta cld_la_partitioned) as the rows of those LAs only (constants inlined, so the engine
    skips other LAs' row groups).  The materialization then deletes those LAs' rows, appends the
    new ones and records what the model was built from, in one transaction.  So a failed or
    partial run (a --select) is safe: a model is redone exactly when what it was built from is
    no longer what its parents hold.  Not detected: a change to a macro — run `make build`
    (--full-refresh) after one.  On Spark the same config line maps to insert_overwrite with
    partition_by la_code (README "Architecture"). -#}

{# The build-state table: a declared source, so the lineage shows it. #}
{% macro cld_la_state_relation() -%}
    {%- set node = graph.sources['source.' ~ project_name ~ '.cld_build.int_la_build_state'] -%}
    {{ return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.identifier, type='table')) }}
{%- endmacro %}

{# on-run-start: the build-state table, once.  Adapter-dispatched: Spark partitions it by
   model (cld_la_record_state_sql). #}
{% macro cld_create_la_build_state() -%}
    {%- if not execute %}{{ return('') }}{% endif -%}
    {%- set state = cld_la_state_relation() -%}
    {%- do adapter.create_schema(state) -%}
    {{ return(adapter.dispatch('cld_create_la_build_state_sql', 'cld_warehouse')(state)) }}
{%- endmacro %}

{% macro default__cld_create_la_build_state_sql(state) -%}
    create table if not exists {{ state }} (
        model_name {{ dbt.type_string() }},
        la_code {{ dbt.type_string() }},
        input_kind {{ dbt.type_string() }},
        input_value {{ dbt.type_string() }},
        model_checksum {{ dbt.type_string() }}
    )
{%- endmacro %}

{# Is a graph node a per-LA model? #}
{% macro cld_is_per_la(node) -%}
    {{ return(node.resource_type == 'model' and node.config.materialized == 'cld_per_la') }}
{%- endmacro %}

{# The input rows the current model is built from (a select of la_code, input_kind, input_value). #}
{% macro cld_la_model_inputs_sql() -%}
    {%- set parents = [] -%}
    {%- for unique_id in model.depends_on.nodes -%}
        {%- set parent = graph.nodes.get(unique_id) -%}
        {%- if parent and cld_is_per_la(parent) -%}
            {%- do parents.append(parent.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set hashes = 'cld_pseudonymise(' in model.raw_code -%}
    {%- if hashes %}select la_code, input_kind, input_value from ({% endif -%}
    {%- if parents | length == 0 -%}
        select la_code, input_kind, input_value from ({{ cld_la_build_inputs_sql(cld_graph_relation) }}) as build_inputs
    {%- else -%}
        select distinct la_code, input_kind, input_value from {{ cld_la_state_relation() }}
        where model_name in {{ cld_in_list(parents | sort) }}
    {%- endif -%}
    {%- if hashes %}
        union
        select
            cast(null as {{ dbt.type_string() }}) as la_code,
            'pseudonymisation_key' as input_kind,
            {{ cld_pseudonymisation_key_fingerprint() }} as input_value
    ) as model_inputs
    {%- endif -%}
{%- endmacro %}

{# The LAs a per-LA model rebuilds in this run: a sorted list of la_codes, or none for every LA
   (not incremental, no state, its SQL changed, or a national input changed).  Queried once per
   model and run (cld_once_per_model, run_cache.sql). #}
{% macro cld_la_scope() -%}
    {{ return(cld_once_per_model('cld_la_scope', cld_la_scope_query)) }}
{%- endmacro %}

{% macro cld_la_scope_query() -%}
    {%- if not is_incremental() %}{{ return(none) }}{% endif -%}
    {%- set state = cld_la_state_relation() -%}
    {%- set recorded -%}
        select la_code, input_kind, input_value from {{ state }} where model_name = '{{ this.name }}'
    {%- endset -%}
    {%- set sql -%}
        select
            '#' as la_code
        from {{ state }}
        where model_name = '{{ this.name }}'
        having count(*) = 0 or max(model_checksum) != '{{ model.checksum.checksum }}' or min(model_checksum) != max(model_checksum)
        union all
        select distinct coalesce(la_code, '*') as la_code
        from (
            ({{ cld_la_model_inputs_sql() }} except {{ recorded }})
            union all
            ({{ recorded }} except {{ cld_la_model_inputs_sql() }})
        ) as changed
    {%- endset -%}
    {%- set las = run_query(sql).columns[0].values() | map('string') | list -%}
    {%- if '#' in las or '*' in las %}{{ return(none) }}{% endif -%}
    {{ return(las | sort) }}
{%- endmacro %}

{# A parent of a per-LA model, as the model reads it: the relation, or on an incremental run
   only the rows of the LAs to rebuild (called by ref(), ref.sql). #}
{% macro cld_la_scoped_relation(relation, parent) -%}
    {%- if not (cld_is_per_la(parent) or parent.config.meta.get('cld_la_partitioned')) %}{{ return(relation) }}{% endif -%}
    {%- set las = cld_la_scope() -%}
    {%- if las is none %}{{ return(relation) }}{% endif -%}
    {{ return('(select * from ' ~ relation ~ ' where la_code in ' ~ cld_in_list(las) ~ ')') }}
{%- endmacro %}

{# Delete the LAs to rebuild (every row when every LA is rebuilt).  Adapter-dispatched: Spark
   cannot delete from Parquet and would overwrite partitions instead (README "Architecture"). #}
{% macro cld_la_delete_sql(relation, las) -%}
    {{ return(adapter.dispatch('cld_la_delete_sql')(relation, las)) }}
{%- endmacro %}

{% macro default__cld_la_delete_sql(relation, las) -%}
    delete from {{ relation }}
    {%- if las is not none %}
    where la_code in {{ cld_in_list(las) }}
    {%- endif %}
{%- endmacro %}

{# Record what the model was just built from (its previous record replaced).  Adapter-dispatched:
   Spark cannot delete from Parquet (macros/incremental/spark_full_refresh.sql). #}
{% macro cld_la_record_state_sql() -%}
    {{ return(adapter.dispatch('cld_la_record_state_sql', 'cld_warehouse')()) }}
{%- endmacro %}

{% macro default__cld_la_record_state_sql() -%}
    delete from {{ cld_la_state_relation() }} where model_name = '{{ this.name }}';
    insert into {{ cld_la_state_relation() }}
    select '{{ this.name }}', la_code, input_kind, input_value, '{{ model.checksum.checksum }}'
    from ({{ cld_la_model_inputs_sql() }}) as built_from
{%- endmacro %}

{% materialization cld_per_la, default -%}
    {#- the LAs in scope: the ones the model was compiled for (cld_la_scope is kept per model and run) #}
    {%- set delete_sql = cld_la_delete_sql(this.incorporate(type='table'), cld_la_scope()) if is_incremental() else none -%}
    {{ return(cld_materialize(delete_sql, config.get('on_schema_change', 'fail'), record_sql=cld_la_record_state_sql())) }}
{%- endmaterialization %}
