{#- Per-file incremental loading.  A landed file is immutable: its rows, their typing, their
    row-level validation and every per-file summary of them depend only on the file itself, its
    submission facts (LA, period, submitted, accepted, header width) and the seeds.  So on an
    incremental run each per-file model reloads only the files whose facts differ from the ones
    it stored (new files, files whose acceptance or row count changed) and deletes the rows of
    files no longer landed; every other file's rows stay as they are.  `make build`
    (--full-refresh) rebuilds everything; `make rebuild` is the incremental path.  After a change
    to a seed, a var or these models' SQL, run `make build`: stored rows are not re-derived by an
    incremental run.

    The per-file models:
    - the row-level chain: stg_cld__rows (rows read per landed file), then int_row_issues and
      int_rows_validated (both compare the facts of int_rows_in_context — a view of the staged
      rows with their submission facts, always current — with int_rows_validated as written
      by the previous run);
    - downstream of the chain (they run after int_rows_validated is rewritten in the same run,
      so comparing against it would find nothing): each compares the facts of the row table it
      reads (this run's) with the facts it stored itself, so it is right whatever ran or failed
      before, and carries those facts as columns:
        int_submission_row_summary  one row per file: all seven facts (row_count = rows_staged);
        int_submission_coverage     one row per accepted file: LA, declared period, submitted_at
                                    and rows_staged (acceptance: only accepted files are stored);
        dq_item_quality             40 rows per accepted file: LA, period, submitted_at and
                                    file_rows (header width does not enter the item checks);
        dq_row_issues               the issues of a file: LA, period, submitted_at, file_rows and
                                    header_column_count (the field-count rule reads it); a file
                                    with no issue has no rows, so its facts are compared only
                                    while int_row_issues holds issues of it (a file whose issues
                                    are gone shows as stored-only and is deleted).
    Models that mix per-file and cross-file facts stay tables (dq_submissions reads the
    per-file summary and adds the year lock; int_row_flow needs the identity and event
    selection; dq_submission_rules reads the file-level checks, whose duplicate-content rule
    compares files).

    Each model: the set of files to reload is computed when the model is compiled (before its
    pre-hook runs) and inlined as constants, so the engine prunes files and row groups by
    landed_file_name; the pre-hook deletes the same set (plus files gone from upstream). -#}

{# The submission facts a per-file model may depend on (besides the row count). #}
{% macro cld_submission_facts() -%}
    {{ return(['la_code', 'period_start', 'period_end', 'submitted_at', 'is_submission_accepted', 'header_column_count']) }}
{%- endmacro %}

{# Per-file facts of a relation: one row per landed file.  facts: the fact columns (default all
   submission facts, or none when with_submission is false); row_count: its expression (count(*)
   for a row-level relation; e.g. max(file_rows) for a model that stores the count); where: an
   optional filter.  The relation may be a parenthesised subquery with an alias. #}
{% macro cld_file_facts(relation, with_submission=true, facts=none, row_count='count(*)', where=none) -%}
    {%- set fact_columns = facts if facts is not none else (cld_submission_facts() if with_submission else []) %}
    select
        landed_file_name,
        {%- for fact in fact_columns %}
        {{ fact }},
        {%- endfor %}
        {{ row_count }} as row_count
    from {{ relation }}
    {%- if where %}
    where {{ where }}
    {%- endif %}
    group by
        landed_file_name
        {%- for fact in fact_columns %}, {{ fact }}{% endfor %}
{%- endmacro %}

{# Files whose facts differ between two fact queries (present in one only, or any fact differs). #}
{% macro cld_files_with_changed_facts(current_sql, stored_sql, with_submission=true, facts=none) -%}
    {%- set fact_columns = facts if facts is not none else (cld_submission_facts() if with_submission else []) %}
    select coalesce(cur.landed_file_name, sto.landed_file_name) as landed_file_name
    from ({{ current_sql }}) as cur
    full outer join ({{ stored_sql }}) as sto
        on cur.landed_file_name = sto.landed_file_name
    where
        cur.landed_file_name is null
        or sto.landed_file_name is null
        or cur.row_count != sto.row_count
        {%- for fact in fact_columns %}
        or cur.{{ fact }} is distinct from sto.{{ fact }}
        {%- endfor %}
{%- endmacro %}

{# Run a one-column query at compile time; its values as a list of strings ([] while parsing). #}
{% macro cld_query_values(sql) -%}
    {%- if not execute %}{{ return([]) }}{% endif -%}
    {%- set result = run_query(sql) -%}
    {{ return(result.columns[0].values() | map('string') | list) }}
{%- endmacro %}

{# A SQL list of quoted strings, or a list that matches nothing. #}
{% macro cld_in_list(values) -%}
    {%- if values | length == 0 -%}
        (cast(null as varchar))
    {%- else -%}
        ({% for v in values %}'{{ v | replace("'", "''") }}'{{ ', ' if not loop.last }}{% endfor %})
    {%- endif -%}
{%- endmacro %}

{# stg_cld__rows: files to (re)load = landed files whose rows_read differs from the rows stored
   (new files, re-landed files); returns the rows files' base names and the landed file names. #}
{% macro cld_stg_rows_files_to_load(this_relation) -%}
    {%- set sql -%}
        select files.landed_file_name, files.rows_path
        from {{ source('cld_landed', 'landed_files') }} as files
        left join ({{ cld_file_facts(this_relation, with_submission=false) }}) as stored
            on files.landed_file_name = stored.landed_file_name
        where
            coalesce(files.rows_path, '') != ''
            and coalesce(stored.row_count, 0) != coalesce({{ cld_try_cast('files.rows_read', 'bigint') }}, -1)
    {%- endset -%}
    {%- if not execute %}{{ return({'names': [], 'rows_files': []}) }}{% endif -%}
    {%- set result = run_query(sql) -%}
    {{ return({
        'names': result.columns[0].values() | map('string') | list,
        'rows_files': result.columns[1].values() | map('string') | map('replace', 'rows/', '') | list}) }}
{%- endmacro %}

{# Pre-hook of stg_cld__rows: drop the rows of files to reload and of files no longer landed. #}
{% macro cld_stg_rows_delete_stale() -%}
    {%- if is_incremental() %}
    delete from {{ this }}
    where
        landed_file_name in {{ cld_in_list(cld_stg_rows_files_to_load(this)['names']) }}
        or landed_file_name not in (select landed_file_name from {{ source('cld_landed', 'landed_files') }})
    {%- endif %}
{%- endmacro %}

{# int_row_issues and int_rows_validated: files whose facts in int_rows_in_context (this run)
   differ from those in int_rows_validated (written at the end of the previous run, after
   int_row_issues: so both models see the same set; a run that fails in between only makes
   the next run redo those files). #}
{% macro cld_validated_files_to_load() -%}
    {%- set validated = adapter.get_relation(database=this.database, schema=this.schema, identifier='int_rows_validated') -%}
    {%- if validated is none -%}
        {{ return(cld_query_values('select distinct landed_file_name from ' ~ ref('int_rows_in_context'))) }}
    {%- endif -%}
    {{ return(cld_query_values(cld_files_with_changed_facts(cld_file_facts(ref('int_rows_in_context')), cld_file_facts(validated)))) }}
{%- endmacro %}

{# Pre-hook of a per-file incremental model: drop the rows of the files about to be reloaded. #}
{% macro cld_delete_files(files) -%}
    {%- if is_incremental() %}
    delete from {{ this }}
    where landed_file_name in {{ cld_in_list(files) }}
    {%- endif %}
{%- endmacro %}

{# Downstream per-file models: files whose facts in the row table the model reads (as this run
   left it) differ from the facts the model stored.  Compared with the model's own table, not
   with int_rows_validated: that is rewritten earlier in the same run.  Before the first build
   (no table yet) the model is not incremental and this is not called. #}
{% macro cld_downstream_files_to_load(current_sql, stored_sql, facts) -%}
    {{ return(cld_query_values(cld_files_with_changed_facts(current_sql, stored_sql, facts=facts))) }}
{%- endmacro %}

{# int_submission_row_summary: every staged file, all seven facts (stored as columns). #}
{% macro cld_row_summary_files_to_load(this_relation) -%}
    {{ return(cld_downstream_files_to_load(
        cld_file_facts(ref('int_rows_validated')),
        cld_file_facts(this_relation, row_count='sum(rows_staged)'),
        cld_submission_facts())) }}
{%- endmacro %}

{# int_submission_coverage: accepted files; LA, declared period, submitted_at, rows_staged. #}
{% macro cld_coverage_files_to_load(this_relation) -%}
    {%- set facts = ['la_code', 'period_start', 'period_end', 'submitted_at'] %}
    {%- set stored -%}
        (
            select
                landed_file_name,
                la_code,
                declared_period_start as period_start,
                declared_period_end as period_end,
                submitted_at,
                rows_staged
            from {{ this_relation }}
        ) as stored_coverage
    {%- endset %}
    {{ return(cld_downstream_files_to_load(
        cld_file_facts(ref('int_rows_validated'), facts=facts, where='is_submission_accepted'),
        cld_file_facts(stored, facts=facts, row_count='sum(rows_staged)'),
        facts)) }}
{%- endmacro %}

{# dq_item_quality: accepted files; LA, period, submitted_at, file_rows. #}
{% macro cld_item_quality_files_to_load(this_relation) -%}
    {%- set facts = ['la_code', 'period_start', 'period_end', 'submitted_at'] %}
    {{ return(cld_downstream_files_to_load(
        cld_file_facts(ref('int_rows_in_context'), facts=facts, where='is_submission_accepted'),
        cld_file_facts(this_relation, facts=facts, row_count='max(file_rows)'),
        facts)) }}
{%- endmacro %}

{# dq_row_issues: accepted files that int_row_issues holds issues of; LA, period, submitted_at,
   header_column_count, file_rows. #}
{% macro cld_row_issues_files_to_load(this_relation) -%}
    {%- set facts = ['la_code', 'period_start', 'period_end', 'submitted_at', 'header_column_count'] %}
    {%- set with_issues = 'is_submission_accepted and landed_file_name in (select landed_file_name from '
        ~ ref('int_row_issues') ~ ')' %}
    {{ return(cld_downstream_files_to_load(
        cld_file_facts(ref('int_rows_in_context'), facts=facts, where=with_issues),
        cld_file_facts(this_relation, facts=facts, row_count='max(file_rows)'),
        facts)) }}
{%- endmacro %}
