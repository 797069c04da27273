{#- What a per-LA model builds an LA from (the build wing's inputs; see per_la.sql).

    Everything the per-LA models compute is scoped to one LA: identity and event keys are
    LA-scoped (rule ID-01) and every join between them carries la_code.  So an LA's rows depend
    only on (1) the files selected for that LA (name, year part, content digest), (2) every file
    landed for the LA (int_row_flow accounts for all their rows), (3) the LA's trace response
    files (name, content digest), and (4) national inputs: the reporting period, the rule vars,
    and the project's models and seeds.  cld_la_build_inputs_sql lists them as rows (la_code,
    input_kind, input_value); national rows have la_code null. -#}

{# The rule vars: a change to any of them is a national input change (every LA is rebuilt).
   tests/python/test_project_rules.py checks this is every var in dbt_project.yml. #}
{% macro cld_rule_var_names() -%}
    {{ return([
        'period_start', 'period_end', 'snapshot_date', 'submission_cutoff',
        'cld_min_plausible_date', 'cld_adult_age_years', 'cld_working_age_min', 'cld_working_age_max',
        'cld_learning_disability_psr', 'cld_open_end_date', 'cld_lts_episode_gap_days', 'cld_coverage_min_rows',
        'cld_coverage_min_month_pct',
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

{# A model's relation found in the graph, not through ref(): the build wing reads the
   business models without making them (or itself) a parent of every per-LA model. #}
{% macro cld_graph_relation(name) -%}
    {%- set node = graph.nodes['model.' ~ project_name ~ '.' ~ name] -%}
    {{ return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias, type='table')) }}
{%- endmacro %}

{# The build inputs as a select of (la_code, input_kind, input_value).  relation_of: how a
   model name becomes a relation — ref in the bookkeeping model int_la_build_inputs (so the
   lineage shows what the inputs come from), cld_graph_relation in the per-LA materialization
   of a root model (every relation read here is an ancestor of the root, so it is current when
   the root is built). #}
{% macro cld_la_build_inputs_sql(relation_of) -%}
    select
        selected.la_code,
        'selected_file' as input_kind,
        {{ cld_key([
            'selected.year_start', 'selected.part_start', 'selected.part_end',
            'selected.selected_file_name', 'files.content_sha256']) }} as input_value
    from {{ relation_of('int_submissions_selected') }} as selected
    left join {{ relation_of('stg_cld__files') }} as files
        on selected.selected_file_name = files.landed_file_name
    where selected.has_usable_file
    union all
    -- every landed file of the LA, selected or not; a file without an LA is a national input
    select
        submissions.la_code,
        'landed_file' as input_kind,
        {{ cld_key(['submissions.landed_file_name', 'files.content_sha256', 'submissions.is_accepted']) }} as input_value
    from {{ relation_of('int_submissions_checked') }} as submissions
    left join {{ relation_of('stg_cld__files') }} as files
        on submissions.landed_file_name = files.landed_file_name
    union all
    select
        trace_files.la_code,
        'trace_file' as input_kind,
        {{ cld_key(['trace_files.trace_file_name', 'trace_files.content_sha256']) }} as input_value
    from {{ relation_of('stg_cld__trace_files') }} as trace_files
    where trace_files.la_code is not null
    union all
    select
        cast(null as {{ dbt.type_string() }}) as la_code,
        'reporting_period' as input_kind,
        {{ cld_key(['period.period_start', 'period.period_end', 'period.snapshot_date', 'period.submission_cutoff']) }} as input_value
    from {{ relation_of('int_reporting_period') }} as period
    union all
    select
        cast(null as {{ dbt.type_string() }}) as la_code,
        'rule_vars' as input_kind,
        '{{ cld_rule_vars_digest() }}' as input_value
    union all
    select
        cast(null as {{ dbt.type_string() }}) as la_code,
        'project_models_and_seeds' as input_kind,
        '{{ cld_project_digest() }}' as input_value
{%- endmacro %}
