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

    The materialization cld_per_file (below) builds all seven per-file models; a model says
    `materialized='cld_per_file'` and declares its choices in the same config call, as meta
    cld_per_file: current (the model whose file facts are current) or current_source ([source,
    table]: a register with one row per landed file, e.g. cld_landed.landed_files), stored (a
    relation compared instead of the model's own table, by name: int_rows_validated for the
    row-level chain; when it does not exist yet every current file is reloaded), facts (default
    all six submission facts), where (a filter on the current facts), with_rows_in (only files
    that have rows in that model), row_count_column (the register's column holding a file's row
    count, as text; default count(*) of the current rows), stored_row_count (default count(*)),
    stored_columns (a fact stored under another column name) and path_column (the register's
    column holding the path of the file a path-partitioned source reads for it).  The files to
    reload (cld_per_file_scope) are queried once per model and run (run_cache.sql), when the
    model is compiled, and inlined as constants: by ref() (ref.sql: a file-partitioned parent,
    a cld_per_file model or meta cld_file_partitioned, becomes `(select * from X where
    landed_file_name in (...))`, so the engine prunes row groups by landed_file_name) and by
    source() (a source with meta cld_file_path_column, the landed rows files, becomes the rows
    of those files' paths, so the engine opens only those files); the materialization deletes
    the same files' rows (stored-only files included) and appends the new ones.
    stg_cld__rows: its current facts are the file register's (rows_read per file with a rows
    file); a file whose rows_read is not a number is reloaded on every run, one with 0 rows and
    none stored is not, and a file no longer registered with a rows file is stored-only: its
    rows are deleted. -#}

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

{# Files whose facts differ between two fact queries: present in the stored facts only; present
   in the current facts only, unless with no row (a file counted with 0 rows and none stored is
   unchanged); or present in both with another row count or fact.  A null current row count
   (a count the file register could not give) differs from every stored one: such a file is
   reloaded on every run. #}
{% macro cld_files_with_changed_facts(current_sql, stored_sql, with_submission=true, facts=none) -%}
    {%- set fact_columns = facts if facts is not none else (cld_submission_facts() if with_submission else []) %}
    select coalesce(cur.landed_file_name, sto.landed_file_name) as landed_file_name
    from ({{ current_sql }}) as cur
    full outer join ({{ stored_sql }}) as sto
        on cur.landed_file_name = sto.landed_file_name
    where
        cur.landed_file_name is null
        or (sto.landed_file_name is null and cur.row_count is distinct from 0)
        or (
            sto.landed_file_name is not null
            and (
                cur.row_count is distinct from sto.row_count
                {%- for fact in fact_columns %}
                or cur.{{ fact }} is distinct from sto.{{ fact }}
                {%- endfor %}
            )
        )
{%- endmacro %}

{# A SQL list of quoted strings, or a list that matches nothing. #}
{% macro cld_in_list(values) -%}
    {%- if values | length == 0 -%}
        (cast(null as string))
    {%- else -%}
        ({% for v in values %}{{ cld_string_literal(v) }}{{ ', ' if not loop.last }}{% endfor %})
    {%- endif -%}
{%- endmacro %}

{# The per-file choices of the current model: its config meta cld_per_file (see the header). #}
{% macro cld_per_file_options() -%}
    {{ return(model.config.meta.get('cld_per_file', {})) }}
{%- endmacro %}

{# The files the current per-file model reloads in this run: {'names': landed_file_name of each
   (the stored-only ones included, so the delete drops them), 'paths': the base names of their
   files as a path-partitioned source names them (option path_column; [] without it)}.  Queried
   once per model and run (cld_once_per_model, run_cache.sql). #}
{% macro cld_per_file_scope() -%}
    {{ return(cld_once_per_model('cld_per_file_scope', cld_per_file_scope_query)) }}
{%- endmacro %}

{% macro cld_per_file_scope_query() -%}
    {%- set options = cld_per_file_options() -%}
    {%- set facts = options.get('facts', cld_submission_facts()) -%}
    {#- the current facts: parents are read with dbt's own ref/source (builtins): the project's
        would scope them to these very files #}
    {%- if options.get('current_source') -%}
        {%- set current_relation = builtins.source(*options['current_source']) -%}
    {%- else -%}
        {%- set current_relation = builtins.ref(options['current']) -%}
    {%- endif -%}
    {%- set where = options.get('where') -%}
    {%- if options.get('with_rows_in') -%}
        {%- set in_rows = 'landed_file_name in (select landed_file_name from ' ~ builtins.ref(options['with_rows_in']) ~ ')' -%}
        {%- set where = (where ~ ' and ' ~ in_rows) if where else in_rows -%}
    {%- endif -%}
    {%- set row_count = ('max(' ~ cld_try_cast(options['row_count_column'], 'bigint') ~ ')')
        if options.get('row_count_column') else 'count(*)' -%}
    {%- set current_sql = cld_file_facts(current_relation, facts=facts, row_count=row_count, where=where) -%}
    {%- if options.get('stored') -%}
        {%- set stored_relation = adapter.get_relation(database=this.database, schema=this.schema, identifier=options['stored']) -%}
    {%- else -%}
        {%- set stored_relation = this -%}
    {%- endif -%}
    {%- if stored_relation is none -%}
        {#- nothing stored yet: every current file -#}
        {%- set changed_sql = 'select landed_file_name from (' ~ current_sql ~ ') as current_facts' -%}
    {%- else -%}
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
        {%- set changed_sql = cld_files_with_changed_facts(current_sql, stored_sql, facts=facts) -%}
    {%- endif -%}
    {%- set path_column = options.get('path_column') -%}
    {%- set sql -%}
        select
            changed.landed_file_name,
            {%- if path_column %}
            {{ cld_file_base_name('current_files.' ~ path_column) }} as file_path
            {%- else %}
            cast(null as {{ dbt.type_string() }}) as file_path
            {%- endif %}
        from ({{ changed_sql }}) as changed
        {%- if path_column %}
        left join {{ current_relation }} as current_files
            on changed.landed_file_name = current_files.landed_file_name
        {%- endif %}
    {%- endset -%}
    {%- if not execute %}{{ return({'names': [], 'paths': []}) }}{% endif -%}
    {%- set result = run_query(sql) -%}
    {{ return({
        'names': result.columns[0].values() | map('string') | list,
        'paths': result.columns[1].values() | reject('none') | map('string') | reject('equalto', '') | list}) }}
{%- endmacro %}

{# Is a graph node a per-file model? #}
{% macro cld_is_per_file(node) -%}
    {{ return(node.resource_type == 'model' and node.config.materialized == 'cld_per_file') }}
{%- endmacro %}

{# A parent of a per-file model, as the model reads it: the relation, or on an incremental run
   only the rows of the files to reload (called by ref(), ref.sql). #}
{% macro cld_file_scoped_relation(relation, parent) -%}
    {%- if not (cld_is_per_file(parent) or parent.config.meta.get('cld_file_partitioned')) %}{{ return(relation) }}{% endif -%}
    {{ return('(select * from ' ~ relation ~ ' where landed_file_name in ' ~ cld_in_list(cld_per_file_scope()['names']) ~ ')') }}
{%- endmacro %}

{# A source of a per-file model, as the model reads it: the relation, or on an incremental run,
   for a source whose meta cld_file_path_column names the column holding each row's file path,
   only the rows of the files to reload, by the files' base names (the scope's paths; the
   engine then opens only those files).  Called by source(), ref.sql. #}
{% macro cld_file_scoped_source(relation, source_node) -%}
    {%- set path_column = source_node.meta.get('cld_file_path_column') or source_node.config.meta.get('cld_file_path_column') -%}
    {%- if not path_column %}{{ return(relation) }}{% endif -%}
    {{ return('(select * from ' ~ relation ~ ' where ' ~ cld_file_base_name(path_column)
        ~ ' in ' ~ cld_in_list(cld_per_file_scope()['paths']) ~ ')') }}
{%- endmacro %}

{# Delete the files to reload.  Adapter-dispatched, like cld_la_delete_sql: an engine that cannot
   delete (Spark on Parquet) overwrites partitions instead. #}
{% macro cld_file_delete_sql(relation, names) -%}
    {{ return(adapter.dispatch('cld_file_delete_sql')(relation, names)) }}
{%- endmacro %}

{% macro default__cld_file_delete_sql(relation, names) -%}
    delete from {{ relation }}
    where landed_file_name in {{ cld_in_list(names) }}
{%- endmacro %}

{% materialization cld_per_file, default -%}
    {#- the files to reload: the ones the model was compiled for (cld_per_file_scope is kept per
        model and run) #}
    {%- set delete_sql = cld_file_delete_sql(this.incorporate(type='table'), cld_per_file_scope()['names'])
        if is_incremental() else none -%}
    {{ return(cld_materialize(delete_sql, config.get('on_schema_change', 'ignore'))) }}
{%- endmaterialization %}
