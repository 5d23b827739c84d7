{#- The body of a routed fact view: the rows of fct_observation routed to `fact_table`, with the columns every
    fact table shares and, after the keys, the ones that identify what this table is about. -#}
{% macro routed_observations(fact_table, entity_keys, entity_names) -%}
select
    observation_id,
    document_id,
    period_key,
    region_key,
    {% for column in entity_keys %}{{ column }},
    {% endfor -%}
    indicator_key,
    series_key,
    status,
    measure,
    basis,
    direction,
    comparator,
    value,
    value_high,
    unit,
    value_normalised,
    value_high_normalised,
    unit_normalised,
    value_signed,
    lower_bound,
    upper_bound,
    period_start,
    period_end,
    period_label,
    region_name,
    {% for column in entity_names %}{{ column }},
    {% endfor -%}
    subject,
    published_on,
    file_path,
    char_start,
    char_end,
    evidence_text,
    sentence,
    origin,
    confidence
from {{ ref('fct_observation') }}
where fact_table = '{{ fact_table }}'
{%- endmacro %}
