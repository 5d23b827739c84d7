{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook=["{{ delete_changed_rows() }}"],
    )
}}
-- depends_on: {{ ref('int_changed_series') }}
-- "What is the latest value of X and who said it": one row per series and region — the actual with the latest
-- period (then the latest publication, then the highest confidence), current vintages only — with its source,
-- how many sources and distinct claims report the series, and whether its period was still open when it was
-- published (a figure to date). Only the region's own figures: a project's expected output, a capacity or a
-- figure about one unnamed firm (scope) never stands for the region; named firms have their own series.
-- Incremental by series and region (int_changed_series), and by uncatalogued indicator: the name of an uncatalogued
-- indicator (dim_indicator) is the most frequent wording of all its statements, which any new statement can change.
{#- only the columns that rank the statements: the window holds every statement of the changed series, and the
    winners' details are read by id afterwards (ranked_in_full) -#}
{%- set ranking_columns = 'observation_id, document_id, claim_key, series_key, region_key, status, is_latest_vintage, '
    ~ 'period_key, period_end, published_on, confidence, scope, enterprise_key, char_start, char_end' %}
with observations as (
    {%- if is_incremental() %}
    -- the rows of meta.rows_written (_marts.yml) as two disjoint selections, each a plain semi-join on a few keys that
    -- DuckDB pushes into the scan (the two predicates or-ed together made it read every column of every row)
    select {{ ranking_columns }} from {{ ref('int_sourced_observations') }}
    where (series_key, region_key) in (select series_key, region_key from {{ ref('int_changed_series') }})
    union all
    select {{ ranking_columns }} from {{ ref('int_sourced_observations') }}
    where indicator_key in (
            select c.indicator_key
            from {{ ref('int_changed_series') }} as c
            inner join {{ ref('dim_indicator') }} as i using (indicator_key)
            where not i.is_catalogued
        )
        and (series_key, region_key) not in (select series_key, region_key from {{ ref('int_changed_series') }})
    {%- else %}
    select {{ ranking_columns }} from {{ ref('int_sourced_observations') }}
    {%- endif %}
),

actuals as (
    select *
    from observations
    where status = 'actual' and is_latest_vintage and period_key <> 'unknown'
        and (scope = 'region' or enterprise_key is not null)
),

-- the counts by aggregation, not as distinct counts over a window (DuckDB's slowest operator here)
counts as (
    select
        series_key,
        region_key,
        count(distinct document_id) as source_count,
        count(distinct claim_key) as observation_count
    from actuals
    group by series_key, region_key
),

ranked as (
    select a.*, c.source_count, c.observation_count
    from actuals as a
    inner join counts as c using (series_key, region_key)
    qualify row_number() over (
        partition by a.series_key, a.region_key
        order by a.period_end desc, a.published_on desc, a.confidence desc, a.observation_id
    ) = 1
),

-- every span at which a document states the winning claim (核心阅读 and body text)
claim_spans as (
    select claim_key, string_agg(char_start || '–' || char_end, '; ' order by char_start) as evidence_spans
    from actuals
    where claim_key in (select claim_key from ranked)
    group by claim_key
),

ranked_in_full as (
    select o.*, r.source_count, r.observation_count
    from ranked as r
    inner join {{ ref('int_sourced_observations') }} as o using (observation_id)
)

select
    cast(r.series_key || ' @ ' || r.region_key as varchar) as series_region_key,
    cast(r.series_key as varchar) as series_key,
    cast(r.indicator_key as varchar) as indicator_key,
    cast(i.name_zh as varchar) as indicator_name_zh,
    cast(i.name_en as varchar) as indicator_name_en,
    cast(r.subject as varchar) as subject,
    cast(r.chain_key as varchar) as chain_key,
    cast(r.chain_name as varchar) as chain_name,
    cast(r.enterprise_key as varchar) as enterprise_key,
    cast(r.enterprise_name as varchar) as enterprise_name,
    cast(r.region_key as varchar) as region_key,
    cast(r.region_name as varchar) as region_name,
    cast(r.measure as varchar) as measure,
    cast(r.period_key as varchar) as period_key,
    cast(t.label_zh as varchar) as period_label_zh,
    cast(r.period_start as date) as period_start,
    cast(r.period_end as date) as period_end,
    cast(r.value_signed as double) as value_normalised,
    cast(r.unit_normalised as varchar) as unit_normalised,
    cast({{ stated_value('r.value', 'r.value_high', 'r.unit', 'r.comparator', 'r.direction') }} as varchar) as stated,
    cast(r.is_period_open_at_publication as boolean) as is_period_open_at_publication,
    cast(case
        when r.is_period_open_at_publication
            then format('{} to date: published {}, before the period ended', r.period_key, r.published_on)
        else r.period_key
    end as varchar) as period_note,
    cast(r.observation_id as varchar) as observation_id,
    cast(r.document_id as varchar) as document_id,
    cast(r.publisher as varchar) as publisher,
    cast(r.title as varchar) as title,
    cast(r.published_on as date) as published_on,
    cast(r.evidence_text as varchar) as evidence_text,
    cast(cs.evidence_spans as varchar) as evidence_spans,
    cast(r.sentence as varchar) as sentence,
    cast(r.source_count as integer) as source_count,
    cast(r.observation_count as integer) as observation_count
from ranked_in_full as r
left join claim_spans as cs using (claim_key)
left join {{ ref('dim_indicator') }} as i using (indicator_key)
left join {{ ref('dim_time') }} as t using (period_key)
