{#- The relation a model of this project left in the warehouse (None when it is not built yet, or when this is a
    --full-refresh run, which rebuilds everything). Lets a model read another model's previous state without a
    ref(), which would make a cycle: int_changed_documents compares fingerprints with what fct_observation
    stored before fct_observation updates itself. -#}
{% macro previous_relation(model_name) -%}
    {%- if flags.FULL_REFRESH or not execute -%}
        {{- return(none) -}}
    {%- endif -%}
    {%- set node = graph.nodes.get('model.' ~ project_name ~ '.' ~ model_name) -%}
    {{- return(adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias)) -}}
{%- endmacro %}
