-- The period of interest: one row.  Vars `period_start`, `period_end`, `snapshot_date`,
-- `submission_cutoff` set it; when `period_start`/`period_end` are null (the default) it is the
-- latest complete financial year in the accepted landed files (a year with a file whose period
-- ends on 31 March), or, when no year is complete yet, the latest year from 1 April to the
-- latest period end landed for it.  `snapshot_date` defaults to `period_end`;
-- `submission_cutoff` (latest submitted timestamp accepted) defaults to none.
with

submissions as (
    select * from {{ ref('int_submissions_checked') }}
    where is_accepted
),

years as (
    select
        period_start as year_start,
        max(period_end) as latest_period_end,
        max(case when extract(month from period_end) = 3 and extract(day from period_end) = 31 then 1 else 0 end)
            as has_complete_year
    from submissions
    group by period_start
),

derived as (
    select
        year_start as derived_period_start,
        latest_period_end as derived_period_end,
        has_complete_year
    from years
    order by has_complete_year desc, year_start desc
    limit 1
),

final as (
    select
        {% if var('period_start') -%}
        cast('{{ var("period_start") }}' as date)
        {%- else -%}
        derived.derived_period_start
        {%- endif %} as period_start,
        {% if var('period_end') -%}
        cast('{{ var("period_end") }}' as date)
        {%- else -%}
        derived.derived_period_end
        {%- endif %} as period_end,
        {% if var('snapshot_date') -%}
        cast('{{ var("snapshot_date") }}' as date)
        {%- elif var('period_end') -%}
        cast('{{ var("period_end") }}' as date)
        {%- else -%}
        derived.derived_period_end
        {%- endif %} as snapshot_date,
        {% if var('submission_cutoff') -%}
        cast('{{ var("submission_cutoff") }}' as timestamp)
        {%- else -%}
        cast(null as timestamp)
        {%- endif %} as submission_cutoff,
        {{ 'true' if var('period_start') and var('period_end') else 'false' }} as is_period_from_vars,
        coalesce(derived.has_complete_year = 1, false) as is_derived_year_complete
    from (select 1 as one) as anchor
    left join derived
        on anchor.one = 1
)

select * from final
