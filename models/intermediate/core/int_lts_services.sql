-- Every unique long-term support service (Service Type `Long Term Support:*`) with its place in
-- hierarchy H1 (seed cld_support_settings): by service type and delivery mechanism; a community
-- service whose mechanism is blank or unlisted ranks as plain Community; v4.2 has no prison
-- service type, so a community service with a `Prison:` mechanism is the prison setting.
-- Open ends are also given as the sentinel (var cld_open_end_date) for range joins.
{{ config(materialized='cld_per_la') }}
with

events as (
    select * from {{ ref('int_events_unique') }}
    where event_type = 'Service' and service_type like 'Long Term Support:%'
),

settings as (
    select * from {{ ref('cld_support_settings') }}
),

final as (
    select
        {{ cld_service_event_columns('events') }},
        {{ cld_end_or_sentinel('events.event_end_date') }} as end_or_sentinel,
        coalesce(with_mechanism.setting_rank, without_mechanism.setting_rank) as setting_rank,
        coalesce(with_mechanism.support_setting, without_mechanism.support_setting) as support_setting,
        coalesce(with_mechanism.broad_setting, without_mechanism.broad_setting) as broad_setting,
        coalesce(events.delivery_mechanism = 'Community: Direct Payment', false) as is_direct_payment
    from events
    left join settings as with_mechanism
        on
            events.service_type = with_mechanism.service_type
            and events.delivery_mechanism = with_mechanism.delivery_mechanism
    left join settings as without_mechanism
        on
            events.service_type = without_mechanism.service_type
            and without_mechanism.delivery_mechanism is null
)

select * from final
