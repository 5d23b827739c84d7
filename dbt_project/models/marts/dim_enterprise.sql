-- One row per enterprise: the catalog (names, aliases, chain, seat) plus each enterprise name the observations
-- use that the catalog does not know.
with catalogued as (
    select
        e.enterprise_code as enterprise_key,
        e.enterprise_code,
        e.name_zh,
        e.name_en,
        e.aliases,
        e.chain_code,
        c.name_zh as chain_name_zh,
        e.region_code,
        r.name_zh as region_name_zh,
        true as is_catalogued
    from {{ ref('stg_catalog__enterprises') }} as e
    left join {{ ref('stg_catalog__chains') }} as c on c.chain_code = e.chain_code
    left join {{ ref('stg_catalog__regions') }} as r on r.region_code = e.region_code
),

uncatalogued as (
    select distinct
        enterprise_key,
        null as enterprise_code,
        enterprise_name as name_zh,
        null as name_en,
        null as aliases,
        null as chain_code,
        null as chain_name_zh,
        null as region_code,
        null as region_name_zh,
        false as is_catalogued
    from {{ ref('fct_observation') }}
    where enterprise_key is not null and enterprise_key not in (select enterprise_key from catalogued)
),

all_enterprises as (
    select * from catalogued
    union all by name
    select * from uncatalogued
)

select
    cast(enterprise_key as varchar) as enterprise_key,
    cast(enterprise_code as varchar) as enterprise_code,
    cast(name_zh as varchar) as name_zh,
    cast(name_en as varchar) as name_en,
    cast(aliases as varchar) as aliases,
    cast(chain_code as varchar) as chain_code,
    cast(chain_name_zh as varchar) as chain_name_zh,
    cast(region_code as varchar) as region_code,
    cast(region_name_zh as varchar) as region_name_zh,
    cast(is_catalogued as boolean) as is_catalogued
from all_enterprises
