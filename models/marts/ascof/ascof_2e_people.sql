-- ASCOF 2E (formerly 1G), all clients and the Learning Disability 18–64 variant, DHSC method
-- (rules ASCOF-2E-01, ASCOF-2E-02): people with a long-term service overlapping the period; age at the
-- latest end of those services capped at period_end; under-18s out, unknown ages out of N and D.
-- Accommodation = the person's latest known status (int_persons); when that is blank or
-- Unknown it is inferred from the long-term service ending last (open first; then H1 rank):
-- nursing → Registered nursing home; residential → Registered care home; Shared Lives
-- component → Shared Lives scheme; Community Supported Living → supported accommodation;
-- community with Home Support → `Unknown: presumed at home`; other community → `Unknown:
-- presumed in community`; a Prison mechanism → prison.  Settled (numerator) by seed
-- cld_accommodation_settled; everything else stays in the denominator.
{{ cld_la_incremental_config() }}
with

services as (
    select * from {{ cld_la_scoped(ref('int_lts_services')) }}
),

persons as (
    select * from {{ cld_la_scoped(ref('int_persons')) }}
),

settled as (
    select * from {{ ref('cld_accommodation_settled') }}
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

in_period as (
    select
        services.*,
        least(services.end_or_sentinel, period.period_end) as capped_end,
        row_number() over (
            partition by services.la_code, services.person_id
            order by
                services.end_or_sentinel desc, services.setting_rank asc, services.event_start_date desc,
                services.event_id asc
        ) as latest_service
    from services
    cross join period
    where services.event_start_date <= period.period_end and services.end_or_sentinel >= period.period_start
),

people as (
    select
        la_code,
        person_id,
        max(capped_end) as latest_capped_end
    from in_period
    group by la_code, person_id
),

inferred as (
    select
        la_code,
        person_id,
        case
            when broad_setting = 'Nursing' then 'Registered nursing home'
            when broad_setting = 'Residential' then 'Registered care home'
            when broad_setting = 'Prison' then 'Prison / Young offenders institution / detention centre'
            when service_component = 'Shared Lives' then 'Shared Lives scheme'
            when service_component = 'Community Supported Living'
                then 'Supported accommodation / supported lodgings / supported group home'
            when service_component = 'Home Support' then 'Unknown: presumed at home'
            else 'Unknown: presumed in community'
        end as inferred_accommodation
    from in_period
    where latest_service = 1
),

final as (
    select
        people.la_code,
        people.person_id,
        persons.gender,
        persons.primary_support_reason,
        {{ cld_age_at('persons.date_of_birth', 'people.latest_capped_end') }} as age,
        case
            when {{ cld_age_at('persons.date_of_birth', 'people.latest_capped_end') }} between 18 and 64 then '18 to 64'
            when {{ cld_age_at('persons.date_of_birth', 'people.latest_capped_end') }} >= 65 then '65 and above'
        end as age_group,
        persons.accommodation_status as accommodation_status_recorded,
        case
            when persons.accommodation_status is null or persons.accommodation_status = 'Unknown'
                then inferred.inferred_accommodation
            else persons.accommodation_status
        end as accommodation_status,
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
    left join settled
        on
            case
                when persons.accommodation_status is null or persons.accommodation_status = 'Unknown'
                    then inferred.inferred_accommodation
                else persons.accommodation_status
            end = settled.accommodation_status
    where persons.date_of_death is null or persons.date_of_death >= period.period_start
)

select * from final
