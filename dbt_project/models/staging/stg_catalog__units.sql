-- The unit catalog: each stated unit with its family and its factor to the family's base unit
-- (亿元 → 元 × 1e8; % and 百分点 are different families and never convert into each other).
select
    trim(unit) as unit,
    trim(family) as unit_family,
    cast(factor_to_base as double) as factor_to_base,
    trim(base_unit) as base_unit,
    nullif(trim(name_en), '') as name_en
from {{ ref('units') }}
