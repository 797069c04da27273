-- Every record of every landed trace response, checked and decided (one row per record).
--
-- A record is applied to the person layer only when all of these hold: its file is accepted;
-- it names a local reference (the LA's Person Unique Identifier); its match status is a known
-- one that may be applied (seed cld_trace_match_statuses) and it carries a traced NHS number
-- that passes its check digit; no other record of the same file says something different for
-- that reference; it is the latest response for the reference (later files supersede earlier
-- ones); the reference is found among the LA's rows in the selected files; and no row of that
-- reference carries a different valid submitted NHS number.
--
-- Decision (`trace_outcome`), one per record:
--   file_rejected, rejected (row problem, `message` says which), superseded (a later response),
--   not_matched (status not applied), reference_not_found, contradicts_submitted (reported, never
--   applied: a valid submitted number always wins), confirms_submitted (equal to the submitted
--   number; it also fills that reference's rows without one), filled (the reference had no valid
--   NHS number on any row).
-- Chosen rule where the brief is silent: a traced number is applied by LA and local reference,
-- to every row of that reference lacking a valid NHS number — so the identity rule of
-- int_event_rows_identified then links those rows by NHS number (and may merge them with
-- another reference of the same person).
with

files as (
    select * from {{ ref('int_trace_files_checked') }}
),

responses as (
    select * from {{ ref('stg_cld__trace_responses') }}
),

match_statuses as (
    select * from {{ ref('cld_trace_match_statuses') }}
),

selected_rows as (
    select * from {{ ref('int_rows_selected') }}
),

-- The local references the responses name (a few per LA): the selected rows are read for
-- these only, not aggregated whole (the national rows are ~9 M).
references_asked as (
    select distinct
        files.la_code,
        responses.local_reference
    from responses
    inner join files
        on responses.trace_file_name = files.trace_file_name
    where files.la_code is not null and responses.local_reference is not null
),

-- What the LA's selected rows say about each local reference named in a response.
reference_facts as (
    select
        selected_rows.la_code,
        selected_rows.person_unique_identifier as local_reference,
        count(*) as rows_for_reference,
        sum(case when selected_rows.nhs_number is null then 1 else 0 end) as rows_without_nhs_number,
        count(distinct selected_rows.nhs_number) as submitted_nhs_numbers,
        min(selected_rows.nhs_number) as submitted_nhs_number
    from selected_rows
    inner join references_asked
        on
            selected_rows.la_code = references_asked.la_code
            and selected_rows.person_unique_identifier = references_asked.local_reference
    group by selected_rows.la_code, selected_rows.person_unique_identifier
),

with_file as (
    select
        responses.*,
        files.la_code,
        files.responded_at,
        files.is_accepted as is_file_accepted,
        files.rejection_message as file_rejection_message,
        match_statuses.match_status,
        match_statuses.is_applied as is_status_applied,
        -- min/max, not count(distinct) over: distinct window aggregates are not portable (Spark)
        min(responses.traced_nhs_number) over (
            partition by responses.trace_file_name, responses.local_reference
        ) != max(responses.traced_nhs_number) over (
            partition by responses.trace_file_name, responses.local_reference
        )
        or min(coalesce(responses.match_status_key, '?')) over (
            partition by responses.trace_file_name, responses.local_reference
        ) != max(coalesce(responses.match_status_key, '?')) over (
            partition by responses.trace_file_name, responses.local_reference
        ) as is_conflicting_in_file
    from responses
    inner join files
        on responses.trace_file_name = files.trace_file_name
    left join match_statuses
        on responses.match_status_key = {{ cld_match_key('match_statuses.match_status') }}
),

row_checked as (
    select
        *,
        case
            when not is_file_accepted then file_rejection_message
            when local_reference is null then 'no local reference'
            when match_status is null
                then {{ cld_string_literal("match status '") }} || coalesce(match_status_submitted, '')
                    || {{ cld_string_literal("' is not one of cld_trace_match_statuses") }}
            when is_status_applied and traced_nhs_number_submitted is null then 'matched but no traced NHS number'
            when is_status_applied and traced_nhs_number is null
                then {{ cld_string_literal("traced NHS number '") }} || traced_nhs_number_submitted
                    || {{ cld_string_literal("' fails its check digit") }}
            when is_conflicting_in_file
                then 'the file holds conflicting responses for this local reference'
        end as row_problem
    from with_file
),

latest as (
    select
        *,
        case
            when row_problem is null
                then row_number() over (
                    partition by la_code, local_reference, case when row_problem is null then 1 else 0 end
                    order by responded_at desc, trace_file_name desc, source_row_number desc
                )
        end as response_recency
    from row_checked
),

decided as (
    select
        latest.*,
        reference_facts.rows_for_reference,
        reference_facts.rows_without_nhs_number,
        reference_facts.submitted_nhs_number,
        case
            when not latest.is_file_accepted then 'file_rejected'
            when latest.row_problem is not null then 'rejected'
            when latest.response_recency > 1 then 'superseded'
            when not latest.is_status_applied then 'not_matched'
            when reference_facts.local_reference is null then 'reference_not_found'
            when reference_facts.submitted_nhs_numbers > 1
                or reference_facts.submitted_nhs_number != latest.traced_nhs_number then 'contradicts_submitted'
            when reference_facts.submitted_nhs_numbers = 1 then 'confirms_submitted'
            else 'filled'
        end as trace_outcome
    from latest
    left join reference_facts
        on
            latest.la_code = reference_facts.la_code
            and latest.local_reference = reference_facts.local_reference
),

applied as (
    select
        *,
        trace_outcome in ('filled', 'confirms_submitted') as is_applied
    from decided
),

final as (
    select
        trace_file_name,
        source_row_number,
        la_code,
        responded_at,
        local_reference,
        traced_nhs_number_submitted,
        traced_nhs_number,
        match_status_submitted,
        match_status,
        trace_outcome,
        is_applied,
        case when is_applied then rows_without_nhs_number else 0 end as rows_filled,
        submitted_nhs_number,
        case trace_outcome
            when 'file_rejected' then row_problem
            when 'rejected' then trace_file_name || ' row ' || cast(source_row_number as string) || ': ' || row_problem
            when 'superseded' then 'a later response for this local reference applies'
            when 'not_matched' then 'not applied: match status ' || match_status
            when 'reference_not_found'
                then 'local reference ' || local_reference || {{ cld_string_literal(" is not in the LA's selected submission") }}
            when 'contradicts_submitted'
                then 'not applied: the traced NHS number differs from the valid NHS number submitted for this person'
            when 'confirms_submitted'
                then 'the traced NHS number equals the submitted one; filled on '
                    || cast(rows_without_nhs_number as string) || ' row(s) without one'
            else 'filled the NHS number on ' || cast(rows_without_nhs_number as string) || ' row(s)'
        end as message
    from applied
)

select * from final
