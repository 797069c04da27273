{#- Per-LA incremental models (tag `la_incremental`: from identity on — int_event_rows_identified,
    the events, persons, long-term services, sequels and the SALT/ASCOF/finance/pseudo/DSCRO
    person-level marts).

    Everything these models compute is scoped to one LA: identity and event keys are LA-scoped
    (rule ID-01) and every join between them carries la_code.  So an LA's rows depend only
    on (1) the files selected for that LA (name, year part, content digest), (2) the LA's trace
    response files (name, content digest), and (3) national inputs: the reporting period, the
    rule vars, and the project's models and seeds.  int_la_build_inputs lists these inputs as
    rows (la_code, input_kind, input_value); national rows have la_code null.  A model that
    pseudonymises (its SQL calls cld_pseudonymise) has one more national input, the key's
    fingerprint (macro cld_pseudonymisation_key_fingerprint: a keyed digest, never the key), so a
    change of CLD_PSEUDO_KEY rebuilds every LA of it (and of the models built on it): never two
    keys in one extract.  Where no key may be used (prod without CLD_PSEUDO_KEY, the development
    key on data not declared synthetic) the fingerprint fails, so such a model fails on every
    run, incremental or full, even when no LA changed.

    Build state: the table `int_la_build_state` (created by on-run-start) holds, per per-LA model,
    the input rows that model was last built from, and the model's own checksum.  A model whose
    per-LA parents are not per-LA models (a root: int_event_rows_identified) is built from
    int_la_build_inputs; any other is built from the union of its per-LA parents' recorded rows.
    On an incremental run a model rebuilds the LAs whose rows differ between what it is built
    from now and what it recorded (either way); every LA when a national row differs, when its
    own SQL changed (checksum), or when it has no state.  Its pre-hook deletes those LAs' rows;
    its LA-scoped inputs are read for those LAs only (cld_la_scoped: constants inlined at compile
    time, so the engine skips other LAs' row groups); the new rows are appended; its post-hook
    then records what it was built from.  So a failed or partial run (a --select) is safe: a
    model is redone exactly when what it was built from is no longer what its parents hold.
    Not detected: a change to a macro — run `make build` (--full-refresh) after one.  On Spark
    the delete needs a Delta table. -#}

{# The rule vars: a change to any of them is a national input change (every LA is rebuilt).
   tests/python/test_project_rules.py checks this is every var in dbt_project.yml. #}
{% macro cld_rule_var_names() -%}
    {{ return([
        'period_start', 'period_end', 'snapshot_date', 'submission_cutoff',
        'cld_min_plausible_date', 'cld_adult_age_years', 'cld_working_age_min', 'cld_working_age_max',
        'cld_open_end_date', 'cld_lts_episode_gap_days', 'cld_coverage_min_rows', 'cld_coverage_min_month_pct',
        'cld_request_cluster_gap_days', 'cld_stmax_cluster_gap_days', 'cld_request_sequel_window_days',
        'cld_stmax_sequel_window_days', 'cld_sequel_chain_gap_days', 'cld_review_followup_window_days',
        'cld_ascof_2a_cluster_gap_days', 'cld_ascof_2a_sequel_window_days',
        'cld_ascof_2a_new_client_lookback_days', 'cld_ascof_2bc_new_admission_lookback_days',
        'cld_person_consistency_items', 'cld_landed_max_line_bytes']) }}
{%- endmacro %}

{# A digest of the rule vars' values (a national input row). #}
{% macro cld_rule_vars_digest() -%}
    {%- set parts = [] -%}
    {%- for name in cld_rule_var_names() -%}
        {%- do parts.append(name ~ '=' ~ (var(name) | string)) -%}
    {%- endfor -%}
    {{ return(local_md5(parts | join(';'))) }}
{%- endmacro %}

{# A digest of the project's models and seeds (their files' checksums; a seed's is its
   content): a changed model or seed rebuilds every LA.  Empty while parsing. #}
{% macro cld_project_digest() -%}
    {%- if not execute %}{{ return('') }}{% endif -%}
    {%- set parts = [] -%}
    {%- for node in graph.nodes.values() | sort(attribute='unique_id') -%}
        {%- if node.resource_type in ['model', 'seed'] and node.package_name == project_name -%}
            {%- do parts.append(node.unique_id ~ ':' ~ node.checksum.checksum) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(local_md5(parts | join(';'))) }}
{%- endmacro %}

{# A relation beside int_la_build_inputs (found in the graph: a unit test's ref() knows only
   its given inputs). #}
{% macro cld_la_relation(identifier=none) -%}
    {%- set node = graph.nodes['model.' ~ project_name ~ '.int_la_build_inputs'] -%}
    {{ return(api.Relation.create(database=node.database, schema=node.schema, identifier=identifier or node.alias, type='table')) }}
{%- endmacro %}

{# on-run-start: the build-state table, once. #}
{% macro cld_create_la_build_state() -%}
    {%- if not execute %}{{ return('') }}{% endif -%}
    {%- set state = cld_la_relation('int_la_build_state') -%}
    {%- do adapter.create_schema(state) -%}
    create table if not exists {{ state }} (
        model_name {{ dbt.type_string() }},
        la_code {{ dbt.type_string() }},
        input_kind {{ dbt.type_string() }},
        input_value {{ dbt.type_string() }},
        model_checksum {{ dbt.type_string() }}
    )
{%- endmacro %}

{# The input rows the current model is built from (a select of la_code, input_kind, input_value). #}
{% macro cld_la_model_inputs_sql() -%}
    {%- set parents = [] -%}
    {%- for unique_id in model.depends_on.nodes -%}
        {%- set parent = graph.nodes.get(unique_id) -%}
        {%- if parent and parent.resource_type == 'model' and 'la_incremental' in parent.tags -%}
            {%- do parents.append(parent.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set hashes = 'cld_pseudonymise(' in model.raw_code -%}
    {%- if hashes %}select la_code, input_kind, input_value from ({% endif -%}
    {%- if parents | length == 0 -%}
        select la_code, input_kind, input_value from {{ cld_la_relation() }}
    {%- else -%}
        select distinct la_code, input_kind, input_value from {{ cld_la_relation('int_la_build_state') }}
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
   (not incremental, no state, its SQL changed, or a national input changed). #}
{% macro cld_la_scope() -%}
    {#- while parsing: ref() makes every per-LA model run after int_la_build_inputs #}
    {%- if not execute %}{% set _ = ref('int_la_build_inputs') %}{{ return(none) }}{% endif -%}
    {%- if not is_incremental() %}{{ return(none) }}{% endif -%}
    {%- set state = cld_la_relation('int_la_build_state') -%}
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

{# config() of a per-LA model: incremental, appended between a pre-hook that deletes the LAs to
   rebuild and a post-hook that records what the model was built from. #}
{% macro cld_la_incremental_config() -%}
    {{ config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        tags=['la_incremental'],
        pre_hook="{{ cld_la_delete() }}",
        post_hook=["{{ cld_la_forget_state() }}", "{{ cld_la_record_state() }}"]
    ) }}
{%- endmacro %}

{# Pre-hook: drop the rows of the LAs to rebuild (every row when every LA is rebuilt). #}
{% macro cld_la_delete() -%}
    {%- if is_incremental() %}
    {%- set las = cld_la_scope() %}
    delete from {{ this }}
    {%- if las is not none %}
    where la_code in {{ cld_in_list(las) }}
    {%- endif %}
    {%- endif %}
{%- endmacro %}

{# Post-hooks: the model's recorded inputs replaced by what it was just built from. #}
{% macro cld_la_forget_state() -%}
    {%- if not execute %}{{ return('') }}{% endif %}
    delete from {{ cld_la_relation('int_la_build_state') }} where model_name = '{{ this.name }}'
{%- endmacro %}

{% macro cld_la_record_state() -%}
    {%- if not execute %}{{ return('') }}{% endif %}
    insert into {{ cld_la_relation('int_la_build_state') }}
    select '{{ this.name }}', la_code, input_kind, input_value, '{{ model.checksum.checksum }}'
    from ({{ cld_la_model_inputs_sql() }}) as built_from
{%- endmacro %}

{# An LA-scoped input of a per-LA model: the relation itself, or on an incremental run only the
   rows of the LAs to rebuild. #}
{% macro cld_la_scoped(relation, la_column='la_code') -%}
    {%- set las = cld_la_scope() -%}
    {%- if las is none -%}
        {{ relation }}
    {%- else -%}
        (select * from {{ relation }} where {{ la_column }} in {{ cld_in_list(las) }}) as la_scoped
    {%- endif -%}
{%- endmacro %}
