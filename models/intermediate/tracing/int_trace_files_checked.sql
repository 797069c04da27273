-- One row per landed NHS number trace response file, accepted or rejected.  A file is
-- rejected as a whole (and only that file) when it could not be read, lacks a required column,
-- its name does not follow `TRACE_<LA code>_<YYYYMMDDHHMMSS>.csv`, or names an LA that is not
-- one of the 151; the message names the file and the problem.
with

files as (
    select * from {{ ref('stg_cld__trace_files') }}
),

local_authorities as (
    select * from {{ ref('cld_local_authorities') }}
),

checked as (
    select
        files.*,
        local_authorities.la_name,
        case
            when files.load_status != 'loaded' then files.load_message
            when not files.is_name_valid
                then files.trace_file_name || ': the name does not follow TRACE_<LA code>_<YYYYMMDDHHMMSS>.csv'
            when local_authorities.la_code is null
                then files.trace_file_name || ': LA code ' || coalesce(files.la_code, '(none)')
                    || ' is not one of the 151 local authorities'
        end as rejection_message
    from files
    left join local_authorities
        on files.la_code = local_authorities.la_code
),

final as (
    select
        trace_file_name,
        la_code,
        la_name,
        responded_at,
        content_sha256,
        rows_read,
        load_status,
        rejection_message is null as is_accepted,
        rejection_message,
        landed_at
    from checked
)

select * from final
