-- One hash per document over everything its observations are derived from: its facts as loaded (a re-extraction
-- changes it) and the catalogs that resolve codes (a catalog edit changes every document's hash).
-- fct_observation reprocesses exactly the documents whose hash differs from the one it stored.
with fact_hashes as (
    -- order-independent (xor of row hashes; fact ids are unique, so no two rows cancel) and without sorting
    select
        document_id,
        count(*) || ':' || bit_xor(hash(f)) as facts_hash
    from {{ source('raw', 'facts') }} as f
    group by document_id
),

catalog_hash as (
    select md5(string_agg(row_hash, ',' order by row_hash)) as catalog_hash
    from (
        {%- for catalog in ['regions', 'indicators', 'chains', 'enterprises', 'units'] %}
        select md5('{{ catalog }}' || cast(c as varchar)) as row_hash from {{ ref(catalog) }} as c
        union all
        {%- endfor %}
        select md5(cast(p as varchar)) from {{ ref('int_five_year_plans') }} as p
    )
)

select
    d.document_id,
    md5(concat_ws('|', d.document_id, d.release_key, d.published_on, d.region_name, h.facts_hash, c.catalog_hash))
        as fingerprint
from {{ ref('stg_raw__documents') }} as d
left join fact_hashes as h using (document_id)
cross join catalog_hash as c
