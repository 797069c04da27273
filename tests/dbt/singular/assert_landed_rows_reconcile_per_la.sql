-- Rules: FLOW-01.
-- landed = used + excluded, per LA: every row the landing step read from a readable file
-- (counted in Python, outside DuckDB) has exactly one flow status in int_row_flow.
with

landed as (
    select
        coalesce(la_code, '(no LA)') as la_code,
        sum(rows_read) as rows_landed
    from {{ ref('stg_cld__files') }}
    where is_readable
    group by coalesce(la_code, '(no LA)')
),

flowed as (
    select
        coalesce(la_code, '(no LA)') as la_code,
        count(*) as rows_accounted
    from {{ ref('int_row_flow') }}
    group by coalesce(la_code, '(no LA)')
),

final as (
    select
        coalesce(landed.la_code, flowed.la_code) as la_code,
        landed.rows_landed,
        flowed.rows_accounted
    from landed
    full outer join flowed
        on landed.la_code = flowed.la_code
    where coalesce(landed.rows_landed, 0) != coalesce(flowed.rows_accounted, 0)
)

select * from final
