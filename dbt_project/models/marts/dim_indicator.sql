-- One row per indicator: the catalog (code, zh/en names, unit, measure, aggregation, entity, aliases), plus
-- each subject the observations use that the catalog does not know, keyed "subject:<normalised subject>".
with catalogued as (
    select
        indicator_code as indicator_key,
        indicator_code,
        name_zh,
        name_en,
        unit,
        measure,
        aggregation,
        entity,
        aliases,
        note,
        true as is_catalogued
    from {{ ref('stg_catalog__indicators') }}
),

wordings as (
    select indicator_key, subject, count(*) as n
    from {{ ref('fct_observation') }}
    where indicator_key not in (select indicator_key from catalogued)
    group by indicator_key, subject
),

uncatalogued as (
    -- ordered aggregates: the same facts build the same row, so an incremental build that changed nothing
    -- changes nothing
    select
        indicator_key,
        null as indicator_code,
        -- the most frequent raw wording names the series (ties: the first in order)
        first(subject order by n desc, subject) as name_zh,
        null as name_en,
        null as unit,
        null as measure,
        null as aggregation,
        null as entity,
        string_agg(subject, '|' order by subject) as aliases,
        null as note,
        false as is_catalogued
    from wordings
    group by indicator_key
),

all_indicators as (
    select * from catalogued
    union all by name
    select * from uncatalogued
)

select
    cast(indicator_key as varchar) as indicator_key,
    cast(indicator_code as varchar) as indicator_code,
    cast(coalesce(name_zh, '指标不详') as varchar) as name_zh,
    cast(name_en as varchar) as name_en,
    cast(unit as varchar) as unit,
    cast(measure as varchar) as measure,
    cast(aggregation as varchar) as aggregation,
    cast(entity as varchar) as entity,
    cast(aliases as varchar) as aliases,
    cast(note as varchar) as note,
    cast(is_catalogued as boolean) as is_catalogued
from all_indicators
