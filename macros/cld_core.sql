{#- Small shared rules of the core layer, each written once. -#}

{# An end date with open (null) ends replaced by the fixed sentinel (var cld_open_end_date;
   rule EVT-05: never today's date). #}
{% macro cld_end_or_sentinel(end_date) -%}
    coalesce({{ end_date }}, cast('{{ var("cld_open_end_date") }}' as date))
{%- endmacro %}

{# What identifies a service event and what it was (its id, LA, person, service type, component,
   delivery mechanism and dates): the opening columns of every per-service model
   (int_lts_services, int_service_costs). #}
{% macro cld_service_event_columns(events) -%}
    {{ events }}.event_id,
    {{ events }}.la_code,
    {{ events }}.person_id,
    {{ events }}.service_type,
    {{ events }}.service_component,
    {{ events }}.delivery_mechanism,
    {{ events }}.event_start_date,
    {{ events }}.event_end_date
{%- endmacro %}

{# A null-safe text key from several expressions: nulls become empty strings and parts are
   joined with a separator no value can contain unnoticed (rule EVT-06). #}
{% macro cld_key(expressions) -%}
    {%- set parts = [] -%}
    {%- for e in expressions -%}
        {%- do parts.append("coalesce(cast(" ~ e ~ " as string), '')") -%}
    {%- endfor -%}
    {{ parts | join(" || '|' || ") }}
{%- endmacro %}

{# Islands and gaps (rules CLU-01, CLU-02, LTS-01, ASCOF-2A-01): number the clusters of each partition's
   intervals, where an interval joins the current cluster when it starts no more than
   `gap_days` after the running maximum end of the earlier intervals (not just the previous
   row's end, so nested intervals never split a cluster).  `end_col` must already have open
   ends replaced by the sentinel.  Returns a select over `relation` adding
   `running_max_previous_end`, `starts_island` (0/1) and `island_number` (1, 2, …). #}
{% macro cld_island_numbers(relation, partition_by, start_col, end_col, tiebreak_col, gap_days) -%}
    select
        flagged.*,
        sum(flagged.starts_island) over (
            partition by {{ partition_by | join(', ') }}
            order by flagged.{{ start_col }}, flagged.{{ end_col }}, flagged.{{ tiebreak_col }}
            rows between unbounded preceding and current row
        ) as island_number
    from (
        select
            with_running_end.*,
            case
                when with_running_end.running_max_previous_end is null then 1
                when with_running_end.{{ start_col }}
                    > {{ dbt.dateadd('day', gap_days, 'with_running_end.running_max_previous_end') }}
                    then 1
                else 0
            end as starts_island
        from (
            select
                source_rows.*,
                max(source_rows.{{ end_col }}) over (
                    partition by {{ partition_by | join(', ') }}
                    order by source_rows.{{ start_col }}, source_rows.{{ end_col }}, source_rows.{{ tiebreak_col }}
                    rows between unbounded preceding and 1 preceding
                ) as running_max_previous_end
            from {{ relation }} as source_rows
        ) as with_running_end
    ) as flagged
{%- endmacro %}

{# The service type as SALT and ASCOF see it (rule EVT-07): v4.2 has no prison service type,
   so a long-term community service with a `Prison:` delivery mechanism is
   `Long Term Support: Prison`; `Short Term Support: End of Life` (guidance only) counts as
   other short-term support.  Null for events that are not services. #}
{% macro cld_service_type_salt(event_type, service_type, delivery_mechanism) -%}
    case
        when {{ event_type }} != 'Service' then null
        when {{ service_type }} = 'Long Term Support: Community' and {{ delivery_mechanism }} like 'Prison:%'
            then 'Long Term Support: Prison'
        when {{ service_type }} = 'Short Term Support: End of Life' then 'Short Term Support: Other Short Term'
        else {{ service_type }}
    end
{%- endmacro %}

{# Why a person's anchor is left out of the SALT tables, or null: died before the period
   (rule AGE-03), age unknown or under 18 (rule AGE-02).  One rule for every STS cohort. #}
{% macro cld_salt_person_exclusion(date_of_death, period_start, age, age_band) -%}
    case
        when {{ date_of_death }} < {{ period_start }} then 'died_before_period'
        when {{ age }} is null then 'age_unknown'
        when {{ age_band }} is null then 'under_18'
    end
{%- endmacro %}
