-- Every staged row with the context validation and later layers need: its submission's LA,
-- period and acceptance, and the person's age at the event start (the staged row carries
-- the fingerprint of its submitted values, to spot exact duplicate rows).  One row per staged row; nothing dropped.
-- A view, not a table: the context is a join to two per-file tables and two expressions, cheap
-- to recompute where it is read, while writing ~90 columns of every national row again cost
-- more (figures: docs/benchmarks.md, "Figures behind model design").  Readers get the columns they
-- select only.
{{ config(materialized='view') }}
with

rows_staged as (
    select * from {{ ref('stg_cld__rows') }}
),

submissions as (
    select * from {{ ref('int_submissions_checked') }}
),

files as (
    select * from {{ ref('stg_cld__files') }}
),

final as (
    select
        rows_staged.*,
        submissions.la_code,
        submissions.period_start,
        submissions.period_end,
        submissions.submitted_at,
        submissions.is_accepted as is_submission_accepted,
        files.header_column_count,
        {{ cld_age_at('rows_staged.date_of_birth', 'rows_staged.event_start_date') }} as age_at_event_start
    from rows_staged
    inner join submissions
        on rows_staged.landed_file_name = submissions.landed_file_name
    inner join files
        on rows_staged.landed_file_name = files.landed_file_name
)

select * from final
