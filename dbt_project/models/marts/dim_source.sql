{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook=["{{ delete_changed_rows() }}"],
    )
}}
-- depends_on: {{ ref('int_source_vintages') }}
-- depends_on: {{ ref('int_changed_documents') }}
-- One row per document (each vintage of a release is its own source), with its real-time validity:
-- a source's statements are "as known" from valid_from (inclusive) to valid_to (exclusive, null = still current).
-- Incremental by document: int_changed_documents holds every document of each release a changed document is
-- (or was) in, so numbering just those documents (macro source_vintages) numbers whole releases, as
-- int_source_vintages does over all of them. Documents are never deleted from raw.documents, so no row of an
-- untouched release changes.
select
    cast(document_id as varchar) as document_id,
    cast(release_key as varchar) as release_key,
    cast(vintage_number as integer) as vintage_number,
    cast(vintage_count as integer) as vintage_count,
    cast(is_latest_vintage as boolean) as is_latest_vintage,
    cast(valid_from as date) as valid_from,
    -- a document removed from the raw directory, withdrawn or superseded stops being valid then
    cast(case when w.withdrawn_on < coalesce(v.valid_to, 'infinity'::date) then greatest(w.withdrawn_on, v.valid_from)
        else v.valid_to end
        as date) as valid_to,
    cast(title as varchar) as title,
    cast(publisher as varchar) as publisher,
    cast(published_on as date) as published_on,
    cast(doc_type as varchar) as doc_type,
    cast(case doc_type
        when 'plan' then '规划'
        when 'article' then '报道'
        when 'bulletin' then '统计公报'
        when 'press_release' then '新闻发布'
        when 'table' then '数据表'
        else '其他'
    end as varchar) as doc_type_zh,
    cast(region_name as varchar) as region_name,
    cast(file_path as varchar) as file_path,
    cast(url as varchar) as url,
    cast(note as varchar) as note,
    cast(size_bytes as bigint) as size_bytes,
    cast(ingested_at as timestamp) as ingested_at
from ({{ source_vintages(changed_only(ref('stg_raw__documents'), ['document_id'], 'int_changed_documents')) }}) as v
left join {{ ref('int_document_withdrawals') }} as w using (document_id)
