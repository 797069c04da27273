-- Every file-level finding about every landed file, one row per (file, rule) (rule FILE-01).
-- Errors here reject the whole file (only that file: the build goes on for every other LA);
-- warnings and info are reported to the LA with the file accepted.  The rules are rows of the
-- seed cld_validation_rules; this model only gathers the facts about each file they read.
with

files as (
    select * from {{ ref('stg_cld__files') }}
),

local_authorities as (
    select * from {{ ref('cld_local_authorities') }}
),

rules as (
    select * from {{ ref('cld_validation_rules') }}
),

files_with_context as (
    select
        files.*,
        local_authorities.la_code is not null as is_known_la,
        row_number() over (
            partition by files.content_sha256, files.is_readable
            order by files.submitted_at, files.landed_file_name
        ) as content_copy_number,
        first_value(files.landed_file_name) over (
            partition by files.content_sha256, files.is_readable
            order by files.submitted_at, files.landed_file_name
        ) as first_copy_file_name,
        files.header_column_count > 0 as has_header,
        {{ cld_file_period_problem('files.period_start', 'files.period_end') }} as period_problem
    from files
    left join local_authorities
        on files.la_code = local_authorities.la_code
),

-- the file rules of the seed cld_validation_rules (reads = files), compiled by
-- cld_validation_findings: one branch per rule, its applicability and check the condition
findings as (
    {{ cld_validation_findings({'files': 'files_with_context'}) }}
),

final as (
    select
        findings.landed_file_name,
        findings.rule_code,
        rules.severity,
        findings.message
    from findings
    inner join rules
        on findings.rule_code = rules.rule_code
)

select * from final
