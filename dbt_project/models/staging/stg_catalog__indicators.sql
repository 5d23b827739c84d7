-- The indicator catalog: what each indicator measures, its unit, and how it aggregates over time
-- (sum = a flow, last = a stock, none = a ratio); `entity` says whether it describes the city, a chain or a
-- category of enterprises.
select
    cast(indicator_code as varchar) as indicator_code,
    trim(name_zh) as name_zh,
    trim(name_en) as name_en,
    nullif(trim(unit), '') as unit,
    trim(measure) as measure,
    trim(aggregation) as aggregation,
    trim(entity) as entity,
    nullif(trim(aliases), '') as aliases,
    nullif(trim(note), '') as note
from {{ ref('indicators') }}
