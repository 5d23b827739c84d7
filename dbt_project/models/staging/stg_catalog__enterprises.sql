-- The enterprise catalog: names, aliases, the chain an enterprise leads or belongs to, and where it sits.
select
    cast(enterprise_code as varchar) as enterprise_code,
    trim(name_zh) as name_zh,
    trim(name_en) as name_en,
    nullif(trim(aliases), '') as aliases,
    nullif(trim(cast(chain_code as varchar)), '') as chain_code,
    nullif(trim(cast(region_code as varchar)), '') as region_code,
    nullif(trim(note), '') as note
from {{ ref('enterprises') }}
