-- ASCOF 2A — new clients' short-term (reablement) episodes with no further request for ongoing
-- support, DHSC production method (rules ASCOF-2A-01 to ASCOF-2A-05; DHSC where NHS England's
-- and DHSC's methods differ).  One row per ST-Max cluster ending in the period:
--   clusters: ST-Max services merged while each starts within var cld_ascof_2a_cluster_gap_days
--     of the running maximum end of the earlier ones (macro cld_island_numbers); the
--     cluster's outcome is that of the member ending last (ties: the more usable outcome, seed
--     cld_ascof_outcomes, then the later event);
--   cohort: age at the cluster end at least var cld_adult_age_years (unknown kept, in Total
--     only; the ASCOF age group from seed cld_age_bands); not dead before it
--     started; new — no long-term service (int_lts_cohort, every one) that started before the cluster and ended fewer
--     than var cld_ascof_2a_new_client_lookback_days days before it (or is still open): the
--     look-back is strict, a service that ended exactly that many days before leaves the
--     client new (rule ASCOF-2A-02);
--   sequel, first that applies: death within var cld_ascof_2a_sequel_window_days of the
--     end → NFA - Deceased; outcome Admitted to hospital; the best service (seed
--     cld_ascof_2a_services: nursing … other short term; short-term residential/nursing
--     components count as "Short term support: Residential or Nursing care") among events
--     starting in the cluster or up to that window after its end and still running after it,
--     before any later ST-Max; the most advanced usable outcome (seed cld_ascof_outcomes)
--     among the cluster's own and those window events' (not Service ended as planned on a
--     window event); equipment within the cluster → ongoing low level; else the cluster's own
--     outcome (usually "unable to classify").
--   counting by the inclusion of the final outcome: numerator (no further request for
--     ongoing support), denominator only, excluded, unable_to_classify (flagged, not counted).
-- The nested assessment/review candidate (DHSC step 7.4c) is not used: documented limit.
{{ config(materialized='cld_per_la') }}
with

events as (
    select * from {{ ref('int_events_unique') }}
),

lts as (
    select * from {{ ref('int_lts_cohort') }}
),

persons as (
    select * from {{ ref('int_persons') }}
),

outcomes as (
    select * from {{ ref('cld_ascof_outcomes') }}
),

service_ranks as (
    select * from {{ ref('cld_ascof_2a_services') }}
),

period as (
    select * from {{ ref('int_reporting_period') }}
),

age_bands as (
    select * from {{ ref('cld_age_bands') }}
    where band_scheme = 'salt'
),

st_max as (
    select
        events.event_id,
        events.la_code,
        events.person_id,
        events.event_start_date,
        {{ cld_end_or_sentinel('events.event_end_date') }} as end_or_sentinel,
        events.event_outcome,
        coalesce(outcomes.r2_rank + case when outcomes.is_usable_for_2a then 0 else 100 end, 999) as outcome_rank
    from events
    left join outcomes
        on events.event_outcome = outcomes.event_outcome
    where
        events.event_type = 'Service'
        and events.service_type = 'Short Term Support: ST-Max'
        and (events.event_end_date is null or events.event_end_date >= events.event_start_date)
),

islands as (
    {{ cld_island_numbers('st_max', ['la_code', 'person_id'], 'event_start_date', 'end_or_sentinel',
        'event_id', var('cld_ascof_2a_cluster_gap_days')) }}
),

members as (
    select
        *,
        min(event_start_date) over (partition by la_code, person_id, island_number) as cluster_start,
        max(end_or_sentinel) over (partition by la_code, person_id, island_number) as cluster_end,
        row_number() over (
            partition by la_code, person_id, island_number
            order by end_or_sentinel desc, outcome_rank asc, event_id desc
        ) as outcome_choice
    from islands
),

clusters as (
    select
        {{ dbt.hash(cld_key(['la_code', 'person_id', 'island_number'])) }} as episode_id,
        la_code,
        person_id,
        island_number,
        cluster_start,
        cast(cluster_end as date) as cluster_end,
        event_outcome as cluster_outcome
    from members
    where outcome_choice = 1
),

cohort as (
    select
        clusters.*,
        persons.date_of_death,
        {{ cld_age_at('persons.date_of_birth', 'clusters.cluster_end') }} as age_at_cluster_end
    from clusters
    cross join period
    inner join persons
        on
            clusters.la_code = persons.la_code
            and clusters.person_id = persons.person_id
    where
        clusters.cluster_end between period.period_start and period.period_end
        and (persons.date_of_death is null or persons.date_of_death >= clusters.cluster_start)
        and not exists (
            select 1
            from lts
            where
                lts.la_code = clusters.la_code
                and lts.person_id = clusters.person_id
                and lts.event_start_date < clusters.cluster_start
                and lts.end_or_sentinel
                > {{ dbt.dateadd('day', -1 * var('cld_ascof_2a_new_client_lookback_days'), 'clusters.cluster_start') }}
        )
),

next_st_max as (
    select
        cohort.episode_id,
        min(st_max.event_start_date) as next_st_max_start
    from cohort
    inner join st_max
        on
            cohort.la_code = st_max.la_code
            and cohort.person_id = st_max.person_id
            and cohort.cluster_end < st_max.event_start_date
    group by cohort.episode_id
),

window_events as (
    select
        cohort.episode_id,
        events.event_id,
        events.event_type,
        events.event_outcome,
        case
            when events.event_type = 'Service' and events.service_type = 'Short Term Support: Other Short Term'
                and events.service_component in ('Short Term Residential Care', 'Short Term Nursing Care')
                then 'Short Term Support: Residential or Nursing care'
            else {{ cld_service_type_salt('events.event_type', 'events.service_type', 'events.delivery_mechanism') }}
        end as service_type_salt,
        events.service_component in ('Short Term Residential Care', 'Short Term Nursing Care') as is_short_term_bed
    from cohort
    inner join events
        on
            cohort.la_code = events.la_code
            and cohort.person_id = events.person_id
    left join next_st_max
        on cohort.episode_id = next_st_max.episode_id
    where
        events.event_start_date >= cohort.cluster_start
        and {{ cld_end_or_sentinel('events.event_end_date') }} > cohort.cluster_end
        and events.event_start_date <= {{ dbt.dateadd('day', var('cld_ascof_2a_sequel_window_days'), 'cohort.cluster_end') }}
        and not (events.event_type = 'Service' and events.service_type = 'Short Term Support: ST-Max')
        and (next_st_max.next_st_max_start is null or events.event_start_date < next_st_max.next_st_max_start)
),

best_service as (
    select
        window_events.episode_id,
        service_ranks.service_type_salt,
        row_number() over (
            partition by window_events.episode_id
            order by service_ranks.service_rank, case when window_events.is_short_term_bed then 0 else 1 end,
                window_events.event_id
        ) as service_choice
    from window_events
    inner join service_ranks
        on window_events.service_type_salt = service_ranks.service_type_salt
),

outcome_candidates as (
    select
        cohort.episode_id,
        cohort.cluster_outcome as event_outcome
    from cohort
    union all
    select
        window_events.episode_id,
        window_events.event_outcome
    from window_events
    where window_events.event_type != 'Service' or window_events.event_outcome != 'Service ended as planned'
),

best_outcome as (
    select
        outcome_candidates.episode_id,
        outcome_candidates.event_outcome,
        row_number() over (
            partition by outcome_candidates.episode_id order by outcomes.r2_rank, outcome_candidates.event_outcome
        ) as outcome_choice
    from outcome_candidates
    inner join outcomes
        on outcome_candidates.event_outcome = outcomes.event_outcome
    where outcomes.is_usable_for_2a
),

equipment as (
    select distinct cohort.episode_id
    from cohort
    inner join events
        on
            cohort.la_code = events.la_code
            and cohort.person_id = events.person_id
    where
        events.event_type = 'Service'
        and events.service_component = 'Equipment'
        and events.event_start_date between cohort.cluster_start and cohort.cluster_end
),

decided as (
    select
        cohort.*,
        case
            when cohort.date_of_death <= {{ dbt.dateadd('day', var('cld_ascof_2a_sequel_window_days'), 'cohort.cluster_end') }}
                then 'death'
            when cohort.cluster_outcome = 'Admitted to hospital' then 'admitted_to_hospital'
            when best_service.episode_id is not null then 'service_found'
            when best_outcome.episode_id is not null then 'outcome_found'
            when equipment.episode_id is not null then 'equipment'
            else 'own_outcome'
        end as sequel_method,
        case
            when cohort.date_of_death <= {{ dbt.dateadd('day', var('cld_ascof_2a_sequel_window_days'), 'cohort.cluster_end') }}
                then 'NFA - Deceased'
            when cohort.cluster_outcome = 'Admitted to hospital' then 'Admitted to hospital'
            when best_service.episode_id is not null then best_service.service_type_salt
            when best_outcome.episode_id is not null then best_outcome.event_outcome
            when equipment.episode_id is not null then 'Short Term Support: Ongoing Low Level'
            else cohort.cluster_outcome
        end as final_outcome
    from cohort
    left join best_service
        on cohort.episode_id = best_service.episode_id and best_service.service_choice = 1
    left join best_outcome
        on cohort.episode_id = best_outcome.episode_id and best_outcome.outcome_choice = 1
    left join equipment
        on cohort.episode_id = equipment.episode_id
),

final as (
    select
        decided.episode_id,
        decided.la_code,
        decided.person_id,
        decided.cluster_start,
        decided.cluster_end,
        decided.cluster_outcome,
        decided.age_at_cluster_end,
        age_bands.ascof_age_group as age_group,
        decided.sequel_method,
        decided.final_outcome,
        coalesce(service_ranks.ascof_2a_inclusion, outcomes.ascof_2a_inclusion, 'unable_to_classify') as inclusion,
        coalesce(service_ranks.ascof_2a_inclusion, outcomes.ascof_2a_inclusion) in ('numerator', 'denominator')
            as is_in_denominator,
        coalesce(service_ranks.ascof_2a_inclusion, outcomes.ascof_2a_inclusion) = 'numerator' as is_in_numerator
    from decided
    left join service_ranks
        on decided.final_outcome = service_ranks.service_type_salt
    left join outcomes
        on decided.final_outcome = outcomes.event_outcome
    left join age_bands
        on decided.age_at_cluster_end between age_bands.min_age and age_bands.max_age
    where decided.age_at_cluster_end is null or decided.age_at_cluster_end >= {{ var('cld_adult_age_years') }}
)

select * from final
