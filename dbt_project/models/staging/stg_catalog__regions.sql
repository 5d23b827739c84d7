-- The region catalog (seed regions.csv): one row per place with its parent.
select
    cast(region_code as varchar) as region_code,
    trim(name_zh) as name_zh,
    trim(name_en) as name_en,
    trim(level) as region_level,
    nullif(trim(cast(parent_code as varchar)), '') as parent_code,
    nullif(trim(note), '') as note
from {{ ref('regions') }}
