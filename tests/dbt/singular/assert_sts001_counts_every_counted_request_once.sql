-- Rules: STS001-01.
-- sum(request_count) over the LA rows of salt_sts001 = the number of counted new-client request
-- clusters, per LA (each cluster has exactly one sequel and lands in exactly one cell), and the
-- ENG rows equal the sum over LAs.
with

mart as (
    select
        la_code,
        sum(request_count) as requests_in_mart
    from {{ ref('salt_sts001') }}
    group by la_code
),

cohort as (
    select
        la_code,
        count(*) as counted_requests
    from {{ ref('salt_sts001_requests') }}
    where is_counted
    group by la_code
),

england as (
    select sum(requests_in_mart) as requests_over_las
    from mart
    where la_code != 'ENG'
),

final as (
    select
        mart.la_code,
        mart.requests_in_mart,
        coalesce(cohort.counted_requests, england.requests_over_las) as expected
    from mart
    cross join england
    left join cohort
        on mart.la_code = cohort.la_code
    where mart.requests_in_mart != case
        when mart.la_code = 'ENG' then england.requests_over_las
        else coalesce(cohort.counted_requests, 0)
    end
)

select * from final
