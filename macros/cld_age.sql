{#- Age in whole years on a date: the one age rule of the warehouse.
    Birthdays count on the day (age increases on the birthday itself); a 29 February birthday
    counts on 1 March in non-leap years (month/day comparison).  Null when either date is null.
    A bigint on every engine (Spark's extract gives an int, DuckDB's a bigint). -#}
{% macro cld_age_at(date_of_birth, at_date) -%}
    cast(
        extract(year from {{ at_date }}) - extract(year from {{ date_of_birth }})
        - case
            when extract(month from {{ at_date }}) < extract(month from {{ date_of_birth }})
                or (
                    extract(month from {{ at_date }}) = extract(month from {{ date_of_birth }})
                    and extract(day from {{ at_date }}) < extract(day from {{ date_of_birth }})
                )
                then 1
            else 0
        end
        as bigint
    )
{%- endmacro %}

{#- The working-age Learning Disability cohort (rules LTS004-01, ASCOF-2E-01 and the items'
    `ld_18_64` requirement): primary support reason var cld_learning_disability_psr and age
    between vars cld_working_age_min and cld_working_age_max. -#}
{% macro cld_is_working_age_learning_disability(primary_support_reason, age) -%}
    ({{ primary_support_reason }} = '{{ var("cld_learning_disability_psr") | replace("'", "''") }}'
    and {{ age }} between {{ var('cld_working_age_min') }} and {{ var('cld_working_age_max') }})
{%- endmacro %}
