-- Which file is used for each LA and each reporting year in the period of interest, and why.
-- One row per (LA of the 151, year part): a year part is the part of a financial year inside
-- [period_start, period_end] — one for a year or a quarter, several for periods spanning years
-- (the latest file of each year is joined, rule FILE-05).  The chosen file (rule FILE-04)
-- is the latest submitted accepted file of that year whose declared period reaches the part's
-- end (files are cumulative from 1 April) and that was submitted by var submission_cutoff.
-- LAs with no such file are listed with the reason; they contribute nothing to the period.
--
-- Year lock-down (rules LOCK-01, LOCK-02; seed cld_year_locks, checked in int_year_locks): for
-- a locked LA-year the locked file is the only candidate, whatever was submitted later or the submission cutoff
-- says, so published figures stop moving; when the locked file is not landed, has changed or
-- is not accepted, the LA-year contributes nothing and the reason says why (never a silent
-- fall-back to another file).  Later files are still validated and reported (dq_submissions).
with

period as (
    select * from {{ ref('int_reporting_period') }}
),

submissions as (
    select * from {{ ref('int_submissions_checked') }}
    where is_accepted
),

local_authorities as (
    select * from {{ ref('cld_local_authorities') }}
),

year_locks as (
    select * from {{ ref('int_year_locks') }}
),

year_parts as (
    select distinct
        submissions.period_start as year_start,
        greatest(submissions.period_start, period.period_start) as part_start,
        least(
            cast({{ dbt.dateadd('day', -1, dbt.dateadd('year', 1, 'submissions.period_start')) }} as date),
            period.period_end
        ) as part_end
    from submissions
    cross join period
    where
        submissions.period_start <= period.period_end
        and cast({{ dbt.dateadd('year', 1, 'submissions.period_start') }} as date) > period.period_start
),

candidates as (
    select
        submissions.la_code,
        year_parts.year_start,
        year_parts.part_start,
        year_parts.part_end,
        submissions.landed_file_name,
        submissions.period_end,
        submissions.submitted_at,
        submissions.period_end >= year_parts.part_end as covers_part,
        case
            when year_locks.la_code is not null
                then year_locks.is_lock_usable and submissions.landed_file_name = year_locks.locked_file_name
            else period.submission_cutoff is null or submissions.submitted_at <= period.submission_cutoff
        end as is_eligible
    from submissions
    inner join year_parts
        on submissions.period_start = year_parts.year_start
    left join year_locks
        on
            submissions.la_code = year_locks.la_code
            and submissions.period_start = year_locks.year_start
    cross join period
),

ranked as (
    select
        *,
        row_number() over (
            partition by la_code, year_start
            order by
                case when covers_part and is_eligible then 0 else 1 end,
                submitted_at desc,
                landed_file_name desc
        ) as preference
    from candidates
),

best as (
    select * from ranked
    where preference = 1
),

file_counts as (
    select
        la_code,
        year_start,
        count(*) as accepted_files_for_year
    from candidates
    group by la_code, year_start
),

final as (
    select
        local_authorities.la_code,
        local_authorities.la_name,
        year_parts.year_start,
        year_parts.part_start,
        year_parts.part_end,
        case when best.covers_part and best.is_eligible then best.landed_file_name end as selected_file_name,
        case when best.covers_part and best.is_eligible then best.submitted_at end as selected_submitted_at,
        coalesce(best.covers_part and best.is_eligible, false) as has_usable_file,
        coalesce(file_counts.accepted_files_for_year, 0) as accepted_files_for_year,
        year_locks.la_code is not null as is_year_locked,
        year_locks.locked_file_name,
        coalesce(year_locks.files_received_after_lock, 0) as files_received_after_lock,
        case
            when year_locks.lock_problem is not null then year_locks.lock_problem
            when year_locks.la_code is not null and not best.covers_part
                then 'the year is locked to ' || year_locks.locked_file_name || ', which covers only to '
                    || cast(best.period_end as string)
            when year_locks.la_code is not null
                then 'the year is locked (' || cast(year_locks.locked_on as string) || ') to this file; '
                    || cast(year_locks.files_received_after_lock as string) || ' file(s) received after lock not used'
            when best.la_code is null then 'no accepted file for this year'
            when not best.is_eligible then 'every accepted file was submitted after the submission cutoff'
            when not best.covers_part
                then 'the latest accepted file covers only to ' || cast(best.period_end as string)
            when file_counts.accepted_files_for_year = 1 then 'the only accepted file covering the period'
            else 'the latest submitted of ' || cast(file_counts.accepted_files_for_year as string)
                || ' accepted files for this year covering the period'
        end as selection_reason
    from local_authorities
    cross join year_parts
    left join best
        on
            local_authorities.la_code = best.la_code
            and year_parts.year_start = best.year_start
    left join file_counts
        on
            local_authorities.la_code = file_counts.la_code
            and year_parts.year_start = file_counts.year_start
    left join year_locks
        on
            local_authorities.la_code = year_locks.la_code
            and year_parts.year_start = year_locks.year_start
)

select * from final
