-- The region catalog (seed regions.csv): one row per place with its parent, current or former (with its validity
-- in years and the unit it became).
select
    cast(region_code as varchar) as region_code,
    trim(name_zh) as name_zh,
    nullif(trim(name_en), '') as name_en,
    trim(level) as region_level,
    nullif(trim(cast(parent_code as varchar)), '') as parent_code,
    nullif(trim(aliases), '') as aliases,
    nullif(trim(note), '') as note,
    cast(valid_from_year as integer) as valid_from_year,
    cast(valid_to_year as integer) as valid_to_year,
    nullif(trim(cast(successor_code as varchar)), '') as successor_code,
    valid_to_year is null as is_current
from {{ ref('regions') }}
