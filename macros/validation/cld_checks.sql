{#- The checks of the validation rules (seed cld_validation_rules, column `check`).  Each
    returns a SQL condition, true when a finding is raised, over the columns of the relation
    the rule reads (files_with_context, item_checks, rows_with_lookups or rows_in_groups: see
    the models int_submission_checks and int_row_issues).  Arguments are column names (or a
    number, or a var's name).  The compiler (cld_validation_findings) calls them through
    adapter.dispatch, so an engine overrides one check by defining `<adapter>__<check name>`;
    these are the `default__` versions, portable SQL. -#}

{#- ── one column ─────────────────────────────────────────────────────────────── -#}

{% macro default__cld_check_is_true(column) -%}
    {{ column }}
{%- endmacro %}

{% macro default__cld_check_is_false(column) -%}
    not {{ column }}
{%- endmacro %}

{% macro default__cld_check_is_not_null(column) -%}
    {{ column }} is not null
{%- endmacro %}

{#- a count that is zero or missing -#}
{% macro default__cld_check_none(column) -%}
    coalesce({{ column }}, 0) = 0
{%- endmacro %}

{#- ── two columns (or a column and a number) ─────────────────────────────────── -#}

{% macro default__cld_check_greater(column, than) -%}
    {{ column }} > {{ than }}
{%- endmacro %}

{% macro default__cld_check_less(column, than) -%}
    {{ column }} < {{ than }}
{%- endmacro %}

{% macro default__cld_check_differs(column, other) -%}
    {{ column }} != {{ other }}
{%- endmacro %}

{#- a timestamp whose date is on or before a date -#}
{% macro default__cld_check_date_not_after(column, than) -%}
    cast({{ column }} as date) <= {{ than }}
{%- endmacro %}

{#- a range (start, end) lying wholly outside another; an open end never ends before -#}
{% macro default__cld_check_outside_range(start, end, range_start, range_end) -%}
    {{ start }} > {{ range_end }} or {{ end }} < {{ range_start }}
{%- endmacro %}

{#- an age (whole years) known and below the age held by a var -#}
{% macro default__cld_check_age_under(column, age_var) -%}
    {{ column }} between 0 and {{ var(age_var) - 1 }}
{%- endmacro %}

{#- a value given with its context, which the lookup flag says is not allowed -#}
{% macro default__cld_check_not_allowed(column, per, is_allowed) -%}
    {{ column }} is not null and {{ per }} is not null and not {{ is_allowed }}
{%- endmacro %}

{#- a column blank although another is given -#}
{% macro default__cld_check_missing_beside(column, given) -%}
    {{ given }} is not null and {{ column }} is null
{%- endmacro %}

{#- a column blank although a flag says it is needed -#}
{% macro default__cld_check_missing_when(column, when) -%}
    {{ when }} and {{ column }} is null
{%- endmacro %}

{#- a unit cost blank where the guidance expects one: long-term support except CASSR
    Commissioned Support, and short-term residential or nursing care -#}
{% macro default__cld_check_unit_cost_expected(column) -%}
    {{ column }} is null
    and (
        (service_type like 'Long Term Support:%' and coalesce(delivery_mechanism, '') not like '%CASSR Commissioned Support')
        or service_component in ('Short Term Residential Care', 'Short Term Nursing Care')
    )
{%- endmacro %}

{#- ── one data item of a row (int_row_item_checks' columns) ───────────────────── -#}

{% macro default__cld_check_item_blank_but_required() -%}
    is_blank and is_mandatory and is_required
{%- endmacro %}

{% macro default__cld_check_item_not_typed() -%}
    not is_blank and not has_typed_value
{%- endmacro %}

{% macro default__cld_check_item_non_canonical() -%}
    not is_blank and has_typed_value and trim(submitted_value) != canonical_value
{%- endmacro %}

{% macro default__cld_check_item_not_applicable() -%}
    not is_blank and has_typed_value
    and applies_to_event_type != 'all' and event_type is not null and event_type != applies_to_event_type
{%- endmacro %}

{#- ── facts the file rules read (int_submission_checks) ──────────────────────── -#}

{#- Why a declared period is not a financial year to date (null when it is): it must start on
    1 April and end on or after its start, by the following 31 March.  The text completes the
    message of rule invalid_period. -#}
{% macro cld_file_period_problem(period_start, period_end) -%}
    case
        when extract(month from {{ period_start }}) != 4 or extract(day from {{ period_start }}) != 1
            then ' does not start on 1 April'
        when {{ period_end }} < {{ period_start }} then ' ends before it starts'
        when {{ period_end }} > {{ dbt.dateadd('day', -1, dbt.dateadd('year', 1, period_start)) }}
            then ' runs past 31 March of the following year'
    end
{%- endmacro %}
