-- Each accepted file's actual coverage, derived from its event end dates (rule FILE-02,
-- DHSC's method): count dated rows by calendar month of Event End Date, ignoring end dates
-- in or after the month the file was submitted; a month is accepted when it holds at least
-- var cld_coverage_min_month_pct % of those rows and at least (max event types in a month - 1)
-- event types — every month is accepted when the file has fewer than var
-- cld_coverage_min_rows dated rows.  Derived period = first day of the earliest accepted
-- month to the last day of the latest.  `is_coverage_disagreeing` flags files whose declared
-- period starts or ends in another month (a DQ warning, never a rejection).
-- Incremental per landed file (macros/incremental/per_file.sql): a file's coverage depends only on
-- its rows and its LA, period and submission time; reloads the accepted files whose facts in
-- int_rows_validated differ from the ones stored here (submitted_at, rows_staged and the
-- declared period), drops files no longer accepted or landed.
{{ config(
    materialized='cld_per_file',
    meta={'cld_per_file': {
        'current': 'int_rows_validated',
        'where': 'is_submission_accepted',
        'facts': ['la_code', 'period_start', 'period_end', 'submitted_at'],
        'stored_columns': {'period_start': 'declared_period_start', 'period_end': 'declared_period_end'},
        'stored_row_count': 'sum(rows_staged)'}}
) }}
with

rows_validated as (
    select * from {{ ref('int_rows_validated') }}
    where is_submission_accepted
),

submissions as (
    select * from {{ ref('int_submissions_checked') }}
    where is_accepted
),

-- rows per file (a stored fact of the incremental load), read narrow: a CTE read twice is
-- materialised whole
file_rows as (
    select
        landed_file_name,
        count(*) as rows_staged
    from {{ ref('int_rows_validated') }}
    where is_submission_accepted
    group by landed_file_name
),

dated_rows as (
    select
        rows_validated.landed_file_name,
        {{ cld_month_start('rows_validated.event_end_date') }} as end_month,
        rows_validated.event_type
    from rows_validated
    inner join submissions
        on rows_validated.landed_file_name = submissions.landed_file_name
    where
        rows_validated.event_end_date is not null
        and rows_validated.event_end_date < {{ cld_month_start('submissions.submitted_at') }}
),

months as (
    select
        landed_file_name,
        end_month,
        count(*) as month_rows,
        count(distinct event_type) as month_event_types
    from dated_rows
    group by landed_file_name, end_month
),

months_with_file_totals as (
    select
        *,
        sum(month_rows) over (partition by landed_file_name) as file_rows,
        max(month_event_types) over (partition by landed_file_name) as file_event_types
    from months
),

accepted_months as (
    select *
    from months_with_file_totals
    where
        file_rows < {{ var('cld_coverage_min_rows') }}
        or (
            100 * month_rows >= {{ var('cld_coverage_min_month_pct') }} * file_rows
            and month_event_types >= file_event_types - 1
        )
),

derived as (
    select
        landed_file_name,
        min(end_month) as derived_period_start,
        max(end_month) as latest_accepted_month,
        max(file_rows) as dated_rows_counted
    from accepted_months
    group by landed_file_name
),

final as (
    select
        submissions.landed_file_name,
        submissions.la_code,
        submissions.period_start as declared_period_start,
        submissions.period_end as declared_period_end,
        submissions.submitted_at,
        coalesce(file_rows.rows_staged, 0) as rows_staged,
        derived.derived_period_start,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'derived.latest_accepted_month')) }} as date)
            as derived_period_end,
        coalesce(derived.dated_rows_counted, 0) as dated_rows_counted,
        coalesce(
            {{ cld_month_start('submissions.period_start') }} != derived.derived_period_start
            or {{ cld_month_start('submissions.period_end') }} != derived.latest_accepted_month,
            false
        ) as is_coverage_disagreeing
    from submissions
    left join file_rows
        on submissions.landed_file_name = file_rows.landed_file_name
    left join derived
        on submissions.landed_file_name = derived.landed_file_name
)

select * from final
