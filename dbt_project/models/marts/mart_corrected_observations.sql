-- One row per observation of the current marts that a reviewed decision changed, added or coded (set, add,
-- alias): which decision and why. Join it to fct_observation (or any mart) on observation_id; rejected facts and
-- withdrawn documents are not here because they left the marts (mart_corrections lists every decision).
select
    cast(o.observation_id as varchar) as observation_id,
    cast(o.document_id as varchar) as document_id,
    cast(true as boolean) as corrected,
    cast(f.correction_id as varchar) as correction_id,
    cast(f.correction_reason as varchar) as correction_reason,
    cast(o.indicator_key as varchar) as indicator_key,
    cast(o.period_key as varchar) as period_key,
    cast(o.value as double) as value,
    cast(o.unit as varchar) as unit,
    cast(o.evidence_text as varchar) as evidence_text
-- the facts of the documents a set or add decision names (every document while an alias decision exists), not
-- every fact of the corpus: int_corrected_facts restricted to the only documents that can hold a corrected fact
from ({{ corrected_facts(documents_named_by_decisions(['reject', 'set', 'add'], every_document_if='alias')) }}) as f
inner join {{ ref('fct_observation') }} as o on o.observation_id = f.fact_id
where f.corrected and not f.is_withdrawn
