{#- Every stated value, resolved (the body of int_observations; see there). `documents`: a query of the
    document ids to resolve, applied to the facts and documents before any join — DuckDB does not push a filter on
    the view's result below its joins, so `int_observations where document_id in (…)` resolved every fact of the
    corpus to keep the few of one release. Each row depends only on its fact, its own document and the catalogs,
    so the filtered rows are exactly the view's rows of those documents. The facts are those after the reviewed
    corrections (macro corrected_facts, as in int_corrected_facts); `withdrawn`: those of the documents that left
    the current marts instead (int_withdrawn_observations). -#}
{% macro observations(documents=none, withdrawn=false) -%}
with facts as (
    select * exclude (is_withdrawn)
    from ({{ corrected_facts(documents) }})
    where {{ '' if withdrawn else 'not ' }}is_withdrawn
),

documents as (
    select document_id, release_key, published_on, ingested_at, region_name from {{ ref('stg_raw__documents') }}
    {%- if documents %}
    where document_id in ({{ documents }})
    {%- endif %}
),

units as (
    select * from {{ ref('stg_catalog__units') }}
),

region_names as (
    select * from {{ ref('stg_catalog__region_names') }}
),

chain_names as (
    select * from {{ ref('stg_catalog__chain_names') }}
),

enterprise_names as (
    select * from {{ ref('stg_catalog__enterprise_names') }}
),

indicator_names as (
    select * from {{ ref('stg_catalog__indicator_names') }}
),

indicators as (
    select * from {{ ref('stg_catalog__indicators') }}
),

labelled as (
    select
        f.*,
        d.release_key,
        d.published_on,
        d.ingested_at,
        -- a statement that names no place speaks about the document's region
        coalesce(f.region_name, d.region_name) as resolved_region_name,
        f.region_name is null as region_inferred,
        {{ normalise_subject('f.subject') }} as subject_normalised,
        -- the wording around the number, without layout spaces: the sentence before it, its own clause (from the
        -- last comma or semicolon), and the evidence with the two characters after it (省级以上 is not 以上)
        regexp_replace(left(f.sentence, greatest(f.char_start - f.sentence_start, 0)), '\s', '', 'g')
            as sentence_before,
        regexp_extract(
            regexp_replace(left(f.sentence, greatest(f.char_start - f.sentence_start, 0)), '\s', '', 'g'),
            '[^，,；;：:。！？!?]*$'
        ) || regexp_replace(f.evidence_text, '\s', '', 'g') as clause_before,
        regexp_replace(
            regexp_replace(f.evidence_text || substr(f.sentence, f.char_end - f.sentence_start + 1, 3), '\s', '', 'g'),
            '级以[上下内]', '', 'g'
        ) as evidence_after
    from facts as f
    inner join documents as d using (document_id)
),

coded as (
    select
        l.*,
        coalesce(l.region_code, rn.code) as resolved_region_code,
        coalesce(l.chain_code, cn.code) as resolved_chain_code,
        coalesce(l.enterprise_code, en.code) as resolved_enterprise_code
    from labelled as l
    left join region_names as rn on rn.name_key = {{ normalise_label('l.resolved_region_name') }}
    left join chain_names as cn on cn.name_key = {{ normalise_label('l.chain_name') }}
    left join enterprise_names as en on en.name_key = {{ normalise_label('l.enterprise_name') }}
),

with_indicator as (
    select
        c.*,
        -- the subject may carry its chain or enterprise (先进装备制造产业营业收入): try it without them too
        regexp_replace(
            replace(replace(c.subject_normalised, coalesce({{ normalise_label('c.chain_name') }}, chr(0)), ''),
                coalesce({{ normalise_label('c.enterprise_name') }}, chr(0)), ''),
            '^(产业链|产业集群|产业|集群|领域|行业)', ''
        ) as subject_without_entity
    from coded as c
),

with_core as (
    select
        w.*,
        -- without the verb of a plan (培育 15 家绿色工厂, 建成…, 汇聚…, 每年…): what is counted, for the catalog lookup;
        -- 新增 only for targets (an actual 新增 406 家 is a change, not the stock)
        regexp_replace(w.subject_without_entity,
            case when w.status = 'target' then '^(累计新增|新增|新培育|培育|新建|建成|汇聚|集聚|每年|年均|累计)'
                else '^(新培育|培育|建成|汇聚|集聚|每年|年均|累计)' end, '') as subject_core
    from with_indicator as w
),

resolved as (
    select
        w.*,
        coalesce(w.indicator_code, exact.code, stripped.code, core.code) as resolved_indicator_code,
        coalesce(fu.factor_to_base, 1) as factor,
        fu.unit is not null as unit_catalogued,
        fu.base_unit as catalog_base_unit,
        fu.unit_family
    from with_core as w
    left join indicator_names as exact on exact.name_key = w.subject_normalised
    -- an equality join (a hash join): with the inequality in the condition DuckDB joined block-wise, the
    -- slowest step of the model
    left join indicator_names as stripped
        on stripped.name_key
            = case when w.subject_without_entity <> w.subject_normalised then w.subject_without_entity end
    left join indicator_names as core
        on core.name_key = case when w.subject_core <> w.subject_without_entity then w.subject_core end
    left join units as fu on fu.unit = w.unit
),

normalised as (
    select
        r.*,
        i.entity as indicator_entity,
        i.aggregation as indicator_aggregation,
        iu.unit_family as indicator_unit_family,
        -- the units catalog decides the base unit; the extractor's own normalisation only for unknown units
        -- a decline is stated as its size (下降 6.7%) or, in tables, with a minus sign (-6.7) and direction down:
        -- the normalised value is the size, and value_signed below puts the one minus sign back
        {{ significant('case when r.direction = \'down\' then abs(magnitude_value) else magnitude_value end') }}
            as value_normalised,
        {{ significant('case when r.direction = \'down\' then abs(magnitude_high) else magnitude_high end') }}
            as value_high_normalised,
        case when r.unit_catalogued then r.catalog_base_unit else coalesce(r.base_unit, r.unit) end
            as unit_normalised
    from (
        select
            *,
            case when unit_catalogued then value * factor else coalesce(value_base, value) end as magnitude_value,
            case when unit_catalogued then value_high * factor else coalesce(value_high_base, value_high) end
                as magnitude_high
        from resolved
    ) as r
    left join indicators as i on i.indicator_code = r.resolved_indicator_code
    left join units as iu on iu.unit = i.unit
),

worded as (
    select
        n.*,
        {{ last_cue('n.clause_before', 'sense', 'before') }} as sense_cue_before,
        {{ last_cue('n.evidence_after', 'sense', 'after') }} as sense_cue_after,
        {{ last_cue('n.clause_before', 'per_year', 'before') }} <> '' as is_per_year,
        {{ cue_meaning(last_cue('n.sentence_before', 'scope', 'sentence'), 'scope') }} as sentence_scope,
        coalesce(
            {{ cue_meaning(last_cue('n.subject_normalised', 'scope', 'subject'), 'scope') }},
            {{ cue_meaning(last_cue('n.subject_normalised', 'scope', 'subject_end', at_end=true), 'scope') }}
        ) as subject_scope
    from normalised as n
),

keyed as (
    select
        *,
        coalesce(resolved_region_code, 'name:' || resolved_region_name, 'unknown') as region_key,
        coalesce(resolved_indicator_code, 'subject:' || nullif(subject_normalised, ''), 'unknown') as indicator_key,
        coalesce(resolved_chain_code, 'name:' || chain_name) as chain_key,
        coalesce(resolved_enterprise_code, 'name:' || enterprise_name) as enterprise_key,
        {{ period_key('period_start', 'period_end') }} as period_key,
        -- which side of a target is good, from its wording: an increase or a multiple of the baseline (新增, 倍增)
        -- first, then a bound right after the number (以上, 以下), then the nearest word before it (达到, 降至),
        -- then the comparator and the measure (a rank, a decline: lower is better)
        case
            when {{ cue_meaning('sense_cue_before', 'sense') }} in ('increase', 'multiple')
                then {{ cue_meaning('sense_cue_before', 'sense') }}
            when measure = 'multiple' then 'multiple'
            when sense_cue_after <> '' then {{ cue_meaning('sense_cue_after', 'sense') }}
            when sense_cue_before <> '' and measure in ('level', 'share')
                then {{ cue_meaning('sense_cue_before', 'sense') }}
            when comparator in ('<', '<=') then 'at_most'
            when comparator in ('>', '>=') then 'at_least'
            when measure = 'rank' then 'at_most'
            when direction = 'down' then 'at_most'
            else 'at_least'
        end as wording_sense,
        nullif(concat_ws(' … ', nullif(sense_cue_before, ''), nullif(sense_cue_after, '')), '') as wording_cue,
        -- whose figure: a firm's, a project's expected output or a capacity is never the region's total
        case
            when enterprise_key is not null then 'firm'
            when coalesce(indicator_entity = 'enterprise_category', false) then 'region'
            when subject_scope is not null then subject_scope
            when sentence_scope is not null then sentence_scope
            else 'region'
        end as scope,
        -- counts of enterprise categories (规上工业企业 1783 家, 专精特新 482 家) describe enterprises, not the
        -- economy: the catalog says so, and for subjects it does not know a count of 企业/公司 does
        coalesce(enterprise_name is null and coalesce(
            indicator_entity = 'enterprise_category',
            unit_normalised = '家' and measure in ('level', 'change')
                and regexp_matches(subject_normalised, '企业|公司|小巨人|专精特新|单项冠军|头雁')
        ), false) as is_enterprise_category_count
    from worded
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
    coalesce(unit_family, unit_normalised) as unit_family,
    -- growth and change stated as 下降 X carry direction 'down': the signed value is what compares
    case when direction = 'down' then -value_normalised else value_normalised end as value_signed,
    case when comparator in ('<', '<=') then null else value_normalised end as lower_bound,
    case
        when comparator = 'range' then value_high_normalised
        when comparator in ('>', '>=') then null
        else value_normalised
    end as upper_bound,
    0.5 * pow(10, -{{ stated_decimals('value') }}) * abs(coalesce(value_normalised / nullif(value, 0), 1))
        as rounding_tolerance,
    period_start,
    period_end,
    period_label,
    period_key,
    -- a to-date figure (the extractor's period_open: “十四五”以来, 今年以来) or one published before its period ended
    period_open or (period_end is not null and published_on <= period_end) as is_period_open_at_publication,
    resolved_region_name as region_name,
    resolved_region_code as region_code,
    region_key,
    region_inferred,
    subject,
    subject_normalised,
    resolved_indicator_code as indicator_code,
    indicator_key,
    indicator_aggregation,
    chain_name,
    resolved_chain_code as chain_code,
    chain_key,
    enterprise_name,
    resolved_enterprise_code as enterprise_code,
    enterprise_key,
    is_enterprise_category_count,
    scope,
    wording_sense,
    wording_cue,
    is_per_year and measure = 'level' as is_per_year,
    -- one series = what is measured, how, in which family of units (家 and 个 are counts, 亿元 and 万亿元 money),
    -- for which chain or enterprise, and whose figure it is when not the region's (region and period apart)
    -- a target stated as a multiple of its baseline (创新平台数量较“十三五”末实现倍增) belongs to the level series
    -- it multiplies
    case
        when status = 'target' and measure = 'multiple' and indicator_unit_family is not null
            then concat_ws(' | ', indicator_key, 'level', '-', indicator_unit_family,
                coalesce(chain_key, '-'), coalesce(enterprise_key, '-'))
        else concat_ws(' | ', indicator_key, measure, coalesce(basis, '-'), coalesce(unit_family, unit_normalised),
            coalesce(chain_key, '-'), coalesce(enterprise_key, '-'))
    end
        || case when enterprise_key is null and scope <> 'region' then ' | ' || scope else '' end as series_key,
    case
        when enterprise_key is not null or is_enterprise_category_count then 'enterprise'
        when chain_key is not null then 'chain'
        else 'indicator'
    end as fact_table
from keyed
{%- endmacro %}
