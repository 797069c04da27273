-- The submissions registry: one row per landed file, accepted or rejected, and why.
-- A file is accepted when it has no error-severity finding in int_submission_checks.
with

files as (
    select * from {{ ref('stg_cld__files') }}
),

local_authorities as (
    select * from {{ ref('cld_local_authorities') }}
),

checks as (
    select * from {{ ref('int_submission_checks') }}
),

findings_per_file as (
    select
        landed_file_name,
        sum(case when severity = 'error' then 1 else 0 end) as error_count,
        sum(case when severity = 'warning' then 1 else 0 end) as warning_count,
        {{ cld_listagg("case when severity = 'error' then rule_code end", ', ', 'rule_code') }} as rejection_reasons,
        {{ cld_listagg("case when severity = 'error' then message end", '; ', 'rule_code') }} as rejection_message
    from checks
    group by landed_file_name
),

final as (
    select
        files.landed_file_name,
        files.la_code,
        local_authorities.la_name,
        files.period_start,
        files.period_end,
        files.submitted_at,
        files.landed_at,
        files.content_sha256,
        files.detected_encoding,
        files.file_size_bytes,
        coalesce(files.rows_read, 0) as rows_read,
        coalesce(findings_per_file.error_count, 0) = 0 as is_accepted,
        case when coalesce(findings_per_file.error_count, 0) = 0 then 'accepted' else 'rejected' end
            as submission_status,
        findings_per_file.rejection_reasons,
        findings_per_file.rejection_message,
        coalesce(findings_per_file.warning_count, 0) as file_warning_count
    from files
    left join local_authorities
        on files.la_code = local_authorities.la_code
    left join findings_per_file
        on files.landed_file_name = findings_per_file.landed_file_name
)

select * from final
