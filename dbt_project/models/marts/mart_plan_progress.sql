{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook=["{{ delete_changed_rows() }}"],
    )
}}
-- depends_on: {{ ref('int_changed_series') }}
-- Every target (status = target), one row per claim (a document stating a target twice counts once; both
-- spans are kept in evidence_spans), with:
--   * its kind: a policy target of the region, or a project's expected output, a capacity, a firm's figure
--     (scope, catalog statement_cues) — those are typed and get no verdict;
--   * its sense, read from its wording (fct_observation.wording_sense): at_least, at_most, increase (新增/培育 N:
--     the goal is the baseline plus N), multiple (倍增: the baseline times N); per-year targets (每年, 年均) meet
--     one year's actual, or a multi-year actual divided by its years;
--   * the other statements of the same target (same series, region, period) and whether they disagree —
--     制造业增加值 2025 is 2800 亿元 in the text and 2100 in Table 1 of the same plan;
--   * the baseline: the latest actual before the five-year plan the target belongs to, as known when the target
--     was published (ALFRED-style: the target's own document if it states one, else the latest publication up
--     to that day);
--   * the latest actual of the same series and region (current vintages), of a comparable period;
--   * baseline, goal, target and latest in the target's stated unit (the baseline's unit for a multiple) and
--     normalised; progress = (latest − baseline) / (goal − baseline) for levels and shares;
--   * a verdict — achieved, on track, behind, no actual yet, not comparable — and the reason in a sentence.
-- Series match across units of one family (个 and 家) and catalog aliases: the unit is not part of series_key.
-- Everything is computed within one series and region, so the mart is incremental by both (int_changed_series).
with observations as (
    select *
    from {{ changed_only(ref('int_sourced_observations'), ['series_key', 'region_key'], 'int_changed_series') }}
),

plans as (
    select * from {{ ref('int_five_year_plans') }}
),

-- the spans of every statement of a claim in its document (核心阅读 and body text, or a plan repeating a target)
claim_spans as (
    select
        claim_key,
        string_agg(char_start || '–' || char_end, '; ' order by char_start) as evidence_spans
    from observations
    group by all
),

targets as (
    select
        o.* replace (
            -- a multiple of the baseline (倍增) is compared on the level series it multiplies
            case when o.measure = 'multiple' then 'level' else o.measure end as measure
        ),
        o.measure as stated_measure,
        {{ stated_value('o.value', 'o.value_high', 'o.unit', 'o.comparator', 'o.direction') }} as target_stated,
        cs.evidence_spans,
        -- the baseline lies before the plan period the target belongs to (2025 → before 2021)
        coalesce(p.plan_start, o.period_start) as baseline_before,
        p.plan_zh as target_plan_zh,
        case o.scope
            when 'region' then 'policy target'
            when 'project' then 'project output'
            when 'capacity' then 'capacity'
            else 'firm figure'
        end as target_kind,
        -- a per-year target runs over whole years: their number divides a multi-year actual
        o.is_per_year and o.measure = 'level' as per_year
    from observations as o
    left join plans as p on o.period_end between p.plan_start and p.plan_end
    inner join claim_spans as cs using (claim_key)
    where o.status = 'target' and not o.is_repeated_claim
),

actuals as (
    select
        *,
        {{ stated_value('value', 'value_high', 'unit', 'comparator', 'direction') }} as stated,
        -- the factor from the stated unit to the normalised one (亿元 → 1e8), to show values in another's unit
        coalesce(value_normalised / nullif(value, 0), 1) as unit_factor
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
    -- years the period covers, by months (“十四五”以来 to September 2025 is 4.75 years)
    select *, (date_diff('month', period_start, period_end) + 1) / 12.0 as year_count
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
            {{ stated_value('value', 'value_high', 'unit', 'comparator', 'direction') }}
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
    where not t.per_year
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
        coalesce(own.stated, known.stated) as baseline_stated,
        coalesce(own.unit, known.unit) as baseline_unit,
        coalesce(own.unit_factor, known.unit_factor) as baseline_unit_factor,
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
    -- one statement per publication day (the highest confidence, then the lowest id): an ASOF join picks any one of
    -- rows tied on published_on, so two sources of one day gave one baseline in one build and the other in the next
    asof left join (
        select * from actuals
        qualify row_number() over (
            partition by series_key, region_key, period_key, published_on order by confidence desc, observation_id
        ) = 1
    ) as known
        on known.series_key = bp.series_key
        and known.region_key = bp.region_key
        and known.period_key = bp.baseline_period_key
        and known.published_on <= bp.published_on
),

latest as (
    select
        t.observation_id,
        a.observation_id as latest_observation_id,
        -- a per-year target compares with one year's actual, or a multi-year actual per year
        a.value_signed / case when t.per_year then a.year_count else 1 end as latest_value,
        a.stated as latest_stated,
        a.unit as latest_unit,
        a.unit_factor as latest_unit_factor,
        a.period_key as latest_period_key,
        a.period_end as latest_period_end,
        a.year_count as latest_year_count,
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
        and case
            when t.per_year then a.period_start >= t.period_start and a.year_count >= 1
                and a.period_grain not in ('half', 'quarter', 'month', 'ytd')
            else {{ comparable_period('a', 't') }}
        end
    qualify row_number() over (
        partition by t.observation_id
        order by a.period_end desc, (a.period_grain = t.period_grain) desc, a.published_on desc, a.confidence desc,
            a.observation_id
    ) = 1
),

-- the last period with an actual of each series and region (to tell "no actual yet" from "not comparable")
series_with_actuals as (
    select series_key, region_key, max(period_end) as last_actual_end from actual_periods group by all
),

joined as (
    select
        t.*,
        s.other_statement_count,
        s.has_conflicting_statements,
        ov.other_statements,
        b.baseline_observation_id,
        b.baseline_value,
        b.baseline_stated,
        b.baseline_unit,
        b.baseline_unit_factor,
        b.baseline_period_key,
        b.baseline_period_end,
        b.baseline_publisher,
        l.latest_observation_id,
        l.latest_value,
        l.latest_stated,
        l.latest_unit,
        l.latest_unit_factor,
        l.latest_period_key,
        l.latest_period_end,
        l.latest_year_count,
        l.latest_period_was_open,
        l.latest_publisher,
        l.latest_title,
        l.latest_published_on,
        l.latest_evidence,
        -- an actual since the plan began (a baseline alone is no progress)
        coalesce(sa.last_actual_end >= t.baseline_before, false) as has_actuals,
        t.measure in ('level', 'share') and not t.per_year as is_path_measure,
        case
            when t.wording_sense in ('increase', 'multiple') and t.measure in ('level', 'share') then t.wording_sense
            when t.wording_sense = 'at_most' then 'at_most'
            else 'at_least'
        end as sense,
        -- the level to reach, normalised: the stated value, the baseline plus it (新增), or the baseline times it
        case
            when t.wording_sense = 'increase' and t.measure in ('level', 'share') then b.baseline_value + t.value_signed
            when t.wording_sense = 'multiple' then b.baseline_value * t.value
            else t.value_signed
        end as goal_value,
        -- the unit everything is shown in: the target's own, or for a multiple (2 倍) the baseline's
        case when t.stated_measure = 'multiple' then coalesce(b.baseline_unit, l.latest_unit) else t.unit end
            as display_unit,
        case
            when t.stated_measure = 'multiple' then coalesce(b.baseline_unit_factor, l.latest_unit_factor)
            else coalesce(t.value_normalised / nullif(t.value, 0), 1)
        end as display_factor
    from targets as t
    inner join same_target as s using (observation_id)
    left join other_values as ov using (observation_id)
    left join baselines as b using (observation_id)
    left join latest as l using (observation_id)
    left join series_with_actuals as sa on sa.series_key = t.series_key and sa.region_key = t.region_key
),

measured as (
    select
        *,
        case
            when latest_value is null or goal_value is null then null
            when is_path_measure and baseline_value is not null and goal_value <> baseline_value
                then (latest_value - baseline_value) / (goal_value - baseline_value)
            when goal_value <> 0 and sense <> 'at_most' then latest_value / goal_value
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
        case when sense = 'at_most' then latest_value <= goal_value else latest_value >= goal_value end
            as meets_target,
        {{ format_number('latest_value / display_factor') }} || coalesce(' ' || display_unit, '')
            || case when per_year and latest_year_count > 1
                then format(' a year ({} over {} years)', latest_stated, {{ format_number('latest_year_count') }})
                else '' end
            as latest_shown,
        {{ format_number('goal_value / display_factor') }} || coalesce(' ' || display_unit, '') as goal_shown
    from joined
),

judged as (
    select
        *,
        case
            when target_kind <> 'policy target' then null
            when latest_value is null and has_actuals then 'not comparable'
            when latest_value is null then 'no actual yet'
            when goal_value is null then 'not comparable'
            -- a level or share reached, or a per-year pace kept over the years reported, is achieved
            when (is_path_measure or per_year) and meets_target then 'achieved'
            when is_target_period_reported and meets_target then 'achieved'
            when is_target_period_reported then 'behind'
            when meets_target then 'on track'
            when is_path_measure and elapsed_ratio is null then 'not comparable'
            when is_path_measure and progress_ratio >= elapsed_ratio then 'on track'
            else 'behind'
        end as progress_verdict
    from measured
),

explained as (
    select
        *,
        case progress_verdict
            when 'no actual yet' then 'no actual of this series and region yet'
            when 'not comparable' then case
                when latest_value is null then format('actuals of this series exist, but none of a period that '
                    || 'stands beside a {} target for {}', period_grain, period_key)
                when goal_value is null then format('{} {} needs the level before {}; none is known',
                    case sense when 'increase' then 'an increase of' else 'a multiple of' end,
                    target_stated, coalesce(target_plan_zh, period_key))
                else format('latest {} ({}); without a baseline before {} the path to {} cannot be judged',
                    latest_shown, latest_period_key, coalesce(target_plan_zh, period_key), goal_shown)
            end
            when 'achieved' then format('{} ({}) {} {}', latest_shown, latest_period_key,
                case when sense = 'at_most' then '≤' else '≥' end, goal_shown)
            when 'on track' then case
                when meets_target then format('{} ({}) already {} {}; {} is not over', latest_shown, latest_period_key,
                    case when sense = 'at_most' then '≤' else '≥' end, goal_shown, period_key)
                else format('{}% of the way from {} to {} with {}% of the time gone', cast(round(100 * progress_ratio) as integer),
                    baseline_stated, goal_shown, cast(round(100 * elapsed_ratio) as integer))
            end
            when 'behind' then case
                when is_target_period_reported then format('{} is over: {} ({}) {} {}', period_key, latest_shown,
                    latest_period_key, case when sense = 'at_most' then '>' else '<' end, goal_shown)
                when is_path_measure then format('{}% of the way from {} to {} with {}% of the time gone',
                    cast(round(100 * progress_ratio) as integer), baseline_stated, goal_shown, cast(round(100 * elapsed_ratio) as integer))
                else format('{} ({}) {} {}', latest_shown, latest_period_key,
                    case when sense = 'at_most' then '>' else '<' end, goal_shown)
            end
            else format('a {}, not a policy target of the region', target_kind)
        end as verdict_reason
    from judged
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
    cast(stated_measure as varchar) as measure,
    cast(period_key as varchar) as target_period_key,
    cast(target_plan_zh as varchar) as five_year_plan_zh,
    cast(target_kind as varchar) as target_kind,
    cast(target_kind = 'policy target' as boolean) as is_policy_target,
    cast(comparator as varchar) as comparator,
    cast(sense as varchar) as sense,
    cast(wording_cue as varchar) as sense_cue,
    cast(per_year as boolean) as is_per_year,
    cast(target_stated as varchar) as target_stated,
    cast(display_unit as varchar) as unit,
    cast(case when stated_measure = 'multiple' then value else value_signed / display_factor end as double)
        as target_value,
    cast(goal_value / display_factor as double) as goal_value,
    cast(baseline_value / display_factor as double) as baseline_value,
    cast(latest_value / display_factor as double) as latest_value,
    cast(unit_normalised as varchar) as unit_normalised,
    cast(goal_value as double) as goal_value_normalised,
    cast(baseline_value as double) as baseline_value_normalised,
    cast(latest_value as double) as latest_value_normalised,
    cast(other_statement_count > 0 as boolean) as is_stated_more_than_once,
    cast(has_conflicting_statements as boolean) as has_conflicting_statements,
    cast(other_statements as varchar) as other_statements,
    cast(baseline_stated as varchar) as baseline_stated,
    cast(baseline_period_key as varchar) as baseline_period_key,
    cast(baseline_publisher as varchar) as baseline_publisher,
    cast(baseline_observation_id as varchar) as baseline_observation_id,
    cast(latest_stated as varchar) as latest_stated,
    cast(latest_period_key as varchar) as latest_period_key,
    cast(latest_period_was_open as boolean) as latest_period_was_open,
    cast(latest_publisher as varchar) as latest_publisher,
    cast(latest_title as varchar) as latest_title,
    cast(latest_published_on as date) as latest_published_on,
    cast(latest_evidence as varchar) as latest_evidence,
    cast(latest_observation_id as varchar) as latest_observation_id,
    cast(progress_ratio as double) as progress_ratio,
    cast(elapsed_ratio as double) as elapsed_ratio,
    cast(case progress_verdict when 'achieved' then true when 'on track' then true when 'behind' then false end
        as boolean) as on_track,
    cast(progress_verdict as varchar) as progress_verdict,
    cast(verdict_reason as varchar) as verdict_reason,
    cast(document_id as varchar) as document_id,
    cast(publisher as varchar) as publisher,
    cast(published_on as date) as published_on,
    cast(origin as varchar) as origin,
    cast(file_path as varchar) as file_path,
    cast(char_start as integer) as char_start,
    cast(char_end as integer) as char_end,
    cast(evidence_spans as varchar) as evidence_spans,
    cast(evidence_text as varchar) as evidence_text,
    cast(sentence as varchar) as sentence
from explained
