{#- One row per name a catalog entry goes by — its zh name and each '|'-separated alias — keyed by the name
    after normalisation (`subject` → normalise_subject, else normalise_label), ready for lookups. A name that
    two entries claim resolves to the entry whose canonical name it is, else to the smallest code, and is flagged
    `is_ambiguous` (a warn-level test lists them for the catalog's owner). -#}
{% macro catalog_names(seed, code_column, normaliser='label') -%}
with entries as (
    select cast({{ code_column }} as varchar) as code, name_zh, aliases from {{ ref(seed) }}
),

names as (
    select code, name_zh as name, true as is_canonical from entries
    union all
    select code, alias, false
    from entries, unnest(string_split(coalesce(aliases, ''), '|')) as a(alias)
),

keyed as (
    select
        code,
        {% if normaliser == 'subject' %}{{ normalise_subject('name') }}{% else %}{{ normalise_label('name') }}{% endif %}
            as name_key,
        is_canonical
    from names
    where trim(name) <> ''
)

select
    name_key,
    code,
    is_canonical,
    count(distinct code) over (partition by name_key) > 1 as is_ambiguous
from keyed
qualify row_number() over (partition by name_key order by is_canonical desc, code) = 1
{%- endmacro %}
