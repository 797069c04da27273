-- The NHS number trace response registry for LA feedback: one row per landed trace response
-- file, accepted or rejected (with the message naming the file and the problem), and what its
-- records did (counts by trace outcome, rows filled).
{%- set outcomes = ['filled', 'confirms_submitted', 'contradicts_submitted', 'not_matched',
                    'reference_not_found', 'superseded', 'rejected'] %}
with

files as (
    select * from {{ ref('int_trace_files_checked') }}
),

responses as (
    select * from {{ ref('int_trace_responses_checked') }}
),

outcomes as (
    select
        trace_file_name,
        count(*) as records,
        {%- for outcome in outcomes %}
        sum(case when trace_outcome = '{{ outcome }}' then 1 else 0 end) as {{ outcome }}_records,
        {%- endfor %}
        sum(rows_filled) as rows_filled
    from responses
    group by trace_file_name
),

final as (
    select
        files.trace_file_name,
        files.la_code,
        files.la_name,
        files.responded_at,
        files.is_accepted,
        files.rejection_message,
        cast(coalesce(files.rows_read, 0) as bigint) as rows_read,
        {%- for outcome in outcomes %}
        cast(coalesce(outcomes.{{ outcome }}_records, 0) as bigint) as {{ outcome }}_records,
        {%- endfor %}
        cast(coalesce(outcomes.rows_filled, 0) as bigint) as rows_filled,
        files.landed_at
    from files
    left join outcomes
        on files.trace_file_name = outcomes.trace_file_name
)

select * from final
