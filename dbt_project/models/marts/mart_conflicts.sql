{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook=["{{ delete_changed_rows() }}"],
    )
}}
-- depends_on: {{ ref('int_changed_series') }}
-- Pairs of statements that should agree and do not, with both values and sources, the difference and a verdict.
-- Only like is compared with like: the same series (indicator, measure, basis, unit family, chain, enterprise,
-- scope), region, status and period. Two flows over different spans (一季度 vs 1—5月) are not a pair; a target
-- against an actual is progress (mart_plan_progress), never a pair; a project's, a capacity's or an unnamed
-- firm's figure (scope) is never paired with the region's or with another project's. Verdicts:
--   real conflict     the same period, and the values cannot both be true (2800 vs 2100 亿元 for 2025);
--   different dates   two readings of a stock at consecutive dates of one year (2001 家 in 2024H1, 2013 家 at
--                     the end of 2024; the earlier date is a), or one published before its period ended against
--                     one after (1796 家 in October 2020, 1783 家 for the end of 2020): shown, not a conflict;
--   different wording the same industry and period sized by two measures (新能源及新能源汽车 2025: 营业收入 800 亿元
--                     vs 产业规模 > 1000 亿元) whose values cannot both hold if they meant the same: flagged;
--   consistent        a bound and a value (or two bounds) that the other satisfies (≥ 1/3 and 38.5 %);
--   rounding          two values equal once the rounding of the stated digits is allowed for (4.75 and 4.8);
--   revision          two vintages of one release (the later one revises);
--   same sentence     one sentence states both: most likely an enumeration (分别 9%、13.5%) the extractor gave one
--                     subject — a question for extraction, not a conflict.
-- A claim a document states twice (核心阅读 and body text) is one statement; evidence_spans_* keep every span.
-- Sources restating the same value are one statement (represented by its earliest source, counted in
-- source_count_*), so the pairs grow with the number of distinct values, not with the number of restatements.
-- Pairs never cross a region, and cross a series only for `different wording` (series_key_b), so the mart is
-- incremental by series and region: a build recomputes the pairs of the series its documents touch.
{%- set size_indicators = "('operating_revenue', 'industry_scale', 'output_value')" %}
{#- the region's figures, or a named firm's: an unnamed project's or firm's figure has nothing like it. Each use
    reads int_sourced_observations with this filter and its own, not a shared CTE of every row: DuckDB materialised
    that CTE (every column of every observation) on each build, the slowest step of an incremental one -#}
{%- set comparable = "(scope = 'region' or enterprise_key is not null) and not is_repeated_claim" %}
{%- set size_statement = "is_latest_vintage and chain_key is not null and measure = 'level' and indicator_key in "
    ~ size_indicators %}
with changed as (
    -- only the columns that find the pairs (their windows and joins hold every statement of the changed series);
    -- pair_rows reads the details of the few statements that pair
    select
        observation_id, document_id, release_key, vintage_number, is_latest_vintage, is_repeated_claim, published_on,
        series_key, region_key, status, period_key, period_end, value_signed, comparator, measure,
        indicator_aggregation, unit_family, chain_key, indicator_key, scope, enterprise_key
    from {{ changed_only(ref('int_sourced_observations'), ['series_key', 'region_key'], 'int_changed_series') }}
    where scope = 'region' or enterprise_key is not null
),

claims as (
    select * from changed where not is_repeated_claim
),

-- across releases: current vintages, one row per distinct statement of a value
statements as (
    select
        *,
        count(distinct document_id) over (
            partition by series_key, region_key, status, period_key, value_signed, comparator
        ) as source_count,
        -- a stock (a count, a balance) can be read at any date; a flow or a rate belongs to its span
        measure = 'level' and status = 'actual'
            and coalesce(indicator_aggregation, case when unit_family = 'count' then 'last' else 'sum' end) = 'last'
            as is_stock
    from claims
    where is_latest_vintage
    qualify row_number() over (
        partition by series_key, region_key, status, period_key, value_signed, comparator
        order by published_on, observation_id
    ) = 1
),

-- the dates at which a stock was read in a year, each with the next one: readings pair with the next date only,
-- so a count reported every month adds one pair a month, not one per two months of the year
stock_dates as (
    select
        *,
        lead(period_end) over (
            partition by series_key, region_key, status, year(period_end) order by period_end
        ) as next_period_end
    from (select distinct series_key, region_key, status, period_end from statements where is_stock)
),

statement_pairs as (
    -- the same period: each pair once, the earlier source first
    select
        a.observation_id as id_a, b.observation_id as id_b, a.source_count as count_a, b.source_count as count_b,
        false as is_wording_pair
    from statements as a
    inner join statements as b
        on a.series_key = b.series_key
        and a.region_key = b.region_key
        and a.status = b.status
        and a.period_key = b.period_key
        and (a.published_on < b.published_on
            or (a.published_on = b.published_on and a.observation_id < b.observation_id))
    where a.value_signed <> b.value_signed
    union all
    -- a stock at two consecutive dates of one year: the earlier date first
    select a.observation_id, b.observation_id, a.source_count, b.source_count, false
    from statements as a
    inner join stock_dates as d
        on d.series_key = a.series_key
        and d.region_key = a.region_key
        and d.status = a.status
        and d.period_end = a.period_end
    inner join statements as b
        on b.series_key = a.series_key
        and b.region_key = a.region_key
        and b.status = a.status
        and b.period_end = d.next_period_end
    where a.is_stock and b.is_stock and a.value_signed <> b.value_signed
),

-- within a release: every vintage against every later one that changed the value
revision_pairs as (
    select a.observation_id as id_a, b.observation_id as id_b, 1 as count_a, 1 as count_b, false as is_wording_pair
    from claims as a
    inner join claims as b
        on a.release_key = b.release_key
        and a.series_key = b.series_key
        and a.region_key = b.region_key
        and a.status = b.status
        and a.period_key = b.period_key
        and a.vintage_number < b.vintage_number
    where a.value_signed <> b.value_signed
),

-- one industry and period sized by two measures (营业收入, 产业规模, 产值) that cannot both hold as one figure
size_statements as (
    select
        observation_id, series_key, region_key, chain_key, status, period_key, unit_family, indicator_key,
        consistent_low, consistent_high
    from {{ ref('int_sourced_observations') }}
    where {{ comparable }} and {{ size_statement }}
    {%- if is_incremental() %}
        -- a pair with a side in a changed series shares that side's chain and region: only those are read
        and (chain_key, region_key) in (
            select chain_key, region_key from changed where {{ comparable }} and {{ size_statement }})
    {%- endif %}
),

wording_pairs as (
    select a.observation_id as id_a, b.observation_id as id_b, 1 as count_a, 1 as count_b, true as is_wording_pair
    from size_statements as a
    inner join size_statements as b
        on a.chain_key = b.chain_key
        and a.region_key = b.region_key
        and a.status = b.status
        and a.period_key = b.period_key
        and a.unit_family = b.unit_family
        and a.indicator_key < b.indicator_key
    where (a.consistent_high < b.consistent_low or b.consistent_high < a.consistent_low)
    {%- if is_incremental() %}
        -- one key column each: DuckDB does not take a multi-column IN under an OR
        and (a.series_key || ' @ ' || a.region_key in (
                select series_key || ' @ ' || region_key from {{ ref('int_changed_series') }})
            or b.series_key || ' @ ' || b.region_key in (
                select series_key || ' @ ' || region_key from {{ ref('int_changed_series') }}))
    {%- endif %}
),

pair_ids as (
    select * from statement_pairs
    union all
    select * from revision_pairs
    union all
    select * from wording_pairs
),

-- the statements of the pairs (a different-wording pair's other side may lie in a series this build did not
-- touch, hence all comparable observations, filtered to the pairs' ids)
pair_rows as (
    select *
    from {{ ref('int_sourced_observations') }}
    where {{ comparable }}
        and observation_id in (select id_a from pair_ids union all select id_b from pair_ids)
),

-- every span at which a document states the claim of a pair's statement (核心阅读 and body text)
claim_spans as (
    select claim_key, string_agg(char_start || '–' || char_end, '; ' order by char_start) as evidence_spans
    from {{ ref('int_sourced_observations') }}
    where claim_key in (select claim_key from pair_rows)
    group by claim_key
),

pairs as (
    select
        a.series_key,
        b.series_key as series_key_b,
        a.region_key,
        a.status,
        a.observation_id as observation_id_a,
        b.observation_id as observation_id_b,
        a.period_key as period_key_a,
        b.period_key as period_key_b,
        a.value_signed as value_a,
        b.value_signed as value_b,
        {{ stated_value('a.value', 'a.value_high', 'a.unit', 'a.comparator', 'a.direction') }} as stated_a,
        {{ stated_value('b.value', 'b.value_high', 'b.unit', 'b.comparator', 'b.direction') }} as stated_b,
        a.comparator as comparator_a,
        b.comparator as comparator_b,
        a.unit_normalised,
        a.subject as subject_a,
        b.subject as subject_b,
        a.region_name,
        a.indicator_key,
        b.indicator_key as indicator_key_b,
        a.chain_name,
        a.measure,
        a.document_id as document_id_a,
        b.document_id as document_id_b,
        a.publisher as publisher_a,
        b.publisher as publisher_b,
        a.title as title_a,
        b.title as title_b,
        a.published_on as published_on_a,
        b.published_on as published_on_b,
        a.evidence_text as evidence_a,
        b.evidence_text as evidence_b,
        sa.evidence_spans as evidence_spans_a,
        sb.evidence_spans as evidence_spans_b,
        a.sentence as sentence_a,
        b.sentence as sentence_b,
        a.origin as origin_a,
        b.origin as origin_b,
        abs(a.value_signed - b.value_signed) as absolute_difference,
        -- 0–1 for values of one sign; up to 2 for opposite signs (−3.0 vs 11.7 → 1.26), which the pair keeps
        abs(a.value_signed - b.value_signed)
            / nullif(greatest(abs(a.value_signed), abs(b.value_signed)), 0) as relative_difference,
        p.is_wording_pair,
        a.release_key = b.release_key and a.document_id <> b.document_id as is_revision,
        a.document_id = b.document_id and a.sentence_start = b.sentence_start and a.origin = 'text'
            and b.origin = 'text' as is_same_sentence,
        a.consistent_low <= b.consistent_high and b.consistent_low <= a.consistent_high as is_consistent,
        a.comparator not in ('=', '~') or b.comparator not in ('=', '~') as has_bound,
        a.period_end <> b.period_end as is_other_date,
        a.is_period_open_at_publication as open_a,
        b.is_period_open_at_publication as open_b,
        p.count_a as source_count_a,
        p.count_b as source_count_b
    from pair_ids as p
    inner join pair_rows as a on a.observation_id = p.id_a
    inner join pair_rows as b on b.observation_id = p.id_b
    left join claim_spans as sa on sa.claim_key = a.claim_key
    left join claim_spans as sb on sb.claim_key = b.claim_key
),

verdicts as (
    select
        *,
        case
            when is_wording_pair then 'different wording'
            when is_revision then 'revision'
            when is_same_sentence then 'same sentence'
            when is_other_date then 'different dates'
            when status = 'actual' and open_a <> open_b then 'different dates'
            when is_consistent and has_bound then 'consistent'
            when is_consistent then 'rounding'
            else 'real conflict'
        end as verdict
    from pairs
)

select
    cast(observation_id_a || '~' || observation_id_b as varchar) as conflict_id,
    cast(verdict as varchar) as verdict,
    cast(case verdict
        when 'different wording' then format('{} {} and {} {} for {} {}: the same industry and period, two measures '
            || 'of its size that cannot both hold if they meant one figure', subject_a, stated_a, subject_b,
            stated_b, chain_name, period_key_a)
        when 'revision' then format('vintage of {} revises the one of {}', published_on_b, published_on_a)
        when 'same sentence' then 'one sentence states both (an enumeration such as 分别 … 、…?): '
            || 'check the extraction before reading it as a conflict'
        when 'different dates' then case
            when is_other_date then format('two readings of a stock: {} for {} and {} for {}', stated_a, period_key_a,
                stated_b, period_key_b)
            when open_a then format('{} was published on {}, before {} ended; {} is the figure for the whole period',
                stated_a, published_on_a, period_key_a, stated_b)
            else format('{} was published on {}, before {} ended; {} is the figure for the whole period',
                stated_b, published_on_b, period_key_b, stated_a)
        end
        when 'consistent' then format('{} and {} can both hold: the bound is satisfied', stated_a, stated_b)
        when 'rounding' then format('{} and {} agree within the rounding of their stated digits', stated_a, stated_b)
        else case when status = 'target'
            then format('the {} target is stated as {} and as {}', period_key_a, stated_a, stated_b)
            else format('{} vs {} for the same period {}', stated_a, stated_b, period_key_a)
        end
    end as varchar) as verdict_reason,
    cast(series_key as varchar) as series_key,
    cast(series_key_b as varchar) as series_key_b,
    cast(indicator_key as varchar) as indicator_key,
    cast(indicator_key_b as varchar) as indicator_key_b,
    cast(region_key as varchar) as region_key,
    cast(region_name as varchar) as region_name,
    cast(status as varchar) as status,
    cast(measure as varchar) as measure,
    cast(unit_normalised as varchar) as unit_normalised,
    cast(period_key_a as varchar) as period_key_a,
    cast(period_key_b as varchar) as period_key_b,
    cast(value_a as double) as value_a,
    cast(value_b as double) as value_b,
    cast(absolute_difference as double) as absolute_difference,
    cast(relative_difference as double) as relative_difference,
    cast(stated_a as varchar) as stated_a,
    cast(stated_b as varchar) as stated_b,
    cast(comparator_a as varchar) as comparator_a,
    cast(comparator_b as varchar) as comparator_b,
    cast(subject_a as varchar) as subject_a,
    cast(subject_b as varchar) as subject_b,
    cast(observation_id_a as varchar) as observation_id_a,
    cast(observation_id_b as varchar) as observation_id_b,
    cast(document_id_a as varchar) as document_id_a,
    cast(document_id_b as varchar) as document_id_b,
    cast(publisher_a as varchar) as publisher_a,
    cast(publisher_b as varchar) as publisher_b,
    cast(source_count_a as integer) as source_count_a,
    cast(source_count_b as integer) as source_count_b,
    cast(title_a as varchar) as title_a,
    cast(title_b as varchar) as title_b,
    cast(published_on_a as date) as published_on_a,
    cast(published_on_b as date) as published_on_b,
    cast(origin_a as varchar) as origin_a,
    cast(origin_b as varchar) as origin_b,
    cast(evidence_a as varchar) as evidence_a,
    cast(evidence_b as varchar) as evidence_b,
    cast(evidence_spans_a as varchar) as evidence_spans_a,
    cast(evidence_spans_b as varchar) as evidence_spans_b,
    cast(sentence_a as varchar) as sentence_a,
    cast(sentence_b as varchar) as sentence_b
from verdicts
