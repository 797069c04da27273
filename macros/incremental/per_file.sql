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

    The materialization cld_per_file (below) builds the six models downstream of
    stg_cld__rows; a model says `materialized='cld_per_file'` and declares its choices in the
    same config call, as meta cld_per_file: current (the model whose file facts are current),
    stored (a relation compared instead of the model's own table, by name: int_rows_validated
    for the row-level chain; when it does not exist yet every current file is reloaded), facts
    (default all six submission facts), where (a filter on the current facts), with_rows_in (only
    files that have rows in that model), stored_row_count (default count(*)) and stored_columns
    (a fact stored under another column name).  The files to reload (cld_per_file_scope) are
    computed when the model is compiled and inlined as constants by ref() (ref.sql: a
    file-partitioned parent, a cld_per_file model or meta cld_file_partitioned, becomes
    `(select * from X where landed_file_name in (...))`), so the engine prunes files and row
    groups by landed_file_name; the materialization computes the same set again before it
    deletes those files' rows (stored-only files included) and appends the new ones.
    stg_cld__rows is still a plain incremental model with its own pre-hook
    (cld_stg_rows_delete_stale): it reads the landed rows files by path, a source. -#}

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
        (cast(null as string))
    {%- else -%}
        ({% for v in values %}{{ cld_string_literal(v) }}{{ ', ' if not loop.last }}{% endfor %})
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

{# The per-file choices of the current model: its config meta cld_per_file (see the header). #}
{% macro cld_per_file_options() -%}
    {{ return(model.config.meta.get('cld_per_file', {})) }}
{%- endmacro %}

{# The files the current per-file model reloads in this run (a list of landed_file_name; the
   stored-only ones included, so the delete drops them).  Parents are read with dbt's own ref
   (builtins.ref): the project's ref() would scope them to these very files. #}
{% macro cld_per_file_scope() -%}
    {%- set options = cld_per_file_options() -%}
    {%- set facts = options.get('facts', cld_submission_facts()) -%}
    {%- set current_relation = builtins.ref(options['current']) -%}
    {%- set where = options.get('where') -%}
    {%- if options.get('with_rows_in') -%}
        {%- set in_rows = 'landed_file_name in (select landed_file_name from ' ~ builtins.ref(options['with_rows_in']) ~ ')' -%}
        {%- set where = (where ~ ' and ' ~ in_rows) if where else in_rows -%}
    {%- endif -%}
    {%- set current_sql = cld_file_facts(current_relation, facts=facts, where=where) -%}
    {%- if options.get('stored') -%}
        {%- set stored_relation = adapter.get_relation(database=this.database, schema=this.schema, identifier=options['stored']) -%}
        {%- if stored_relation is none -%}
            {{ return(cld_query_values('select landed_file_name from (' ~ current_sql ~ ') as current_facts')) }}
        {%- endif -%}
    {%- else -%}
        {%- set stored_relation = this -%}
    {%- endif -%}
    {%- set stored_columns = options.get('stored_columns', {}) -%}
    {%- set stored_sql -%}
        select
            landed_file_name,
            {%- for fact in facts %}
            {{ stored_columns.get(fact, fact) }} as {{ fact }},
            {%- endfor %}
            {{ options.get('stored_row_count', 'count(*)') }} as row_count
        from {{ stored_relation }}
        group by
            landed_file_name
            {%- for fact in facts %}, {{ stored_columns.get(fact, fact) }}{% endfor %}
    {%- endset -%}
    {{ return(cld_query_values(cld_files_with_changed_facts(current_sql, stored_sql, facts=facts))) }}
{%- endmacro %}

{# Is a graph node a per-file model? #}
{% macro cld_is_per_file(node) -%}
    {{ return(node.resource_type == 'model' and node.config.materialized == 'cld_per_file') }}
{%- endmacro %}

{# A parent of a per-file model, as the model reads it: the relation, or on an incremental run
   only the rows of the files to reload (called by ref(), ref.sql). #}
{% macro cld_file_scoped_relation(relation, parent) -%}
    {%- if not (cld_is_per_file(parent) or parent.config.meta.get('cld_file_partitioned')) %}{{ return(relation) }}{% endif -%}
    {{ return('(select * from ' ~ relation ~ ' where landed_file_name in ' ~ cld_in_list(cld_per_file_scope()) ~ ')') }}
{%- endmacro %}

{% materialization cld_per_file, default -%}
    {#- the files to reload: computed the same way as when the model was compiled #}
    {%- set delete_sql = ('delete from ' ~ this.incorporate(type='table') ~ ' where landed_file_name in '
        ~ cld_in_list(cld_per_file_scope())) if is_incremental() else none -%}
    {{ return(cld_materialize(delete_sql, config.get('on_schema_change', 'ignore'))) }}
{%- endmaterialization %}
