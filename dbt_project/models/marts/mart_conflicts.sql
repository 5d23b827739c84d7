{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook=["{{ delete_changed_rows(['series_key', 'region_key'], 'int_changed_series') }}"],
    )
}}
-- depends_on: {{ ref('int_changed_series') }}
-- Pairs of statements of the same series, region and status whose periods overlap within one year and whose
-- values differ, with both values and sources, the difference, and a verdict:
--   revision         two vintages of one release (the later one is the revision);
--   same sentence    one sentence of one document states both: most likely an enumeration (分别 9%、13.5%)
--                    whose items the extractor gave one subject — a question for extraction, not a conflict;
--   different period the periods differ (2020 vs 2020年1—8月), or one source spoke before its period ended;
--   rounding         the statements are consistent once rounding and stated bounds (突破, 约) are allowed for;
--   real conflict    the same period, no snapshot-vs-final explanation, and the values cannot both be true.
-- Sources restating the same value are one statement (represented by its earliest source, counted in
-- source_count_*), so the pairs grow with the number of distinct values, not with the number of restatements.
-- Pairs never cross a series or region, so the mart is incremental by both: a build recomputes the series and
-- regions its documents touch (int_changed_series) and keeps the others' pairs.
with claims as (
    select *
    from {{ changed_only(ref('int_sourced_observations'), ['series_key', 'region_key'], 'int_changed_series') }}
    where not is_repeated_claim
),

-- across releases: current vintages, one row per distinct statement of a value
statements as (
    select
        *,
        count(distinct document_id) over (
            partition by series_key, region_key, status, period_key, value_signed, comparator
        ) as source_count
    from claims
    where is_latest_vintage
    qualify row_number() over (
        partition by series_key, region_key, status, period_key, value_signed, comparator
        order by published_on, observation_id
    ) = 1
),

statement_pairs as (
    select a.observation_id as id_a, b.observation_id as id_b, a.source_count as count_a, b.source_count as count_b
    from statements as a
    inner join statements as b
        on a.series_key = b.series_key
        and a.region_key = b.region_key
        and a.status = b.status
        and year(a.period_end) = year(b.period_end)
        and a.period_start <= b.period_end
        and b.period_start <= a.period_end
        -- each pair once, the earlier source first
        and (a.published_on < b.published_on
            or (a.published_on = b.published_on and a.observation_id < b.observation_id))
    where a.value_signed <> b.value_signed
),

-- within a release: every vintage against every later one that changed the value
revision_pairs as (
    select a.observation_id as id_a, b.observation_id as id_b, 1 as count_a, 1 as count_b
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

pair_ids as (
    select * from statement_pairs
    union all
    select * from revision_pairs
),

pairs as (
    select
        a.series_key,
        a.region_key,
        a.status,
        a.observation_id as observation_id_a,
        b.observation_id as observation_id_b,
        a.period_key as period_key_a,
        b.period_key as period_key_b,
        a.value_signed as value_a,
        b.value_signed as value_b,
        {{ stated_value('a.value', 'a.value_high', 'a.unit', 'a.comparator') }} as stated_a,
        {{ stated_value('b.value', 'b.value_high', 'b.unit', 'b.comparator') }} as stated_b,
        a.comparator as comparator_a,
        b.comparator as comparator_b,
        a.unit_normalised,
        a.subject as subject_a,
        b.subject as subject_b,
        a.region_name,
        a.indicator_key,
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
        a.sentence as sentence_a,
        b.sentence as sentence_b,
        a.origin as origin_a,
        b.origin as origin_b,
        abs(a.value_signed - b.value_signed) as absolute_difference,
        -- 0–1 for values of one sign; up to 2 for opposite signs (−3.0 vs 11.7 → 1.26), which the pair keeps
        abs(a.value_signed - b.value_signed)
            / nullif(greatest(abs(a.value_signed), abs(b.value_signed)), 0) as relative_difference,
        a.release_key = b.release_key and a.document_id <> b.document_id as is_revision,
        a.document_id = b.document_id and a.sentence_start = b.sentence_start and a.origin = 'text'
            and b.origin = 'text' as is_same_sentence,
        a.consistent_low <= b.consistent_high and b.consistent_low <= a.consistent_high as is_consistent,
        a.is_period_open_at_publication as open_a,
        b.is_period_open_at_publication as open_b,
        p.count_a as source_count_a,
        p.count_b as source_count_b
    from pair_ids as p
    inner join claims as a on a.observation_id = p.id_a
    inner join claims as b on b.observation_id = p.id_b
),

judged as (
    select
        *,
        -- for actuals, a source speaking before its period ended gave a provisional snapshot
        status = 'actual' and open_a <> open_b as is_snapshot_vs_final
    from pairs
),

verdicts as (
    select
        *,
        case
            when is_revision then 'revision'
            when is_same_sentence then 'same sentence'
            when period_key_a <> period_key_b then 'different period'
            when is_consistent then 'rounding'
            when is_snapshot_vs_final then 'different period'
            else 'real conflict'
        end as verdict,
        case
            when is_revision then format('vintage of {} revises the one of {}', published_on_b, published_on_a)
            when is_same_sentence then 'one sentence states both (an enumeration such as 分别 … 、…?): '
                || 'check the extraction before reading it as a conflict'
            when period_key_a <> period_key_b then format('periods {} and {} differ', period_key_a, period_key_b)
            when is_consistent then 'consistent within rounding and stated bounds'
            when is_snapshot_vs_final and open_a
                then format('{} was published on {}, before {} ended', stated_a, published_on_a, period_key_a)
            when is_snapshot_vs_final
                then format('{} was published on {}, before {} ended', stated_b, published_on_b, period_key_b)
            when status = 'target' then format('the {} target is stated as {} and as {}', period_key_a, stated_a,
                stated_b)
            else format('{} vs {} for the same period {}', stated_a, stated_b, period_key_a)
        end as verdict_reason
    from judged
)

select
    cast(observation_id_a || '~' || observation_id_b as varchar) as conflict_id,
    cast(verdict as varchar) as verdict,
    cast(verdict_reason as varchar) as verdict_reason,
    cast(series_key as varchar) as series_key,
    cast(indicator_key as varchar) as indicator_key,
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
    cast(sentence_a as varchar) as sentence_a,
    cast(sentence_b as varchar) as sentence_b
from verdicts
