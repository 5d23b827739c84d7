-- One row per chain, industry, cluster or 风口 field: the catalog with its hierarchy (5 clusters → industries
-- → 优势产业链 / fields), plus each chain phrase the observations use that the catalog does not know.
with catalogued as (
    select
        c.chain_code as chain_key,
        c.chain_code,
        c.name_zh,
        c.name_en,
        c.chain_level,
        c.parent_code,
        p.name_zh as parent_name_zh,
        h.depth,
        h.path_zh,
        h.top_code,
        h.top_name_zh,
        c.aliases,
        true as is_catalogued
    from {{ ref('stg_catalog__chains') }} as c
    left join {{ ref('stg_catalog__chains') }} as p on p.chain_code = c.parent_code
    left join {{ ref('int_chain_hierarchy') }} as h on h.chain_code = c.chain_code
),

uncatalogued as (
    select distinct
        chain_key,
        null as chain_code,
        chain_name as name_zh,
        null as name_en,
        'uncatalogued' as chain_level,
        null as parent_code,
        null as parent_name_zh,
        null as depth,
        chain_name as path_zh,
        null as top_code,
        null as top_name_zh,
        null as aliases,
        false as is_catalogued
    from {{ ref('fct_observation') }}
    where chain_key is not null and chain_key not in (select chain_key from catalogued)
),

all_chains as (
    select * from catalogued
    union all by name
    select * from uncatalogued
)

select
    cast(chain_key as varchar) as chain_key,
    cast(chain_code as varchar) as chain_code,
    cast(name_zh as varchar) as name_zh,
    cast(name_en as varchar) as name_en,
    cast(chain_level as varchar) as chain_level,
    cast(parent_code as varchar) as parent_code,
    cast(parent_name_zh as varchar) as parent_name_zh,
    cast(depth as integer) as depth,
    cast(path_zh as varchar) as path_zh,
    cast(top_code as varchar) as top_code,
    cast(top_name_zh as varchar) as top_name_zh,
    cast(aliases as varchar) as aliases,
    cast(is_catalogued as boolean) as is_catalogued
from all_chains
