-- ASCOF 2E (formerly 1G), all clients and the Learning Disability working-age variant, DHSC
-- method (rules ASCOF-2E-01, ASCOF-2E-02): people with a long-term service overlapping the period
-- (int_lts_cohort); age at the latest end of those services capped at period_end; the ASCOF age
-- group of that age from seed cld_age_bands (ages below every band are out, unknown ages out of
-- N and D).  Accommodation = the person's latest known status (int_persons); when that is blank
-- or the list's unknown value (seed cld_known_values) it is inferred from the person's services
-- (rule ASCOF-2E-03): ALL their services starting by period_end (short-term too; not ending
-- before they start) are ranked by end (latest first, open first), then the service-type rank,
-- then a useful component first, then the later start (then event id), all from seed cld_ascof_2e_service_inference; the top
-- service implies the status from that seed (its type and component, else its type): nursing
-- → Registered nursing home, residential → Registered care home, community with Home Support
-- → `Unknown: presumed at home`, Shared Lives / Community Supported Living / Extra Care → the
-- matching settled status, other community → `Unknown: presumed in community`, prison →
-- prison; a short-term service ending last → Unknown.  Settled (numerator) by seed
-- cld_accommodation_settled; everything else stays in the denominator.
{{ config(materialized='cld_per_la') }}
with

in_period as (
    select * from {{ ref('int_lts_cohort') }}
    where is_in_period
),

events as (
    select * from {{ ref('int_events_unique') }}
    where event_type = 'Service'
),

inference as (
    select * from {{ ref('cld_ascof_2e_service_inference') }}
),

persons as (
    select * from {{ ref('int_persons') }}
),

settled as (
    select * from {{ ref('cld_accommodation_settled') }}
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

age_bands as (
    select * from {{ ref('cld_age_bands') }}
    where band_scheme = 'salt'
),

unknown_accommodation as (
    select * from {{ ref('cld_known_values') }}
    where list_name = 'accommodation_status' and known_rank = 0
),

people as (
    select
        la_code,
        person_id,
        max(capped_end) as latest_capped_end
    from in_period
    group by la_code, person_id
),

useful_components as (
    select distinct service_component
    from inference
    where is_useful_component
),

person_services as (
    select
        events.la_code,
        events.person_id,
        events.event_id,
        events.event_start_date,
        {{ cld_end_or_sentinel('events.event_end_date') }} as end_or_sentinel,
        {{ cld_service_type_salt('events.event_type', 'events.service_type', 'events.delivery_mechanism') }}
            as service_type_salt,
        events.service_component
    from events
    cross join period
    where
        events.event_start_date <= period.period_end
        and (events.event_end_date is null or events.event_end_date >= events.event_start_date)
),

ranked_services as (
    select
        person_services.*,
        coalesce(by_component.inferred_accommodation, by_type.inferred_accommodation) as inferred_accommodation,
        row_number() over (
            partition by person_services.la_code, person_services.person_id
            order by
                person_services.end_or_sentinel desc,
                coalesce(by_type.service_rank, 99) asc,
                case when useful_components.service_component is not null then 0 else 1 end,
                person_services.event_start_date desc,
                person_services.event_id asc
        ) as service_choice
    from person_services
    inner join people
        on
            person_services.la_code = people.la_code
            and person_services.person_id = people.person_id
    left join inference as by_type
        on
            person_services.service_type_salt = by_type.service_type_salt
            and by_type.service_component is null
    left join inference as by_component
        on
            person_services.service_type_salt = by_component.service_type_salt
            and person_services.service_component = by_component.service_component
    left join useful_components
        on person_services.service_component = useful_components.service_component
),

inferred as (
    select
        la_code,
        person_id,
        event_id as inferred_from_event_id,
        inferred_accommodation
    from ranked_services
    where service_choice = 1
),

final as (
    select
        people.la_code,
        people.person_id,
        persons.gender,
        persons.primary_support_reason,
        {{ cld_age_at('persons.date_of_birth', 'people.latest_capped_end') }} as age,
        age_bands.ascof_age_group as age_group,
        persons.accommodation_status as accommodation_status_recorded,
        case
            when persons.accommodation_status is null or unknown_accommodation.list_name is not null
                then inferred.inferred_accommodation
            else persons.accommodation_status
        end as accommodation_status,
        case
            when persons.accommodation_status is null or unknown_accommodation.list_name is not null
                then inferred.inferred_from_event_id
        end as accommodation_inferred_from_event_id,
        coalesce(settled.is_settled, false) as is_settled
    from people
    cross join period
    inner join persons
        on
            people.la_code = persons.la_code
            and people.person_id = persons.person_id
    left join inferred
        on
            people.la_code = inferred.la_code
            and people.person_id = inferred.person_id
    left join unknown_accommodation
        on persons.accommodation_status = unknown_accommodation.canonical_value
    left join settled
        on
            case
                when persons.accommodation_status is null or unknown_accommodation.list_name is not null
                    then inferred.inferred_accommodation
                else persons.accommodation_status
            end = settled.accommodation_status
    left join age_bands
        on
            {{ cld_age_at('persons.date_of_birth', 'people.latest_capped_end') }}
            between age_bands.min_age and age_bands.max_age
    where persons.date_of_death is null or persons.date_of_death >= period.period_start
)

select * from final
