-- One row per record of every readable NHS number trace response: the values as sent beside
-- typed ones (the traced NHS number when it passes its check digit; the match status as a
-- spelling-free key, resolved against seed cld_trace_match_statuses in
-- int_trace_responses_checked).  Nothing is dropped; the checks are downstream.
with

source as (
    select * from {{ source('cld_landed', 'landed_trace_rows') }}
),

final as (
    select
        trace_file_name,
        {{ cld_try_cast('source_row_number', 'bigint') }} as source_row_number,
        {{ cld_try_cast('source_field_count', 'integer') }} as source_field_count,
        {{ cld_clean_text('local_reference') }} as local_reference,
        traced_nhs_number as traced_nhs_number_submitted,
        {{ cld_parse_nhs_number('traced_nhs_number') }} as traced_nhs_number,
        match_status as match_status_submitted,
        nullif({{ cld_match_key('match_status') }}, '') as match_status_key
    from source
)

select * from final
