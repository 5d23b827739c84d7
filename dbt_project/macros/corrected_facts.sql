{#- Every fact after the reviewed decisions (the body of int_facts_with_corrections; see there). `documents`: a
    query of the document ids to correct, applied to the facts and documents before any join (DuckDB does not push
    an IN (subquery) filter on the result below the joins), so an incremental build corrects the facts of its
    documents only. -#}
{% macro corrected_facts(documents=none) -%}
{%- set fields = ['value', 'unit', 'measure', 'status', 'comparator', 'period_start', 'period_end', 'period_label',
    'region', 'subject', 'indicator_code', 'chain', 'enterprise'] %}
with facts as (
    select * from {{ ref('stg_raw__facts') }}
    {%- if documents %}
    where document_id in ({{ documents }})
    {%- endif %}
),

decisions as (
    select * from {{ ref('stg_corrections__decisions') }}
),

matched as (
    -- reject and set decisions joined to the facts they name (an equality join on the span, then hash and value)
    select f.fact_id, d.*
    from decisions as d
    inner join facts as f
        on f.char_start = d.span_start
        and f.char_end = d.span_end
        and starts_with(f.document_id, d.document_ref)
        and abs(f.value - d.target_value) <= 1e-9 * greatest(1, abs(d.target_value))
    where d.action in ('reject', 'set')
),

per_fact as (
    select
        fact_id,
        bool_or(action = 'reject') as is_rejected,
        {%- for f in fields %}
        arg_max(set_{{ f }}, cast(decided_on as varchar) || correction_id) filter (where set_{{ f }} is not null)
            as set_{{ f }},
        {%- endfor %}
        string_agg(correction_id, ', ' order by decided_on, correction_id) as correction_id,
        string_agg(reason, '; ' order by decided_on, correction_id) as correction_reason
    from matched
    group by fact_id
),

set_applied as (
    select
        f.fact_id,
        f.document_id,
        f.file_path,
        f.char_start,
        f.char_end,
        f.evidence_text,
        coalesce(p.set_value, f.value) as value,
        f.value_high,
        case when p.set_value is null and p.set_unit is null then f.value_base end as value_base,
        case when p.set_value is null and p.set_unit is null then f.value_high_base end as value_high_base,
        coalesce(p.set_unit, f.unit) as unit,
        case when p.set_unit is null then f.base_unit end as base_unit,
        coalesce(p.set_comparator, f.comparator) as comparator,
        coalesce(p.set_measure, f.measure) as measure,
        f.basis,
        f.direction,
        coalesce(p.set_status, f.status) as status,
        coalesce(p.set_period_start, f.period_start) as period_start,
        coalesce(p.set_period_end, f.period_end) as period_end,
        coalesce(p.set_period_label, f.period_label) as period_label,
        case when p.set_period_start is not null then false else f.period_open end as period_open,
        coalesce(p.set_region, f.region_name) as region_name,
        case when p.set_region is null then f.region_code end as region_code,
        coalesce(p.set_subject, f.subject) as subject,
        coalesce(p.set_indicator_code, case when p.set_subject is null then f.indicator_code end) as indicator_code,
        coalesce(p.set_chain, f.chain_name) as chain_name,
        case when p.set_chain is null then f.chain_code end as chain_code,
        coalesce(p.set_enterprise, f.enterprise_name) as enterprise_name,
        case when p.set_enterprise is null then f.enterprise_code end as enterprise_code,
        -- a fact a person reviewed is no longer a question for review
        case when p.fact_id is not null then 1.0 else f.confidence end as confidence,
        f.sentence,
        f.sentence_start,
        f.origin,
        p.set_indicator_code is not null as indicator_decided,
        p.correction_id,
        p.correction_reason
    from facts as f
    left join per_fact as p using (fact_id)
    where not coalesce(p.is_rejected, false)
),

documents as (
    select document_id, file_path, document_text from {{ ref('stg_raw__documents') }}
    {%- if documents %}
    where document_id in ({{ documents }})
    {%- endif %}
),

added_spans as (
    select
        c.*,
        d.document_id,
        d.file_path,
        d.document_text,
        -- the sentence around the span: back to the previous and on to the next full stop or line break
        c.span_start - length(regexp_extract(left(d.document_text, c.span_start), '[^。！？!?\n]*$')) as sentence_start
    from decisions as c
    inner join documents as d on starts_with(d.document_id, c.document_ref)
    where c.action = 'add' and c.span_end <= length(d.document_text)
),

added as (
    select
        'added-' || left(md5(concat_ws('|', document_id, span_start, span_end, correction_id)), 14) as fact_id,
        document_id,
        file_path,
        span_start as char_start,
        span_end as char_end,
        substr(document_text, span_start + 1, span_end - span_start) as evidence_text,
        set_value as value,
        cast(null as double) as value_high,
        cast(null as double) as value_base,
        cast(null as double) as value_high_base,
        set_unit as unit,
        cast(null as varchar) as base_unit,
        coalesce(set_comparator, '=') as comparator,
        coalesce(set_measure, 'level') as measure,
        cast(null as varchar) as basis,
        case when set_value < 0 then 'down' end as direction,
        coalesce(set_status, 'actual') as status,
        set_period_start as period_start,
        set_period_end as period_end,
        set_period_label as period_label,
        false as period_open,
        set_region as region_name,
        cast(null as varchar) as region_code,
        set_subject as subject,
        set_indicator_code as indicator_code,
        set_chain as chain_name,
        cast(null as varchar) as chain_code,
        set_enterprise as enterprise_name,
        cast(null as varchar) as enterprise_code,
        1.0 as confidence,
        substr(
            document_text,
            sentence_start + 1,
            span_end - sentence_start
            + length(regexp_extract(substr(document_text, span_end + 1), '^[^。！？!?\n]*[。！？!?]?'))
        ) as sentence,
        cast(sentence_start as integer) as sentence_start,
        'text' as origin,
        set_indicator_code is not null as indicator_decided,
        correction_id,
        reason as correction_reason
    from added_spans
),

all_facts as (
    select * from set_applied
    union all by name
    select * from added
),

aliases as (
    -- the latest decision per phrase, for codes the catalogs know (int_correction_status reports the others)
    select c.alias_kind, {{ normalise_subject('c.phrase') }} as phrase_key, c.alias_code, c.correction_id, c.reason
    from decisions as c
    where c.action = 'alias'
        and (
            (c.alias_kind = 'indicator'
                and c.alias_code in (select indicator_code from {{ ref('stg_catalog__indicators') }}))
            or (c.alias_kind = 'region'
                and c.alias_code in (select region_code from {{ ref('stg_catalog__regions') }}))
            or (c.alias_kind = 'chain'
                and c.alias_code in (select chain_code from {{ ref('stg_catalog__chains') }}))
            or (c.alias_kind = 'enterprise'
                and c.alias_code in (select enterprise_code from {{ ref('stg_catalog__enterprises') }}))
        )
    qualify row_number() over (partition by c.alias_kind, phrase_key order by c.decided_on desc, c.correction_id desc)
        = 1
),

aliased as (
    select
        -- named one by one: DuckDB prints a view's `* exclude (a, b, …)` in varying order, which would change the
        -- logic hash of int_document_fingerprints from one session to the next
        {%- for column in ['fact_id', 'document_id', 'file_path', 'char_start', 'char_end', 'evidence_text', 'value',
            'value_high', 'value_base', 'value_high_base', 'unit', 'base_unit', 'comparator', 'measure', 'basis',
            'direction', 'status', 'period_start', 'period_end', 'period_label', 'period_open', 'region_name',
            'subject', 'chain_name', 'enterprise_name', 'confidence', 'sentence', 'sentence_start', 'origin'] %}
        f.{{ column }},
        {%- endfor %}
        case when f.indicator_decided then f.indicator_code else coalesce(ai.alias_code, f.indicator_code) end
            as indicator_code,
        coalesce(ar.alias_code, f.region_code) as region_code,
        coalesce(ac.alias_code, f.chain_code) as chain_code,
        coalesce(ae.alias_code, f.enterprise_code) as enterprise_code,
        nullif(concat_ws(', ', f.correction_id, ai.correction_id, ar.correction_id, ac.correction_id,
            ae.correction_id), '') as correction_id,
        nullif(concat_ws('; ', f.correction_reason, ai.reason, ar.reason, ac.reason, ae.reason), '')
            as correction_reason
    from (
        -- the phrases normalised only when some alias decision exists: four regular expressions per fact otherwise
        select
            *,
            {%- for column in ['subject', 'region_name', 'chain_name', 'enterprise_name'] %}
            case when exists (select 1 from aliases) then {{ normalise_subject(column) }} end as {{ column }}_key
                {%- if not loop.last %},{% endif %}
            {%- endfor %}
        from all_facts
    ) as f
    left join aliases as ai on ai.alias_kind = 'indicator' and ai.phrase_key = f.subject_key
    left join aliases as ar on ar.alias_kind = 'region' and ar.phrase_key = f.region_name_key
    left join aliases as ac on ac.alias_kind = 'chain' and ac.phrase_key = f.chain_name_key
    left join aliases as ae on ae.alias_kind = 'enterprise' and ae.phrase_key = f.enterprise_name_key
)

select
    a.*,
    a.correction_id is not null as corrected,
    a.document_id in (select document_id from {{ ref('int_document_withdrawals') }}) as is_withdrawn
from aliased as a
{%- endmacro %}
