-- Rows by flow status per LA: how many of an LA's landed rows were used, and why the others
-- were not.  One row per (LA, status).
with

row_flow as (
    select * from {{ ref('int_row_flow') }}
),

counted as (
    select
        coalesce(la_code, '(no LA)') as la_code,
        flow_status,
        count(*) as row_count
    from row_flow
    group by coalesce(la_code, '(no LA)'), flow_status
),

final as (
    select
        la_code,
        flow_status,
        cast(row_count as bigint) as row_count,
        cast({{ cld_round_div('100 * row_count', 'sum(row_count) over (partition by la_code)', 2) }} as decimal(5, 2))
            as share_of_landed_pct
    from counted
)

select * from final
