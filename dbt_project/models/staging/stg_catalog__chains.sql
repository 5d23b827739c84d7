-- The chain catalog: clusters, industries, the 17 优势产业链 and 风口 fields, each with its parent.
select
    cast(chain_code as varchar) as chain_code,
    trim(name_zh) as name_zh,
    trim(name_en) as name_en,
    trim(level) as chain_level,
    nullif(trim(cast(parent_code as varchar)), '') as parent_code,
    nullif(trim(aliases), '') as aliases,
    nullif(trim(note), '') as note
from {{ ref('chains') }}
