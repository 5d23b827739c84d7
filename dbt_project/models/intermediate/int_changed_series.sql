{{ config(materialized='table') }}
-- The series and regions whose statements this build changes: those of the changed documents' observations
-- before (as fct_observation still holds them) and after (int_observations), and those of the other vintages of
-- their releases. The marts are computed per series and region, so an incremental build recomputes exactly
-- these (and mart_latest_values also every series of these indicators: an uncatalogued indicator's name is the
-- most frequent wording over all its statements).
-- depends_on: {{ ref('int_observations') }}
{%- set stored = previous_relation('fct_observation') %}
with documents as (
    select document_id from {{ ref('int_changed_documents') }}
),

touched as (
    -- int_observations resolved for these documents only (a filter on the view is not pushed below its joins)
    select o.series_key, o.region_key, o.indicator_key
    from ({{ observations(documents="select document_id from " ~ ref('int_changed_documents')) }}) as o
    {%- if stored is not none %}
    union
    select o.series_key, o.region_key, o.indicator_key
    from {{ stored }} as o
    where o.document_id in (select document_id from documents)
    {%- endif %}
)

select distinct series_key, region_key, indicator_key from touched
