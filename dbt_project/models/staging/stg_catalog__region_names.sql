-- Every name a current place goes by (zh name and aliases), for resolving the raw region phrases of facts. Places
-- share names (鼓楼区 in four cities, the short name 通州 in two): a name that its canonical owner alone does not settle
-- is left out, so a fact naming it stays `name:<raw name>` rather than land in the wrong place. The extractor
-- resolves such names by the document's place before dbt sees them. A former unit (偃师市, valid_to_year set) is
-- found through its successor's aliases.
with entries as (
    select cast(region_code as varchar) as code, name_zh, aliases
    from {{ ref('regions') }}
    where valid_to_year is null
),

names as (
    select code, name_zh as name, true as is_canonical from entries
    union all
    select code, alias, false
    from entries, unnest(string_split(coalesce(aliases, ''), '|')) as a(alias)
),

keyed as (
    select distinct code, {{ normalise_label('name') }} as name_key, is_canonical
    from names
    where trim(name) <> ''
),

owners as (
    select
        name_key,
        count(distinct code) filter (where is_canonical) as canonical_owners,
        count(distinct code) as owners
    from keyed
    group by name_key
)

select k.name_key, k.code, k.is_canonical, false as is_ambiguous
from keyed as k
inner join owners as o using (name_key)
where o.owners = 1 or (o.canonical_owners = 1 and k.is_canonical)
qualify row_number() over (partition by k.name_key order by k.is_canonical desc) = 1
