-- The cohort behind LTS004: working-age (at period_end, between vars cld_working_age_min and
-- cld_working_age_max) Learning Disability Support clients counted in LTS001a, with their
-- employment and accommodation status.  Status rule (rule LTS004-02): from the rows of the
-- person's long-term services in the period (int_lts_cohort), take those with the latest event
-- start; among them prefer known values (seed cld_known_values); two or more different known
-- values there → the list's unknown value (a conflict); none → the list's unknown value.
{{ config(materialized='cld_per_la') }}
{%- set statuses = ['employment_status', 'accommodation_status'] %}
with

people as (
    select * from {{ ref('salt_lts001_people') }}
    where is_in_lts001a
),

persons as (
    select * from {{ ref('int_persons') }}
),

services as (
    select * from {{ ref('int_lts_cohort') }}
    where is_in_period
),

events as (
    select * from {{ ref('int_events_unique') }}
),

rows_identified as (
    select * from {{ ref('int_event_rows_identified') }}
),

known_values as (
    select * from {{ ref('cld_known_values') }}
),

unknown_values as (
    select * from known_values
    where known_rank = 0
),

cohort as (
    select
        people.la_code,
        people.person_id,
        people.gender
    from people
    inner join persons
        on
            people.la_code = persons.la_code
            and people.person_id = persons.person_id
    where
        {{ cld_is_working_age_learning_disability('persons.primary_support_reason', 'persons.age_at_period_end') }}
),

service_rows as (
    select
        cohort.la_code,
        cohort.person_id,
        services.event_start_date,
        {%- for status in statuses %}
        rows_identified.{{ status }},
        case
            when rows_identified.{{ status }} is null then 0
            else coalesce(kv_{{ status }}.known_rank, 2)
        end as {{ status }}_known_rank,
        {%- endfor %}
        rank() over (
            partition by cohort.la_code, cohort.person_id order by services.event_start_date desc
        ) as start_rank
    from cohort
    inner join services
        on
            cohort.la_code = services.la_code
            and cohort.person_id = services.person_id
    inner join events
        on services.event_id = events.event_id
    inner join rows_identified
        on
            events.landed_file_name = rows_identified.landed_file_name
            and events.source_row_number = rows_identified.source_row_number
    {%- for status in statuses %}
    left join known_values as kv_{{ status }}
        on
            kv_{{ status }}.list_name = '{{ status }}'
            and rows_identified.{{ status }} = kv_{{ status }}.canonical_value
    {%- endfor %}
),

latest_rows as (
    select * from service_rows
    where start_rank = 1
),

resolved as (
    select
        la_code,
        person_id,
        {%- for status in statuses %}
        case
            when max({{ status }}_known_rank) = 0 then null
            when count(distinct case when {{ status }}_known_rank > 0 then {{ status }} end) > 1 then null
            else max(case when {{ status }}_known_rank > 0 then {{ status }} end)
        end as {{ status }}{{ ',' if not loop.last }}
        {%- endfor %}
    from latest_rows
    group by la_code, person_id
),

final as (
    select
        cohort.la_code,
        cohort.person_id,
        cohort.gender,
        {%- for status in statuses %}
        coalesce(resolved.{{ status }}, unknown_{{ status }}.canonical_value) as {{ status }}{{ ',' if not loop.last }}
        {%- endfor %}
    from cohort
    left join resolved
        on
            cohort.la_code = resolved.la_code
            and cohort.person_id = resolved.person_id
    {%- for status in statuses %}
    left join unknown_values as unknown_{{ status }}
        on unknown_{{ status }}.list_name = '{{ status }}'
    {%- endfor %}
)

select * from final
