-- The year-lock register (seed cld_year_locks) checked against the landed files: one row per
-- locked LA-year, with whether its locked file is landed, unchanged (same SHA-256) and
-- accepted — the lock is honoured only then (`is_lock_usable`) — and how many other files for
-- that LA-year were received after the lock.  int_submissions_selected uses the locked file
-- and nothing else for a locked LA-year; dq_submissions marks every other file of it.
with

locks as (
    select * from {{ ref('cld_year_locks') }}
),

submissions as (
    select * from {{ ref('int_submissions_checked') }}
),

with_locked_file as (
    select
        locks.year_start,
        locks.la_code,
        locks.locked_file_name,
        locks.locked_content_sha256,
        locks.locked_on,
        locks.locked_by_change,
        submissions.landed_file_name is not null as is_locked_file_landed,
        coalesce(submissions.content_sha256 = locks.locked_content_sha256, false) as is_locked_content_unchanged,
        coalesce(submissions.is_accepted, false) as is_locked_file_accepted,
        submissions.submitted_at as locked_submitted_at,
        submissions.period_end as locked_period_end
    from locks
    left join submissions
        on
            locks.locked_file_name = submissions.landed_file_name
            and locks.la_code = submissions.la_code
),

later_files as (
    select
        with_locked_file.year_start,
        with_locked_file.la_code,
        count(*) as files_received_after_lock
    from with_locked_file
    inner join submissions
        on
            with_locked_file.la_code = submissions.la_code
            and with_locked_file.year_start = submissions.period_start
            and with_locked_file.locked_file_name != submissions.landed_file_name
            and coalesce(
                with_locked_file.locked_submitted_at, cast(with_locked_file.locked_on as timestamp)
            ) < submissions.submitted_at
    group by with_locked_file.year_start, with_locked_file.la_code
),

final as (
    select
        with_locked_file.*,
        with_locked_file.is_locked_file_landed
        and with_locked_file.is_locked_content_unchanged
        and with_locked_file.is_locked_file_accepted as is_lock_usable,
        case
            when not with_locked_file.is_locked_file_landed
                then 'the year is locked to ' || with_locked_file.locked_file_name || ', which is not landed'
            when not with_locked_file.is_locked_content_unchanged
                then 'the year is locked to ' || with_locked_file.locked_file_name
                    || ', whose content has changed since it was locked (SHA-256 differs)'
            when not with_locked_file.is_locked_file_accepted
                then 'the year is locked to ' || with_locked_file.locked_file_name || ', which is not accepted'
        end as lock_problem,
        cast(coalesce(later_files.files_received_after_lock, 0) as bigint) as files_received_after_lock
    from with_locked_file
    left join later_files
        on
            with_locked_file.year_start = later_files.year_start
            and with_locked_file.la_code = later_files.la_code
)

select * from final
