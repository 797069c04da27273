-- One row per file found in the landing directory: the landing step's physical facts, typed.
-- Whether a file is accepted is decided downstream (int_submissions_checked).
with

source as (
    select * from {{ source('cld_landed', 'landed_files') }}
),

final as (
    select
        landed_file_name,
        {{ cld_try_cast('file_size_bytes', 'bigint') }} as file_size_bytes,
        content_sha256,
        {{ cld_clean_text('detected_encoding') }} as detected_encoding,
        coalesce(lower(is_name_valid) = 'true', false) as is_name_valid,
        {{ cld_clean_text('name_la_code') }} as la_code,
        {{ cld_try_cast(cld_clean_text('name_period_start'), 'date') }} as period_start,
        {{ cld_try_cast(cld_clean_text('name_period_end'), 'date') }} as period_end,
        {{ cld_try_parse_timestamp(cld_clean_text('name_submitted_at')) }} as submitted_at,
        {{ cld_try_cast('rows_read', 'bigint') }} as rows_read,
        {{ cld_try_cast('blank_lines_skipped', 'bigint') }} as blank_lines_skipped,
        {{ cld_try_cast('header_column_count', 'integer') }} as header_column_count,
        {{ cld_clean_text('missing_mandatory_columns') }} as missing_mandatory_columns,
        {{ cld_clean_text('missing_voluntary_columns') }} as missing_voluntary_columns,
        {{ cld_clean_text('extra_columns') }} as extra_columns,
        coalesce(load_status = 'loaded', false) as is_readable,
        {{ cld_clean_text('load_message') }} as load_message,
        {{ cld_try_parse_timestamp(cld_clean_text('landed_at')) }} as landed_at
    from source
)

select * from final
