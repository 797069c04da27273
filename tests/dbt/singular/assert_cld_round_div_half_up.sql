-- Exact half-up division of money and rates (macro cld_round_div, docs/spark.md).
-- Cases with hand-worked answers, run on every engine: a tie at the last place rounds up, a
-- zero denominator and a numerator past the macro's cap give null, nothing is lost to a double.
-- Each case: numerator (SQL), denominator (SQL), scale, expected (text, null for null).
{%- set cases = [
    ("1", "8", 2, "0.13"),
    ("1", "3", 2, "0.33"),
    ("2", "3", 2, "0.67"),
    ("5", "2", 0, "3"),
    ("7", "2", 0, "4"),
    ("1", "20", 1, "0.1"),
    ("1", "6", 1, "0.2"),
    ("69", "2000", 3, "0.035"),
    ("69", "2000", 4, "0.0345"),
    ("0", "7", 2, "0.00"),
    ("1", "0", 2, none),
    ("cast('123456789.125' as decimal(24, 3))", "1", 2, "123456789.13"),
    ("cast('34109252.845' as decimal(24, 3))", "1", 2, "34109252.85"),
    ("cast('10000000000000' as decimal(24, 0))", "1", 2, none),
] %}
{#- each case is checked in its own branch: a union would coerce the cases' decimal scales
    to one type before the comparison #}
with

cases as (
    {%- for case in cases %}
    {%- set actual = cld_round_div(case[0], case[1], case[2]) %}
    {%- set expected = "cast(null as decimal(38, " ~ case[2] ~ "))" if case[3] is none
        else "cast('" ~ case[3] ~ "' as decimal(38, " ~ case[2] ~ "))" %}
    select
        {{ loop.index }} as case_number,
        cast({{ actual }} as {{ dbt.type_string() }}) as actual_text,
        case
            when {{ actual }} = {{ expected }} then 1
            when {{ actual }} is null and {{ expected }} is null then 1
            else 0
        end as is_right
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select *
from cases
where is_right = 0
