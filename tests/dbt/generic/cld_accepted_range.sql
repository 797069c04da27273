{#- Fails for values outside [min_value, max_value] (either bound optional, inclusive);
    nulls pass (combine with not_null).  The semantics of dbt_utils.accepted_range. -#}
{% test cld_accepted_range(model, column_name, min_value=none, max_value=none) %}
select *
from {{ model }}
where
    {{ column_name }} is not null
    and (
        false
        {%- if min_value is not none %} or {{ column_name }} < {{ min_value }}{% endif %}
        {%- if max_value is not none %} or {{ column_name }} > {{ max_value }}{% endif %}
    )
{% endtest %}
