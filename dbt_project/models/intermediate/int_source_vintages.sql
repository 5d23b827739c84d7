-- Documents as vintages of their release (ALFRED-style real-time periods): vintage N of a release is what
-- was known from its publication until the next vintage of the same release appeared.
with documents as (
    select * from {{ ref('stg_raw__documents') }}
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
