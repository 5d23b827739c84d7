-- One row per place: every catalogued region with its hierarchy — each province, prefecture and county of China,
-- the former units since 2010 with their validity and successor, zones and areas — plus each place the observations
-- name that the catalog does not know (keyed "name:<raw name>"), so no statement is dropped for want of an entry.
-- Validity comes in years (the package lists units at each year's end): [valid_from, valid_to) as dates spans
-- whole years, as dim_source's vintages do.
with catalogued as (
    select
        r.region_code as region_key,
        r.region_code,
        r.name_zh,
        r.name_en,
        r.region_level,
        r.parent_code,
        p.name_zh as parent_name_zh,
        h.depth,
        h.path_zh,
        h.province_code,
        h.province_name_zh,
        h.prefecture_code,
        h.prefecture_name_zh,
        r.aliases,
        make_date(r.valid_from_year, 1, 1) as valid_from,
        make_date(r.valid_to_year + 1, 1, 1) as valid_to,
        r.successor_code,
        r.is_current,
        true as is_catalogued
    from {{ ref('stg_catalog__regions') }} as r
    left join {{ ref('stg_catalog__regions') }} as p on p.region_code = r.parent_code
    left join {{ ref('int_region_hierarchy') }} as h on h.region_code = r.region_code
),

uncatalogued as (
    select distinct
        region_key,
        cast(null as varchar) as region_code,
        coalesce(region_name, '地区不详') as name_zh,
        cast(null as varchar) as name_en,
        'uncatalogued' as region_level,
        cast(null as varchar) as parent_code,
        cast(null as varchar) as parent_name_zh,
        cast(null as integer) as depth,
        coalesce(region_name, '地区不详') as path_zh,
        cast(null as varchar) as province_code,
        cast(null as varchar) as province_name_zh,
        cast(null as varchar) as prefecture_code,
        cast(null as varchar) as prefecture_name_zh,
        cast(null as varchar) as aliases,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to,
        cast(null as varchar) as successor_code,
        true as is_current,
        false as is_catalogued
    from {{ ref('fct_observation') }}
    where region_key not in (select region_key from catalogued)
)

select
    cast(region_key as varchar) as region_key,
    cast(region_code as varchar) as region_code,
    cast(name_zh as varchar) as name_zh,
    cast(name_en as varchar) as name_en,
    cast(region_level as varchar) as region_level,
    cast(parent_code as varchar) as parent_code,
    cast(parent_name_zh as varchar) as parent_name_zh,
    cast(depth as integer) as depth,
    cast(path_zh as varchar) as path_zh,
    cast(province_code as varchar) as province_code,
    cast(province_name_zh as varchar) as province_name_zh,
    cast(prefecture_code as varchar) as prefecture_code,
    cast(prefecture_name_zh as varchar) as prefecture_name_zh,
    cast(aliases as varchar) as aliases,
    cast(valid_from as date) as valid_from,
    cast(valid_to as date) as valid_to,
    cast(successor_code as varchar) as successor_code,
    cast(is_current as boolean) as is_current,
    cast(is_catalogued as boolean) as is_catalogued
from catalogued
union all
select * from uncatalogued
