-- One row per document version, typed and renamed; the text stays here for evidence lookups.
select
    document_id,
    file as file_path,
    title,
    publisher,
    published as published_on,
    nullif(trim(region), '') as region_name,
    doc_type,
    release_key,
    media_type,
    encoding,
    size_bytes,
    nullif(trim(url), '') as url,
    nullif(trim(note), '') as note,
    ingested_at,
    text as document_text
from {{ source('raw', 'documents') }}
