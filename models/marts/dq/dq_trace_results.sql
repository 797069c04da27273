-- What NHS number tracing did, record by record, for LA feedback: every record of every landed
-- trace response with its outcome and a message — what was filled in (and on how many rows),
-- what was reported but not applied (a contradiction of a valid submitted number, no match, an
-- unknown reference) and what was rejected and why.
with

responses as (
    select * from {{ ref('int_trace_responses_checked') }}
),

local_authorities as (
    select * from {{ ref('cld_local_authorities') }}
),

final as (
    select
        responses.la_code,
        local_authorities.la_name,
        responses.trace_file_name,
        responses.source_row_number,
        responses.responded_at,
        responses.local_reference,
        responses.traced_nhs_number_submitted,
        responses.submitted_nhs_number,
        responses.match_status_submitted,
        responses.trace_outcome,
        responses.is_applied,
        responses.rows_filled,
        responses.message
    from responses
    left join local_authorities
        on responses.la_code = local_authorities.la_code
)

select * from final
