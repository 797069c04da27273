{#- Fails for every row where the expression is not true (false or null); the semantics of
    dbt_utils.expression_is_true.  Use config `where:` to restrict the rows checked. -#}
{% test cld_expression_is_true(model, expression) %}
select *
from {{ model }}
where not coalesce({{ expression }}, false)
{% endtest %}
