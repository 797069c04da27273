-- One row per NHS number trace response file found in the landing directory's
-- trace_responses/ folder, typed.  Acceptance is decided in int_trace_files_checked.
with

source as (
    select * from {{ source('cld_landed', 'landed_trace_files') }}
),

final as (
    select
        trace_file_name,
        {{ cld_try_cast('file_size_bytes', 'bigint') }} as file_size_bytes,
        content_sha256,
        coalesce(lower(is_name_valid) = 'true', false) as is_name_valid,
        {{ cld_clean_text('name_la_code') }} as la_code,
        {{ cld_try_parse_timestamp(cld_clean_text('name_responded_at')) }} as responded_at,
        {{ cld_try_cast('rows_read', 'bigint') }} as rows_read,
        {{ cld_clean_text('missing_columns') }} as missing_columns,
        {{ cld_clean_text('load_status') }} as load_status,
        {{ cld_clean_text('load_message') }} as load_message,
        {{ cld_try_parse_timestamp(cld_clean_text('landed_at')) }} as landed_at
    from source
)

select * from final
