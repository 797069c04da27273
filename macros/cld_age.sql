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
