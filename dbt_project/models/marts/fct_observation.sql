{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        pre_hook=["{{ delete_changed_rows() }}"],
        post_hook=["{{ create_observations_as_of() }}"],
    )
}}
-- depends_on: {{ ref('int_changed_series') }}
-- depends_on: {{ ref('int_observations') }}
-- Every stated value (one row per fact), whatever table it is routed to. Incremental per document: a run
-- processes only documents that are new or whose facts or catalogs changed (int_changed_documents), and
-- replaces all of their rows (a document re-extracted without facts keeps none). Nothing here depends on other
-- documents, so an append never rewrites history; vintage validity (which changes when a newer vintage arrives)
-- lives in dim_source. int_changed_series reads the rows it replaces, so it runs first (depends_on above).
-- The rows are int_observations' (macro observations) resolved for the changed documents only, so an
-- incremental build costs what its documents cost, not what the corpus does.
with changed_documents as (
    select document_id, fingerprint from {{ ref('int_changed_documents') }} where is_changed
)

select
    cast(o.observation_id as varchar) as observation_id,
    cast(o.document_id as varchar) as document_id,
    cast(o.period_key as varchar) as period_key,
    cast(o.region_key as varchar) as region_key,
    cast(o.indicator_key as varchar) as indicator_key,
    cast(o.indicator_aggregation as varchar) as indicator_aggregation,
    cast(o.chain_key as varchar) as chain_key,
    cast(o.enterprise_key as varchar) as enterprise_key,
    cast(o.series_key as varchar) as series_key,
    cast(o.fact_table as varchar) as fact_table,
    cast(o.status as varchar) as status,
    cast(o.measure as varchar) as measure,
    cast(o.basis as varchar) as basis,
    cast(o.direction as varchar) as direction,
    cast(o.comparator as varchar) as comparator,
    cast(o.value as double) as value,
    cast(o.value_high as double) as value_high,
    cast(o.unit as varchar) as unit,
    cast(o.value_normalised as double) as value_normalised,
    cast(o.value_high_normalised as double) as value_high_normalised,
    cast(o.unit_normalised as varchar) as unit_normalised,
    cast(o.value_signed as double) as value_signed,
    cast(o.lower_bound as double) as lower_bound,
    cast(o.upper_bound as double) as upper_bound,
    cast(o.rounding_tolerance as double) as rounding_tolerance,
    cast(o.period_start as date) as period_start,
    cast(o.period_end as date) as period_end,
    cast(o.period_label as varchar) as period_label,
    cast(o.is_period_open_at_publication as boolean) as is_period_open_at_publication,
    cast(o.region_name as varchar) as region_name,
    cast(o.region_inferred as boolean) as region_inferred,
    cast(o.subject as varchar) as subject,
    cast(o.subject_normalised as varchar) as subject_normalised,
    cast(o.chain_name as varchar) as chain_name,
    cast(o.enterprise_name as varchar) as enterprise_name,
    cast(o.is_enterprise_category_count as boolean) as is_enterprise_category_count,
    cast(o.unit_family as varchar) as unit_family,
    cast(o.scope as varchar) as scope,
    cast(o.wording_sense as varchar) as wording_sense,
    cast(o.wording_cue as varchar) as wording_cue,
    cast(o.is_per_year as boolean) as is_per_year,
    cast(o.published_on as date) as published_on,
    cast(o.release_key as varchar) as release_key,
    cast(o.file_path as varchar) as file_path,
    cast(o.char_start as integer) as char_start,
    cast(o.char_end as integer) as char_end,
    cast(o.evidence_text as varchar) as evidence_text,
    cast(o.sentence as varchar) as sentence,
    cast(o.sentence_start as integer) as sentence_start,
    cast(o.origin as varchar) as origin,
    cast(o.confidence as double) as confidence,
    cast(c.fingerprint as varchar) as source_fingerprint
from (
    {{ observations(documents="select document_id from " ~ ref('int_changed_documents') ~ " where is_changed")
        if is_incremental() else observations() }}
) as o
inner join changed_documents as c using (document_id)
