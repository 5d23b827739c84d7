{{ config(materialized='view') }}
-- City- or region-wide indicators: observations that name neither a chain nor an enterprise (see fact_table
-- routing in int_observations). A view over fct_observation, so it is incremental whenever that table is.
select
    observation_id,
    document_id,
    period_key,
    region_key,
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
where fact_table = 'indicator'
