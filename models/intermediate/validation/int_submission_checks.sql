-- Every file-level finding about every landed file, one row per (file, rule).
-- Errors here reject the whole file (only that file: the build goes on for every other LA);
-- warnings and info are reported to the LA with the file accepted.
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
        ) as first_copy_file_name
    from files
    left join local_authorities
        on files.la_code = local_authorities.la_code
),

findings as (
    select
        landed_file_name,
        'unreadable' as rule_code,
        coalesce(load_message, landed_file_name || ': the file could not be read') as message
    from files_with_context
    where not is_readable

    union all

    select
        landed_file_name,
        'invalid_file_name' as rule_code,
        landed_file_name
        || ': the name does not follow CLD_<LA code>_<period start YYYYMMDD>_<period end YYYYMMDD>_<submitted YYYYMMDDHHMMSS>.csv'
        as message
    from files_with_context
    where not is_name_valid

    union all

    select
        landed_file_name,
        'unknown_la' as rule_code,
        landed_file_name || ': LA code ' || la_code || ' is not one of the 151 local authorities' as message
    from files_with_context
    where is_name_valid and not is_known_la

    union all

    select
        landed_file_name,
        'invalid_period' as rule_code,
        landed_file_name || ': the period '
        || cast(period_start as varchar) || ' to ' || cast(period_end as varchar)
        || case
            when extract(month from period_start) != 4 or extract(day from period_start) != 1
                then ' does not start on 1 April'
            when period_end < period_start then ' ends before it starts'
            else ' runs past 31 March of the following year'
        end as message
    from files_with_context
    where
        is_name_valid
        and (
            extract(month from period_start) != 4
            or extract(day from period_start) != 1
            or period_end < period_start
            or period_end > {{ dbt.dateadd('day', -1, dbt.dateadd('year', 1, 'period_start')) }}
        )

    union all

    select
        landed_file_name,
        'missing_mandatory_columns' as rule_code,
        landed_file_name || ': the header lacks mandatory columns: ' || missing_mandatory_columns as message
    from files_with_context
    where is_readable and missing_mandatory_columns is not null and header_column_count > 0

    union all

    select
        landed_file_name,
        'empty_file' as rule_code,
        landed_file_name || ': the file holds no data rows' as message
    from files_with_context
    where is_readable and coalesce(rows_read, 0) = 0

    union all

    select
        landed_file_name,
        'duplicate_content' as rule_code,
        landed_file_name || ': the same content was already landed as ' || first_copy_file_name || ' (counted once)'
        as message
    from files_with_context
    where is_readable and content_copy_number > 1

    union all

    select
        landed_file_name,
        'extra_columns' as rule_code,
        landed_file_name || ': columns matching no data item were ignored: ' || extra_columns as message
    from files_with_context
    where is_readable and extra_columns is not null

    union all

    select
        landed_file_name,
        'missing_voluntary_columns' as rule_code,
        landed_file_name || ': voluntary columns absent (treated as blank): ' || missing_voluntary_columns as message
    from files_with_context
    where is_readable and missing_voluntary_columns is not null and header_column_count > 0

    union all

    select
        landed_file_name,
        'submitted_before_period_end' as rule_code,
        landed_file_name || ': submitted ' || cast(submitted_at as varchar)
        || ', before the period end ' || cast(period_end as varchar) as message
    from files_with_context
    where is_name_valid and cast(submitted_at as date) <= period_end

    union all

    select
        landed_file_name,
        'blank_lines' as rule_code,
        landed_file_name || ': ' || cast(blank_lines_skipped as varchar) || ' blank line(s) skipped' as message
    from files_with_context
    where is_readable and blank_lines_skipped > 0
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
