-- Every staged row with the context validation and later layers need: its submission's LA,
-- period and acceptance, the person's age at the event start, and a fingerprint of the
-- submitted values (to spot exact duplicate rows).  One row per staged row; nothing dropped.
{%- set fingerprint_parts = [] %}
{%- for item in cld_items() %}
    {%- do fingerprint_parts.append("coalesce(rows_staged." ~ item.column_name ~ "_submitted, '')") %}
    {%- if not loop.last %}{% do fingerprint_parts.append("'|'") %}{% endif %}
{%- endfor %}
-- A view, not a table: the context is a join to two per-file tables and two expressions, cheap
-- to recompute where it is read, while writing ~90 columns of every national row again cost
-- 63-69 s of a 900 s build at scale 1.0 (docs/benchmarks.md).  Readers get the columns they
-- select only (the fingerprint is computed where row_fingerprint is read).
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
        {{ cld_age_at('rows_staged.date_of_birth', 'rows_staged.event_start_date') }} as age_at_event_start,
        {{ dbt.hash(dbt.concat(fingerprint_parts)) }} as row_fingerprint
    from rows_staged
    inner join submissions
        on rows_staged.landed_file_name = submissions.landed_file_name
    inner join files
        on rows_staged.landed_file_name = files.landed_file_name
)

select * from final
