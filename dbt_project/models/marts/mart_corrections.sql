-- One row per reviewed decision under data/corrections/, and per record that could not be read: whether it
-- applies (status applied), matches nothing any more (orphaned: the fact, document, phrase or code it names is
-- gone, e.g. after an extractor change — reported, never silently dropped) or could not be read (invalid, with
-- the file, line and what to fix). The quality suite `corrections` warns on every orphaned or invalid row.
with decisions as (
    select * from {{ ref('stg_corrections__decisions') }}
),

facts as (
    -- every extracted or added fact, withdrawn documents included (a decision on them still applies), of the
    -- documents the other side of an explain decision names (every document while an alias decision exists): the
    -- only facts other_matches and alias_matches compare, without correcting every fact of the corpus
    select fact_id, document_id, char_start, char_end, value, subject, region_name, chain_name, enterprise_name
    from ({{ corrected_facts(documents_named_by_decisions(['explain'], other_side=true, every_document_if='alias')) }})
),

raw_facts as (
    select document_id, char_start, char_end, value from {{ ref('stg_raw__facts') }}
),

documents as (
    -- only the documents an add, withdraw or supersede decision names: the length of every text read the corpus
    select document_id, length(document_text) as text_length
    from {{ ref('stg_raw__documents') }}
    where document_id in ({{ documents_named_by_decisions(['add', 'withdraw', 'supersede']) }})
),

fact_matches as (
    -- per decision naming a fact: facts at that span with that value, and at that span whatever the value
    select
        d.correction_id,
        count(*) filter (where abs(f.value - d.target_value) <= 1e-9 * greatest(1, abs(d.target_value)))
            as exact_matches,
        count(f.document_id) as span_matches,
        string_agg(distinct cast(f.value as varchar), ', ' order by cast(f.value as varchar)) as values_at_span
    from decisions as d
    left join raw_facts as f
        on f.char_start = d.span_start and f.char_end = d.span_end and starts_with(f.document_id, d.document_ref)
    where d.action in ('reject', 'set', 'explain')
    group by d.correction_id
),

other_matches as (
    select d.correction_id, count(f.fact_id) as other_matches
    from decisions as d
    left join facts as f
        on f.char_start = d.other_start and f.char_end = d.other_end
        and starts_with(f.document_id, d.other_document_ref)
        and abs(f.value - d.other_value) <= 1e-9 * greatest(1, abs(d.other_value))
    where d.action = 'explain'
    group by d.correction_id
),

document_matches as (
    select d.correction_id, count(x.document_id) as documents, max(x.text_length) as text_length
    from decisions as d
    left join documents as x on starts_with(x.document_id, d.document_ref)
    where d.action in ('add', 'withdraw', 'supersede')
    group by d.correction_id
),

alias_matches as (
    select d.correction_id, count(f.fact_id) as phrase_matches
    from decisions as d
    left join facts as f
        on {{ normalise_subject('d.phrase') }} = {{ normalise_subject(
            "case d.alias_kind when 'indicator' then f.subject when 'region' then f.region_name "
            ~ "when 'chain' then f.chain_name else f.enterprise_name end") }}
    where d.action = 'alias'
    group by d.correction_id
),

known_codes as (
    select 'indicator' as kind, indicator_code as code from {{ ref('stg_catalog__indicators') }}
    union all
    select 'region', region_code from {{ ref('stg_catalog__regions') }}
    union all
    select 'chain', chain_code from {{ ref('stg_catalog__chains') }}
    union all
    select 'enterprise', enterprise_code from {{ ref('stg_catalog__enterprises') }}
),

checked as (
    select
        d.*,
        case d.action
            when 'add' then coalesce(dm.documents, 0)
            when 'withdraw' then coalesce(dm.documents, 0)
            when 'supersede' then coalesce(dm.documents, 0)
            when 'alias' then coalesce(am.phrase_matches, 0)
            when 'explain' then least(coalesce(fm.exact_matches, 0), coalesce(om.other_matches, 0))
            else coalesce(fm.exact_matches, 0)
        end as matched,
        case
            when d.action in ('reject', 'set', 'explain') and coalesce(fm.exact_matches, 0) = 0
                then case when fm.span_matches > 0
                    then format('the fact at {}-{} now reads {}, not {}', d.span_start, d.span_end,
                        fm.values_at_span, d.target_value)
                    else format('no fact at {}-{} of a document {}', d.span_start, d.span_end, d.document_ref)
                end
            when d.action = 'explain' and coalesce(om.other_matches, 0) = 0
                then format('no fact {}:{}-{}={} (the other side)', d.other_document_ref, d.other_start, d.other_end,
                    d.other_value)
            when d.action in ('add', 'withdraw', 'supersede') and coalesce(dm.documents, 0) = 0
                then format('no document with hash {}', d.document_ref)
            when d.action = 'add' and d.span_end > dm.text_length
                then format('the span {}-{} ends after the text ({} characters)', d.span_start, d.span_end,
                    dm.text_length)
            when d.action = 'alias' and (d.alias_kind, d.alias_code) not in (select kind, code from known_codes)
                then format('{} is not a code of the {} catalog', d.alias_code, d.alias_kind)
            when d.action = 'alias' and coalesce(am.phrase_matches, 0) = 0
                then format('no fact has the {} {}', d.alias_kind, d.phrase)
        end as problem
    from decisions as d
    left join fact_matches as fm using (correction_id)
    left join other_matches as om using (correction_id)
    left join document_matches as dm using (correction_id)
    left join alias_matches as am using (correction_id)
)

select
    cast(correction_id as varchar) as correction_id,
    cast(action as varchar) as action,
    cast(case when problem is null then 'applied' else 'orphaned' end as varchar) as status,
    cast(matched as integer) as matched,
    cast(problem as varchar) as problem,
    cast(case
        when action in ('reject', 'set', 'explain')
            then document_ref || ':' || span_start || '-' || span_end || '=' || target_value
                || coalesce(' vs ' || other_document_ref || ':' || other_start || '-' || other_end || '='
                    || other_value, '')
        when action = 'alias' then alias_kind || ' ' || phrase || ' → ' || alias_code
        when action = 'add' then document_ref || ':' || span_start || '-' || span_end
        else document_ref
    end as varchar) as target,
    cast(reason as varchar) as reason,
    cast(who as varchar) as who,
    cast(decided_on as date) as decided_on,
    cast(source_file as varchar) as source_file,
    cast(source_line as integer) as source_line
from checked
union all
select
    cast(correction_id as varchar),
    cast(null as varchar),
    'invalid',
    0,
    cast(problem as varchar),
    cast(null as varchar),
    cast(null as varchar),
    cast(null as varchar),
    cast(null as date),
    cast(source_file as varchar),
    cast(source_line as integer)
from {{ ref('stg_corrections__problems') }}
