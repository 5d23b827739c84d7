-- Each catalogued chain with its ancestors: depth, the zh path from its top (cluster or field), and that top.
with recursive chains as (
    select * from {{ ref('stg_catalog__chains') }}
),

walk as (
    select chain_code, chain_code as ancestor_code, 0 as distance
    from chains
    union all
    select w.chain_code, c.parent_code, w.distance + 1
    from walk as w
    inner join chains as c on c.chain_code = w.ancestor_code
    where c.parent_code is not null and w.distance < 10
)

select
    w.chain_code,
    max(w.distance) as depth,
    string_agg(a.name_zh, ' > ' order by w.distance desc) as path_zh,
    arg_max(a.chain_code, w.distance) as top_code,
    arg_max(a.name_zh, w.distance) as top_name_zh
from walk as w
inner join chains as a on a.chain_code = w.ancestor_code
group by w.chain_code
