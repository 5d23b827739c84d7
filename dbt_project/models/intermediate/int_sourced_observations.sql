{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        pre_hook=["{{ delete_changed_rows([{'columns': ['document_id'], 'changes': 'int_changed_documents'}]) }}"],
    )
}}
-- depends_on: {{ ref('int_changed_documents') }}
-- Observations with their source and period grain, and the interval each statement allows on the signed scale:
-- the value widened by its rounding tolerance (and 5% for 约/左右), open-ended for 突破/以上. Two statements are
-- consistent when their intervals overlap. `is_repeated_claim` marks a document stating the same value for the
-- same series, region, status and year again (核心阅读 and body text, even when one dates it to the year and the
-- other to the day of writing): one claim, not two; `claim_key` names the claim, so a mart can gather its spans.
-- Every row depends on its own document only (its statements, its vintage), so the table is incremental by
-- document: an incremental build recomputes the rows of int_changed_documents (changed documents and the other
-- vintages of their releases).
with observations as (
    select
        o.*,
        s.publisher,
        s.title,
        s.doc_type,
        s.is_latest_vintage,
        s.vintage_number,
        s.valid_from,
        s.valid_to,
        t.grain as period_grain
    from {{ changed_only(ref('fct_observation'), ['document_id'], 'int_changed_documents') }} as o
    inner join {{ ref('dim_source') }} as s using (document_id)
    inner join {{ ref('dim_time') }} as t using (period_key)
),

widened as (
    select
        *,
        rounding_tolerance + case when comparator = '~' then 0.05 * abs(value_normalised) else 0 end as slack,
        -- bounds on the signed scale: a decline flips them
        case when direction = 'down' then -upper_bound else lower_bound end as signed_low,
        case when direction = 'down' then -lower_bound else upper_bound end as signed_high
    from observations
)

select
    * exclude (signed_low, signed_high),
    coalesce(signed_low, '-infinity'::double) - slack as consistent_low,
    coalesce(signed_high, 'infinity'::double) + slack as consistent_high,
    row_number() over (
        partition by document_id, series_key, region_key, year(period_end), status, value_signed
        order by char_start, observation_id
    ) > 1 as is_repeated_claim,
    md5(concat_ws('|', document_id, series_key, region_key, year(period_end), status, value_signed)) as claim_key
from widened
