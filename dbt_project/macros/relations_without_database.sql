{#- Views store their SQL as written, and dbt writes `"mfgstats"."main"."x"`: the build file's name. A copy of the
    published file under another name (what a BI user does) then fails on every view ('Catalog "mfgstats" does not
    exist'). DuckDB binds a view's schema-qualified names inside the view's own database, so refs and sources are
    rendered without the database on the file target. The lake keeps it: readers always attach it as `lake`. -#}
{% macro ref() %}
    {%- set relation = builtins.ref(*varargs, **kwargs) -%}
    {{- return(relation_without_database(relation)) -}}
{% endmacro %}

{% macro source(source_name, table_name) %}
    {%- set relation = builtins.source(source_name, table_name) -%}
    {{- return(relation_without_database(relation)) -}}
{% endmacro %}

{% macro relation_without_database(relation) %}
    {%- if target.name == 'lake' or relation is string -%}
        {{- return(relation) -}}
    {%- endif -%}
    {{- return(relation.include(database=false)) -}}
{% endmacro %}
