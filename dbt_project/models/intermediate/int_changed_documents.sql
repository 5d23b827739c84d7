{{ config(materialized='table') }}
-- The documents this build (re)computes, read before fct_observation updates itself:
--   changed  new documents and documents whose fingerprint (facts, catalogs, logic: int_document_fingerprints)
--            differs from the one fct_observation stored — fct_observation replaces their rows;
--   vintage  unchanged documents of the same release as a changed one — a new vintage ends their validity, so
--            what is sourced from them (is_latest_vintage, valid_to) changes.
-- Every document on a first build or a --full-refresh. The incremental models downstream rebuild exactly what
-- these documents touch (int_changed_series). A build that stops part-way is followed by a full refresh
-- (src/mfgstats/orchestration/build_plan.py), so a change set is never lost between builds.
{%- set stored = previous_relation('fct_observation') %}
with changed as (
    select f.document_id, f.fingerprint
    from {{ ref('int_document_fingerprints') }} as f
    {%- if stored is not none %}
    where (f.document_id, f.fingerprint) not in (select distinct document_id, source_fingerprint from {{ stored }})
    {%- endif %}
),

documents as (
    select document_id, release_key from {{ ref('stg_raw__documents') }}
),

releases as (
    select d.release_key from documents as d inner join changed as c using (document_id)
    {%- if stored is not none %}
    union
    -- the release a changed document belonged to before (a corrected sidecar may move it)
    select distinct o.release_key from {{ stored }} as o inner join changed as c using (document_id)
    {%- endif %}
)

select document_id, fingerprint, true as is_changed from changed
union all
select d.document_id, null as fingerprint, false as is_changed
from documents as d
where d.release_key in (select release_key from releases)
    and d.document_id not in (select document_id from changed)
