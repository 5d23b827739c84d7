{#- Generic test: rows where the boolean SQL `expression` is false (dbt_utils.expression_is_true without
    pulling a package from the network). -#}
{% test expression_is_true(model, column_name, expression) %}
select * from {{ model }} where not ({{ expression }})
{% endtest %}
