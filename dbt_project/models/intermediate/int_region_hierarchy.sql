-- Each catalogued place with its ancestors: depth, the zh path from the top, and its province and prefecture.
with recursive regions as (
    select * from {{ ref('stg_catalog__regions') }}
),

walk as (
    select
        region_code,
        region_code as ancestor_code,
        0 as distance
    from regions
    union all
    select w.region_code, r.parent_code, w.distance + 1
    from walk as w
    inner join regions as r on r.region_code = w.ancestor_code
    where r.parent_code is not null and w.distance < 10
),

ancestors as (
    select w.region_code, w.distance, a.region_code as ancestor_code, a.name_zh, a.region_level
    from walk as w
    inner join regions as a on a.region_code = w.ancestor_code
)

select
    region_code,
    max(distance) as depth,
    string_agg(name_zh, ' > ' order by distance desc) as path_zh,
    max(case when region_level = 'province' then ancestor_code end) as province_code,
    max(case when region_level = 'province' then name_zh end) as province_name_zh,
    max(case when region_level = 'prefecture' then ancestor_code end) as prefecture_code,
    max(case when region_level = 'prefecture' then name_zh end) as prefecture_name_zh
from ancestors
group by region_code
