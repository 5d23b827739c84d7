{#- Documents numbered as vintages of their release (the body of int_source_vintages; see there). `documents`: the
    documents to number, a relation or a parenthesised query; whole releases only (the numbering of a vintage
    depends on every document of its release). -#}
{% macro source_vintages(documents) -%}
with documents as (
    select * from {{ documents }}
),

ordered as (
    select
        *,
        row_number() over (
            partition by release_key order by published_on, ingested_at, document_id
        ) as vintage_number,
        count(*) over (partition by release_key) as vintage_count
    from documents
)

select
    *,
    published_on as valid_from,
    -- exclusive end; null while this vintage is the latest one
    lead(published_on) over (partition by release_key order by vintage_number) as valid_to,
    vintage_number = vintage_count as is_latest_vintage
from ordered
{%- endmacro %}
