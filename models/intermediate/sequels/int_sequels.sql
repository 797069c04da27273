-- One sequel per anchor (rules SEQ-06, SEQ-07, SEQ-09, NFA-01), written once for both anchor kinds:
--   no_chronology  — no candidate at all: the anchor's own outcome;
--   out_of_scope   — candidates, but none in the chain: the anchor's own outcome;
--   service_found  — the chain holds a ranked service: the best by hierarchy H2 (requests;
--                    ST-Max first) or H3 (ST-Max episodes; ST-Max not ranked) — seed
--                    cld_sequel_service_ranks; ties: earliest start, then event id;
--   nfa_found      — no ranked service, but an outcome that counts in the NFA step (seed
--                    cld_sequel_labels.counts_in_nfa_step: every NFA, and End of Life for
--                    STS001) in the latest-ending group of chain events holding one (open
--                    ends last); two or more DISTINCT such outcomes there → the "other" NFA
--                    category (rule NFA-01; the same NFA twice is that NFA);
--   own_outcome    — a chain with nothing usable: the anchor's own outcome.
-- The label is the SALT category of the table the anchor feeds (request → STS001 M1/M2,
-- ST-Max → STS002a M3; seed cld_sequel_labels); an outcome the table cannot place is
-- "Unable to classify".  `Service ended as planned` is non-NFA (rule VAL-03).
{{ config(materialized='cld_per_la') }}
with

anchors as (
    select * from {{ ref('int_sequel_anchors') }}
),

candidates as (
    select * from {{ ref('int_sequel_candidates') }}
),

service_ranks as (
    select * from {{ ref('cld_sequel_service_ranks') }}
),

labels as (
    select * from {{ ref('cld_sequel_labels') }}
),

anchor_tables as (
    select
        *,
        case anchor_kind when 'request' then 'sts001' else 'sts002a' end as salt_table,
        case anchor_kind when 'request' then 'H2' else 'H3' end as service_hierarchy
    from anchors
),

candidate_counts as (
    select
        anchor_id,
        count(*) as candidate_count,
        sum(case when is_kept then 1 else 0 end) as kept_count
    from candidates
    group by anchor_id
),

ranked_services as (
    select
        candidates.anchor_id,
        candidates.event_id,
        candidates.service_type_salt,
        row_number() over (
            partition by candidates.anchor_id
            order by service_ranks.service_rank, candidates.event_start_date, candidates.event_id
        ) as service_choice
    from candidates
    inner join anchor_tables
        on candidates.anchor_id = anchor_tables.anchor_id
    inner join service_ranks
        on
            anchor_tables.service_hierarchy = service_ranks.hierarchy
            and candidates.service_type_salt = service_ranks.service_type_salt
    where candidates.is_kept
),

best_service as (
    select * from ranked_services
    where service_choice = 1
),

qualifying_outcomes as (
    select
        candidates.anchor_id,
        candidates.event_id,
        candidates.event_outcome,
        candidates.end_or_sentinel,
        dense_rank() over (
            partition by candidates.anchor_id
            order by
                case when candidates.event_end_date is null then 1 else 0 end,
                candidates.end_or_sentinel desc
        ) as end_group
    from candidates
    inner join anchor_tables
        on candidates.anchor_id = anchor_tables.anchor_id
    inner join labels
        on
            anchor_tables.salt_table = labels.salt_table
            and labels.source_kind = 'outcome'
            and candidates.event_outcome = labels.source_value
    where candidates.is_kept and labels.counts_in_nfa_step
),

nfa_group as (
    select
        anchor_id,
        count(distinct event_outcome) as distinct_outcomes,
        min(event_outcome) as event_outcome,
        min(event_id) as event_id
    from qualifying_outcomes
    where end_group = 1
    group by anchor_id
),

decided as (
    select
        anchor_tables.*,
        coalesce(candidate_counts.candidate_count, 0) as candidate_count,
        coalesce(candidate_counts.kept_count, 0) as kept_count,
        case
            when coalesce(candidate_counts.candidate_count, 0) = 0 then 'no_chronology'
            when candidate_counts.kept_count = 0 then 'out_of_scope'
            when best_service.anchor_id is not null then 'service_found'
            when nfa_group.anchor_id is not null then 'nfa_found'
            else 'own_outcome'
        end as sequel_method,
        best_service.service_type_salt as found_service_type,
        best_service.event_id as found_service_event_id,
        nfa_group.distinct_outcomes as nfa_distinct_outcomes,
        nfa_group.event_outcome as found_nfa_outcome,
        nfa_group.event_id as found_nfa_event_id
    from anchor_tables
    left join candidate_counts
        on anchor_tables.anchor_id = candidate_counts.anchor_id
    left join best_service
        on anchor_tables.anchor_id = best_service.anchor_id
    left join nfa_group
        on anchor_tables.anchor_id = nfa_group.anchor_id
),

sourced as (
    select
        *,
        case
            when sequel_method = 'service_found' then 'service'
            when sequel_method = 'nfa_found' and nfa_distinct_outcomes > 1 then 'special'
            else 'outcome'
        end as sequel_source_kind,
        case
            when sequel_method = 'service_found' then found_service_type
            when sequel_method = 'nfa_found' and nfa_distinct_outcomes > 1 then 'conflicting_nfa'
            when sequel_method = 'nfa_found' then found_nfa_outcome
            else anchor_outcome
        end as sequel_source_value,
        case
            when sequel_method = 'service_found' then found_service_event_id
            when sequel_method = 'nfa_found' then found_nfa_event_id
        end as sequel_event_id
    from decided
),

final as (
    select
        sourced.anchor_id,
        sourced.anchor_kind,
        sourced.salt_table,
        sourced.la_code,
        sourced.person_id,
        sourced.cluster_start,
        sourced.cluster_end,
        sourced.anchor_outcome,
        sourced.route_of_access,
        sourced.is_existing_client,
        sourced.age_at_period_end,
        sourced.age_band,
        sourced.candidate_count,
        sourced.kept_count,
        sourced.sequel_method,
        sourced.sequel_source_kind,
        sourced.sequel_source_value,
        sourced.sequel_event_id,
        coalesce(labels.sequel, unable.sequel) as sequel,
        coalesce(labels.sort_order, unable.sort_order) as sequel_sort_order
    from sourced
    left join labels
        on
            sourced.salt_table = labels.salt_table
            and sourced.sequel_source_kind = labels.source_kind
            and sourced.sequel_source_value = labels.source_value
    inner join labels as unable
        on
            sourced.salt_table = unable.salt_table
            and unable.source_kind = 'special'
            and unable.source_value = 'unable_to_classify'
)

select * from final
