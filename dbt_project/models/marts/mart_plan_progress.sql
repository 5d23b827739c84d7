{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook=["{{ delete_changed_rows(['series_key', 'region_key'], 'int_changed_series') }}"],
    )
}}
-- depends_on: {{ ref('int_changed_series') }}
-- Every target (status = target), one row per statement, with:
--   * the other statements of the same target (same series, region, period) and whether they disagree —
--     制造业增加值 2025 is 2800 亿元 in the text and 2100 in Table 1 of the same plan;
--   * the baseline: the latest actual before the five-year plan the target belongs to, as known when the target
--     was published (ALFRED-style: the target's own document if it states one, else the latest publication up
--     to that day);
--   * the latest actual of the same series and region (current vintages), of a comparable period;
--   * progress = (latest − baseline) / (target − baseline) for levels and shares (latest / target without a
--     baseline), latest / target for rates; on track when a level has covered at least the share of the way that
--     time has (linear path), or a rate meets the target.
-- Everything is computed within one series and region, so the mart is incremental by both (int_changed_series).
with observations as (
    select *
    from {{ changed_only(ref('int_sourced_observations'), ['series_key', 'region_key'], 'int_changed_series') }}
),

plans as (
    select * from {{ ref('int_five_year_plans') }}
),

targets as (
    select
        o.*,
        -- the baseline lies before the plan period the target belongs to (2025 → before 2021)
        coalesce(p.plan_start, o.period_start) as baseline_before,
        p.plan_zh as target_plan_zh
    from observations as o
    left join plans as p on o.period_end between p.plan_start and p.plan_end
    where o.status = 'target'
),

actuals as (
    select *, {{ stated_value('value', 'value_high', 'unit', 'comparator') }} as stated
    from observations
    where status = 'actual'
),

-- Every series, region and period with an actual, and the day it first became known. Targets meet these
-- (a few dozen periods per series) rather than every restatement, so the cost grows with periods, not sources.
actual_periods as (
    select series_key, region_key, period_key, period_end, period_grain, min(valid_from) as first_known_on
    from actuals
    group by all
),

-- The best current statement of each series, region and period: the latest publication.
current_actuals as (
    select *
    from actuals
    where is_latest_vintage
    qualify row_number() over (
        partition by series_key, region_key, period_key
        order by published_on desc, confidence desc, observation_id
    ) = 1
),

-- One row per distinct value a target is stated with (a plan restated by many articles is one value).
target_values as (
    select
        series_key,
        region_key,
        period_key,
        value_signed,
        comparator,
        arg_min(
            {{ stated_value('value', 'value_high', 'unit', 'comparator') }}
                || ' (' || origin || ', ' || publisher || ' ' || published_on || ')',
            published_on
        ) as label,
        count(*) as statement_count,
        min(published_on) as first_published_on
    from targets
    group by all
),

-- Other statements of the same target (same series, region and period), by window: linear in the targets.
same_target as (
    select
        observation_id,
        count(*) over same_period - 1 as other_statement_count,
        max(consistent_low) over same_period > consistent_high
            or min(consistent_high) over same_period < consistent_low as has_conflicting_statements
    from targets
    window same_period as (partition by series_key, region_key, period_key)
),

other_values as (
    select
        t.observation_id,
        string_agg(
            v.label || case when v.statement_count > 1 then format(' and {} more', v.statement_count - 1) else '' end,
            '; ' order by v.first_published_on, v.label
        ) as other_statements
    from targets as t
    inner join target_values as v
        on v.series_key = t.series_key
        and v.region_key = t.region_key
        and v.period_key = t.period_key
        and not (v.value_signed = t.value_signed and v.comparator = t.comparator)
    group by t.observation_id
),

baseline_periods as (
    select t.observation_id, p.period_key as baseline_period_key, p.period_end as baseline_period_end
    from targets as t
    inner join actual_periods as p
        on p.series_key = t.series_key
        and p.region_key = t.region_key
        and p.period_end < t.baseline_before
        and p.first_known_on <= t.published_on
        and {{ comparable_period('p', 't') }}
    qualify row_number() over (
        partition by t.observation_id order by p.period_end desc, (p.period_grain = t.period_grain) desc, p.period_key
    ) = 1
),

baselines as (
    -- the statement of that period known on the day the target was published: the target's own document if it
    -- states one, else the latest publication up to that day (an ASOF join, so restatements cost no pairs)
    select
        bp.observation_id,
        coalesce(own.observation_id, known.observation_id) as baseline_observation_id,
        coalesce(own.value_signed, known.value_signed) as baseline_value,
        bp.baseline_period_key,
        bp.baseline_period_end,
        coalesce(own.publisher, known.publisher) as baseline_publisher
    from (
        select t.observation_id, t.document_id, t.series_key, t.region_key, t.published_on, bp.* exclude (observation_id)
        from targets as t
        inner join baseline_periods as bp using (observation_id)
    ) as bp
    left join (
        select * from actuals
        qualify row_number() over (
            partition by document_id, series_key, region_key, period_key order by confidence desc, observation_id
        ) = 1
    ) as own
        on own.document_id = bp.document_id
        and own.series_key = bp.series_key
        and own.region_key = bp.region_key
        and own.period_key = bp.baseline_period_key
    asof left join actuals as known
        on known.series_key = bp.series_key
        and known.region_key = bp.region_key
        and known.period_key = bp.baseline_period_key
        and known.published_on <= bp.published_on
),

latest as (
    select
        t.observation_id,
        a.observation_id as latest_observation_id,
        a.value_signed as latest_value,
        a.stated as latest_stated,
        a.period_key as latest_period_key,
        a.period_end as latest_period_end,
        a.is_period_open_at_publication as latest_period_was_open,
        a.publisher as latest_publisher,
        a.title as latest_title,
        a.published_on as latest_published_on,
        a.evidence_text as latest_evidence
    from targets as t
    left join baselines as b using (observation_id)
    inner join current_actuals as a
        on a.series_key = t.series_key
        and a.region_key = t.region_key
        and a.period_end <= t.period_end
        and a.period_end > coalesce(b.baseline_period_end, date '1900-01-01')
        and {{ comparable_period('a', 't') }}
    qualify row_number() over (
        partition by t.observation_id
        order by a.period_end desc, (a.period_grain = t.period_grain) desc, a.published_on desc, a.confidence desc,
            a.observation_id
    ) = 1
),

joined as (
    select
        t.*,
        s.other_statement_count,
        s.has_conflicting_statements,
        ov.other_statements,
        b.baseline_observation_id,
        b.baseline_value,
        b.baseline_period_key,
        b.baseline_period_end,
        b.baseline_publisher,
        l.latest_observation_id,
        l.latest_value,
        l.latest_stated,
        l.latest_period_key,
        l.latest_period_end,
        l.latest_period_was_open,
        l.latest_publisher,
        l.latest_title,
        l.latest_published_on,
        l.latest_evidence,
        t.measure in ('level', 'share') as is_path_measure,
        -- which side of the target is good: below for ceilings (<, 降至), declines and ranks, else above
        case
            when t.comparator in ('<', '<=') then 'at_most'
            when t.measure = 'rank' and t.comparator not in ('>', '>=') then 'at_most'
            when t.direction = 'down' then 'at_most'
            when t.measure in ('level', 'share') and b.baseline_value > t.value_signed then 'at_most'
            else 'at_least'
        end as sense
    from targets as t
    inner join same_target as s using (observation_id)
    left join other_values as ov using (observation_id)
    left join baselines as b using (observation_id)
    left join latest as l using (observation_id)
),

measured as (
    select
        *,
        case
            when latest_value is null then null
            when is_path_measure and baseline_value is not null and value_signed <> baseline_value
                then (latest_value - baseline_value) / (value_signed - baseline_value)
            when value_signed <> 0 and sense = 'at_least' then latest_value / value_signed
        end as progress_ratio,
        case
            when is_path_measure and baseline_period_end is not null and latest_period_end is not null
                then least(1.0, greatest(0.0,
                    date_diff('day', baseline_period_end, latest_period_end)
                        / nullif(date_diff('day', baseline_period_end, period_end), 0)))
        end as elapsed_ratio,
        -- the target period is over only if a source reported on it after it closed (10 家 stated in
        -- September 2025 does not yet miss a 2025 target)
        latest_period_end >= period_end and not latest_period_was_open as is_target_period_reported,
        -- a target is a threshold: no rounding allowance (4.8% does not meet a 5% target)
        case sense when 'at_least' then latest_value >= value_signed else latest_value <= value_signed end
            as meets_target
    from joined
),

judged as (
    select
        *,
        case
            when latest_value is null then null
            when is_path_measure and meets_target then true
            when is_target_period_reported then meets_target
            when is_path_measure then progress_ratio >= elapsed_ratio
            else meets_target
        end as on_track,
        case
            when latest_value is null then 'no actual yet'
            when is_path_measure and meets_target then 'achieved'
            when is_target_period_reported and meets_target then 'achieved'
            when is_target_period_reported then 'missed'
            when is_path_measure and elapsed_ratio is null then 'no baseline'
            when is_path_measure and progress_ratio >= elapsed_ratio then 'on track'
            when not is_path_measure and meets_target then 'on track'
            else 'behind'
        end as progress_verdict
    from measured
)

select
    cast(observation_id as varchar) as target_observation_id,
    cast(series_key as varchar) as series_key,
    cast(indicator_key as varchar) as indicator_key,
    cast(subject as varchar) as subject,
    cast(chain_key as varchar) as chain_key,
    cast(chain_name as varchar) as chain_name,
    cast(enterprise_key as varchar) as enterprise_key,
    cast(enterprise_name as varchar) as enterprise_name,
    cast(region_key as varchar) as region_key,
    cast(region_name as varchar) as region_name,
    cast(measure as varchar) as measure,
    cast(unit_normalised as varchar) as unit_normalised,
    cast(period_key as varchar) as target_period_key,
    cast(target_plan_zh as varchar) as five_year_plan_zh,
    cast(comparator as varchar) as comparator,
    cast(sense as varchar) as sense,
    cast(value_signed as double) as target_value,
    cast({{ stated_value('value', 'value_high', 'unit', 'comparator') }} as varchar) as target_stated,
    cast(other_statement_count > 0 as boolean) as is_stated_more_than_once,
    cast(has_conflicting_statements as boolean) as has_conflicting_statements,
    cast(other_statements as varchar) as other_statements,
    cast(baseline_value as double) as baseline_value,
    cast(baseline_period_key as varchar) as baseline_period_key,
    cast(baseline_publisher as varchar) as baseline_publisher,
    cast(baseline_observation_id as varchar) as baseline_observation_id,
    cast(latest_value as double) as latest_value,
    cast(latest_stated as varchar) as latest_stated,
    cast(latest_period_key as varchar) as latest_period_key,
    cast(latest_publisher as varchar) as latest_publisher,
    cast(latest_title as varchar) as latest_title,
    cast(latest_published_on as date) as latest_published_on,
    cast(latest_evidence as varchar) as latest_evidence,
    cast(latest_observation_id as varchar) as latest_observation_id,
    cast(progress_ratio as double) as progress_ratio,
    cast(elapsed_ratio as double) as elapsed_ratio,
    cast(on_track as boolean) as on_track,
    cast(progress_verdict as varchar) as progress_verdict,
    cast(document_id as varchar) as document_id,
    cast(publisher as varchar) as publisher,
    cast(published_on as date) as published_on,
    cast(origin as varchar) as origin,
    cast(file_path as varchar) as file_path,
    cast(char_start as integer) as char_start,
    cast(char_end as integer) as char_end,
    cast(evidence_text as varchar) as evidence_text,
    cast(sentence as varchar) as sentence
from judged
