-- Everything the per-LA incremental models (macros/cld_la_incremental.sql) build an LA from,
-- as rows (la_code, input_kind, input_value): one row per selected file of the LA (its name,
-- the year part it serves and its content digest), one per landed file of the LA (name,
-- content digest, accepted or not; a file without an LA is national), one per trace response file of the LA
-- (name and content digest), and national rows (la_code null) for the reporting period, the
-- rule vars and the project's models and seeds.  Each per-LA model rebuilds the LAs whose rows
-- differ from the ones it was last built from (int_la_build_state); a national row that
-- differs rebuilds every LA.
with

selected as (
    select * from {{ ref('int_submissions_selected') }}
    where has_usable_file
),

files as (
    select * from {{ ref('stg_cld__files') }}
),

submissions as (
    select * from {{ ref('int_submissions_checked') }}
),

trace_files as (
    select * from {{ ref('stg_cld__trace_files') }}
    where la_code is not null
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

selected_files as (
    select
        selected.la_code,
        'selected_file' as input_kind,
        {{ cld_key([
            'selected.year_start', 'selected.part_start', 'selected.part_end',
            'selected.selected_file_name', 'files.content_sha256']) }} as input_value
    from selected
    left join files
        on selected.selected_file_name = files.landed_file_name
),

-- every landed file of the LA, selected or not (int_row_flow accounts for all their rows); a
-- file without an LA is a national input
landed_files as (
    select
        submissions.la_code,
        'landed_file' as input_kind,
        {{ cld_key(['submissions.landed_file_name', 'files.content_sha256', 'submissions.is_accepted']) }} as input_value
    from submissions
    left join files
        on submissions.landed_file_name = files.landed_file_name
),

trace_files_of_las as (
    select
        la_code,
        'trace_file' as input_kind,
        {{ cld_key(['trace_file_name', 'content_sha256']) }} as input_value
    from trace_files
),

national as (
    select
        cast(null as varchar) as la_code,
        'reporting_period' as input_kind,
        {{ cld_key(['period_start', 'period_end', 'snapshot_date', 'submission_cutoff']) }} as input_value
    from period
    union all
    select
        cast(null as varchar) as la_code,
        'rule_vars' as input_kind,
        '{{ cld_rule_vars_digest() }}' as input_value
    union all
    select
        cast(null as varchar) as la_code,
        'project_models_and_seeds' as input_kind,
        '{{ cld_project_digest() }}' as input_value
),

final as (
    select * from selected_files
    union all
    select * from landed_files
    union all
    select * from trace_files_of_las
    union all
    select * from national
)

select * from final
