-- Every stated value, resolved: keys for period, region, indicator, chain and enterprise; the value in its base
-- unit with bounds and rounding tolerance; the series it belongs to; and which fact table it is routed to.
-- Depends on a fact and its own document only, so fct_observation can append new documents incrementally.
with facts as (
    select * from {{ ref('stg_raw__facts') }}
),

documents as (
    select document_id, release_key, published_on, ingested_at, region_name from {{ ref('stg_raw__documents') }}
),

resolved as (
    select
        f.*,
        d.release_key,
        d.published_on,
        d.ingested_at,
        -- a statement that names no place speaks about the document's region
        coalesce(f.region_name, d.region_name) as resolved_region_name,
        f.region_name is null as region_inferred,
        {{ normalise_subject('f.subject') }} as subject_normalised,
        coalesce(f.value_base, f.value) as value_normalised,
        coalesce(f.value_high_base, f.value_high) as value_high_normalised,
        coalesce(f.base_unit, f.unit) as unit_normalised
    from facts as f
    inner join documents as d using (document_id)
),

keyed as (
    select
        *,
        coalesce(region_code, 'name:' || resolved_region_name, 'unknown') as region_key,
        coalesce(indicator_code, 'subject:' || nullif(subject_normalised, ''), 'unknown') as indicator_key,
        coalesce(chain_code, 'name:' || chain_name) as chain_key,
        coalesce(enterprise_code, 'name:' || enterprise_name) as enterprise_key,
        {{ period_key('period_start', 'period_end') }} as period_key,
        -- counts of enterprise categories (规上工业企业 1783 家, 专精特新 482 家) describe enterprises, not the economy
        enterprise_name is null
            and unit_normalised in ('家', '个')
            and measure in ('level', 'change')
            and regexp_matches(subject_normalised, '企业|公司|小巨人|专精特新|单项冠军|头雁') as is_enterprise_category_count
    from resolved
)

select
    fact_id as observation_id,
    document_id,
    release_key,
    published_on,
    ingested_at,
    file_path,
    char_start,
    char_end,
    evidence_text,
    sentence,
    sentence_start,
    origin,
    confidence,
    status,
    measure,
    basis,
    direction,
    comparator,
    value,
    value_high,
    unit,
    value_normalised,
    value_high_normalised,
    unit_normalised,
    -- growth and change stated as 下降 X carry direction 'down': the signed value is what compares
    case when direction = 'down' then -value_normalised else value_normalised end as value_signed,
    case when comparator in ('<', '<=') then null else value_normalised end as lower_bound,
    case
        when comparator = 'range' then value_high_normalised
        when comparator in ('>', '>=') then null
        else value_normalised
    end as upper_bound,
    0.5 * pow(10, -{{ stated_decimals('value') }})
        * coalesce(abs(value_normalised / nullif(value, 0)), 1) as rounding_tolerance,
    period_start,
    period_end,
    period_label,
    period_key,
    period_end is not null and published_on <= period_end as is_period_open_at_publication,
    resolved_region_name as region_name,
    region_code,
    region_key,
    region_inferred,
    subject,
    subject_normalised,
    indicator_code,
    indicator_key,
    chain_name,
    chain_code,
    chain_key,
    enterprise_name,
    enterprise_code,
    enterprise_key,
    is_enterprise_category_count,
    -- one series = what is measured, how, in which unit, for which chain or enterprise (region and period apart)
    concat_ws(' | ', indicator_key, measure, coalesce(basis, '-'), unit_normalised,
        coalesce(chain_key, '-'), coalesce(enterprise_key, '-')) as series_key,
    case
        when enterprise_key is not null or is_enterprise_category_count then 'enterprise'
        when chain_key is not null then 'chain'
        else 'indicator'
    end as fact_table
from keyed
