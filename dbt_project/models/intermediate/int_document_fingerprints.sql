-- depends_on: {{ ref('int_observations') }}
-- One hash per document over everything its observations are derived from: its facts after the reviewed
-- corrections (a re-extraction or a changed decision changes it; a withdrawn document has none, and its
-- withdrawal date counts), the catalogs that resolve codes (a catalog edit changes every document's hash) and the
-- logic itself — the SQL DuckDB stores for the views fct_observation reads (macros expanded) and the fact model's
-- own file — so a changed rule reprocesses everything without anyone remembering `--full-refresh`.
-- fct_observation reprocesses exactly the documents whose hash differs from the one it stored.
{%- set fact_model = graph.nodes.get('model.mfgstats.fct_observation') if execute else none %}
{%- set logic_views = ['int_observations', 'int_corrected_facts', 'int_facts_with_corrections', 'stg_raw__facts',
    'stg_raw__documents', 'stg_catalog__units', 'stg_catalog__indicators', 'stg_catalog__region_names',
    'stg_catalog__chain_names', 'stg_catalog__enterprise_names', 'stg_catalog__indicator_names'] %}
with fact_hashes as (
    -- order-independent (xor of row hashes; fact ids are unique, so no two rows cancel) and without sorting
    select
        document_id,
        count(*) || ':' || bit_xor(hash(f)) as facts_hash
    from {{ ref('int_corrected_facts') }} as f
    group by document_id
),

catalog_hash as (
    select md5(string_agg(row_hash, ',' order by row_hash)) as catalog_hash
    from (
        {%- for catalog in ['regions', 'indicators', 'chains', 'enterprises', 'units', 'statement_cues'] %}
        select md5('{{ catalog }}' || cast(c as varchar)) as row_hash from {{ ref(catalog) }} as c
        union all
        {%- endfor %}
        select md5(cast(p as varchar)) from {{ ref('int_five_year_plans') }} as p
    )
),

logic_hash as (
    -- without double quotes: DuckDB prints a view's SQL as CAST(x AS "DOUBLE") in the session that created it and
    -- as CAST(x AS DOUBLE) after reopening the file, and an incremental build does not recreate the views
    select md5(
        '{{ fact_model.checksum.checksum if fact_model else "" }}'
        || string_agg(replace(sql, '"', ''), chr(10) order by schema_name, view_name)
    ) as logic_hash
    from duckdb_views()
    where database_name = current_database()
        and view_name in ('{{ logic_views | join("', '") }}')
)

select
    d.document_id,
    md5(concat_ws('|', d.document_id, d.release_key, d.published_on, d.region_name, h.facts_hash, c.catalog_hash,
        l.logic_hash, w.withdrawn_on)) as fingerprint
from {{ ref('stg_raw__documents') }} as d
left join fact_hashes as h using (document_id)
left join {{ ref('int_document_withdrawals') }} as w using (document_id)
cross join catalog_hash as c
cross join logic_hash as l
