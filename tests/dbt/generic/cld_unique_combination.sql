{#- Fails when any combination of the given columns occurs more than once
    (the semantics of dbt_utils.unique_combination_of_columns). -#}
{% test cld_unique_combination(model, columns) %}
select
    {{ columns | join(', ') }},
    count(*) as occurrences
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
