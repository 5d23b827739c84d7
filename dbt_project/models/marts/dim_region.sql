-- One row per place the facts name: catalogued places by code, others by their raw name ("name:…") so no
-- statement is dropped for want of a catalog entry.
with named as (
    select distinct region_key, region_code, region_name
    from {{ ref('int_observations') }}
)

select
    cast(region_key as varchar) as region_key,
    cast(region_code as varchar) as region_code,
    cast(any_value(region_name) as varchar) as name_zh,
    cast(region_code is not null as boolean) as is_catalogued
from named
group by region_key, region_code
