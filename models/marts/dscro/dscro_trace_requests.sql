-- The NHS number trace request: one row per person of an LA (with an event in the period)
-- whose NHS number is missing or failed its check digit on every row — after applying every
-- trace response already landed, so a person traced successfully drops out and one the
-- service could not match stays in, with that earlier outcome.  Field layout of a batch trace
-- request: local reference (the LA's Person Unique Identifier), surname, forename, date of
-- birth, gender, postcode, and the NHS number as submitted when one was (invalid).  Written
-- as one CSV per LA by `cld export-trace`.  Identifiable by design: it goes back to the LA's
-- DSCRO only, never into the pseudonymised extract.
{{ config(materialized='cld_per_la') }}
with

persons as (
    select * from {{ ref('int_persons') }}
    where nhs_number is null and la_person_id is not null
),

rows_identified as (
    select * from {{ ref('int_event_rows_identified') }}
    where person_id is not null and nhs_number_submitted is not null and trim(nhs_number_submitted) != ''
),

responses as (
    select * from {{ ref('int_trace_responses_checked') }}
    where trace_outcome not in ('file_rejected', 'rejected', 'superseded')
),

submitted_numbers as (
    select
        la_code,
        person_id,
        max(trim(nhs_number_submitted)) as nhs_number_submitted
    from rows_identified
    group by la_code, person_id
),

final as (
    select
        persons.la_code,
        persons.la_person_id as local_reference,
        persons.last_name as surname,
        persons.first_name as forename,
        persons.date_of_birth,
        persons.gender,
        persons.postcode,
        submitted_numbers.nhs_number_submitted as nhs_number,
        persons.person_key,
        responses.trace_outcome as previous_trace_outcome,
        responses.trace_file_name as previous_trace_file_name
    from persons
    left join submitted_numbers
        on
            persons.la_code = submitted_numbers.la_code
            and persons.person_id = submitted_numbers.person_id
    left join responses
        on
            persons.la_code = responses.la_code
            and persons.la_person_id = responses.local_reference
)

select * from final
